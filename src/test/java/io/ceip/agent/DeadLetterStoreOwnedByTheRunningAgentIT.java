package io.ceip.agent;

import io.ceip.agent.outbox.StoreOwnership;
import io.ceip.agent.support.ShippedFiles;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two real processes on one dead-letter store (review s20 H1): the running agent owns it ({@code dead-letter/store.lock},
 * locked by the operating system); a {@code ceip-agent send} beside it does not, so it neither checks the store at its
 * start (a leftover temporary file planted after the agent's start stays) nor replays the agent's reports; it stores
 * its own report, says where, and ends.
 */
class DeadLetterStoreOwnedByTheRunningAgentIT {

    @TempDir
    Path workDir;

    @Test
    void aSendBesideTheRunningAgentLeavesItsStoreToIt() throws Exception {
        ShippedFiles.copyTo(workDir);
        Path store = Files.createDirectories(workDir.resolve("data/dead-letter")); // a store that exists: owned at start
        Map<String, String> environment = Map.of("CEIP_CONSENT_DEFAULT", "basic", "CEIP_COLLECTOR_ENABLED", "false",
                "CEIP_DATABASE_DEMO_DATA", "false", "CEIP_SCHEDULE_ENABLED", "false",
                "CEIP_ENDPOINT_URL", "https://127.0.0.1:9/v1/reports", "CEIP_RETRY_MAX_REDELIVERIES", "0");
        Path agentLog = workDir.resolve("agent.log");
        ProcessBuilder builder = CommandLineRun.process(workDir, environment, "run");
        Process agent = builder.redirectErrorStream(true).redirectOutput(agentLog.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.readString(agentLog).contains("(ceip-agent) started"));
            assertThat(store.resolve(StoreOwnership.NAME)).isRegularFile();
            Path leftover = Files.writeString(store.resolve("." + UUID.randomUUID() + ".meta.json.tmp"), "{\"half\":");
            Files.setLastModifiedTime(leftover, FileTime.from(Instant.now().minus(Duration.ofHours(1))));

            Process send = CommandLineRun.process(workDir, environment, "send").start();
            String out = new String(send.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(send.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(send.waitFor(120, TimeUnit.SECONDS)).isTrue();

            assertThat(send.exitValue()).as(out + err).isEqualTo(3);
            // no demo data: the product database's file does not exist (the agent makes none), and the line says partial
            assertThat(out.strip()).endsWith("; stored for retry (partial: 1 failure: database connection; see the log)");
            assertThat(err).doesNotContain("Waiting for the dead-letter store");
            assertThat(leftover).as("the send did not check the agent's store at its start").exists();
            try (Stream<Path> bodies = Files.list(store).filter(p -> p.toString().endsWith(".json.gz"))) {
                assertThat(bodies).as("the send's own report, stored").hasSize(1);
            }
            assertThat(agent.isAlive()).isTrue();
        } finally {
            agent.destroy();
            if (!agent.waitFor(60, TimeUnit.SECONDS)) {
                agent.destroyForcibly();
            }
        }
    }
}
