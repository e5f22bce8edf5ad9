package io.ceip.agent.events;

import io.ceip.agent.files.AtomicFiles;
import io.ceip.agent.files.OwnerOnlyFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The bearer token of the HTTP intake ({@code ceip.events.http.token-file}, by default {@code events-token} in the data
 * directory). Read from the file when it is there (one line, 32 to 512 printable ASCII characters, no space; a
 * regular file, never through a link); when it is missing, made once: 32 random bytes ({@link SecureRandom}) as
 * URL-safe Base64 (43 characters) and a line feed, written {@code 0600} as a new file. The product, running as the
 * agent's user, reads the same file. {@link #matches} compares in constant time (SHA-256 of both sides, compared with
 * {@link MessageDigest#isEqual}); the token itself is never logged and never in an exception.
 */
public final class IntakeToken {

    static final int MIN_LENGTH = 32;
    static final int MAX_LENGTH = 512;

    private final byte[] digest;

    private IntakeToken(String token) {
        this.digest = token == null ? null : sha256(token);
    }

    /** A token nothing matches: the intake's while it is off (its route is not started; nothing is read or made). */
    public static IntakeToken none() {
        return new IntakeToken(null);
    }

    /**
     * The token in {@code file}, made there first when the file is missing.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it (never its content)
     */
    public static IntakeToken loadOrCreate(Path file) {
        String shown = OwnerOnlyFiles.shown(file);
        try {
            OwnerOnlyFiles.requireRegularOrAbsent(file);
            byte[] content;
            try {
                content = OwnerOnlyFiles.read(file, MAX_LENGTH + 2L);
            } catch (NoSuchFileException missing) {
                content = create(file);
            }
            String token = new String(content, StandardCharsets.US_ASCII).strip();
            if (token.length() < MIN_LENGTH || token.length() > MAX_LENGTH || !token.chars().allMatch(c -> c > 32
                    && c < 127)) {
                throw new IllegalArgumentException("ceip.events.http.token-file " + shown + ": not a token (one line"
                        + " of " + MIN_LENGTH + " to " + MAX_LENGTH + " printable ASCII characters, no space)");
            }
            return new IntakeToken(token);
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("ceip.events.http.token-file " + shown + " cannot be read or made ("
                    + (e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                            : e.getClass().getSimpleName()) + ")");
        }
    }

    private static byte[] create(Path file) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        byte[] content = (Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        Path parent = file.toAbsolutePath().getParent();
        OwnerOnlyFiles.createDirectories(parent);
        try {
            AtomicFiles.writeNew(file, content);
            return content;
        } catch (FileAlreadyExistsException raced) {
            return OwnerOnlyFiles.read(file, MAX_LENGTH + 2L); // another start made it meanwhile
        }
    }

    /** True when {@code authorization} is {@code Bearer <this token>} (the scheme in any case), in constant time. */
    public boolean matches(String authorization) {
        if (digest == null || authorization == null || authorization.length() < 7
                || authorization.length() > MAX_LENGTH + 7 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(authorization.substring(7).strip()));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
