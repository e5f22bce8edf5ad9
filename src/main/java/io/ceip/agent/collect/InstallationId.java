package io.ceip.agent.collect;

import io.ceip.agent.files.FileStateStore;
import io.ceip.agent.files.StateStore;

import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The anonymous installation ID: a random UUID (version 4) kept as {@value #NAME} in the {@link StateStore} (a file
 * under the data directory, or the cluster's shared table so every node reports the same ID). It is made by the
 * first report and stored when that report is stored for delivery ({@link #persist()}), not before: with consent
 * off, or for a preview, the agent writes nothing. Should another node store one first, that one is adopted. It is
 * never derived from host names, addresses or secrets. A stored value that is no UUID (a damaged or edited file) is
 * not used: one warning names where it is, a new ID is made as on a first start and replaces it when the next report
 * is stored (the vendor sees a new installation; the value was no ID to keep).
 */
public final class InstallationId {

    public static final String NAME = "installation-id";
    private static final Logger LOG = LoggerFactory.getLogger(InstallationId.class);
    /** A UUID as {@link UUID#toString()} writes it (the JDK's parser also takes {@code 1-1-1-1-1}). */
    private static final Pattern CANONICAL = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final StateStore store;
    private volatile UUID id;
    /** Whether {@link #id} is the stored one. */
    private volatile boolean stored;
    /** The stored value when it is no UUID (said once): the next {@link #persist()} replaces it; else null. */
    private volatile String damaged;

    public InstallationId(StateStore store) {
        this.store = store;
    }

    /** The ID kept in the file {@code file}. */
    public InstallationId(Path file) {
        this(new FileStateStore(file.toAbsolutePath().getParent()));
        if (!file.getFileName().toString().equals(NAME)) {
            throw new IllegalArgumentException("the installation ID file is named " + NAME + ", not " + file);
        }
    }

    /**
     * The ID: the stored one, or one made now and kept in memory until {@link #persist()} stores it (the schedule's
     * offset is derived from it at start, so the first report stores the ID the schedule already uses). Until an ID
     * is stored, the store is read again on each call, so that an ID another node stored first is adopted.
     */
    public synchronized UUID get() {
        if (!stored) {
            // until one is stored, look again each time: another node of a cluster may have stored one meanwhile,
            // and a report must carry that one, not the ID this node made in memory
            Optional<UUID> existing = read();
            if (existing.isPresent()) {
                id = existing.get();
                stored = true;
            } else if (id == null) {
                id = UUID.randomUUID();
            }
        }
        return id;
    }

    /** Stores the ID if none is stored yet; adopts the stored one if another node was first. */
    public synchronized void persist() {
        UUID made = get();
        if (stored) {
            return;
        }
        if (damaged != null) { // replaced only while it is still there: of two nodes, the first wins
            store.replace(NAME, damaged, made.toString());
        }
        id = read().orElseGet(() -> UUID.fromString(store.putIfAbsent(NAME, made.toString())));
        stored = true;
    }

    /** The stored ID, if one was stored; never creates one (an ID made in memory only is not answered). */
    public Optional<UUID> existing() {
        if (stored) {
            return Optional.of(id);
        }
        return read();
    }

    /** The stored ID; empty when none is stored or the stored value is no UUID (said once). */
    private Optional<UUID> read() {
        Optional<String> value = store.get(NAME);
        if (value.isEmpty() || CANONICAL.matcher(value.get()).matches()) {
            return value.map(UUID::fromString);
        } else {
            if (damaged == null) {
                damaged = value.get();
                LOG.warn("{} does not hold a UUID: not used; a new installation ID replaces it when the next report is"
                        + " stored (the vendor will see a new installation)", store.where(NAME));
            }
            return Optional.empty();
        }
    }
}
