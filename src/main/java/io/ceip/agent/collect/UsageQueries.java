package io.ceip.agent.collect;

import io.ceip.agent.consent.ConsentLevel;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The usage queries, read once at start-up from a YAML file ({@code ceip.collect.queries-file}):
 *
 * <pre>
 * queries:
 *   - name: hosts                 # key in the report's usage object: letters, digits, '-' and '_'
 *     level: basic                # basic or full
 *     sql: SELECT COUNT(*) FROM host
 *   - name: feature-use           # level full: counts per key since the last report
 *     level: full
 *     sql: SELECT feature, COUNT(*) FROM ui_event WHERE occurred_at >= :since AND occurred_at < :until GROUP BY feature
 * </pre>
 *
 * A query returns one number (one row, one column), or rows of (key, number). {@code :since} and {@code :until}
 * (the feature-usage window, half-open) are the only parameters.
 *
 * A file that is not of this form stops the start with a message naming the file and the query.
 */
public final class UsageQueries {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_-]{0,63}");
    private static final Set<String> KEYS = Set.of("name", "level", "sql");
    private static final Set<String> PARAMETERS = Set.of("since", "until");
    private static final Pattern PARAMETER = Pattern.compile("(?<![:\\w]):([A-Za-z_]\\w*)");

    private final List<UsageQuery> queries;

    public UsageQueries(List<UsageQuery> queries) {
        this.queries = List.copyOf(queries);
    }

    /** All queries, in file order. */
    public List<UsageQuery> all() {
        return queries;
    }

    /** The queries a report collected under {@code consent} may run. */
    public List<UsageQuery> allowedUnder(ConsentLevel consent) {
        return queries.stream().filter(q -> consent.covers(q.level())).toList();
    }

    /** Reads and validates {@code file}. */
    public static UsageQueries load(Path file) {
        Object document;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            document = new Load(LoadSettings.builder().build()).loadFromReader(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the usage queries " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": not valid YAML: " + e.getMessage(), e);
        }
        if (!(document instanceof Map<?, ?> root) || !(root.get("queries") instanceof List<?> entries)) {
            throw new IllegalArgumentException(file + ": expected a top-level 'queries:' list");
        }
        List<UsageQuery> queries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String where = file + ": query #" + (i + 1);
            if (!(entries.get(i) instanceof Map<?, ?> entry)) {
                throw new IllegalArgumentException(where + ": expected name, level and sql");
            }
            for (Object key : entry.keySet()) {
                if (!KEYS.contains(String.valueOf(key))) {
                    throw new IllegalArgumentException(where + ": unknown key '" + key + "' (expected name, level, sql)");
                }
            }
            String name = String.valueOf(entry.get("name"));
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(where + ": name '" + name + "' must be letters, digits, '-' or '_'");
            }
            where = file + ": query '" + name + "'";
            if (!names.add(name)) {
                throw new IllegalArgumentException(where + ": declared twice");
            }
            Object sql = entry.get("sql");
            if (!(sql instanceof String text) || !text.trim().toUpperCase(Locale.ROOT).startsWith("SELECT")) {
                throw new IllegalArgumentException(where + ": sql must be a single SELECT statement");
            }
            java.util.regex.Matcher parameter = PARAMETER.matcher(text.replaceAll("'[^']*'", "''"));
            while (parameter.find()) {
                if (!PARAMETERS.contains(parameter.group(1))) {
                    throw new IllegalArgumentException(where + ": unknown parameter ':" + parameter.group(1)
                            + "' (only :since and :until are bound)");
                }
            }
            if (text.replaceAll("'[^']*'", "''").trim().replaceAll(";\\s*$", "").contains(";")) {
                throw new IllegalArgumentException(where + ": sql must be a single SELECT statement");
            }
            ConsentLevel level;
            try {
                Object declared = entry.get("level");
                level = ConsentLevel.parse(declared == null ? "basic" : String.valueOf(declared));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
            if (level == ConsentLevel.OFF) {
                throw new IllegalArgumentException(where + ": level must be basic or full");
            }
            queries.add(new UsageQuery(name, text.trim(), level));
        }
        return new UsageQueries(queries);
    }
}
