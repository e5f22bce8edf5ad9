package io.ceip.agent;

import io.ceip.agent.CommandLineRun.Result;
import io.ceip.agent.support.TestCertificates;
import io.ceip.agent.support.TestHttpsServer;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.ceip.agent.CommandLineRun.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no agent running (the daily timer's {@code send}), a withdrawal made with {@code consent off} used to leave the
 * kept reports on disk for as long as consent stayed off: {@code send} at off replayed nothing, and only the next
 * {@code send} after consent was given again deleted them (newcomer s21). Now {@code send} at off runs the replay,
 * whose consent gate deletes each unsent (audited), and no connection is made.
 */
class SendAtConsentOffDeletesTheKeptReportsTest {

    private static final TestCertificates CERTIFICATES = TestCertificates.localhost();

    @TempDir
    Path dir;

    private final TestHttpsServer collector = TestHttpsServer.start(CERTIFICATES, 0);

    @AfterEach
    void stop() {
        System.clearProperty("ceip.config");
        collector.close();
    }

    @Test
    void theTimersSendAtOffDeletesWhatWasKeptAndSendsNothing() throws Exception {
        Path data = dir.resolve("data");
        System.setProperty("ceip.config", Files.writeString(dir.resolve("application.properties"), String.join("\n",
                "ceip.data.directory=" + data, "ceip.consent.default=basic", "ceip.database.demo-data=false",
                "ceip.database.url=jdbc:h2:mem:send-off-" + UUID.randomUUID(), "ceip.collector.enabled=false",
                "ceip.retry.max-redeliveries=0", "ceip.endpoint.url=" + collector.url(),
                "ceip.endpoint.trust-store=" + CERTIFICATES.writePem(dir.resolve("trusted.pem")), "")).toString());
        collector.reply(Reply.status(503));
        Result unreachable = run("send");
        assertThat(unreachable.code()).as(unreachable.err()).isEqualTo(3);
        assertThat(kept(data)).hasSize(1);

        assertThat(run("consent", "off").code()).isZero();
        Result off = run("send");

        assertThat(off.code()).as(off.err()).isEqualTo(5);
        assertThat(off.out().strip()).isEqualTo("Nothing sent: consent is off (from runtime-setting); 1 kept report"
                + " deleted unsent (consent withdrawn)");
        assertThat(kept(data)).as("nothing kept of what was withdrawn").isEmpty();
        assertThat(collector.received()).as("only the first send's attempt").hasSize(1);
        assertThat(Files.readAllLines(data.resolve("consent-audit.log")))
                .anyMatch(line -> line.contains(" basic -> off source=runtime-setting"))
                .anyMatch(line -> line.contains(" deleted unsent: "));
    }

    /** The reports in the dead-letter store (its gzip bodies). */
    private static java.util.List<Path> kept(Path data) throws Exception {
        try (Stream<Path> files = Files.list(data.resolve("dead-letter"))) {
            return files.filter(file -> file.getFileName().toString().endsWith(".gz")).toList();
        }
    }
}
