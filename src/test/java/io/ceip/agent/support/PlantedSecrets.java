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

    /**
     * Values that no pattern can recognise — short passwords, plain words, internal host names, customer names and
     * user logins — keyed by kind and number: only the typed rule (numbers, declared keys, pseudonyms) keeps them in.
     */
    public static Map<String, String> unrecognisable() {
        Map<String, List<String>> kinds = new LinkedHashMap<>();
        kinds.put("password", List.of("hunter2", "letmein", "Summer24", "trustno1", "qwerty7", "dragon99",
                "monkey12", "abc123x", "iloveyou2", "sunshine7", "welcome1", "shadow88", "master42", "football9",
                "Bailey2019"));
        kinds.put("word", List.of("tangerine", "marmalade", "gooseberry", "quokka", "zeppelin", "harpsichord",
                "kumquat", "snorkel", "pumpernickel", "wombat", "xylophone", "bagpipe", "rhubarb", "mongoose",
                "flamingo"));
        kinds.put("host", List.of("db07-prod", "ldap-int-02", "jenkins-build3", "mail-relay-eu1", "vault-stg-04",
                "kafka-broker-9", "nas-backup-01", "erp-core-prd", "gitlab-internal", "wiki-corp-2", "radius-dc1",
                "hana-qa-3", "ci-runner-17", "dns-int-b", "pgsql-replica-5"));
        kinds.put("customer", List.of("Globex Corporation", "Initech", "Umbrella Pharma", "Stark Industries",
                "Wayne Enterprises", "Acme Rockets", "Cyberdyne Systems", "Soylent Foods", "Tyrell Corp", "Hooli",
                "Vandelay Imports", "Monsters Unlimited", "Wonka Confections", "Oscorp Labs", "Dunder Mifflin"));
        kinds.put("login", List.of("mschmidt", "kwalker", "rtanaka", "lfernandez", "okowalski", "asingh",
                "bnguyen", "cmoreau", "djohansson", "epetrov", "fsilva", "gmueller", "hkimura", "iandersen",
                "jrossi"));
        Map<String, String> values = new LinkedHashMap<>();
        kinds.forEach((kind, list) -> list.forEach(value -> values.put(kind + "-" + values.size(), value)));
        return values;
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

    /** {@link #unrecognisable()} and {@link #generate()} together. */
    public static Map<String, String> all() {
        Map<String, String> values = new LinkedHashMap<>(unrecognisable());
        values.putAll(generate());
        return values;
    }

    public static List<String> values(Map<String, String> secrets) {
        return new ArrayList<>(secrets.values());
    }
}
