package io.ceip.agent.outbox;

import io.ceip.agent.files.OwnerOnlyFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;

/**
 * The metadata file of a dead letter ({@code <reportId>.meta.json}): one JSON object with the fields of
 * {@link DeadLetter}, in its order, nulls written. Written and read field by field, so that the agent's process does
 * not load Jackson's bean (de)serialization for it; the layout is the one Jackson's record mapping wrote, and reading
 * is as strict: an unknown field, or a field of the wrong type, is an error naming the file and the field. The file is
 * read only when it is a regular file of at most {@value DeadLetterFiles#MAX_META_BYTES} bytes, never through a link.
 */
final class DeadLetterJson {

    private static final Set<String> FIELDS = Set.of("reportId", "created", "attempts", "firstFailure", "lastFailure",
            "lastStatus", "state", "response", "version");

    private DeadLetterJson() {
    }

    static byte[] write(DeadLetter entry, ObjectMapper mapper) throws IOException {
        return mapper.writeValueAsBytes(mapper.createObjectNode()
                .put("reportId", entry.reportId())
                .put("created", entry.created())
                .put("attempts", entry.attempts())
                .put("firstFailure", entry.firstFailure())
                .put("lastFailure", entry.lastFailure())
                .put("lastStatus", entry.lastStatus())
                .put("state", entry.state())
                .put("response", entry.response())
                .put("version", entry.version()));
    }

    static DeadLetter read(Path file, ObjectMapper mapper) throws IOException {
        JsonNode json = mapper.readTree(OwnerOnlyFiles.read(file, DeadLetterFiles.MAX_META_BYTES));
        if (json == null || !json.isObject()) {
            throw new IOException(file + ": not a JSON object");
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IOException(file + ": unknown field '" + name + "'");
            }
        }
        return new DeadLetter(text(json, "reportId", file), text(json, "created", file),
                integer(json, "attempts", file), text(json, "firstFailure", file), text(json, "lastFailure", file),
                text(json, "lastStatus", file), text(json, "state", file), text(json, "response", file),
                integer(json, "version", file));
    }

    private static String text(JsonNode json, String field, Path file) throws IOException {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IOException(file + ": field '" + field + "' is not text");
        }
        return value.textValue();
    }

    private static int integer(JsonNode json, String field, Path file) throws IOException {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IOException(file + ": field '" + field + "' is not a whole number");
        }
        return value.intValue();
    }
}
