package io.ceip.agent;

import io.ceip.agent.delivery.GzipDataFormat;
import io.ceip.agent.files.OwnerOnlyFiles;
import io.ceip.agent.ops.AgentManagement;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;
import io.ceip.agent.support.StoredBodies;
import io.ceip.agent.support.TestHttpsServer.Received;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files planted in the dead-letter store that it did not write — links, a fifo, garbage and undecodable names, a
 * directory with a report's name, metadata out of range, another owner's file, a {@code quarantine} that is a link —
 * are quarantined at start, one line each and counted, never read, followed nor sent; the start is not blocked, and a
 * good entry beside them is delivered.
 */
class DeadLetterHostileFilesTest extends AgentTestSupport {

    private static final String GOOD = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static final String MARKER = "MARKER-outside-the-store-never-sent";
    private static final FileTime LONG_AGO = FileTime.fromMillis(1_000_000_000_000L);

    private final LogCapture log = LogCapture.attach();
    /**
     * For each planted thing, the part of its one quarantine line that names it and what is wrong (made by
     * {@link #overrides()}, which the test support calls from its constructor, before field initialisers).
     */
    private List<String> expected;
    private Path outside;
    private Path marker;
    private Path hardLinked;
    private Path linkedDirectory;
    private int id;

    @AfterEach
    void closeLog() {
        log.close();
    }

