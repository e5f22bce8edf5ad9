package io.ceip.agent.collect;

import io.ceip.agent.files.FileStateStore;
import io.ceip.agent.files.StateStore;
import io.ceip.agent.files.UnusableEntryException;

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
 * never derived from host names, addresses or secrets. A stored value that is no UUID (a damaged or edited file, an
 * empty one), and an entry that can never be read as one ({@link UnusableEntryException}: a link to a file or a
 * directory, a dangling link, a directory, a fifo, a file over 4 KiB or one the agent may not read), is not used and
 * stops nothing: one warning names where it is and what is wrong, a new ID is made as on a first start, and when the
 * next report is stored it takes the entry's place, the entry set aside ({@link StateStore#replacing}: a file is
 * renamed beside it, never followed nor deleted). The vendor sees a new installation; what was there was no ID the
 * agent could report, and nothing else is lost.
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
    /** What is wrong with the stored entry when it is damaged (said once); else null. */
    private volatile String why;

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

    /**
     * What is wrong with the stored entry ({@code not a UUID}, {@code a symbolic link, not a regular file}, ...) while
     * it is not used and no new ID is stored yet; empty when there is none or it is a UUID. Reads the store as
     * {@link #existing()} does.
     */
    public synchronized Optional<String> unusable() {
        return existing().isPresent() ? Optional.empty() : Optional.ofNullable(why);
    }

    /** The stored ID; empty when none is stored or the stored entry is no UUID (said once). */
    private Optional<UUID> read() {
        Optional<String> value;
        try {
            value = store.get(NAME);
        } catch (UnusableEntryException e) {
            return damaged(StateStore.UNUSABLE, e.why());
        }
        if (value.isEmpty() || CANONICAL.matcher(value.get()).matches()) {
            return value.map(UUID::fromString);
        }
        return damaged(value.get(), value.get().isEmpty() ? "empty, not a UUID" : "not a UUID");
    }

    /** Notes the damaged entry {@code value} (the latest seen is the one {@link #persist()} replaces). */
    private Optional<UUID> damaged(String value, String wrong) {
        if (why == null) {
            LOG.warn("{}: {}: not used; a new installation ID is made, and the next report stored {} (the vendor will"
                    + " see a new installation)", store.where(NAME), wrong, store.replacing(NAME));
        }
        damaged = value;
        why = wrong;
        return Optional.empty();
    }
}
