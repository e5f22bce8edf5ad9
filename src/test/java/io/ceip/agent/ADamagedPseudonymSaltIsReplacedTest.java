package io.ceip.agent;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.LogCapture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Properties;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code data/pseudonym-salt} that holds no salt (cut by a full disk, edited) is not used, as a damaged installation
 * ID is not: one warning naming the file, a new salt for the report, stored with it (the pseudonyms change once).
 * It was thrown out of the inventory step past every catch: the whole stack trace at ERROR and no report, every cycle,
 * at basic consent with the shipped inventory file.
 */
class ADamagedPseudonymSaltIsReplacedTest extends AgentTestSupport {

    @Override
    protected Properties overrides() {
        return with("ceip.consent.default", "basic");
    }

    @Test
    void aDamagedSaltIsOneWarningAndANewSaltStoredWithTheReport() throws Exception {
        Path salt = dataDirectory().resolve("pseudonym-salt");
        Files.writeString(salt, "zz");
        Files.setPosixFilePermissions(salt, PosixFilePermissions.fromString("rw-------"));

        try (LogCapture log = LogCapture.attach()) {
            runReportCycle();

            assertThat(log.shown()).doesNotContain("Stacktrace").doesNotContain("DefaultErrorHandler")
                    .contains(salt + ": not a pseudonym salt: not used; a new salt is made, and the next report"
                            + " stored sets the file aside (renamed pseudonym-salt.unusable-<time>, never deleted) and"
                            + " keeps the new one in its place (the pseudonyms of names change with it)");
        }
        assertThat(server().received()).as("the report goes").hasSize(1);
        assertThat(Files.readString(salt)).as("replaced by the new salt").matches("[0-9a-f]{64}\n");
        List<String> first = pseudonyms(0);
        assertThat(first).as("the shipped inventory pseudonymises undeclared components").isNotEmpty()
                .allMatch(name -> name.matches("p:[0-9a-f]{16}"));

        runReportCycle();

        assertThat(pseudonyms(1)).as("the new salt is the installation's from then on").isEqualTo(first);
    }

    private List<String> pseudonyms(int report) {
        return StreamSupport.stream(parse(server().received().get(report).json()).path("components").path("installed")
                .spliterator(), false).map(component -> component.path("name").asText())
                .filter(name -> name.startsWith("p:")).toList();
    }
}
