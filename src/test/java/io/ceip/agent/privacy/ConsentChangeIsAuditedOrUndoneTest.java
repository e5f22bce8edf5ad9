package io.ceip.agent.privacy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An administrator's change ({@code consent}, JMX {@code setConsent}, {@code consent reset}) is in effect only when it
 * is in the audit log: an unreadable log changes nothing, and a line that cannot be written puts the previous setting
 * back. Otherwise an {@code off} that failed to be recorded would be no withdrawal, and the answer "failed" untrue.
 */
class ConsentChangeIsAuditedOrUndoneTest {

    @TempDir
    Path dir;

    private ConsentPolicy policy() {
        return new ConsentPolicy(Map.of(), new ConsentSettingFile(dir.resolve("consent")), null, ConsentLevel.BASIC, 2,
                new ConsentAudit(dir.resolve("consent-audit.log"), Clock.systemUTC()));
    }

    @Test
    void aLogThatIsALinkChangesNothing() throws Exception {
        Files.writeString(dir.resolve("consent"), "basic 2\n");
        Files.createSymbolicLink(dir.resolve("consent-audit.log"), Files.createFile(dir.resolve("elsewhere")));

        assertThatThrownBy(() -> policy().set(ConsentLevel.FULL)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("consent-audit.log");
        assertThatThrownBy(() -> policy().reset(null)).isInstanceOf(UncheckedIOException.class);

        assertThat(dir.resolve("consent")).hasContent("basic 2");
        assertThat(dir.resolve("elsewhere")).isEmptyFile();
    }

    @Test
    void aLineThatCannotBeWrittenPutsThePreviousSettingBack() throws Exception {
        Files.writeString(dir.resolve("consent"), "basic 2\n");
        Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("consent-audit.log").toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();

        assertThatThrownBy(() -> policy().set(ConsentLevel.FULL)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot write the consent audit log");
        assertThat(dir.resolve("consent")).hasContent("basic 2");

        assertThatThrownBy(() -> policy().reset(null)).isInstanceOf(UncheckedIOException.class);
        assertThat(dir.resolve("consent")).hasContent("basic 2");

        Files.delete(dir.resolve("consent"));
        assertThatThrownBy(() -> policy().set(ConsentLevel.OFF)).isInstanceOf(UncheckedIOException.class);
        assertThat(dir.resolve("consent")).doesNotExist();
    }

    @Test
    void anAuditedChangeIsInEffect() throws Exception {
        assertThat(policy().set(ConsentLevel.FULL).level()).isEqualTo(ConsentLevel.FULL);

        assertThat(dir.resolve("consent")).content().startsWith("full 2");
        assertThat(Files.readAllLines(dir.resolve("consent-audit.log"))).singleElement().asString()
                .endsWith(" none -> full source=runtime-setting");
    }
}
