package io.ceip.agent.outbox;

import io.ceip.agent.files.OwnerOnlyFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rotation of a ledger file past its size ({@link DeliveryLedger}): {@code ledger.log} becomes
 * {@code ledger.log.1}, older files shift up, and at most {@code keepFiles} are kept; with {@code keepFiles} 0 none is
 * kept (the full file is deleted). An oldest file that cannot be deleted (a non-empty directory planted there, a file
 * the agent may not remove) is moved aside to {@code ledger.log.<n>.refused-<random>} in one WARN line, so that it
 * never blocks the rotation. Nothing is followed: a link is moved or deleted itself.
 */
final class LedgerRotation {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerRotation.class);

    private final Path file;
    private final int keepFiles;

    LedgerRotation(Path file, int keepFiles) {
        this.file = file;
        this.keepFiles = keepFiles;
    }

    /** Rotates the file. @throws IOException when it could not be (the current file is then where it was) */
    void rotate() throws IOException {
        if (keepFiles == 0) {
            Files.deleteIfExists(file);
            return;
        }
        removeOldest(sibling(keepFiles));
        for (int i = keepFiles - 1; i >= 1; i--) {
            if (Files.exists(sibling(i), LinkOption.NOFOLLOW_LINKS)) {
                Files.move(sibling(i), sibling(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, sibling(1), StandardCopyOption.REPLACE_EXISTING);
    }

    private void removeOldest(Path oldest) throws IOException {
        try {
            Files.deleteIfExists(oldest);
        } catch (IOException e) {
            Path aside = oldest.resolveSibling(oldest.getFileName() + ".refused-" + UUID.randomUUID());
            Files.move(oldest, aside);
            LOG.warn("The delivery ledger's oldest rotated file {} cannot be deleted ({}): moved aside to {}, never"
                    + " read; delete it when it is not needed", OwnerOnlyFiles.shown(oldest),
                    e.getClass().getSimpleName(), OwnerOnlyFiles.shown(aside.getFileName()));
        }
    }

    private Path sibling(int index) {
        return file.resolveSibling(file.getFileName() + "." + index);
    }
}
