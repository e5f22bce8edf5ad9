package io.ceip.agent.support;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generated secret-like values of every kind the redaction rules must catch, and near misses they must leave
 * alone. Seeded, so a failure names the same values on every run.
 */
public final class PlantedSecrets {

    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final Random random = new Random(20261123L);
    private final Map<String, String> secrets = new LinkedHashMap<>();

    private PlantedSecrets() {
    }

    /** At least 200 values, keyed by a label (kind and number). */
    public static Map<String, String> generate() {
        PlantedSecrets planted = new PlantedSecrets();
        for (int i = 0; i < 20; i++) {
            planted.add("email", "user" + i + "." + planted.text(6).toLowerCase() + "@corp-" + i + ".example.com");
            planted.add("ipv4", "10." + (i + 20) + "." + planted.random.nextInt(250) + "." + (100 + i));
            planted.add("ipv6", "2001:db8:" + Integer.toHexString(0x1000 + i) + ":" + Integer.toHexString(0xa00 + i)
                    + "::" + Integer.toHexString(0xbeef + i));
            planted.add("url-credentials", "https://svc" + i + ":" + planted.text(12) + "@repo" + i + ".example.net/x");
            planted.add("jdbc-url", "jdbc:postgresql://db" + i + ".internal:5432/prod" + i + "?password="
                    + planted.text(10));
            planted.add("bearer", "Bearer " + planted.text(32));
            planted.add("jwt", "eyJhbGciOiJIUzI1NiJ9." + planted.base64(30) + "." + planted.base64(20));
            planted.add("aws", "AKIA" + planted.pick(UPPER, 16));
            planted.add("github", "ghp_" + planted.text(36));
            planted.add("high-entropy", planted.text(40));
        }
        for (int i = 0; i < 8; i++) {
            planted.add("pem", "-----BEGIN PRIVATE KEY-----\n" + planted.base64(48) + "\n" + planted.base64(48)
                    + "\n-----END PRIVATE KEY-----");
            planted.add("slack", "xoxb-" + (100000 + i) + "-" + planted.text(24));
            planted.add("google", "AIza" + planted.text(35));
            planted.add("stripe", "sk_live_" + planted.text(24));
            planted.add("hex-secret", planted.pick("0123456789abcdef", 40));
        }
        return planted.secrets;
    }

    /** Values that look a little like secrets but must be sent as they are. */
    public static List<String> nearMisses() {
        return List.of("17.0.15", "2.3.232", "6.18.44-fc-v595", "Europe/Paris", "amd64");
    }

    private void add(String kind, String value) {
        secrets.put(kind + "-" + secrets.size(), value);
    }

    private String text(int length) {
        return pick(ALNUM, length - 2) + random.nextInt(10) + (char) ('a' + random.nextInt(26));
    }

    private String pick(String alphabet, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private String base64(int bytes) {
        byte[] data = new byte[bytes];
        random.nextBytes(data);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(data);
    }

    public static List<String> values(Map<String, String> secrets) {
        return new ArrayList<>(secrets.values());
    }
}
