package io.ceip.agent.privacy;

import io.ceip.agent.files.StateStore;
import io.ceip.agent.files.UnusableEntryException;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pseudonyms for values that must be counted distinctly but not read (names): {@code p:} followed by the first
 * 16 hex digits of HMAC-SHA256 of the value under a per-installation random salt. The salt (32 bytes) is created
 * on first use, kept as {@value #NAME} in the {@link StateStore} (a file under the data directory, or the cluster's
 * shared table so every node gives the same pseudonyms) and never sent, so the same name gives the same pseudonym in
 * every report of one installation and a different one elsewhere. A salt made by a preview stays in memory; it is
 * stored by {@link #persist()} when a report is stored for delivery. A stored value that is no salt (a damaged or
 * edited file), and an entry that can never be read as one ({@link UnusableEntryException}: a link, a directory, a
 * fifo, a file over 4 KiB or one the agent may not read), is not used, as a damaged installation ID is not: one
 * warning, a new salt, stored with the next report, which sets the entry aside ({@link StateStore#replacing}).
 */
public final class Pseudonyms {

    public static final String NAME = "pseudonym-salt";
    private static final Logger LOG = LoggerFactory.getLogger(Pseudonyms.class);

    private final StateStore store;
    private volatile SecretKeySpec key;
    private byte[] salt;
    private boolean stored;
    /** The stored value when it is no salt (said once): the next {@link #persist()} replaces it; else null. */
    private String damaged;

    public Pseudonyms(StateStore store) {
        this.store = store;
    }

    /** The pseudonym of {@code value}. */
    public String of(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key());
            byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return "p:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * Whether the pseudonyms given so far are under a salt made in memory, not the stored one (a preview's before the
     * first report that needs a salt stores it): another process makes its own. False when none was given yet.
     */
    public synchronized boolean madeForNow() {
        return key != null && !stored;
    }

    private SecretKeySpec key() {
        SecretKeySpec current = key;
        if (current == null) {
            synchronized (this) {
                if (key == null) {
                    loadOrMakeSalt();
                }
                current = key;
            }
        }
        return current;
    }

    /**
     * Stores the salt if one was made and none is stored yet (or the stored one is damaged: it is replaced); adopts
     * the stored one if another node was first.
     */
    public synchronized void persist() {
        if (salt != null && !stored) {
            String hex = HexFormat.of().formatHex(salt);
            // a damaged salt is replaced only while it is still there: of two nodes, the first wins, the other adopts
            String now = damaged != null ? store.replace(NAME, damaged, hex) : store.putIfAbsent(NAME, hex);
            use(parse(now).orElse(salt), true);
        }
    }

    private void loadOrMakeSalt() {
        Optional<byte[]> existing;
        try {
            existing = store.get(NAME).flatMap(this::parse);
        } catch (UnusableEntryException e) {
            existing = damaged(StateStore.UNUSABLE, e.why());
        }
        if (existing.isPresent()) {
            use(existing.get(), true);
            return;
        }
        byte[] made = new byte[32];
        new SecureRandom().nextBytes(made);
        use(made, false);
    }

    private void use(byte[] value, boolean isStored) {
        salt = value;
        stored = isStored;
        key = new SecretKeySpec(value, "HmacSHA256");
    }

    /**
     * The salt {@code stored} holds: at least 16 bytes in hex. Anything else (an empty, cut or edited file) is not used:
     * one warning names where it is, and a new salt replaces it when the next report is stored.
     */
    private Optional<byte[]> parse(String stored) {
        try {
            byte[] value = HexFormat.of().parseHex(stored);
            if (value.length >= 16) {
                return Optional.of(value);
            }
        } catch (IllegalArgumentException e) {
            // said below
        }
        return damaged(stored, stored.isEmpty() ? "empty, not a pseudonym salt" : "not a pseudonym salt");
    }

    /** Notes the damaged entry {@code value}, said once; the next {@link #persist()} replaces it. */
    private Optional<byte[]> damaged(String value, String why) {
        if (damaged == null) {
            LOG.warn("{}: {}: not used; a new salt is made, and the next report stored {} (the pseudonyms of names"
                    + " change with it)", store.where(NAME), why, store.replacing(NAME));
        }
        damaged = value;
        return Optional.empty();
    }
}
