package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ceip.collector.support.TestCollector;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files the collector opens by name at start, the embedded database's ({@code <base>.*.db}) and its key store
 * ({@code tls/collector.p12}), must be regular files of its user: a symbolic link there stops the start with one line
 * (before: H2 made its database where a link planted in a folder others can write pointed, and a key store that was
 * a link was served), and so does another user's file (checked as root, who can give one away).
 */
class DataFilesNotTheCollectorsStopTheStartTest {

    private static final String DATABASE_FIX = ": the database's files must be regular files of the collector's user"
            + " (H2 opens, or makes, what a link points to)";

    @TempDir
    Path dir;

    @Test
    void aLinkPlantedAsTheDatabaseFileInASharedFolderStopsTheStartAndNothingIsMadeWhereItPoints() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx")); // as /tmp is
        Path target = Files.createDirectory(dir.resolve("collectors-own")).resolve("planted.mv.db");
        Path link = Files.createSymbolicLink(shared.resolve("collector.mv.db"), target);

        assertThatIllegalArgumentException().isThrownBy(() -> start(dir.resolve("node"), Map.of(
                "collector.store.jdbc-url", "jdbc:h2:file:" + shared.resolve("collector"))))
                .withMessage("collector.store.jdbc-url: " + link + " is not a regular file (a symbolic link: name the"
                        + " file itself)" + DATABASE_FIX);
        assertThat(target).doesNotExist();
    }

    @Test
    void anotherUsersDatabaseFileStopsTheStart() throws Exception {
        assumeTrue(new com.sun.security.auth.module.UnixSystem().getUid() == 0, "only root gives a file away");
        Path node = dir.resolve("node");
        start(node, Map.of()).close();
        Path database = node.resolve("db/collector.mv.db");
        Files.setAttribute(database, "unix:uid", 4242, LinkOption.NOFOLLOW_LINKS);
        assertThat(Files.getAttribute(database, "unix:uid")).isEqualTo(4242);

        assertThatIllegalArgumentException().isThrownBy(() -> start(node, Map.of())).withMessage(
                "collector.store.jdbc-url: " + database + " belongs to user 4242, not to the collector's user (0)"
                        + DATABASE_FIX);
    }

    @Test
    void aKeyStoreThatIsALinkStopsTheStart() throws Exception {
        Path first = dir.resolve("first");
        start(first, Map.of()).close();
        Path second = dir.resolve("second");
        Path link = Files.createSymbolicLink(Files.createDirectories(second.resolve("tls")).resolve("collector.p12"),
                first.resolve("tls/collector.p12"));

        assertThatIllegalArgumentException().isThrownBy(() -> start(second, Map.of())).withMessage(
                "collector.data-dir: " + link + " is not a regular file (a symbolic link: name the file itself): the"
                        + " node's key store must be a regular file of the collector's user (put the file itself there,"
                        + " owner-only)");
    }

    private static TestCollector start(Path node, Map<String, String> settings) throws Exception {
        return TestCollector.start(node, settings);
    }
}
