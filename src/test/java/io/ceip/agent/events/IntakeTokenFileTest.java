package io.ceip.agent.events;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The HTTP intake's token file: made once when missing (random, {@code 0600}, in a {@code 0700} directory) and read
 * back the same at the next start; a token an administrator wrote is taken as it is; a file that is not a token, or
 * a link, stops the start with one line naming the file and never its content; the off intake's token matches
 * nothing.
 */
class IntakeTokenFileTest {

    @TempDir
    Path dir;

    @Test
    void madeOnceOwnerOnlyThenReadBack() throws Exception {
        Path file = dir.resolve("data/events-token");
        IntakeToken made = IntakeToken.loadOrCreate(file);
        String token = Files.readString(file).strip();
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(file.getParent()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(made.matches("Bearer " + token)).isTrue();
        assertThat(made.matches("bearer " + token)).as("the scheme in any case").isTrue();
        assertThat(IntakeToken.loadOrCreate(file).matches("Bearer " + token)).as("the same after a restart").isTrue();
        assertThat(Files.readString(file).strip()).isEqualTo(token);
        assertThat(IntakeToken.loadOrCreate(dir.resolve("other")).matches("Bearer " + token)).isFalse();
    }

    @Test
    void anAdministratorsTokenIsTakenAsItIs() throws Exception {
        String token = "k".repeat(20) + "-administrator-chose-it";
        IntakeToken read = IntakeToken.loadOrCreate(Files.writeString(dir.resolve("token"), token + "\r\n"));
        assertThat(read.matches("Bearer " + token)).isTrue();
        assertThat(read.matches("Bearer " + token.toUpperCase())).isFalse();
        assertThat(read.matches("Bearer " + token + token)).isFalse();
        assertThat(read.matches(token)).as("without the scheme").isFalse();
        assertThat(read.matches(null)).isFalse();
        assertThat(read.matches("Bearer " + "x".repeat(100_000))).isFalse();
    }

    @Test
    void aFileThatIsNotATokenStopsTheStartWithoutItsContent() throws Exception {
        Path shortOne = Files.writeString(dir.resolve("short"), "planted-short-secret");
        assertThatThrownBy(() -> IntakeToken.loadOrCreate(shortOne)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ceip.events.http.token-file").hasMessageContaining("short")
                .hasMessageContaining("not a token").satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain("planted-short-secret").doesNotContain("\n"));
        Path spaced = Files.writeString(dir.resolve("spaced"), "planted secret with spaces in it, long enough\n");
        assertThatThrownBy(() -> IntakeToken.loadOrCreate(spaced)).hasMessageContaining("not a token")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("planted secret"));
        Path big = Files.writeString(dir.resolve("big"), "y".repeat(100_000));
        assertThatThrownBy(() -> IntakeToken.loadOrCreate(big)).hasMessageContaining("cannot be read or made")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("yyyy"));
        Path target = Files.writeString(dir.resolve("target"), "z".repeat(43));
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        assertThatThrownBy(() -> IntakeToken.loadOrCreate(link)).hasMessageContaining("a symbolic link")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("zzzz"));
    }

    @Test
    void theOffIntakesTokenMatchesNothing() {
        assertThat(IntakeToken.none().matches("Bearer ")).isFalse();
        assertThat(IntakeToken.none().matches("Bearer " + "a".repeat(43))).isFalse();
        assertThat(IntakeToken.none().matches(null)).isFalse();
    }
}
