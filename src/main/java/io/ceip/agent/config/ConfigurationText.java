package io.ceip.agent.config;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The configuration file's text, read once and at most {@value ConfigurationFile#MAX_BYTES} bytes of it: what the
 * check sees is what Camel is handed ({@link #properties()}), never the path. Camel read the file itself after the
 * check, unbounded: a file grown or rewritten in between was read unchecked.
 *
 * @param file the file it was read from (named in every {@code file:line})
 * @param text its whole text, decoded as UTF-8
 */
public record ConfigurationText(Path file, String text) {

    /**
     * Reads {@code file} once.
     *
     * @throws IllegalArgumentException one line naming the file when it is larger than
     *         {@value ConfigurationFile#MAX_BYTES} bytes or not UTF-8 text
     * @throws UncheckedIOException when it cannot be read
     */
    public static ConfigurationText read(Path file) {
        byte[] bytes;
        try {
            bytes = bounded(file);
        } catch (IOException e) {
            throw new UncheckedIOException("configuration file " + file + " cannot be read (" + e.getClass()
                    .getSimpleName() + ")", e);
        }
        if (bytes.length > ConfigurationFile.MAX_BYTES) {
            throw new IllegalArgumentException(file + ": larger than " + ConfigurationFile.MAX_BYTES
                    + " bytes; not a configuration file");
        }
        return decoded(file, bytes);
    }

    /** At most {@value ConfigurationFile#MAX_BYTES} + 1 bytes of {@code file}: one more tells it is too large. */
    static byte[] bounded(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return in.readNBytes((int) ConfigurationFile.MAX_BYTES + 1); // bounded: a file may grow while it is read
        }
    }

    /**
     * {@code bytes} as UTF-8 text; a malformed sequence is refused (decoded leniently, it became U+FFFD, and a value
     * saved as ISO-8859-1 was sent garbled).
     */
    static ConfigurationText decoded(Path file, byte[] bytes) {
        try {
            return new ConfigurationText(file, StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": is not UTF-8 text; save the file as UTF-8");
        }
    }

    /**
     * The text's keys and values as {@link Properties} reads them (as Camel read the file: escapes, continued lines).
     *
     * @throws IllegalArgumentException naming the file when it holds a malformed unicode escape
     */
    public Properties properties() {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage() + "; not a properties file");
        }
        return properties;
    }
}
