package io.ceip.collector.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer tokens of the products this collector takes reports for: one token per product. Read from a
 * properties file ({@code <id>.product=<product name>}, {@code <id>.token=<token>}); an environment variable
 * {@code CEIP_COLLECTOR_TOKEN_<ID>} (the id upper-cased, {@code -} and {@code .} as {@code _}) replaces the file's
 * token of that id. Only SHA-256 hashes of the tokens are kept; a presented token is hashed and compared with every
 * product's hash in constant time ({@link MessageDigest#isEqual}), without stopping at the first match.
 */
public final class ProductTokens {

    private record Entry(String id, String product, byte[] hash) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ProductTokens.class);

    /** The largest tokens file read: some 10,000 products. */
    static final int MAX_BYTES = 1 << 20;

    private final List<Entry> entries;
    /** The hashes of the file's own {@code <id>.token} values, read or replaced by the environment. */
    private final List<byte[]> fileTokens;

    private ProductTokens(List<Entry> entries, List<byte[]> fileTokens) {
        this.entries = List.copyOf(entries);
        this.fileTokens = List.copyOf(fileTokens);
    }

    /**
     * Reads {@code file}, then the environment; fails naming the file and the id when a product has no token or a
     * name no agent can send ({@link ProductName}; an id holding such a character is shown with {@code ?}), and
     * naming both ids (never the token) when two products have the same token or would take it from one environment
     * variable ({@code a-b} and {@code a.b}: {@code CEIP_COLLECTOR_TOKEN_A_B}).
     */
    public static ProductTokens load(Path file, Map<String, String> environment) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("collector.tokens-file: " + file.toAbsolutePath() + " does not exist");
        }
        Properties properties = read(file);
        TreeSet<String> ids = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.endsWith(".product")) {
                ids.add(key.substring(0, key.length() - ".product".length()));
            }
        }
        warnUnread(file, properties, ids, environment);
        List<byte[]> fileTokens = properties.stringPropertyNames().stream().filter(key -> key.endsWith(".token"))
                .map(key -> properties.getProperty(key).strip()).filter(token -> !token.isEmpty())
                .map(ProductTokens::sha256).toList();
        List<Entry> entries = new ArrayList<>();
        Map<String, String> idsByVariable = new java.util.HashMap<>();
        for (String id : ids) {
            if (id.chars().anyMatch(ProductName::unsendable)) { // named in this file's lines and log lines
                throw new IllegalArgumentException("collector.tokens-file: " + file + ": product id '"
                        + ProductName.shown(id) + "' holds a control, line separator or bidirectional character:"
                        + " give it an id of letters, digits, '-' and '.'");
            }
            String product = properties.getProperty(id + ".product").trim();
            ProductName.problem(product).ifPresent(problem -> {
                throw new IllegalArgumentException("collector.tokens-file: " + file + ": product id '" + id + "': its"
                        + " name (" + id + ".product) " + problem + ": no agent can send it (ceip.product.name refuses"
                        + " it), so each of its reports would be refused");
            });
            String env = variable(id);
            String sharing = idsByVariable.putIfAbsent(env, id);
            if (sharing != null) { // one variable would set both tokens: said as "the same token" before, if at all
                throw new IllegalArgumentException("collector.tokens-file: " + file + ": product ids '" + sharing
                        + "' and '" + id + "' both take their token from " + env + ": give one of them another id");
            }
            String token = environment.getOrDefault(env, properties.getProperty(id + ".token", "")).trim();
            if (token.length() < 16) {
                throw new IllegalArgumentException("collector.tokens-file: " + file + ": product id '" + id
                        + "' has no token of at least 16 characters (" + id + ".token or " + env + ")");
            }
            if (token.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
                // no agent can send it (ceip.endpoint.token is refused so): every report of the product would be 401
                throw new IllegalArgumentException("collector.tokens-file: " + file + ": product id '" + id + "': its"
                        + " token (" + id + ".token or " + env + ") must be printable ASCII without blanks inside");
            }
            byte[] hash = sha256(token);
            for (Entry other : entries) {
                if (MessageDigest.isEqual(other.hash(), hash)) {
                    throw new IllegalArgumentException("collector.tokens-file: " + file + ": product ids '"
                            + other.id() + "' and '" + id + "' have the same token: give each product its own (a"
                            + " report would count under one of them only)");
                }
            }
            entries.add(new Entry(id, product, hash));
        }
        return new ProductTokens(entries, fileTokens);
    }

    /** The environment variable that replaces the file's token of product id {@code id}. */
    private static String variable(String id) {
        return "CEIP_COLLECTOR_TOKEN_" + id.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /**
     * What is read of no product, one WARN line each (the start goes on, as with the settings file's unknown keys): an
     * {@code <id>.token} without its {@code <id>.product} (a product key mistyped: its agents' reports were answered
     * 401 with nothing said), other keys (counted, never shown: a line holding only a token is a key), and a
     * {@code CEIP_COLLECTOR_TOKEN_*} variable of no product id. Never a token's value.
     */
    private static void warnUnread(Path file, Properties properties, Set<String> ids, Map<String, String> environment) {
        int other = 0;
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            String id = key.endsWith(".token") ? key.substring(0, key.length() - ".token".length()) : null;
            if (id != null && !ids.contains(id)) {
                LOG.warn("collector.tokens-file: {}: '{}.token' has no '{}.product': that token is not read (each"
                        + " product needs both)", file, ProductName.shown(id), ProductName.shown(id));
            } else if (id == null && !key.endsWith(".product")) {
                other++;
            }
        }
        if (other > 0) {
            LOG.warn("collector.tokens-file: {}: {} key(s) neither <id>.product nor <id>.token, not read (not shown:"
                    + " such a line may be a token)", file, other);
        }
        Set<String> variables = ids.stream().map(ProductTokens::variable).collect(Collectors.toSet());
        new TreeSet<>(environment.keySet()).stream().filter(name -> name.startsWith("CEIP_COLLECTOR_TOKEN_")
                && !variables.contains(name)).forEach(name -> LOG.warn("{}: no product id of collector.tokens-file"
                        + " {} has that variable (<id>.product): not read", name, file));
    }

    /**
     * The file's properties, read as the settings file is: UTF-8 (a byte order mark, which Windows editors write, is
     * skipped: it had become part of the first key, so that product's {@code .token} line or environment variable was
     * not found), at most {@value #MAX_BYTES} bytes (a file named by mistake, a log or a dump, is not read whole). A
     * file that is not a regular file (a directory, a FIFO, a device), larger, not UTF-8, unreadable or not a
     * properties file stops the start with one line naming it.
     */
    private static Properties read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("collector.tokens-file: " + file + " is not a file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new IllegalArgumentException("collector.tokens-file: " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("collector.tokens-file: " + file + " is larger than " + MAX_BYTES
                    + " bytes: not a tokens file");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("collector.tokens-file: " + file + " is not UTF-8 text (save it as"
                    + " UTF-8)");
        }
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text.startsWith("\uFEFF") ? text.substring(1) : text));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("collector.tokens-file: " + file + " is not a .properties file");
        }
        return properties;
    }

    /** Tokens given in code (tests): product name to token. */
    public static ProductTokens of(Map<String, String> productTokens) {
        List<Entry> entries = new ArrayList<>();
        productTokens.forEach((product, token) -> entries.add(new Entry(product, product, sha256(token))));
        return new ProductTokens(entries, List.of());
    }

    /**
     * Whether the file holds a secret: an {@code <id>.token} value other than {@code publicToken} (the demo's,
     * printed in the README), whether or not an environment variable replaces it. A file whose products all take
     * their token from the environment holds none.
     */
    public boolean fileHoldsATokenBut(String publicToken) {
        byte[] open = sha256(publicToken);
        return fileTokens.stream().anyMatch(hash -> !MessageDigest.isEqual(hash, open));
    }

    /** The product whose token {@code authorization} ({@code Bearer <token>}) carries, if any. */
    public Optional<String> product(String authorization) {
        if (authorization == null || authorization.length() > 1024
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        byte[] presented = sha256(authorization.substring(7).trim());
        String match = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.hash(), presented)) {
                match = entry.product();
            }
        }
        return Optional.ofNullable(match);
    }

    /** How many products have a token. */
    public int size() {
        return entries.size();
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
