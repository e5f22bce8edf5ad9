package io.ceip.agent.outbox;

import io.ceip.agent.files.OwnerOnlyFiles;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The metadata file of a dead letter ({@code <reportId>.meta.json}): {@link DeadLetter} as Jackson's record mapping
 * writes it (its fields in order, nulls written) and reads it, strictly: one JSON object and nothing after it, an
 * unknown field or a value that is not of its field's type (text, a whole number within int) is an error naming the
 * file and the field, never the content. A missing field is null, or 0. The file is read only when it is a regular
 * file of at most {@value DeadLetterFiles#MAX_META_BYTES} bytes, never through a link; the ranges of the values are
 * {@link DeadLetterFiles}' to check.
 */
final class DeadLetterJson {

    private DeadLetterJson() {
    }

    static byte[] write(DeadLetter entry, ObjectMapper mapper) throws IOException {
        return mapper.writeValueAsBytes(entry);
    }

    static DeadLetter read(Path file, ObjectMapper mapper) throws IOException {
        return parse(OwnerOnlyFiles.read(file, DeadLetterFiles.MAX_META_BYTES), file, mapper);
    }

    /** The metadata {@code json} read from {@code file}; an IOException here is always about its content. */
    static DeadLetter parse(byte[] json, Path file, ObjectMapper mapper) throws IOException {
        DeadLetter entry;
        try {
            entry = mapper.readerFor(DeadLetter.class)
                    .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                            DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                    .readValue(json);
        } catch (UnrecognizedPropertyException e) {
            throw new IOException(file + ": unknown field '" + e.getPropertyName() + "'");
        } catch (JsonMappingException e) {
            String field = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
            throw new IOException(file + (field == null ? ": not a JSON object" : ": field '" + field + "' is not "
                    + (String.class.equals(type(e)) ? "text" : "a whole number")));
        } catch (IOException e) {
            throw new IOException(file + ": not JSON (" + e.getClass().getSimpleName() + ")");
        }
        if (entry == null) {
            throw new IOException(file + ": not a JSON object");
        }
        return entry;
    }

    private static Class<?> type(JsonMappingException e) {
        return e instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
    }
}
