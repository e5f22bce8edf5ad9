package io.ceip.agent.collect;

import io.ceip.agent.files.OwnerOnlyFiles;
import io.ceip.agent.files.YamlText;
import io.ceip.agent.privacy.ConsentLevel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The usage queries, read once at start-up from a YAML file ({@code ceip.collect.queries-file}):
 *
 * <pre>
 * queries:
 *   - name: hosts                 # key in the report's usage object: letters, digits, '-' and '_'
 *     level: basic                # basic (default) or full
 *     sql: SELECT COUNT(*) FROM host
 *   - name: feature-use           # level full: counts per key since the last report
 *     level: full
 *     keys: [dashboards, reports] # the only keys it may return
 *     sql: SELECT SUBSTRING(feature, 1, 65), COUNT(*) FROM ui_event WHERE occurred_at >= :since GROUP BY feature
 *   - name: dashboards-per-owner
 *     level: full
 *     keys: pseudonymised         # any key, sent as its pseudonym (p: + 16 hex digits)
 *     sql: SELECT SUBSTRING(owner, 1, 257), COUNT(*) FROM dashboard GROUP BY owner
 * </pre>
 *
 * A query without {@code keys} returns one number (one row, one column); one with {@code keys} returns rows of
 * (key, number) — a list of the keys it may return (1 to 64 letters, digits, spaces or {@code . _ : / + -}), or
 * {@code pseudonymised} (level full only). A basic query returns one number: {@code keys} are for level full. A
 * query with {@code keys} whose SQL bounds no text on the server ({@code SUBSTRING}, {@code SUBSTR}, {@code LEFT})
 * gets one WARN line at load: its keys are read whole before the typed rules apply.
 * Anything else a query returns fails it at collection (see {@code io.ceip.agent.report.UsageValues}).
 * {@code :since} and {@code :until} (the feature-usage window, half-open) are the only parameters. The SQL is
 * checked to be a single SELECT that neither locks rows nor writes files ({@link SqlText}): a convenience that
 * names an obvious mistake at start, not the boundary that keeps the database unchanged. A text column is bounded
 * by the query itself, on the server ({@code SUBSTRING}, docs/database.md): the agent cannot bound a value the
 * driver has already read.
 *
 * A file that is not of this form (an unknown key, at the top or in a query, included) stops the start with one line
 * naming the file and the query.
 */
public final class UsageQueries {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_-]{0,63}");
    private static final Set<String> FIELDS = Set.of("name", "level", "sql", "keys");
    private static final Pattern KEY = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._:/+-]{0,63}");
    private static final String PSEUDONYMISED = "pseudonymised";
    private static final Set<String> PARAMETERS = Set.of("since", "until");
    /** A named parameter: {@code :name}, or camel-jdbc's own form {@code :?name}, which binds the header name. */
    private static final Pattern PARAMETER = Pattern.compile("(?<![:\\w]):\\??([A-Za-z_]\\w*)");

    /** A call that bounds a text value on the server, the same on H2, PostgreSQL, MariaDB and MySQL. */
    private static final Pattern BOUNDED = Pattern.compile("(?i)\\b(SUBSTRING|SUBSTR|LEFT)\\s*\\(");
    private static final Logger LOG = LoggerFactory.getLogger(UsageQueries.class);

    private final List<UsageQuery> queries;
    private final String file;

    public UsageQueries(List<UsageQuery> queries) {
        this(queries, null);
    }

    /** @param file the file they were read from, named by a failed query's WARN line; null: none */
    public UsageQueries(List<UsageQuery> queries, Path file) {
        this.queries = List.copyOf(queries);
        this.file = file == null ? "" : "; its SQL is in ceip.collect.queries-file "
                + OwnerOnlyFiles.shown(file.toAbsolutePath());
    }

    /**
     * {@code "; its SQL is in ceip.collect.queries-file /abs/usage-queries.yaml"}, for the end of a failed query's
     * line (a relative setting resolves from the working directory, which may not hold the file meant); empty for
     * queries not read from a file.
     */
    public String named() {
        return file;
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
        String yaml = YamlText.read(file, "ceip.collect.queries-file");
        try {
            document = new Load(LoadSettings.builder().build()).loadFromString(yaml);
        } catch (RuntimeException e) {
            throw YamlText.invalid(file, e);
        }
        if (!(document instanceof Map<?, ?> root) || !(root.get("queries") instanceof List<?> entries)) {
            throw new IllegalArgumentException(file + ": expected a top-level 'queries:' list");
        }
        for (Object key : root.keySet()) {
            if (!"queries".equals(key)) {
                throw new IllegalArgumentException(file + ": unknown top-level key '" + key + "' (expected queries)");
            }
        }
        List<UsageQuery> queries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String where = file + ": query #" + (i + 1);
            if (!(entries.get(i) instanceof Map<?, ?> entry)) {
                throw new IllegalArgumentException(where + ": expected name, level, sql and keys");
            }
            for (Object key : entry.keySet()) {
                if (!FIELDS.contains(String.valueOf(key))) {
                    throw new IllegalArgumentException(where + ": unknown key '" + key
                            + "' (expected name, level, sql, keys)");
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
            if (!(sql instanceof String text)) {
                throw new IllegalArgumentException(where + ": sql must be a single SELECT statement");
            }
            String problem = SqlText.problem(text).orElse(null);
            if (problem != null) {
                throw new IllegalArgumentException(where + ": " + problem);
            }
            java.util.regex.Matcher parameter = PARAMETER.matcher(SqlText.code(text, false));
            while (parameter.find()) {
                if (!PARAMETERS.contains(parameter.group(1))) {
                    throw new IllegalArgumentException(where + ": unknown parameter ':" + parameter.group(1)
                            + "' (only :since and :until are bound)");
                }
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
            Object keys = entry.get("keys");
            boolean pseudonymised = PSEUDONYMISED.equals(keys);
            List<String> declared = pseudonymised || keys == null ? List.of() : keys(where, keys);
            if (keys != null && level != ConsentLevel.FULL) {
                throw new IllegalArgumentException(where + ": keys are for level full (a basic query sends one"
                        + " number, usage." + name + ")");
            }
            if (keys != null && !BOUNDED.matcher(SqlText.code(text, false)).find()) {
                LOG.warn("{}: no SUBSTRING(column, 1, {}) around its key column: the agent reads each key whole"
                        + " before its rules apply, so one huge value there would fill its memory (docs/database.md)",
                        where, pseudonymised ? 257 : 65);
            }
            queries.add(new UsageQuery(name, text.trim(), level, declared, pseudonymised));
        }
        return new UsageQueries(queries, file);
    }

    /** The declared keys of a grouped query: a non-empty list of distinct keys (text or whole numbers). */
    private static List<String> keys(String where, Object keys) {
        if (!(keys instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException(where + ": keys must be a list of the keys the query may return, or '"
                    + PSEUDONYMISED + "'");
        }
        Set<String> declared = new java.util.LinkedHashSet<>();
        for (Object key : list) {
            String text = key instanceof String || key instanceof Integer || key instanceof Long
                    ? String.valueOf(key) : null;
            if (text == null || !KEY.matcher(text).matches()) {
                throw new IllegalArgumentException(where + ": key '" + key + "' must be 1 to 64 letters, digits,"
                        + " spaces or . _ : / + - (starting with a letter or digit)");
            }
            if (!declared.add(text)) {
                throw new IllegalArgumentException(where + ": key '" + text + "' declared twice");
            }
        }
        return List.copyOf(declared);
    }
}
