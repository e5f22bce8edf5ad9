package io.ceip.agent;

import static io.ceip.agent.CommandLineRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.agent.CommandLineRun.Result;
import io.ceip.agent.support.StoredBodies;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} says what the dead-letter store keeps but no replay of this version sends: the pending reports over
 * {@code ceip.report.max-bytes} now, and the entries a later version of the agent kept (after going back to an earlier
 * version), each counted in the store's line; a store without them has the line as before.
 */
class StatusSaysWhatTheStoreKeepsUnsentTest {

    static final String BIG = "aaaaaaaa-1111-4111-8111-111111111111";
    static final String SMALL = "cccccccc-3333-4333-8333-333333333333";
    static final String LATER = "bbbbbbbb-2222-4222-8222-222222222222";

    @TempDir
    Path dir;

    @AfterEach
    void forgetTheConfiguration() {
        System.clearProperty("ceip.config");
    }

    /**
     * In the store {@code store} (made): {@link #BIG}, pending and over a limit of 100 bytes; {@link #SMALL}, pending
     * within it; {@link #LATER}, kept by a later version (metadata version 3). Answers {@code store}.
     */
    static Path plantOneOfEach(Path store) throws java.io.IOException {
        Files.createDirectories(store);
        byte[] random = new byte[200];
        new Random(7).nextBytes(random);
        StoredBodies.plant(store, BIG, "2026-11-20T10:00:00Z", StoredBodies.of(BIG, "\"pad\":\""
                + HexFormat.of().formatHex(random) + "\""));
        StoredBodies.plant(store, SMALL, "2026-11-20T10:01:00Z", StoredBodies.of(SMALL));
        Files.write(store.resolve(LATER + ".json.gz"), StoredBodies.of(LATER));
        Files.writeString(store.resolve(LATER + ".meta.json"), "{\"reportId\":\"" + LATER + "\",\"created\":"
                + "\"2026-11-20T10:02:00Z\",\"attempts\":0,\"state\":\"pending\",\"version\":3,\"keptBy\":\"v9\"}");
        return store;
    }

    @Test
    void theStoresLineCountsThem() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path store = plantOneOfEach(data.resolve("dead-letter"));
        Path config = Files.writeString(dir.resolve("application.properties"), String.join("\n",
                "ceip.data.directory=" + data, "ceip.database.url=jdbc:h2:mem:status-" + UUID.randomUUID(),
                "ceip.collector.enabled=false", "ceip.report.max-bytes=100", ""));
        System.setProperty("ceip.config", config.toString());

        Result result = run("status");

        assertThat(result.code()).isZero();
        assertThat(result.out().lines().filter(line -> line.startsWith("dead letters:"))).singleElement()
                .asString().contains("2 pending, 0 rejected, ")
                .endsWith(" bytes, in " + store.toAbsolutePath() + "; 1 pending over ceip.report.max-bytes (100), kept,"
                        + " not sent; 1 kept by a later version of the agent (metadata version 3; this version reads"
                        + " 1), left as they are, not sent, for that version to send when it runs again");
        assertThat(store.resolve(LATER + ".meta.json")).as("status changes nothing").exists();

        Files.delete(store.resolve(BIG + ".meta.json"));
        Files.delete(store.resolve(BIG + ".json.gz"));
        Files.delete(store.resolve(LATER + ".meta.json"));
        assertThat(run("status").out().lines().filter(line -> line.startsWith("dead letters:"))).singleElement()
                .asString().endsWith(" bytes, in " + store.toAbsolutePath());
    }
}