    @Override
    protected Properties overrides() {
        try {
            plant(Files.createDirectories(dataDirectory().resolve("dead-letter")));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new Properties();
    }

    private void plant(Path store) throws Exception {
        expected = new ArrayList<>();
        outside = newTempDirectory();
        byte[] markerReport = GzipDataFormat.gzip(("{\"reportId\":\"x\",\"note\":\"" + MARKER + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        marker = Files.write(outside.resolve("marker.json.gz"), markerReport);
        hardLinked = Files.write(outside.resolve("hard.json.gz"), markerReport);
        linkedDirectory = Files.createDirectory(outside.resolve("elsewhere"));
        for (Path file : List.of(marker, hardLinked)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            Files.setLastModifiedTime(file, LONG_AGO);
        }
        byte[] body = StoredBodies.of(GOOD);
        write(store, GOOD, body, meta(GOOD, "1"));

        notItsReport(store, GzipDataFormat.gzip(("{\"note\":\"" + MARKER + "\"}").getBytes(StandardCharsets.UTF_8)),
                "body has no reportId");
        notItsReport(store, body, "body is another report's");
        notItsReport(store, GzipDataFormat.gzip("[1,2]".getBytes(StandardCharsets.UTF_8)), "body is not a JSON object");
        notItsReport(store, GzipDataFormat.gzip("<html>".getBytes(StandardCharsets.UTF_8)),
                "body is not one JSON object");
        notItsReport(store, bomb(), "body is beyond a report's bounds (67108864 bytes of JSON, its depth, a number's,"
                + " a name's or reportId's length)");

        String symlinkBody = next();
        Files.writeString(store.resolve(symlinkBody + ".meta.json"), meta(symlinkBody, "1"));
        Files.createSymbolicLink(store.resolve(symlinkBody + ".json.gz"), marker);
        entry(symlinkBody, "body is a symbolic link");

        String symlinkMeta = next();
        Files.write(store.resolve(symlinkMeta + ".json.gz"), body);
        Files.createSymbolicLink(store.resolve(symlinkMeta + ".meta.json"),
                Files.writeString(outside.resolve("meta.json"), meta(symlinkMeta, "1")));
        entry(symlinkMeta, "metadata is a symbolic link");

        String hardLink = next();
        Files.writeString(store.resolve(hardLink + ".meta.json"), meta(hardLink, "1"));
        Files.createLink(store.resolve(hardLink + ".json.gz"), hardLinked);
        entry(hardLink, "body is a hard link (2 names)");

        String fifoBody = next();
        Files.writeString(store.resolve(fifoBody + ".meta.json"), meta(fifoBody, "1"));
        fifo(store.resolve(fifoBody + ".json.gz"));
        entry(fifoBody, "body is a fifo, socket or device");

        fifo(store.resolve("fifo"));
        stray("'fifo'");

        Process undecodable = new ProcessBuilder("sh", "-c",
                "printf '{}' > \"$1\"/\"$(printf '\\377\\376')\".meta.json", "sh", store.toString()).start();
        assertThat(undecodable.waitFor()).isZero();
        stray("'\uFFFD\uFFFD.meta.json'");

        Files.write(store.resolve("evil\nname\u0007.json.gz"), body);
        stray("'evil\\nname\\u0007.json.gz'");

        Files.writeString(store.resolve("a".repeat(240) + ".meta.json"), meta(GOOD, "1"));
        stray("'" + "a".repeat(120) + "…'");

        String directoryMeta = next();
        Files.write(store.resolve(directoryMeta + ".json.gz"), body);
        Files.writeString(Files.createDirectory(store.resolve(directoryMeta + ".meta.json")).resolve("inside"), "x");
        entry(directoryMeta, "metadata is a directory");

        Path temporaryDirectory = Files.createDirectory(store.resolve("." + next() + ".meta.json.tmp"));
        Files.writeString(temporaryDirectory.resolve("inside"), "x");
        expected.add("'" + temporaryDirectory.getFileName() + "' quarantined (a directory)");

        outOfRange(store, body, "\"attempts\":-3", "attempts -3 outside 0-1000000");
        outOfRange(store, body, "\"attempts\":2000000", "attempts 2000000 outside 0-1000000");
        outOfRange(store, body, "\"attempts\":99999999999", "metadata does not parse");
        outOfRange(store, body, "\"created\":\"yesterday\"", "created is not an ISO-8601 time");
        outOfRange(store, body, "\"state\":\"sent\"", "state is neither pending nor rejected");
        outOfRange(store, body, "\"lastStatus\":\"HTTP 500\\nWARN forged log line\"",
                "lastStatus is not a short line of text");
        outOfRange(store, body, "\"withdrawalSeen\":\"later\\nWARN forged\"",
                "withdrawalSeen is not an ISO-8601 time");

        String notThisReport = next();
        write(store, notThisReport, body, meta("not-a-uuid", "1"));
        entry(notThisReport, "metadata of another report");

        Files.write(store.resolve("0123456789abcdef0123456789abcdef0123.json.gz"), body);
        Files.writeString(store.resolve("0123456789abcdef0123456789abcdef0123.meta.json"),
                meta("0123456789abcdef0123456789abcdef0123", "1"));
        stray("'0123456789abcdef0123456789abcdef0123.json.gz'");
        stray("'0123456789abcdef0123456789abcdef0123.meta.json'");

        String hugeBody = next();
        Files.writeString(store.resolve(hugeBody + ".meta.json"), meta(hugeBody, "1"));
        sparse(store.resolve(hugeBody + ".json.gz"), 17 * 1024 * 1024);
        entry(hugeBody, "body is 17825792 bytes, more than 16777216");

        String hugeMeta = next();
        Files.write(store.resolve(hugeMeta + ".json.gz"), body);
        sparse(store.resolve(hugeMeta + ".meta.json"), 70_000);
        entry(hugeMeta, "metadata is 70000 bytes, more than 65536");

        if (OwnerOnlyFiles.currentUid() == 0) {
            String foreign = next();
            write(store, foreign, body, meta(foreign, "1"));
            Files.setAttribute(store.resolve(foreign + ".json.gz"), "unix:uid", 4242, LinkOption.NOFOLLOW_LINKS);
            entry(foreign, "body is owned by uid 4242, not by the agent's user");
        }

        Files.createSymbolicLink(store.resolve("quarantine"), linkedDirectory);
        expected.add("('quarantine' was a symbolic link)");
    }

    @Test
    void whatTheStoreDidNotWriteIsQuarantinedOneLineEachAndTheGoodEntryIsDelivered() throws Exception {
        Path store = dataDirectory().resolve("dead-letter");
        List<String> lines = log.all().lines().filter(line -> line.contains("; it is never read nor sent")).toList();
        assertThat(lines).hasSize(expected.size());
        for (String part : expected) {
            assertThat(lines).as(part).filteredOn(line -> line.contains(part)).hasSize(1);
        }
        assertThat(log.all()).contains("Dead-letter store: " + expected.size()
                + " entries or stray files quarantined in " + store.resolve("quarantine") + "; never sent");
        assertThat(Files.isDirectory(store.resolve("quarantine"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(context.getRegistry().lookupByNameAndType("agentManagement", AgentManagement.class)
                .getDeadLetterQuarantined()).isEqualTo(expected.size());

        int delivered = replayDeadLetters();

        assertThat(delivered).isEqualTo(1);
        assertThat(server().received()).extracting(r -> r.header("Idempotency-Key")).containsExactly(GOOD);
        assertThat(server().received()).extracting(Received::json).noneMatch(json -> json.contains(MARKER));
        try (Stream<Path> left = Files.list(store)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("quarantine", io.ceip.agent.outbox.StoreOwnership.NAME);
        }
        for (Path outsideFile : List.of(marker, hardLinked)) {
            assertThat(GzipDataFormat.gunzip(Files.readAllBytes(outsideFile))).asString().contains(MARKER);
            assertThat(Files.getLastModifiedTime(outsideFile)).isEqualTo(LONG_AGO);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(outsideFile)))
                    .as("never tightened through a link").isEqualTo("rw-r--r--");
        }
        assertThat(linkedDirectory).as("nothing moved through the link named quarantine").isEmptyDirectory();
        assertThat(deadLetters().entries()).isEmpty();
    }

    /** An entry whose metadata is right and whose body is not its report. */
    private void notItsReport(Path store, byte[] body, String problem) throws Exception {
        String reportId = next();
        write(store, reportId, body, meta(reportId, "1"));
        entry(reportId, problem);
    }

    /** Gzip of a report that would fill more than 64 MiB: a decompression bomb of about 70 KiB. */
    private static byte[] bomb() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write("{\"reportId\":\"x\",\"pad\":\"".getBytes(StandardCharsets.UTF_8));
            byte[] letters = new byte[1024 * 1024];
            Arrays.fill(letters, (byte) 'a');
            for (int i = 0; i < 65; i++) {
                out.write(letters);
            }
        }
        return bytes.toByteArray();
    }

    private void outOfRange(Path store, byte[] body, String field, String problem) throws Exception {
        String reportId = next();
        String meta = meta(reportId, "1");
        String name = field.substring(1, field.indexOf('"', 1));
        meta = meta.replaceFirst("\"" + name + "\":(\"[^\"]*\"|\\d+)", java.util.regex.Matcher.quoteReplacement(field));
        if (!meta.contains(field)) {
            meta = meta.replace("}", "," + field + "}");
        }
        write(store, reportId, body, meta);
        entry(reportId, problem);
    }

    private void entry(String reportId, String problem) {
        expected.add("entry " + reportId + " quarantined (" + problem + ")");
    }

    private void stray(String shownName) {
        expected.add(shownName + " quarantined as stray-");
    }

    private String next() {
        id++;
        return String.format("%08d-0000-4000-8000-%012d", id, id);
    }

    private static void write(Path store, String reportId, byte[] body, String meta) throws Exception {
        Files.write(store.resolve(reportId + ".json.gz"), body);
        Files.writeString(store.resolve(reportId + ".meta.json"), meta);
    }

    private static String meta(String reportId, String version) {
        return "{\"reportId\":\"" + reportId + "\",\"created\":\"2026-11-20T10:00:00Z\",\"attempts\":1,"
                + "\"state\":\"pending\",\"version\":" + version + "}";
    }

    private static void sparse(Path file, long size) throws Exception {
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(size);
        }
    }

    private static void fifo(Path path) throws Exception {
        assertThat(new ProcessBuilder("mkfifo", path.toString()).start().waitFor()).isZero();
    }
}
