package io.ceip.agent.collect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.ceip.agent.files.ForeignFiles;
import io.ceip.agent.files.OwnerOnlyFiles;
import io.ceip.agent.files.YamlText;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;

/**
 * Reads a file the product writes for the inventory (its components, its licence facts): JSON ({@code .json}) or
 * YAML ({@code .yaml}, {@code .yml}), as plain values (maps, lists, text, numbers, booleans, null), and nothing of it
 * is trusted. Refused, never parsed: anything but a regular file (a symbolic link is not followed, a fifo not
 * opened), a file with more than one name (a hard link), a file owned by another user than the agent's or root's, a
 * file group or others may write, a file of more than {@code maxBytes}. Refused when parsed: text that is not UTF-8,
 * not valid JSON or YAML, nested deeper than {@value #MAX_DEPTH}, a YAML alias or a key given twice, a number longer
 * than {@value #MAX_NUMBER_LENGTH} characters (its parse would take time quadratic in its digits), YAML with more than
 * {@value #MAX_YAML_RUN} characters in a row without a blank (the YAML scanner's time is quadratic in a plain value's
 * length: a million letters took 6 s a pass). The refusal
 * ({@link Refused}) names what is wrong, never the content.
 */
public final class InventoryFile {

    /** The deepest nesting a file may have (the forms read are two or three levels deep). */
    static final int MAX_DEPTH = 8;
    /** The longest number a file may hold (a YAML integer is parsed as a BigInteger: quadratic in its digits). */
    static final int MAX_NUMBER_LENGTH = 64;
    /** The most characters in a row without a blank a YAML file may hold. */
    static final int MAX_YAML_RUN = 65_536;
    /** What YAML's core schema reads as a number, from a plain scalar. */
    private static final Pattern YAML_NUMBER = Pattern.compile("[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
            + "|[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                .maxStringLength(1 << 20).maxNumberLength(MAX_NUMBER_LENGTH).build());
    }

    /** The file was refused: {@link #getMessage()} says why, never what it holds. */
    public static final class Refused extends Exception {

        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private InventoryFile() {
    }

    /** The values of {@code file}, read as this class describes. */
    public static Object read(Path file, long maxBytes) throws Refused {
        String problem = problem(file, maxBytes);
        if (problem != null) {
            throw new Refused(problem);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(ForeignFiles.read(file, maxBytes))).toString();
        } catch (CharacterCodingException e) {
            throw new Refused("not UTF-8 text");
        } catch (IOException e) {
            throw new Refused("cannot be read (" + ForeignFiles.why(e) + ")");
        }
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".json") ? json(text) : yaml(text, maxBytes);
    }

    private static Object json(String text) throws Refused {
        try {
            return JSON.readValue(text, Object.class);
        } catch (IOException | RuntimeException e) {
            throw new Refused("not valid JSON, or nested deeper than " + MAX_DEPTH);
        }
    }

    private static Object yaml(String text, long maxBytes) throws Refused {
        LoadSettings settings = LoadSettings.builder().setAllowDuplicateKeys(false).setMaxAliasesForCollections(1)
                .setAllowRecursiveKeys(false).setCodePointLimit((int) Math.min(Integer.MAX_VALUE, maxBytes + 1))
                .setLabel("inventory file").build();
        for (int i = 0, run = 0; i < text.length(); i++) {
            run = " \t\r\n".indexOf(text.charAt(i)) >= 0 ? 0 : run + 1;
            if (run > MAX_YAML_RUN) {
                throw new Refused("a value of more than " + MAX_YAML_RUN + " characters without a blank");
            }
        }
        try {
            Optional<YamlText.Found> found = YamlText.find(settings, text, MAX_DEPTH);
            if (found.isPresent()) {
                throw new Refused(found.get().alias() ? "a YAML alias (not accepted)"
                        : "nested deeper than " + MAX_DEPTH);
            }
            for (Event event : new Parse(settings).parseString(text)) {
                if (event instanceof ScalarEvent scalar && scalar.isPlain()
                        && scalar.getValue().length() > MAX_NUMBER_LENGTH && YAML_NUMBER.matcher(scalar.getValue()).matches()) {
                    throw new Refused("a number longer than " + MAX_NUMBER_LENGTH + " characters");
                }
            }
            return new Load(settings).loadFromReader(new StringReader(text));
        } catch (RuntimeException e) {
            throw new Refused("not valid YAML (one document of maps, lists and scalars)");
        }
    }

    /** Why {@code file} is not one the agent reads, by its attributes alone, or null. */
    static String problem(Path file, long maxBytes) {
        Map<String, Object> attributes;
        try {
            attributes = OwnerOnlyFiles.attributes(file);
        } catch (NoSuchFileException e) {
            return "does not exist";
        } catch (IOException e) {
            return "its attributes cannot be read (" + e.getClass().getSimpleName() + ")";
        }
        if (Boolean.TRUE.equals(attributes.get("isSymbolicLink"))) {
            return "a symbolic link (not followed)";
        }
        if (!Boolean.TRUE.equals(attributes.get("isRegularFile"))) {
            return "not a regular file";
        }
        if (attributes.get("nlink") instanceof Integer links && links > 1) {
            return "a hard link (" + links + " names)";
        }
        long agent = OwnerOnlyFiles.currentUid();
        if (agent >= 0 && attributes.get("uid") instanceof Integer uid && uid != agent && uid != 0) {
            return "owned by uid " + uid + ", not by the agent's user or root";
        }
        try {
            PosixFileAttributes posix = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (posix.permissions().contains(PosixFilePermission.GROUP_WRITE)
                    || posix.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
                return "writable by group or others";
            }
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX permissions: what it and the directory's place give
        } catch (IOException e) {
            return "its permissions cannot be read (" + e.getClass().getSimpleName() + ")";
        }
        long size = ((Number) attributes.get("size")).longValue();
        return size > maxBytes ? size + " bytes, more than ceip.inventory.max-file-bytes (" + maxBytes + ")" : null;
    }
}
