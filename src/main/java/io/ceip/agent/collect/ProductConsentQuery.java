package io.ceip.agent.collect;

import io.ceip.agent.privacy.ConsentLevel;
import io.ceip.agent.privacy.ProductConsentSetting;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads the product's consent setting from its database with one configured SELECT ({@code ceip.consent.query}),
 * the way a product keeps "send anonymous statistics" in its options table. The first column of the first row is
 * read: {@code off}, {@code basic} or {@code full}; {@code 0}, {@code false}, {@code no}, {@code disabled} mean
 * {@code off}; {@code 1}, {@code true}, {@code yes}, {@code enabled} mean {@code basic}. No row, or NULL, means
 * "not set". The query runs with a statement timeout on a connection of the agent's {@code dataSource}, which is
 * its guarded collection connection (CollectionConnection: read-only, never committed, rolled back when closed);
 * it is the only statement the agent runs when consent is off. Its text is checked like a usage query's
 * ({@code SqlText}: one SELECT, no locking clause) when it is made, so that an obvious mistake stops the start.
 * <p>
 * Bounded: the connection's network timeout ends a wait for a server that stops answering ({@link #longestRead()}),
 * and at most {@value #MAX_CHARS} characters of a text value are taken (a longer one is no level). The query itself
 * should bound a text column on the server ({@code SUBSTRING(value, 1, 16)}, docs/database.md): the driver may have
 * read the whole value before the agent takes its first characters.
 */
public final class ProductConsentQuery implements ProductConsentSetting {

    /** The most characters of the setting's value that are read. */
    static final int MAX_CHARS = 64;

    private final DataSource dataSource;
    private final String sql;
    private final int timeoutSeconds;

    /** @throws IllegalArgumentException naming {@code ceip.consent.query} when {@code sql} is no single SELECT */
    public ProductConsentQuery(DataSource dataSource, String sql, int timeoutSeconds) {
        SqlText.problem(sql).ifPresent(problem -> {
            throw new IllegalArgumentException("ceip.consent.query: " + problem);
        });
        this.dataSource = dataSource;
        this.sql = sql;
        this.timeoutSeconds = timeoutSeconds;
    }

    @Override
    public Optional<ConsentLevel> read() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setReadOnly(true);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setQueryTimeout(timeoutSeconds);
                statement.setMaxRows(1);
                try (ResultSet rows = statement.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    String value = BoundedText.read(rows, 1, MAX_CHARS + 1);
                    if (value == null) {
                        return Optional.empty();
                    }
                    if (value.length() > MAX_CHARS) {
                        throw new IllegalArgumentException("the consent setting's value is longer than " + MAX_CHARS);
                    }
                    return Optional.of(interpret(value));
                }
            }
        }
    }

    /**
     * The longest one read can wait on a server that stops answering, once connected: the read-only session's
     * statement and its own, each with its timeout plus the network timeout's grace, and the rollback's grace.
     */
    public Duration longestRead() {
        return Duration.ofSeconds(timeoutSeconds).plus(NetworkTimeouts.GRACE).multipliedBy(2)
                .plus(NetworkTimeouts.GRACE);
    }

    static ConsentLevel interpret(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "0", "false", "no", "disabled" -> ConsentLevel.OFF;
            case "1", "true", "yes", "enabled" -> ConsentLevel.BASIC;
            default -> ConsentLevel.parse(text);
        };
    }
}
