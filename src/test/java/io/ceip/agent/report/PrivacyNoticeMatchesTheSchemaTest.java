package io.ceip.agent.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Map.Entry;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The privacy notice a vendor adapts for its customers (docs/privacy-notice.md) cannot drift from what is sent: its
 * field table has exactly one row for every field the published report schema declares, at every depth (a name the
 * vendor chooses is {@code *}, a list element {@code []}), each with the field's consent level — the nearest
 * {@code x-consent-level} on the way down. A field added to the schema without a row, a row for a field that does
 * not exist, and a level that differs each fail.
 */
class PrivacyNoticeMatchesTheSchemaTest {

    private static final Path NOTICE = Path.of("docs/privacy-notice.md");
    private static final Path SCHEMA = Path.of("src/main/resources/report-schema.json");
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| (basic|full) \\| .+\\|$", Pattern.MULTILINE);

    @Test
    void theNoticeHasOneRowPerSchemaFieldWithItsConsentLevel() throws Exception {
        Map<String, String> declared = fields(new ObjectMapper().readTree(SCHEMA.toFile()), "", null,
                new LinkedHashMap<>());
        Map<String, String> described = rows(Files.readString(NOTICE, StandardCharsets.UTF_8));

        assertThat(declared).as("fields of the schema (sanity: the walk found the nested ones)")
                .containsKeys("product.name", "usage.*", "failures[].reason", "features.counts.*.*");
        assertThat(described).as("rows of " + NOTICE + " against the fields of " + SCHEMA).isEqualTo(declared);
    }

    @Test
    void aFieldAddedToTheSchemaWithoutARowIsFound() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(SCHEMA.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) schema.get("properties"))
                .putObject("hostName").put("type", "string").put("x-consent-level", "basic");

        Map<String, String> declared = fields(schema, "", null, new LinkedHashMap<>());

        assertThat(rows(Files.readString(NOTICE, StandardCharsets.UTF_8))).doesNotContainKey("hostName")
                .isNotEqualTo(declared);
    }

    static Map<String, String> rows(String notice) {
        Map<String, String> rows = new LinkedHashMap<>();
        Matcher row = ROW.matcher(notice);
        while (row.find()) {
            assertThat(rows.put(row.group(1), row.group(2))).as("a second row for " + row.group(1)).isNull();
        }
        return rows;
    }

    static Map<String, String> fields(JsonNode node, String path, String level, Map<String, String> into) {
        JsonNode properties = node.get("properties");
        if (properties != null) {
            for (Iterator<Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
                Entry<String, JsonNode> field = it.next();
                add(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), level, into);
            }
        }
        JsonNode additional = node.get("additionalProperties");
        if (additional != null && additional.isObject()) {
            add(additional, path + ".*", level, into);
        }
        JsonNode items = node.get("items");
        if (items != null && items.isObject()) {
            add(items, path + "[]", level, into);
        }
        return into;
    }

    private static void add(JsonNode field, String path, String inherited, Map<String, String> into) {
        String level = field.has("x-consent-level") ? field.get("x-consent-level").asText() : inherited;
        into.put(path, level);
        fields(field, path, level, into);
    }
}
