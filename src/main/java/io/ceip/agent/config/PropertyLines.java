package io.ceip.agent.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The entries of a {@code .properties} text with the line each starts on, as {@link java.util.Properties} reads them
 * (comments {@code #} and {@code !}, separators {@code =}, {@code :} or white space, lines continued by a trailing
 * backslash), and the definition comment ({@code #: …}) standing right above each entry, if any. Keys are
 * unescaped as {@code Properties} reads them (a key whose first letter is written as a unicode escape is
 * {@code ceip.consent.default} still: read as written, it set a setting the check never saw, over the line an
 * administrator reads); so are values, each exactly the text {@code Properties} reads (Camel's is loaded so, from the
 * same text: {@link ConfigurationText}): a value written {@code \}{@code u007b{ceip.endpoint.token}}} is the
 * placeholder {@code {{ceip.endpoint.token}}} for the check as for Camel, and white space before a value is only what
 * {@code Properties} skips (space, tab, form feed; a vertical tab, a no-break space or U+2028 is the value's).
 */
public final class PropertyLines {

    /** One entry: its key and value as read, its line (from 1) and the {@code #:} comment above it (or null). */
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
            String line = stripLeading(lines[i]);
            if (line.startsWith("#:")) {
                definition = line.substring(2).trim();
                continue;
            }
            if (line.equals("\\") && i + 1 < lines.length) { // continued before anything: the next line is read
                continue; // as a line anew by Properties (a comment there is one)
            }
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                if (line.isEmpty()) {
                    definition = null;
                }
                continue;
            }
            int start = i;
            StringBuilder logical = new StringBuilder(line);
            while (endsWithContinuation(logical)) {
                logical.setLength(logical.length() - 1); // at the text's end too, as Properties drops it
                if (i + 1 == lines.length) {
                    break;
                }
                logical.append(stripLeading(lines[++i]));
            }
            int end = keyEnd(logical);
            String value = unescaped(logical.substring(valueStart(logical, end)));
            entries.add(new Entry(unescaped(logical.substring(0, end)), value, start + 1, definition));
            definition = null;
        }
        return entries;
    }

    /**
     * White space as {@code Properties} reads it: space, tab and form feed only. An em space (U+2003) or a no-break
     * space is part of the key there, and was stripped here: the check saw {@code ceip.consent.default} where Camel
     * read another key, and the setting kept its default.
     */
    static boolean blank(char c) {
        return c == ' ' || c == '\t' || c == '\f';
    }

    private static String stripLeading(String line) {
        int start = 0;
        while (start < line.length() && blank(line.charAt(start))) {
            start++;
        }
        return line.substring(start);
    }

    private static boolean endsWithContinuation(CharSequence line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /**
     * A key or a value as {@code Properties} reads it: a backslash and {@code u} with four hex digits is that
     * character, {@code t n r f} those controls, a backslash before any other character that character; a malformed
     * unicode escape is left as written (Camel refuses the file).
     */
    static String unescaped(String key) {
        StringBuilder out = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c != '\\' || i + 1 == key.length()) {
                out.append(c);
                continue;
            }
            char next = key.charAt(++i);
            if (next == 'u' && i + 4 < key.length() && key.substring(i + 1, i + 5).matches("[0-9a-fA-F]{4}")) {
                out.append((char) Integer.parseInt(key.substring(i + 1, i + 5), 16));
                i += 4;
            } else {
                out.append(switch (next) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 'f' -> '\f';
                    default -> next;
                });
            }
        }
        return out.toString();
    }

    /**
     * Where the value starts, as {@code Properties} finds it: after the key, white space ({@link #blank}) and at most
     * one {@code =} or {@code :} among it. A vertical tab (U+000B) before the value was stripped here as white space
     * (a regular expression's {@code \}{@code s}), where {@code Properties} (and so Camel) keeps it as the value's
     * first character.
     */
    private static int valueStart(CharSequence line, int keyEnd) {
        int start = keyEnd;
        boolean separator = false;
        while (start < line.length()) {
            char c = line.charAt(start);
            if (!blank(c)) {
                if (separator || (c != '=' && c != ':')) {
                    break;
                }
                separator = true;
            }
            start++;
        }
        return start;
    }

    private static int keyEnd(CharSequence line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '=' || c == ':' || blank(c)) {
                return i;
            }
        }
        return line.length();
    }
}
