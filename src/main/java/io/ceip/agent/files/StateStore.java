package io.ceip.agent.files;

import java.util.Optional;

/**
 * Where the installation's few small values live (its ID, the pseudonym salt, the end of the last feature window):
 * files under the data directory ({@link FileStateStore}), or one table shared by the nodes of a cluster
 * ({@code io.ceip.agent.schedule.JdbcStateStore}). Values are short ASCII strings.
 */
public interface StateStore {

    /** The value stored under {@code name}, if any. */
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
     * value being replaced: of two nodes replacing it, the first wins), and returns the value stored now.
     */
    String replace(String name, String expected, String value);

    /** Where {@code name} is kept, for messages (a file path, a table row). */
    String where(String name);
}
