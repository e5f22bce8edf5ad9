package io.ceip.agent.collect;

import io.ceip.agent.files.OwnerOnlyFiles;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * An embedded H2 database whose files live under the agent's data directory (the demo's
 * {@code jdbc:h2:file:./data/demo-product}). H2 creates its files itself, with the process's umask: so before the
 * first connection the directory they go in is made {@code 0700} by the agent (nothing in it is reachable by other
 * users from then on), and right after it H2's files there ({@code demo-product.*}) lose group and other permissions
 * ({@code 0600}). Any other database URL is left as it is: the product's database is the product's.
 */
public final class EmbeddedDatabaseFiles {

    private EmbeddedDatabaseFiles() {
    }

    /** {@code dataSource}, wrapped as above when {@code url} is an embedded H2 file under {@code dataDirectory}. */
    public static DataSource ownerOnly(DataSource dataSource, String url, Path dataDirectory) {
        Optional<Path> database = h2File(url).filter(file -> file.startsWith(dataDirectory.toAbsolutePath().normalize()));
        if (database.isEmpty()) {
            return dataSource;
        }
        Path directory = database.get().getParent();
        String prefix = database.get().getFileName() + ".";
        return new DataSourceSupport(0) {
            private volatile boolean restricted;

            @Override
            public Connection getConnection() throws SQLException {
                if (restricted) {
                    return dataSource.getConnection();
                }
                synchronized (this) {
                    try {
                        OwnerOnlyFiles.createDirectories(directory);
                    } catch (IOException e) {
                        throw new SQLException("cannot create " + directory + " (" + e.getClass().getSimpleName() + ")");
                    }
                    Connection connection = dataSource.getConnection();
                    restrict(directory, prefix);
                    restricted = true;
                    return connection;
                }
            }

            @Override
            public Connection getConnection(String user, String password) throws SQLException {
                throw new SQLFeatureNotSupportedException("the agent connects with its configured account only");
            }

            @Override
            public String toString() {
                return dataSource.toString();
            }
        };
    }

    /**
     * What makes H2 open a database file read-only ({@code ACCESS_MODE_DATA=r}): nothing is written to it, not even its
     * modification time, and no lock file is made. For the commands that change nothing ({@code preview},
     * {@code export}).
     */
    public static final String READ_ONLY = ";ACCESS_MODE_DATA=r";
    /**
     * No trace file either ({@code TRACE_LEVEL_FILE=0}), for a database in the agent's data directory (the demo's):
     * H2 takes this setting from an administrator only, so never for the product's own database, which the agent
     * reads with an account that may only read.
     */
    private static final String NO_TRACE_FILE = ";TRACE_LEVEL_FILE=0";

    /** H2's mixed mode: the first process to open the file serves it to the others over loopback TCP. */
    private static final Pattern AUTO_SERVER = Pattern.compile(";\\s*AUTO_SERVER\\s*=\\s*(TRUE|YES|ON|1|T|Y)\\s*(;|$)",
            Pattern.CASE_INSENSITIVE);

    /**
     * {@code url} opened read-only ({@link #READ_ONLY}); without a trace file when it is in {@code dataDirectory}.
     * A URL with {@code AUTO_SERVER=TRUE} (how a running product lets a second process in) is returned as it is: H2
     * refuses read-only with it (error 50100); the agent then reads as {@code send} does, through its account in a
     * read-only transaction that is rolled back, via the product's server when the product has the file open.
     */
    public static String readOnly(String url, Path dataDirectory) {
        if (AUTO_SERVER.matcher(url).find()) {
            return url;
        }
        boolean agents = h2File(url).filter(file -> file.startsWith(dataDirectory.toAbsolutePath().normalize()))
                .isPresent();
        return url + READ_ONLY + (agents ? NO_TRACE_FILE : "");
    }

    /** An {@code IFEXISTS} setting already in an H2 URL (H2 refuses a setting given twice). */
    private static final Pattern IF_EXISTS = Pattern.compile(";\\s*IFEXISTS\\s*=", Pattern.CASE_INSENSITIVE);

    /**
     * {@code url} such that H2 opens only a database that exists ({@code ;IFEXISTS=TRUE}, error 90146 otherwise), when
     * it is an embedded H2 database (not {@code mem:}, {@code tcp:} or {@code ssl:}) that does not say already:
     * without it a path with a typo made an empty database there, with the agent's read-only account as its
     * administrator, and every report then said "table not found". For the product's database, never the demo's
     * (which the agent seeds). Any other URL is returned as it is.
     */
    public static String existingOnly(String url) {
        if (url == null || !url.startsWith("jdbc:h2:") || IF_EXISTS.matcher(url).find()) {
            return url;
        }
        String rest = url.substring("jdbc:h2:".length());
        return rest.startsWith("mem:") || rest.startsWith("tcp:") || rest.startsWith("ssl:") ? url
                : url + ";IFEXISTS=TRUE";
    }

    /** Whether {@code url} opens its database read-only ({@link #readOnly}). */
    public static boolean isReadOnly(String url) {
        return url != null && (url.endsWith(READ_ONLY) || url.endsWith(READ_ONLY + NO_TRACE_FILE));
    }

    /** The path of an embedded H2 database ({@code jdbc:h2:file:PATH} or {@code jdbc:h2:PATH}), absolute. */
    public static Optional<Path> h2File(String url) {
        if (url == null || !url.startsWith("jdbc:h2:")) {
            return Optional.empty();
        }
        String path = url.substring("jdbc:h2:".length()).split(";", 2)[0];
        if (path.startsWith("file:")) {
            path = path.substring("file:".length());
        } else if (path.matches("[a-zA-Z]{2,}:.*")) {
            return Optional.empty(); // mem:, tcp:, ssl:, zip:, nio…: not a plain file of this machine
        }
        if (path.isEmpty() || path.startsWith("~")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(path).toAbsolutePath().normalize());
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    private static void restrict(Path directory, String prefix) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, entry -> entry.getFileName().toString()
                .startsWith(prefix))) {
            for (Path file : files) {
                OwnerOnlyFiles.restrict(file);
            }
        } catch (IOException | RuntimeException e) {
            // the directory is 0700: H2's files are out of other users' reach; the next start tightens them
        }
    }
}
