package io.ceip.agent;

import io.ceip.agent.support.MariaDbEngine;
import io.ceip.agent.support.ProductEngine;

/** The engine suite on MariaDb (see {@link EngineCollectionTestSupport}). */
class EngineCollectionOnMariaDbTest extends EngineCollectionTestSupport {

    @Override
    protected ProductEngine seed() {
        return MariaDbEngine.seeded();
    }
}
