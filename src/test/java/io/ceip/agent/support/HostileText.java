package io.ceip.agent.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Texts crafted to make regular expressions backtrack: long runs of near-matches for each detector of
 * {@code config/redaction-rules.yaml} (a local part with no {@code @}, a scheme with no {@code ://}, {@code eyJ}
 * repeated, base64 runs, colons, unterminated PEM headers…), each as long as asked. A pattern that retries a long
 * run from each of its characters reads such a text a quadratic number of times. Seeded: the same texts every run.
 */
public final class HostileText {

    private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private HostileText() {
    }

    /** Every hostile text, by name, each {@code length} characters long; the last one mixes all the others. */
    public static Map<String, String> all(int length) {
        Map<String, IntFunction<String>> makers = new LinkedHashMap<>();
        makers.put("letters-then-@", n -> "a".repeat(n - 1) + "@");
        makers.put("local-part-run", n -> repeat("a.b_c%d+e-", n));
        makers.put("a@-repeated", n -> repeat("a@", n));
        makers.put("at-then-domain-run", n -> "x@" + repeat("a1.b-", n - 2));
        makers.put("scheme-run", n -> repeat("https", n));
        makers.put("https://u:-repeated", n -> repeat("https://u:", n));
        makers.put("scheme-then-user-run", n -> "a".repeat(31) + "://" + "u".repeat(n - 34));
        makers.put("user-then-password-run", n -> "https://u:" + "p".repeat(n - 10));
        makers.put("jdbc-run", n -> "jdbc:" + "a".repeat(n - 5));
        makers.put("bearer-then-spaces", n -> "bearer" + " ".repeat(n - 6));
        makers.put("bearer-repeated", n -> repeat("Bearer ", n));
        makers.put("eyJ-repeated", n -> repeat("eyJ", n));
        makers.put("eyJ-dot-run", n -> repeat("eyJhbGciOi.", n));
        makers.put("base64-run", n -> random(BASE64, n, 1));
        makers.put("base64-lines", n -> repeat(random(BASE64, 76, 2) + "\n", n));
        makers.put("github-run", n -> "ghp_" + "a".repeat(n - 5) + "_");
        makers.put("stripe-run", n -> "sk_live_" + "a".repeat(n - 9) + "_");
        makers.put("digits-and-dots", n -> repeat("1.", n));
        makers.put("ipv6-colons", n -> repeat("abcd:", n));
        makers.put("ipv6-double-colons", n -> repeat("1::", n));
        makers.put("colons", n -> ":".repeat(n));
        makers.put("hex-run", n -> random("0123456789abcdef", n, 3));
        makers.put("pem-header-run", n -> "-----BEGIN " + "A".repeat(n - 11));
        makers.put("pem-begin-repeated", n -> repeat("-----BEGIN A-----", n));
        makers.put("pem-end-run", n -> "-----BEGIN A-----" + repeat("-----END AB", n - 17));
        makers.put("password=-repeated", n -> repeat("password=", n));
        makers.put("password-quote-run", n -> "password=\"" + "p".repeat(n - 11));
        makers.put("pwd-colon-spaces", n -> "pwd:" + " ".repeat(n - 4));
        makers.put("authorization-repeated", n -> repeat("Authorization: ", n));
        makers.put("word-characters", n -> random("abcdefghijklmnopqrstuvwxyz0123456789_", n, 4));
        Map<String, String> texts = new LinkedHashMap<>();
        makers.forEach((name, maker) -> texts.put(name, maker.apply(length)));
        StringBuilder mixed = new StringBuilder(length);
        int slice = Math.max(1, length / makers.size());
        makers.values().forEach(maker -> mixed.append(maker.apply(slice)).append(' '));
        texts.put("all-of-the-above", mixed.substring(0, Math.min(length, mixed.length())));
        return texts;
    }

    private static String repeat(String unit, int length) {
        StringBuilder out = new StringBuilder(length + unit.length());
        while (out.length() < length) {
            out.append(unit);
        }
        return out.substring(0, length);
    }

    private static String random(String alphabet, int length, long seed) {
        Random random = new Random(seed);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
