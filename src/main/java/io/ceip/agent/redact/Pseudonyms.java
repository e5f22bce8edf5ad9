package io.ceip.agent.redact;

import io.ceip.agent.store.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Pseudonyms for values that must be counted distinctly but not read (names): {@code p:} followed by the first
 * 16 hex digits of HMAC-SHA256 of the value under a per-installation random salt. The salt (32 bytes) is created
 * on first use in {@code pseudonym-salt} under the data directory and never sent, so the same name gives the same
 * pseudonym in every report of one installation and a different one elsewhere. A salt made by a preview stays in
 * memory; it is written by {@link #persist()} when a report is stored for delivery.
 */
public final class Pseudonyms {

    private final Path saltFile;
    private volatile SecretKeySpec key;
    private byte[] salt;

    public Pseudonyms(Path saltFile) {
        this.saltFile = saltFile;
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
                    salt = loadOrMakeSalt();
                    key = new SecretKeySpec(salt, "HmacSHA256");
                }
                current = key;
            }
        }
        return current;
    }

    /** Writes the salt if one was made and is not stored yet. */
    public synchronized void persist() {
        if (salt != null && !Files.exists(saltFile)) {
            AtomicFiles.write(saltFile, HexFormat.of().formatHex(salt).getBytes(StandardCharsets.US_ASCII));
            try {
                Files.setPosixFilePermissions(saltFile,
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException | IOException ignored) {
                // not a POSIX file system
            }
        }
    }

    private byte[] loadOrMakeSalt() {
        try {
            if (Files.exists(saltFile)) {
                byte[] stored = HexFormat.of().parseHex(Files.readString(saltFile, StandardCharsets.US_ASCII).trim());
                if (stored.length >= 16) {
                    return stored;
                }
                throw new IllegalStateException(saltFile + " does not hold a salt; delete it to create a new one");
            }
            byte[] made = new byte[32];
            new SecureRandom().nextBytes(made);
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pseudonym salt " + saltFile, e);
        }
    }
}
