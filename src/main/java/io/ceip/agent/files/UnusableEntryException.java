package io.ceip.agent.files;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A value's entry in a {@link StateStore} that can never be read as a value, whatever is tried again: for a
 * {@link FileStateStore}, a symbolic link (to a file, to a directory, dangling), a directory, a fifo, socket or
 * device, a file over its bound, or one the agent may not read. It is no failure of the store (a read that may work
 * later is an {@link UncheckedIOException} of its own): the value is taken as none, and the next write sets the entry
 * aside ({@link FileStateStore#put}). The message is {@code cannot read <where>: <what is wrong>}.
 */
public final class UnusableEntryException extends UncheckedIOException {

    private static final long serialVersionUID = 1L;

    private final String why;

    UnusableEntryException(String where, String why, IOException cause) {
        super("cannot read " + where + ": " + why, cause != null ? cause
                : new java.nio.file.FileSystemException(where, null, why));
        this.why = why;
    }

    /** What is wrong with the entry, in words ({@code a symbolic link, not a regular file}). */
    public String why() {
        return why;
    }
}
