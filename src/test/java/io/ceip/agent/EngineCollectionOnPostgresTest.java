package io.ceip.agent;

import io.ceip.agent.support.PostgresEngine;
import io.ceip.agent.support.ProductEngine;

/** The engine suite on Postgres (see {@link EngineCollectionTestSupport}). */
class EngineCollectionOnPostgresTest extends EngineCollectionTestSupport {

    @Override
    protected ProductEngine seed() {
        return PostgresEngine.seeded();
    }
}
