package io.ceip.agent.files;

import java.util.Optional;

/**
 * Where the installation's few small values live (its ID, the pseudonym salt, the end of the last feature window):
 * files under the data directory ({@link FileStateStore}), or one table shared by the nodes of a cluster
 * ({@code io.ceip.agent.schedule.JdbcStateStore}). Values are short ASCII strings.
 */
public interface StateStore {

    /**
     * What {@link #replace} is given as the expected value of an entry that cannot be read as a value at all
     * ({@link UnusableEntryException}); no store holds it as a value (a file's value is trimmed of control characters).
     */
    String UNUSABLE = "\u0000unusable";

    /**
     * The value stored under {@code name}, if any.
     *
     * @throws UnusableEntryException when what is stored there can never be read as a value (a file store's link,
     *         directory, fifo, oversize or unreadable file): the value is as damaged as one that is no value of its
     *         kind, and {@link #replace} with {@link #UNUSABLE} replaces it
     */
    Optional<String> get(String name);

    /**
     * Stores {@code value} under {@code name} unless a value is there already, and returns the value that is stored
     * now: {@code value}, or the one another writer stored first.
     */
    String putIfAbsent(String name, String value);

    /** Stores {@code value} under {@code name}, replacing any value. */
    void put(String name, String value);

    /**
     * Stores {@code value} under {@code name} only while the value stored there is still {@code expected} (a damaged
     * value being replaced: of two nodes replacing it, the first wins; {@link #UNUSABLE}: an entry that cannot be
     * read), and returns the value stored now.
     */
    String replace(String name, String expected, String value);

    /** Where {@code name} is kept, for messages (a file path, a table row). */
    String where(String name);

    /** What {@link #replace} does to a damaged entry, for messages: {@code replaces it with the new one} unless the store keeps it. */
    default String replacing(String name) {
        return "replaces it with the new one";
    }
}
