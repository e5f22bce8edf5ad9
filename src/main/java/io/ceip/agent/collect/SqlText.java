package io.ceip.agent.collect;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A convenience check of a usage query's text, run when the query file is read so that an obvious mistake stops the
 * start with a clear message. It is <b>not</b> the boundary that keeps the product database unchanged: SQL
 * dialects differ too much for any text check to be complete. That boundary is the database account that can only
 * read, with the read-only transaction and the guarded connection ({@link CollectionConnection}) behind it.
 * <p>
 * The text is reduced to its code: string literals, quoted identifiers and comments ({@code --},
 * {@code /* … *}{@code /}) become blanks, except MySQL/MariaDB executable comments ({@code /*! … *}{@code /}), which
 * are code (only their mark and version number, {@code /*!50000}, become blanks); it is read twice, with and without backslash escapes in literals, and refused if either reading finds
 * a problem. Dialects still differ where this reading does not follow them (PostgreSQL's nested comments and
 * dollar quotes, H2's {@code //} comments, MariaDB's {@code #} comments): a query can hide a second statement from
 * this check, which is why it is only a convenience.
 */
final class SqlText {

    private static final Pattern SELECT = Pattern.compile("(?i)^\\s*SELECT\\b");
    private static final Pattern LOCKS_OR_FILES = Pattern.compile("(?i)\\bFOR\\s+(NO\\s+KEY\\s+UPDATE|KEY\\s+SHARE"
            + "|UPDATE|SHARE)\\b|\\bLOCK\\s+IN\\s+SHARE\\s+MODE\\b|\\bINTO\\s+(OUTFILE|DUMPFILE)\\b");

    private SqlText() {
    }

    /** What is wrong with {@code sql} as a usage query, if anything: one phrase, for a start-up message. */
    static Optional<String> problem(String sql) {
        return problemIn(code(sql, false)).or(() -> problemIn(code(sql, true)));
    }

    private static Optional<String> problemIn(String code) {
        if (!SELECT.matcher(code).find()) {
            return Optional.of("sql must be a single SELECT statement");
        }
        if (code.trim().replaceAll(";\\s*$", "").contains(";")) {
            return Optional.of("sql must be a single SELECT statement");
        }
        Matcher clause = LOCKS_OR_FILES.matcher(code);
        if (clause.find()) {
            return Optional.of("sql must not lock rows or write files ('"
                    + clause.group().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT) + "')");
        }
        return Optional.empty();
    }

    /**
     * {@code sql} with literals, quoted identifiers and comments blanked (same length, so positions hold);
     * {@code backslashEscapes}: a backslash in a literal escapes the next character (MySQL, MariaDB, PostgreSQL's
     * {@code E''}).
     */
    static String code(String sql, boolean backslashEscapes) {
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        while (i < sql.length()) {
            int end = skip(sql, i, backslashEscapes);
            if (end == i) {
                out.append(sql.charAt(i));
                i++;
            } else {
                out.append(" ".repeat(end - i));
                i = end;
            }
        }
        return out.toString();
    }

    /** The end of the literal, quoted identifier or comment starting at {@code i}, or {@code i} if none does. */
    private static int skip(String sql, int i, boolean backslashEscapes) {
        char c = sql.charAt(i);
        if (c == '\'' || c == '"') {
            int j = i + 1;
            while (j < sql.length()) {
                char d = sql.charAt(j);
                if (backslashEscapes && d == '\\') {
                    j += 2;
                } else if (d == c && j + 1 < sql.length() && sql.charAt(j + 1) == c) {
                    j += 2;
                } else if (d == c) {
                    return j + 1;
                } else {
                    j++;
                }
            }
            return sql.length();
        }
        if (sql.startsWith("--", i)) {
            int end = sql.indexOf('\n', i);
            return end < 0 ? sql.length() : end + 1;
        }
        if (sql.startsWith("/*!", i) || sql.startsWith("/*M!", i)) {
            // an executable comment's mark and version: blank, so that a word right after the version
            // (/*!50000INTO OUTFILE, which MariaDB runs) is a word of its own
            int end = i + (sql.charAt(i + 2) == 'M' ? 4 : 3);
            while (end < sql.length() && Character.isDigit(sql.charAt(end))) {
                end++;
            }
            return end;
        }
        if (sql.startsWith("/*", i)) {
            int end = sql.indexOf("*/", i + 2);
            return end < 0 ? sql.length() : end + 2;
        }
        return i;
    }
}
