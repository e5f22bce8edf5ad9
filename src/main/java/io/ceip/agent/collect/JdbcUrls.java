package io.ceip.agent.collect;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JDBC URL as a log line, {@code status} or an error may show it: as far as it surely carries no credential. An
 * allow-list, because drivers put credentials in many places (user information, {@code ;} or {@code ?} parameters,
 * DB2's {@code :password=}, MySQL's {@code (password=..)} and {@code address=(..)}, Oracle's {@code user/password@},
 * Teradata's path): the driver's prefix, then {@code //host[:port][/database]} only when the URL has exactly that form
 * up to its parameters and holds no {@code @}, or an embedded database's file or name (H2, HSQLDB, Derby, SQLite);
 * else the prefix and {@code …}.
 */
public final class JdbcUrls {

    private static final Pattern JDBC_PREFIX = Pattern.compile("jdbc:[A-Za-z0-9-]+:");
    private static final Pattern SAFE_AUTHORITY = Pattern.compile("//[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9_.-]*)?");
    private static final Pattern SAFE_EMBEDDED = Pattern.compile("(file:|mem:)?[A-Za-z0-9_./~-]+");

    private JdbcUrls() {
    }

    /** The URL shown: see the class; {@code (not a jdbc: URL)} for anything else, which is never shown. */
    public static String shown(String url) {
        Matcher prefix = JDBC_PREFIX.matcher(url == null ? "" : url);
        if (!prefix.lookingAt()) {
            return "(not a jdbc: URL)";
        }
        String rest = url.substring(prefix.end());
        Matcher safe = (rest.startsWith("//") ? SAFE_AUTHORITY : SAFE_EMBEDDED).matcher(rest);
        boolean embedded = prefix.group().matches("jdbc:(h2|hsqldb|derby|sqlite):");
        // the rest is shown only when it matches as a whole, up to parameters (';', '?', ':')
        boolean whole = safe.lookingAt()
                && (safe.end() == rest.length() || ";?:".indexOf(rest.charAt(safe.end())) >= 0);
        return url.indexOf('@') < 0 && whole && (rest.startsWith("//") || embedded)
                ? prefix.group() + safe.group() : prefix.group() + "…";
    }
}
