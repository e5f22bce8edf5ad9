package io.ceip.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.CommandLineRun.Result;
import io.ceip.agent.support.FreePort;
import io.ceip.agent.support.ShippedFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent as processes on the shipped demo configuration: once a {@code send} has made the data directory (the
 * demo database file, installation ID, ledger, the embedded collector's files) and some of it was left open to other
 * users, {@code preview} and {@code status} leave every path in it as it was — content, size, modification time and
 * permissions — and {@code export} changes the ledger alone (one line more); the demo database is read, not written.
 */
class PreviewStatusExportLeaveTheDataDirectoryIT {

    @TempDir
    Path workDir;

    @Test
    void previewStatusAndExportLeaveEveryFileOfTheDataDirectoryAsItWas() throws Exception {
        ShippedFiles.copyTo(workDir);
        int port = FreePort.next();
        Map<String, String> env = Map.of("CEIP_COLLECTOR_PORT", Integer.toString(port),
                "CEIP_ENDPOINT_URL", "https://localhost:" + port + "/v1/reports");
        assertThat(run(env, "send").code()).as("the first report, delivered to the embedded collector").isZero();
        Path data = workDir.resolve("data");
        assertThat(data.resolve("demo-product.mv.db")).exists();
        // open to others, as a copy or an administrator may leave them: preview, status and export must not tighten
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data.resolve("ledger.log"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(data.resolve("demo-product.mv.db"), PosixFilePermissions.fromString("rw-r--r--"));
        Map<String, String> before = snapshot(data);

        Result preview = run(env, "preview");
        assertThat(preview.code()).as(preview.err()).isZero();
        assertThat(new ObjectMapper().readTree(preview.out()).at("/usage/hosts").asLong())
                .as("the demo database file, read").isEqualTo(12);
        assertThat(snapshot(data)).as("after preview").isEqualTo(before);

        Result status = run(env, "status");
        assertThat(status.code()).as(status.err()).isZero();
        assertThat(snapshot(data)).as("after status").isEqualTo(before);

        Result export = run(env, "export", workDir.resolve("report.gz").toString());
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(export.out().lines()).as("its own line only").singleElement().asString().startsWith("Report ");
        Map<String, String> after = snapshot(data);
        assertThat(after.get("ledger.log")).as("the ledger, one line more").isNotEqualTo(before.get("ledger.log"))
                .startsWith("file rw-r--r--");
        assertThat(Files.readString(data.resolve("ledger.log")).lines().reduce((first, second) -> second)
                .orElseThrow()).contains("outcome=EXPORTED");
        // an export is a report made: its time is the last report's (the next start's decision on a start-up
        // report), replaced atomically, so the directory's own time moves; its permissions do not
        assertThat(Instant.parse(Files.readString(data.resolve("last-report")).strip()))
                .as("the exported report's time").isAfter(Instant.parse(before.get("").split(" ")[3]));
        assertThat(after.get("")).startsWith("dir rwxr-xr-x ");
        for (String changed : List.of("ledger.log", "last-report", "")) {
            after.remove(changed);
            before.remove(changed);
        }
        assertThat(after).as("after export, the ledger and the last report's time aside").isEqualTo(before);
    }

    /** Every path under {@code root}: its type, permissions, size, modification time and content hash. */
    private static Map<String, String> snapshot(Path root) throws Exception {
        Map<String, String> paths = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path path : all.toList()) {
                PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                String content = attributes.isRegularFile() ? HexFormat.of().formatHex(MessageDigest
                        .getInstance("SHA-256").digest(Files.readAllBytes(path))) : "";
                paths.put(root.relativize(path).toString(), (attributes.isDirectory() ? "dir " : "file ")
                        + PosixFilePermissions.toString(attributes.permissions()) + " " + attributes.size() + " "
                        + attributes.lastModifiedTime().toInstant() + " " + content);
            }
        }
        return paths;
    }

    /** The agent from the test's class path in {@code workDir}, with the shipped logging; waits for its end. */
    private Result run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        Process process = CommandLineRun.process(workDir, environment, args).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as(String.join(" ", args) + " ends").isTrue();
        return new Result(process.exitValue(), out, err);
    }
}
