package io.ceip.agent.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The configuration file's form, checked before Camel's properties component is given its values: Camel read the
 * whole file as its location was set, before {@link ConfigurationCheck} saw a line of it, so a fifo there waited
 * forever for a writer and a file of 100 MB ended the start in an {@link OutOfMemoryError} within the launcher's heap.
 * A regular file (a link to one is followed) of at most {@value #MAX_BYTES} bytes of UTF-8 text is read, once
 * ({@link ConfigurationText}: Camel is handed that text); anything else stops the start in one line.
 * So does a name holding a control character or a line separator: the name is in every line that says
 * {@code file:line} and in {@code status}, and a folder named with a line end forged a log line in each. And so does a
 * file whose values would grow past what the file may hold once Camel resolves their placeholders
 * ({@link PlaceholderExpansion}: 40 lines that each repeat the next twice ended the JVM out of memory), and one whose
 * value calls a placeholder function other than {@code env:} and {@code sys:} ({@link PlaceholderFunctions}).
 */
public final class ConfigurationFile {

    /** The largest configuration file read (the shipped one is some 15 KiB). */
    public static final long MAX_BYTES = 1 << 20;

    private ConfigurationFile() {
    }

    /**
     * Refuses {@code file} unless it is a regular file of at most {@value #MAX_BYTES} bytes, named without a control
     * character or a line separator (shown escaped as {@code \}{@code uXXXX} when it holds one).
     *
     * @param origin where its name came from, as the message says it ({@code " (from ceip.config or CEIP_CONFIG)"}),
     *        or empty
     * @return its text, read once: what Camel is to be handed ({@link ConfigurationText})
     * @throws IllegalArgumentException one line naming the file and what is wrong (a placeholder calling a function
     *         other than {@code env:} and {@code sys:} too, {@link PlaceholderFunctions})
     */
    public static ConfigurationText require(Path file, String origin) {
        String name = file.toString();
        int unsafe = name.codePoints().filter(ConfigurationFile::unsafe).findFirst().orElse(-1);
        if (unsafe >= 0) { // its name is in every line that says file:line, and in status
            StringBuilder shown = new StringBuilder();
            name.codePoints().forEach(c -> shown.append(unsafe(c) ? String.format("\\u%04x", c)
                    : Character.toString(c)));
            throw new IllegalArgumentException("configuration file " + shown + origin + ": its name holds a control"
                    + " character or a line separator (U+" + String.format("%04X", unsafe) + "); rename it");
        }
        String named = "configuration file " + file + origin;
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(named + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(named + " is not a regular file (a directory, a fifo or a device)");
        }
        ConfigurationText text;
        try {
            byte[] bytes = ConfigurationText.bounded(file);
            if (Files.size(file) > MAX_BYTES || bytes.length > MAX_BYTES) {
                throw new IllegalArgumentException(named + " is larger than " + MAX_BYTES + " bytes; not a"
                        + " configuration file");
            }
            text = ConfigurationText.decoded(file, bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException(named + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
        PlaceholderFunctions.inFile(text).stream().findFirst().ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        PlaceholderExpansion.tooLong(text.text(), SettingCatalog.embedded()).ifPresent(where -> {
            throw new IllegalArgumentException(named + ":" + where + ", its placeholders resolved, would be longer"
                    + " than " + PlaceholderExpansion.MAX_CHARS + " characters (placeholders repeating placeholders);"
                    + " not a configuration file");
        });
        return text;
    }

    /** A control or format character, or a line or paragraph separator: what forges a line or drives a terminal. */
    private static boolean unsafe(int c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }
}
