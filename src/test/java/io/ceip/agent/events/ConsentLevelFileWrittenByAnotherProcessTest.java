package io.ceip.agent.events;

import io.ceip.agent.privacy.ConsentLevel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The level the product reads is the running agent's: when another process wrote the file since (the {@code consent}
 * command, which knows neither the agent's environment nor the product's own setting), the agent's next look puts it
 * right; before, the agent compared with what it had written last and left the other's word for good (review s21
 * events M3). An unchanged file is not written again.
 */
class ConsentLevelFileWrittenByAnotherProcessTest {

    @TempDir
    Path dir;

    @Test
    void anotherProcesssWordIsPutRightAndAnUnchangedFileIsLeft() throws Exception {
        ConsentLevelFile file = new ConsentLevelFile(dir.resolve(ConsentLevelFile.NAME));
        file.observe(ConsentLevel.FULL);
        Object written = Files.readAttributes(file.file(), BasicFileAttributes.class).fileKey();

        file.observe(ConsentLevel.FULL);
        assertThat(Files.readAttributes(file.file(), BasicFileAttributes.class).fileKey()).as("not written again")
                .isEqualTo(written);

        for (String other : new String[] {"basic\n", "off\n", "fu"}) {
            Files.writeString(file.file(), other);
            file.observe(ConsentLevel.FULL);
            assertThat(file.file()).as("after another process wrote %s", other.strip()).content().isEqualTo("full\n");
        }
        Files.delete(file.file());
        file.observe(ConsentLevel.FULL);
        assertThat(file.file()).content().isEqualTo("full\n");
    }

    /**
     * A {@code consent off} written between a poll's decision and its write is not overwritten with the decision taken
     * before it (review s21 last M1): nothing is written, the caller reads nothing, and the next decision is written.
     */
    @Test
    void aDecisionTakenBeforeAnotherProcesssWriteIsNotWritten() throws Exception {
        ConsentLevelFile file = new ConsentLevelFile(dir.resolve(ConsentLevelFile.NAME));
        file.observe(ConsentLevel.FULL);

        Object seen = file.seen();
        Files.writeString(file.file(), "off\n"); // the consent command, while the poll decided full
        assertThat(file.observe(ConsentLevel.FULL, seen)).isFalse();
        assertThat(file.file()).content().isEqualTo("off\n");

        assertThat(file.observe(ConsentLevel.OFF, file.seen())).as("the next decision, after the write").isTrue();
        assertThat(file.file()).content().isEqualTo("off\n");
        Object before = file.seen();
        assertThat(file.observe(ConsentLevel.FULL, before)).as("unchanged since: written").isTrue();
        assertThat(file.file()).content().isEqualTo("full\n");
        Files.delete(file.file());
        assertThat(file.observe(ConsentLevel.BASIC, file.seen())).as("no file before nor now").isTrue();
        assertThat(file.file()).content().isEqualTo("basic\n");
    }

    /**
     * Consent lowered in this process (JMX {@code setConsent}) between a poll's decision at full and its write: the
     * lowering is written at once, and the decision taken before it is not written over it (before, the poll found
     * the file as this agent wrote it and put {@code full} back until its next poll).
     */
    @Test
    void aDecisionTakenBeforeALoweringHereIsNotWritten() throws Exception {
        ConsentLevelFile file = new ConsentLevelFile(dir.resolve(ConsentLevelFile.NAME));
        file.observe(ConsentLevel.FULL);

        Object seen = file.seen();
        file.lowered(ConsentLevel.BASIC);
        assertThat(file.file()).content().isEqualTo("basic\n");
        assertThat(file.observe(ConsentLevel.FULL, seen)).isFalse();
        assertThat(file.file()).content().isEqualTo("basic\n");

        assertThat(file.observe(ConsentLevel.BASIC, file.seen())).as("the next decision, after it").isTrue();
        assertThat(file.observe(ConsentLevel.FULL, file.seen())).as("consent given again later").isTrue();
        assertThat(file.file()).content().isEqualTo("full\n");
    }
}
