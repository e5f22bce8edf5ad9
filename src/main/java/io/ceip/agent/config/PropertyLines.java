package io.ceip.agent.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The entries of a {@code .properties} text with the line each starts on, as {@link java.util.Properties} reads them
 * (comments {@code #} and {@code !}, separators {@code =}, {@code :} or white space, lines continued by a trailing
 * backslash), and the definition comment ({@code #: …}) standing right above each entry, if any. Values are not
 * unescaped: they serve to locate and define keys, the values themselves are Camel's to resolve.
 */
public final class PropertyLines {

    /** One entry: its key, its value as written, its line (from 1) and the {@code #:} comment above it (or null). */
    public record Entry(String key, String value, int line, String definition) {
    }

    private PropertyLines() {
    }

    /** The entries of {@code text}, in order (a key written twice appears twice). */
    public static List<Entry> parse(String text) {
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        String definition = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].stripLeading();
            if (line.startsWith("#:")) {
                definition = line.substring(2).trim();
                continue;
            }
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                if (line.isEmpty()) {
                    definition = null;
                }
                continue;
            }
            int start = i;
            StringBuilder logical = new StringBuilder(line);
            while (endsWithContinuation(logical) && i + 1 < lines.length) {
                logical.setLength(logical.length() - 1);
                logical.append(lines[++i].stripLeading());
            }
            int end = keyEnd(logical);
            String value = logical.substring(end).replaceFirst("^\\s*[=:]?\\s*", "");
            entries.add(new Entry(logical.substring(0, end), value, start + 1, definition));
            definition = null;
        }
        return entries;
    }

    private static boolean endsWithContinuation(CharSequence line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static int keyEnd(CharSequence line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '=' || c == ':' || Character.isWhitespace(c)) {
                return i;
            }
        }
        return line.length();
    }
}
