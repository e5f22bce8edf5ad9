package io.ceip.agent;

import io.ceip.agent.collect.CollectionConnection;
import io.ceip.agent.collect.DriverManagerDataSource;
import io.ceip.agent.collect.EmbeddedDatabaseFiles;
import io.ceip.agent.collect.NetworkTimeouts;
import io.ceip.agent.config.Settings;

import javax.sql.DataSource;

/**
 * The collect stage: the product database, read through a {@link CollectionConnection} (read-only, with a query
 * timeout, a budget and a row limit), bound as {@code ceipDataSource}.
 */
final class CollectConfiguration {

    private CollectConfiguration() {
    }

    static CollectionConnection configure(Wiring wiring) {
        Settings settings = wiring.settings();
        String databaseUrl = settings.string("ceip.database.url");
        // the product's embedded H2 file is opened only if it exists: a typo in its path never makes a database
        String connectUrl = settings.bool("ceip.database.demo-data") ? databaseUrl
                : EmbeddedDatabaseFiles.existingOnly(databaseUrl);
        DriverManagerDataSource productDatabase = new DriverManagerDataSource(connectUrl,
                settings.optional("ceip.database.user").orElse(null),
                settings.optional("ceip.database.password").orElse(null),
                (int) settings.duration("ceip.database.login-timeout").toSeconds(),
                // H2 over TCP takes a read timeout only when connecting: the longest statement's, plus the grace
                NetworkTimeouts.millis(settings.number("ceip.collect.query-timeout") * 1000));
        if (!settings.bool("ceip.database.demo-data")) { // the product's H2 file: through the product's server only
            productDatabase = productDatabase.servedOnly();
        }
        // an embedded H2 file under the data directory gets a 0700 directory and 0600 files (H2 uses the umask);
        // preview and export open it read-only and leave it as it is
        DataSource seeded = DemoConfiguration.database(wiring, productDatabase);
        DataSource dataSource = wiring.readsOnly() ? seeded
                : EmbeddedDatabaseFiles.ownerOnly(seeded, databaseUrl, wiring.dataDirectory());
        CollectionConnection database = new CollectionConnection(dataSource,
                (int) settings.number("ceip.collect.query-timeout"), settings.duration("ceip.collect.budget"),
                (int) settings.number("ceip.collect.max-rows"), wiring.clock());
        wiring.bind("ceipDataSource", database);
        return database;
    }
}
