package io.ceip.agent;

import io.ceip.agent.support.H2Engine;
import io.ceip.agent.support.ProductEngine;

/** The engine suite on H2 (see {@link EngineCollectionTestSupport}). */
class EngineCollectionOnH2Test extends EngineCollectionTestSupport {

    @Override
    protected ProductEngine seed() {
        return H2Engine.seeded();
    }
}
