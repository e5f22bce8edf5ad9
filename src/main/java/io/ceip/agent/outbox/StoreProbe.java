package io.ceip.agent.outbox;

import io.ceip.agent.files.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the dead-letter store can be written now, asked while it could not ({@link DeliveryQueue}): the file
 * {@value #NAME} is written, forced to disk and deleted. Its name is one the store gives a temporary file, so a probe
 * left by a crash is deleted by the next start's recovery (or by the next probe), never read.
 */
final class StoreProbe {

    /** The probe's name, the same each time. */
    static final String NAME = ".00000000-0000-0000-0000-000000000000" + DeadLetterFiles.META + AtomicFiles.TEMP_SUFFIX;

    private StoreProbe() {
    }

    /** Why a write of the store failed: the exception's class and the file system's words. */
    static String reason(UncheckedIOException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        String message = cause instanceof FileSystemException fs ? fs.getReason() : cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    static boolean writable(Path directory) {
        Path probe = directory.resolve(NAME);
        try {
            Files.deleteIfExists(probe);
            AtomicFiles.writeNew(probe, new byte[] { '{', '}' });
            Files.delete(probe);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
