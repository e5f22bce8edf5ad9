package io.ceip.agent;

import io.ceip.agent.support.AgentStarts;
import io.ceip.agent.support.FreePort;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster database that refuses connections at start (review s19 F3a: the start ended with the driver's exception,
 * naming no setting): the start stops with one line naming {@code ceip.cluster.database.url}, the URL without its
 * user information or parameters, the error's class and SQLSTATE, and no password.
 */
class ClusterDatabaseUnreachableAtStartStopsInOneLineTest {

    @TempDir
    Path dir;

    @Test
    void theStartStopsInOneLineNamingTheSettingWithoutSecrets() throws Exception {
        int closed = FreePort.next();
        String url = "jdbc:postgresql://admin:Url-Secret-1@127.0.0.1:" + closed + "/cluster?password=Url-Secret-2";
        AgentStarts.assertStartStopsSaying(AgentStarts.agent(dir, null, Map.of("ceip.cluster.enabled", "true",
                "ceip.cluster.database.url", url, "ceip.cluster.database.password", "Cluster-Secret-3",
                "ceip.database.login-timeout", "PT2S")),
                "ceip.cluster.database.url (jdbc:postgresql://127.0.0.1:" + closed + "/cluster): cannot prepare the"
                        + " cluster database (PSQLException, SQLSTATE 08001); the agent stops",
                "Url-Secret-1", "Url-Secret-2", "Cluster-Secret-3");
    }
}
