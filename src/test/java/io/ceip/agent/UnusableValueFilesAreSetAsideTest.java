package io.ceip.agent;

import io.ceip.agent.collect.InstallationId;
import io.ceip.agent.files.DataDirectoryPermissions;
import io.ceip.agent.files.FileStateStore;
import io.ceip.agent.privacy.Pseudonyms;
import io.ceip.agent.support.LogCapture;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The installation ID and the pseudonym salt follow one rule, whatever is at their file's name: what cannot be used
 * (a link to a file or to a directory, a dangling link, a directory, a fifo, a file of 100 KB, garbage, an empty file,
 * one the agent may not read) stops nothing and is never followed nor opened. One WARN line names the file and what
 * is wrong; a new value is made in memory (nothing written: a status or a preview changes nothing); the next report
 * stored renames the entry itself to {@code <name>.unusable-<time>} (a link still pointing where it did, its target
 * untouched, a directory with its content, nothing deleted) and keeps the new value in a regular {@code 0600} file.
 * Before, a link, directory, fifo or a file over 4 KiB stopped run, status, preview and send with one line until
 * someone acted, while a small garbage file was replaced with a warning.
 */
class UnusableValueFilesAreSetAsideTest {

    private static final String STORED = "3f2b8c1e-6a4d-4e0f-9b7a-1c2d3e4f5a6b";

    @TempDir
    Path data;

    @TempDir
    Path outside;

    enum Kind {
        LINK_TO_A_FILE("a symbolic link, not a regular file"),
        LINK_TO_A_DIRECTORY("a symbolic link, not a regular file"),
        DANGLING_LINK("a symbolic link, not a regular file"),
        DIRECTORY("a directory, not a regular file"),
        FIFO("a fifo, socket or device, not a regular file"),
        FILE_OF_100_KB("102400 bytes, more than 4096"),
        GARBAGE(null),
        EMPTY(null),
        NOT_READABLE("not readable by the agent's user");

        final String why;

