package io.ceip.agent.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The administrator's YAML files (usage queries, inventory catalog, event catalog, redaction rules): regular files
 * of at most {@value #MAX_BYTES} bytes, without aliases, within a nesting bound of {@value #MAX} levels of lists and
 * maps. The engine's parser reads events without recursion, but
 * its constructor and composer, and the agent's checks of the tree, recurse: a file of some thousands of {@code [}
 * ended the start with a {@link StackOverflowError} and its stack trace. Checked on the event stream, before anything
 * else reads the text.
 */
public final class YamlText {

    /** Deeper than any file the agent reads needs (4 levels). */
    public static final int MAX = 64;
    /** Larger than any such file needs (the shipped ones are a few KiB). */
    public static final long MAX_BYTES = 1024 * 1024;

    private YamlText() {
    }

    /**
     * The text of the YAML file {@code setting} names, checked ({@link #check}); a file that is not a regular file, is
     * over {@value #MAX_BYTES} bytes or cannot be read is one line naming the setting, the path and why.
     */
    public static String read(Path file, String setting) {
        String yaml;
        try {
            boolean exists = Files.exists(file); // else the read below says it does not exist
            if (exists && !Files.isRegularFile(file)) { // a fifo or a device would never end
                throw new IllegalArgumentException(setting + " " + file.toAbsolutePath() + " is not a regular file");
            }
            if (exists && Files.size(file) > MAX_BYTES) {
                throw new IllegalArgumentException(setting + " " + file.toAbsolutePath() + " is over " + MAX_BYTES
                        + " bytes");
            }
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(setting + " " + file.toAbsolutePath() + " cannot be read (" + (e instanceof
                    NoSuchFileException ? "it does not exist" : e.getClass().getSimpleName()) + ")", e);
        }
        check(file.toString(), yaml);
        return yaml;
    }

    /** What a YAML text may not hold, at its line (1-based): an alias, or nesting past the bound. */
    public record Found(int line, boolean alias) {
    }

    /**
     * The first alias in {@code text}, or the first place it nests deeper than {@code maxDepth} levels of lists and
     * maps; empty when neither. Read on the parser's event stream, which does not recurse; text that is not YAML
     * throws the engine's exception.
     */
    public static Optional<Found> find(LoadSettings settings, String text, int maxDepth) {
        int depth = 0;
        for (Event event : new Parse(settings).parseString(text)) {
            switch (event.getEventId()) {
                case SequenceStart, MappingStart -> depth++;
                case SequenceEnd, MappingEnd -> depth--;
                case Alias -> {
                    return Optional.of(new Found(line(event), true));
                }
                default -> {
                    // scalars, anchors' values and document markers
                }
            }
            if (depth > maxDepth) {
                return Optional.of(new Found(line(event), false));
            }
        }
        return Optional.empty();
    }

    /**
     * Refuses {@code text} holding an alias or nested deeper than {@value #MAX}: one line naming {@code where} and the
     * line. Text that is not YAML is left to the loader, which names its own error.
     */
    public static void check(String where, String text) {
        Optional<Found> found;
        try {
            found = find(LoadSettings.builder().setLabel(where).build(), text, MAX);
        } catch (YamlEngineException e) {
            return; // not YAML: the loader says where
        }
        found.ifPresent(at -> {
            throw new IllegalArgumentException(where + ":" + at.line() + (at.alias() ? ": a YAML alias (*name): not"
                    + " accepted, write the value out (an alias can refer to itself, or multiply a value)"
                    : ": nested deeper than " + MAX + " levels of lists and maps"));
        });
    }

    /**
     * The one line that says why {@code file} is not valid YAML: the parser's problem, at its line and column, never
     * the text there. The engine's own message quotes the line (and the one before), which may hold a password: a
     * setting that points at the product's configuration by mistake printed its {@code db.password} line. The engine's
     * exception is not kept as the cause for the same reason.
     */
    public static IllegalArgumentException invalid(Path file, RuntimeException error) {
        if (error instanceof MarkedYamlEngineException marked && marked.getProblemMark().isPresent()) {
            var at = marked.getProblemMark().get();
            return new IllegalArgumentException(file + ":" + (at.getLine() + 1) + ": not valid YAML: "
                    + marked.getProblem() + " (column " + (at.getColumn() + 1) + ")");
        }
        return new IllegalArgumentException(file + ": not valid YAML (" + error.getClass().getSimpleName() + ")");
    }

    private static int line(Event event) {
        return event.getStartMark().map(mark -> mark.getLine() + 1).orElse(1);
    }
}
