package io.ceip.agent.privacy;

import io.ceip.agent.files.StateStore;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Pseudonyms for values that must be counted distinctly but not read (names): {@code p:} followed by the first
 * 16 hex digits of HMAC-SHA256 of the value under a per-installation random salt. The salt (32 bytes) is created
 * on first use, kept as {@value #NAME} in the {@link StateStore} (a file under the data directory, or the cluster's
 * shared table so every node gives the same pseudonyms) and never sent, so the same name gives the same pseudonym in
 * every report of one installation and a different one elsewhere. A salt made by a preview stays in memory; it is
 * stored by {@link #persist()} when a report is stored for delivery.
 */
public final class Pseudonyms {

    public static final String NAME = "pseudonym-salt";

    private final StateStore store;
    private volatile SecretKeySpec key;
    private byte[] salt;
    private boolean stored;

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

    /** Stores the salt if one was made and none is stored yet; adopts the stored one if another node was first. */
    public synchronized void persist() {
        if (salt != null && !stored) {
            use(parse(store.putIfAbsent(NAME, HexFormat.of().formatHex(salt))), true);
        }
    }

    private void loadOrMakeSalt() {
        Optional<String> existing = store.get(NAME);
        if (existing.isPresent()) {
            use(parse(existing.get()), true);
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

    private byte[] parse(String stored) {
        try {
            byte[] value = HexFormat.of().parseHex(stored);
            if (value.length >= 16) {
                return value;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalStateException(store.where(NAME) + " does not hold a salt; delete it to create a new one");
    }
}
