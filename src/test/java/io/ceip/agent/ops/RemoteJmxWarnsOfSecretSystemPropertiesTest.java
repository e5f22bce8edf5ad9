package io.ceip.agent.ops;

import io.ceip.agent.support.LogCapture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A secret setting given as a system property ({@code -Dceip.endpoint.token=…}, which the configuration accepts) is
 * read by every remote JMX user, {@code readonly} ones too ({@code java.lang:type=Runtime}: the JVM's arguments and
 * system properties, which the access file cannot hide): the start of remote JMX warns, naming the setting only, as
 * it warns of {@code javax.net.ssl.keyStorePassword}. It said nothing.
 */
class RemoteJmxWarnsOfSecretSystemPropertiesTest {

    private static final String SECRET = "s22-t0ken-in-a-system-property";

    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        System.clearProperty("ceip.endpoint.token");
    }

    @Test
    void aSecretSystemPropertyIsNamedNeverShown() throws Exception {
        Path passwords = Files.writeString(dir.resolve("jmx.password"), "viewer v1ewer-pass\n");
        Files.setPosixFilePermissions(passwords, PosixFilePermissions.fromString("rw-------"));
        Path access = Files.writeString(dir.resolve("jmx.access"), "viewer readonly\n");
        RemoteJmxServer server = new RemoteJmxServer("127.0.0.1", io.ceip.agent.support.FreePort.next(),
                new JmxLoginFiles(passwords, access), null);
        System.setProperty("ceip.endpoint.token", SECRET);
        try (LogCapture log = LogCapture.attach()) {
            server.start();
            try {
                assertThat(log.shown()).contains("ceip.endpoint.token is a system property: every remote JMX user"
                        + " can read it").doesNotContain(SECRET);
            } finally {
                server.stop();
            }
        }
    }
}
