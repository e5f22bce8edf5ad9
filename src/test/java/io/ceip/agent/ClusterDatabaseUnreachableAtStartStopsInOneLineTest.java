package io.ceip.agent;

import io.ceip.agent.support.AgentStarts;
import io.ceip.agent.support.FreePort;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster database that refuses connections at start (review s19 F3a: the start ended with the driver's exception,
 * naming no setting): the start stops with one line naming {@code ceip.cluster.database.url}, as much of the URL as
 * surely carries no credential (review s20 cluster H2: a URL with user information is shown as its prefix only,
 * whatever its password holds), the error's class and SQLSTATE, and no password.
 */
class ClusterDatabaseUnreachableAtStartStopsInOneLineTest {

    @TempDir
    Path dir;

    @Test
    void theStartStopsInOneLineNamingTheSettingWithoutSecrets() throws Exception {
        int closed = FreePort.next();
        String url = "jdbc:postgresql://127.0.0.1:" + closed + "/cluster?user=admin&password=Url-Secret-2";
        AgentStarts.assertStartStopsSaying(AgentStarts.agent(dir, null, Map.of("ceip.cluster.enabled", "true",
                "ceip.cluster.database.url", url, "ceip.cluster.database.password", "Cluster-Secret-3",
                "ceip.database.login-timeout", "PT2S")),
                "ceip.cluster.database.url (jdbc:postgresql://127.0.0.1:" + closed + "/cluster): cannot prepare the"
                        + " cluster database (PSQLException, SQLSTATE 08001); the agent stops",
                "Url-Secret-2", "Cluster-Secret-3");
    }

    /** A password in the user information holding '/' was shown whole by the former blacklist (review s20 H2). */
    @Test
    void aUrlWithUserInformationIsShownAsItsPrefixOnly() throws Exception {
        int closed = FreePort.next();
        String url = "jdbc:postgresql://admin:Url/Secret-1@127.0.0.1:" + closed + "/cluster";
        AgentStarts.assertStartStopsSaying(AgentStarts.agent(dir, null, Map.of("ceip.cluster.enabled", "true",
                "ceip.cluster.database.url", url, "ceip.database.login-timeout", "PT2S")),
                "ceip.cluster.database.url (jdbc:postgresql:…): cannot prepare the cluster database (PSQLException,"
                        + " SQLSTATE 99999); the agent stops",
                "Secret-1", "admin");
    }
}
