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
}
