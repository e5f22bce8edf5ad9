package io.ceip.agent.privacy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
 * it is the only statement the agent runs when consent is off.
 */
public final class ProductConsentQuery implements ProductConsentSetting {

    private final DataSource dataSource;
    private final String sql;
    private final int timeoutSeconds;

    public ProductConsentQuery(DataSource dataSource, String sql, int timeoutSeconds) {
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
                    if (!rows.next() || rows.getObject(1) == null) {
                        return Optional.empty();
                    }
                    return Optional.of(interpret(rows.getString(1)));
                }
            }
        }
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
