package io.ceip.agent.util;

import static java.util.stream.Collectors.joining;

/**
 * Text from outside (a value from a file, the command line, a remote login) made safe for one line of a log or a
 * terminal: cut at a length, control and format characters escaped as backslash-u codes, so that no escape sequence
 * reaches a terminal and no line end forges a second line.
 */
public final class OneLine {

    private OneLine() {
    }

    /**
     * {@code text} cut at {@code max} characters (saying how many more there were), every control and format character
     * and every line or paragraph separator (U+2028, U+2029) escaped.
     */
    public static String of(String text, int max) {
        String line = text.length() <= max ? text : text.substring(0, max) + "… (" + (text.length() - max)
                + " more characters)";
        return line.chars().mapToObj(c -> c == '\n' ? "\\n"
                : Character.isISOControl(c) || escaped(Character.getType(c)) ? String.format("\\u%04x", c)
                : Character.toString(c)).collect(joining());
    }

    /** Format characters (bidirectional overrides, zero-width ones) and Unicode's line and paragraph separators. */
    private static boolean escaped(int type) {
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }
}
