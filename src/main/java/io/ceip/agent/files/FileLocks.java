package io.ceip.agent.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;

/**
 * The operating system's file locks, as the agent's lock files use them ({@code report.lock}, {@code events.lock},
 * a store's {@code store.lock}): a lock another process holds, or another channel of this JVM (the tests run several
 * agents in one), is simply not taken; closing the channel lets its locks go, as the process's end does.
 */
public final class FileLocks {

    private FileLocks() {
    }

    /** An exclusive lock of the whole file, or null when another process (or channel of this JVM) holds one. */
    public static FileLock tryLock(FileChannel channel) throws IOException {
        return tryLock(channel, 0, Long.MAX_VALUE);
    }

    /** An exclusive lock of {@code size} bytes from {@code position}, or null when another holds one there. */
    public static FileLock tryLock(FileChannel channel, long position, long size) throws IOException {
        try {
            return channel.tryLock(position, size, false);
        } catch (OverlappingFileLockException heldHere) {
            return null;
        }
    }

    /** Closes {@code channel} (null: nothing), which lets its locks go whatever the close says. */
    public static void close(FileChannel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // closing releases the locks whatever it says; the process's end does too
        }
    }
}
