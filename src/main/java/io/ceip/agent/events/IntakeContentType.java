package io.ceip.agent.events;

import java.util.Locale;
import java.util.Set;

/**
 * The content types the HTTP intake takes ({@link EventIntake}: else 415): {@code application/x-ndjson} or
 * {@code application/jsonl}, at most 200 characters, with no {@code charset} but UTF-8. Types and parameters are read
 * without regard to case, and to spaces around {@code =} (which RFC 9110 does not allow, yet some clients send).
 */
final class IntakeContentType {

    private static final Set<String> TYPES = Set.of("application/x-ndjson", "application/jsonl");

    private IntakeContentType() {
    }

    static boolean jsonLines(String contentType) {
        if (contentType == null || contentType.length() > 200) {
            return false;
        }
        String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
        if (!TYPES.contains(parts[0].strip())) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            int equals = parts[i].indexOf('=');
            String name = (equals < 0 ? parts[i] : parts[i].substring(0, equals)).strip();
            String value = equals < 0 ? "" : parts[i].substring(equals + 1).strip().replace("\"", "").strip();
            if (name.equals("charset") && !value.equals("utf-8")) { // RFC 9110 allows no spaces: some send them
                return false;
            }
        }
        return true;
    }
}
