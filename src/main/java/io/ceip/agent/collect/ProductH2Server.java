package io.ceip.agent.collect;

import io.ceip.agent.files.ForeignFiles;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The product's embedded H2 database opened with {@code AUTO_SERVER=TRUE} is read only through the server the
 * product's own process runs, never by opening its file. With that URL H2 lets whichever process opens the file first
 * serve it to the others: an agent that connected while the product was down or restarting ran the product's database
 * inside its own JVM (its 128 MiB heap), the product its queries through it, and when the agent's connection closed the
 * server moved back. So the agent never hands such a URL to H2: it reads {@code <base>.lock.db}, which H2 writes while
 * its server runs ({@code server=host:port}, {@code id=…}: H2 2.x) and deletes when the database closes, and connects
 * as a plain TCP client, {@code jdbc:h2:tcp://host:port/<id>} (H2's key for that database), with the URL's other
 * settings; such a connection can never open the file, nor move the server, whatever happens to the product meanwhile.
 * No lock file, one without a server, one that cannot be read (a link, a fifo, over {@value #MAX_LOCK_BYTES} bytes) or
 * one naming a server that is not of this machine: the connection fails with SQLSTATE {@value #NOT_SERVED} (reason
 * {@code connection}: the product's database is not being served). The lock file is read as a file of another
 * principal ({@link ForeignFiles}).
 */
final class ProductH2Server {

    /** The SQLSTATE of "not being served" (a connection exception; {@code util.DatabaseAdvice} has its advice). */
    static final String NOT_SERVED = "08X01";
    static final int MAX_LOCK_BYTES = 4096;

    private static final Pattern AUTO_SERVER = Pattern.compile(";\\s*AUTO_SERVER\\s*=\\s*(TRUE|YES|ON|1|T|Y)\\s*(;|$)",
            Pattern.CASE_INSENSITIVE);
    /** What H2 writes: {@code localhost}, an IPv4 or a bracketed IPv6 literal (never a name to look up), and a port. */
    private static final Pattern SERVER = Pattern.compile(
            "(localhost|\\d{1,3}(?:\\.\\d{1,3}){3}|\\[[0-9A-Fa-f:.%a-zA-Z]{2,64}\\]):(\\d{1,5})");
    private static final Pattern ID = Pattern.compile("[0-9a-f]{16,128}");
    /** Settings of the embedded open that a TCP client must not carry (the server is the product's). */
    private static final Set<String> DROPPED = Set.of("AUTO_SERVER", "AUTO_SERVER_PORT", "AUTO_RECONNECT");

    private ProductH2Server() {
    }

    /** Whether {@code url} is an embedded H2 file opened with {@code AUTO_SERVER=TRUE}. */
    static boolean applies(String url) {
        return url != null && url.startsWith("jdbc:h2:") && AUTO_SERVER.matcher(url).find() && base(url).isPresent();
    }

    /** The URL of the product's running server for {@code url} ({@link #applies}); see the class. */
    static String served(String url) throws SQLException {
        Path base = base(url).orElseThrow(() -> notServed("not an H2 file"));
        Path lock = Path.of(base + ".lock.db");
        Properties entries = new Properties();
        try {
            entries.load(new StringReader(new String(ForeignFiles.read(lock, MAX_LOCK_BYTES),
                    StandardCharsets.ISO_8859_1)));
        } catch (NoSuchFileException absent) {
            throw notServed("no " + lock.getFileName() + ": the product is not running");
        } catch (IOException | IllegalArgumentException e) {
            throw notServed(lock.getFileName() + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        String server = entries.getProperty("server");
        String id = entries.getProperty("id");
        if (server == null || id == null) {
            throw notServed(lock.getFileName() + " names no server: the product opened the file without AUTO_SERVER");
        }
        Matcher address = SERVER.matcher(server);
        if (!address.matches() || !ID.matcher(id).matches() || !thisMachine(address.group(1))) {
            throw notServed(lock.getFileName() + " names no server of this machine");
        }
        return "jdbc:h2:tcp://" + server + "/" + id + settings(url);
    }

    /** The database's path without H2's suffixes ({@code jdbc:h2:file:/srv/acme/acme}: {@code /srv/acme/acme}). */
    private static Optional<Path> base(String url) {
        String path = url.substring("jdbc:h2:".length()).split(";", 2)[0];
        if (path.startsWith("file:")) {
            path = path.substring("file:".length());
        } else if (path.matches("[a-zA-Z]{2,}:.*")) {
            return Optional.empty(); // mem:, tcp:, ssl:, zip:, nio…
        }
        if (path.startsWith("~")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        try {
            return path.isEmpty() ? Optional.empty() : Optional.of(Path.of(path).toAbsolutePath().normalize());
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** {@code url}'s settings ({@code ;KEY=VALUE}...) but those of {@link #DROPPED}. */
    private static String settings(String url) {
        String[] parts = url.split(";");
        return Arrays.stream(parts, 1, parts.length).filter(part -> !part.isBlank()).filter(part -> !DROPPED.contains(
                part.split("=", 2)[0].trim().toUpperCase(Locale.ROOT))).map(part -> ";" + part)
                .collect(Collectors.joining());
    }

    /** Whether {@code host} (a literal: no lookup) is a loopback address or one of this machine's interfaces. */
    private static boolean thisMachine(String host) {
        try {
            InetAddress address = host.equals("localhost") ? InetAddress.getLoopbackAddress()
                    : InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
            return address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static SQLException notServed(String why) {
        return new SQLNonTransientConnectionException("the product's H2 database is not being served (" + why + ")",
                NOT_SERVED);
    }
}
