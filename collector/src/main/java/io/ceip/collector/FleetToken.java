package io.ceip.collector;

import java.util.Map;

/**
 * The fleet view's token: {@code CEIP_COLLECTOR_FLEET_TOKEN} when set, else {@code collector.fleet.token}; the
 * blanks around it are not part of it (a Kubernetes secret mounted from a file ends with a newline, which made the
 * real token fail), a blank inside it stops the start with one line, as a character outside printable ASCII (the
 * server reads a header's bytes as Latin-1, so such a token sent as {@code Bearer} never matched) and a token under
 * 16 characters do.
 */
final class FleetToken {

    static final String ENVIRONMENT = "CEIP_COLLECTOR_FLEET_TOKEN";

    private FleetToken() {
    }

    /** @throws IllegalArgumentException naming where the token came from, never the token */
    static String of(Map<String, String> environment, String setting) {
        String from = environment.containsKey(ENVIRONMENT) ? ENVIRONMENT : "collector.fleet.token";
        String token = environment.getOrDefault(ENVIRONMENT, setting).strip();
        if (token.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(from + ": has a blank inside: a token is one word (the blanks around"
                    + " it are ignored)");
        }
        if (token.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
            // a header's bytes are read as Latin-1: Bearer <token> never matched, only a browser's Basic (UTF-8) did
            throw new IllegalArgumentException(from + ": must be printable ASCII (a character outside it never"
                    + " matches as Authorization: Bearer)");
        }
        if (token.length() < 16) {
            throw new IllegalArgumentException(from + ": at least 16 characters (collector.fleet.token or "
                    + ENVIRONMENT + ")");
        }
        return token;
    }
}
