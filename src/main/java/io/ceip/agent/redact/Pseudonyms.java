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
 * pseudonym in every report of one installation and a different one elsewhere.
 */
public final class Pseudonyms {

    private final Path saltFile;
    private volatile SecretKeySpec key;

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
                    key = new SecretKeySpec(loadOrCreateSalt(), "HmacSHA256");
                }
                current = key;
            }
        }
        return current;
    }

    private byte[] loadOrCreateSalt() {
        try {
            if (Files.exists(saltFile)) {
                byte[] salt = HexFormat.of().parseHex(Files.readString(saltFile, StandardCharsets.US_ASCII).trim());
                if (salt.length >= 16) {
                    return salt;
                }
                throw new IllegalStateException(saltFile + " does not hold a salt; delete it to create a new one");
            }
            byte[] salt = new byte[32];
            new SecureRandom().nextBytes(salt);
            AtomicFiles.write(saltFile, HexFormat.of().formatHex(salt).getBytes(StandardCharsets.US_ASCII));
            try {
                Files.setPosixFilePermissions(saltFile,
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            return salt;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the pseudonym salt " + saltFile, e);
        }
    }
}