        Kind(String why) {
            this.why = why;
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void anInstallationIdFileThatCannotBeUsedIsSetAsideByTheNextReport(Kind kind) throws Exception {
        Path file = data.resolve(InstallationId.NAME);
        Planted planted = plant(kind, file, STORED);
        if (planted.readable) { // NOT_READABLE as root: the file is read like any other
            assertThat(new InstallationId(file).get()).hasToString(STORED);
            return;
        }
        String why = kind.why != null ? kind.why : kind == Kind.EMPTY ? "empty, not a UUID" : "not a UUID";
        try (LogCapture log = LogCapture.attach()) {
            InstallationId id = new InstallationId(file);
            UUID made = id.get();

            assertThat(made.version()).isEqualTo(4);
            assertThat(id.get()).isEqualTo(made);
            assertThat(id.existing()).isEmpty();
            assertThat(id.unusable()).contains(why);
            planted.assertUnchanged(file);
            assertThat(aside(InstallationId.NAME)).as("nothing set aside before a report is stored").isEmpty();

            id.persist();

            assertThat(id.get()).isEqualTo(made);
            assertThat(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)).isTrue();
            assertThat(Files.readString(file)).isEqualTo(made + "\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(aside(InstallationId.NAME)).singleElement().satisfies(planted::assertUnchanged);
            assertThat(new InstallationId(file).get()).as("kept from then on").isEqualTo(made);
            assertThat(log.all().lines().filter(line -> line.contains(InstallationId.NAME))).containsExactly(
                    "io.ceip.agent.collect.InstallationId " + file + ": " + why + ": not used; a new installation ID"
                            + " is made, and the next report stored sets the file aside (renamed installation-id"
                            + ".unusable-<time>, never deleted) and keeps the new one in its place (the vendor will"
                            + " see a new installation)",
                    "io.ceip.agent.files.FileStateStore " + file + " set aside as " + aside(InstallationId.NAME).get(0)
                            .getFileName() + ": it could not be used; a new value takes its place");
        }
        try (LogCapture log = LogCapture.attach()) {
            DataDirectoryPermissions.tighten(List.of(data));
            assertThat(log.all()).as("what was set aside is the agent's: the directory is not taken for shared")
                    .doesNotContain("is not the agent's alone");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aPseudonymSaltFileThatCannotBeUsedIsSetAsideByTheNextReport(Kind kind) throws Exception {
        Path file = data.resolve(Pseudonyms.NAME);
        String salt = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        Planted planted = plant(kind, file, salt);
        if (planted.readable) {
            assertThat(Files.readString(file)).isEqualTo(salt + "\n");
            return;
        }
        String why = kind.why != null ? kind.why : kind == Kind.EMPTY ? "empty, not a pseudonym salt"
                : "not a pseudonym salt";
        try (LogCapture log = LogCapture.attach()) {
            Pseudonyms pseudonyms = new Pseudonyms(new FileStateStore(data));
            String pseudonym = pseudonyms.of("billing");

            assertThat(pseudonyms.madeForNow()).isTrue();
            planted.assertUnchanged(file);

            pseudonyms.persist();

            assertThat(Files.readString(file)).matches("[0-9a-f]{64}\n");
            assertThat(aside(Pseudonyms.NAME)).singleElement().satisfies(planted::assertUnchanged);
            assertThat(new Pseudonyms(new FileStateStore(data)).of("billing")).as("kept").isEqualTo(pseudonym);
            assertThat(log.all().lines().filter(line -> line.contains(Pseudonyms.NAME))).hasSize(2).first()
                    .isEqualTo("io.ceip.agent.privacy.Pseudonyms " + file + ": " + why + ": not used; a new salt is"
                            + " made, and the next report stored sets the file aside (renamed pseudonym-salt"
                            + ".unusable-<time>, never deleted) and keeps the new one in its place (the pseudonyms"
                            + " of names change with it)");
        }
    }

    /** What was planted, and a check that an entry (the file, or what it was renamed to) is still just that. */
    private record Planted(boolean readable, Kind kind, Path target, byte[] content) {

        void assertUnchanged(Path entry) {
            try {
                switch (kind) {
                    case LINK_TO_A_FILE, LINK_TO_A_DIRECTORY, DANGLING_LINK -> {
                        assertThat(Files.readSymbolicLink(entry)).isEqualTo(target);
                        if (kind == Kind.LINK_TO_A_FILE) {
                            assertThat(Files.readAllBytes(target)).as("the link's target untouched")
                                    .isEqualTo(content);
                        } else if (kind == Kind.LINK_TO_A_DIRECTORY) {
                            try (Stream<Path> in = Files.list(target)) {
                                assertThat(in.map(Path::getFileName).map(Path::toString)).containsExactly("kept");
                            }
                        } else {
                            assertThat(target).doesNotExist();
                        }
                    }
                    case DIRECTORY -> assertThat(Files.readAllBytes(entry.resolve("kept"))).isEqualTo(content);
                    case FIFO -> assertThat(Files.isRegularFile(entry) || Files.isDirectory(entry)).isFalse();
                    default -> assertThat(Files.readAllBytes(entry)).isEqualTo(content);
                }
                assertThat(Files.exists(entry, LinkOption.NOFOLLOW_LINKS)).isTrue();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private Planted plant(Kind kind, Path file, String value) throws Exception {
        byte[] content = (value + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        switch (kind) {
            case LINK_TO_A_FILE -> {
                Path target = Files.write(outside.resolve("elsewhere"), content);
                Files.createSymbolicLink(file, target);
                return new Planted(false, kind, target, content);
            }
            case LINK_TO_A_DIRECTORY -> {
                Path target = Files.createDirectory(outside.resolve("directory"));
                Files.write(target.resolve("kept"), content);
                Files.createSymbolicLink(file, target);
                return new Planted(false, kind, target, content);
            }
            case DANGLING_LINK -> {
                Files.createSymbolicLink(file, outside.resolve("gone"));
                return new Planted(false, kind, outside.resolve("gone"), null);
            }
            case DIRECTORY -> {
                Files.write(Files.createDirectory(file).resolve("kept"), content);
                return new Planted(false, kind, null, content);
            }
            case FIFO -> {
                Process mkfifo = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
                assertThat(mkfifo.waitFor()).isZero();
                return new Planted(false, kind, null, null);
            }
            case FILE_OF_100_KB -> {
                byte[] zeros = new byte[100 * 1024];
                return new Planted(false, kind, null, Files.readAllBytes(Files.write(file, zeros)));
            }
            case GARBAGE -> {
                byte[] garbage = "\u001b[2J not-an-id \u0000".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                return new Planted(false, kind, null, Files.readAllBytes(Files.write(file, garbage)));
            }
            case EMPTY -> {
                return new Planted(false, kind, null, Files.readAllBytes(Files.write(file, new byte[0])));
            }
            default -> { // NOT_READABLE: mode 0000, which the agent's user can read only as root
                Files.write(file, content);
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
                return new Planted(Files.isReadable(file), kind, null, content);
            }
        }
    }

    private List<Path> aside(String name) throws Exception {
        try (Stream<Path> entries = Files.list(data)) {
            return entries.filter(entry -> entry.getFileName().toString().matches(java.util.regex.Pattern.quote(
                    name) + "\\.unusable-\\d{8}T\\d{6}Z")).toList();
        }
    }
}
