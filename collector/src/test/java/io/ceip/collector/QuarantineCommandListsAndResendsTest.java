package io.ceip.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.collector.support.ErringJdbc;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quarantine had no way back (the README said: send the bytes to the topic again). {@code java -jar
 * ceip-collector.jar quarantine list | resend} on H2 ({@link QuarantineResendScenario}; on PostgreSQL
 * {@code QuarantineCommandResendsOnPostgresIT}): the poison fails again as a Java {@link StackOverflowError} from its
 * insert ({@link ErringJdbc}) until disarmed.
 */
class QuarantineCommandListsAndResendsTest {

    @TempDir
    Path dir;

    @AfterEach
    void disarm() {
        ErringJdbc.disarm();
    }

    @Test
    void theListShowsNoContentAndAResendRemovesOnlyWhatIsStored() throws Exception {
        String h2 = "jdbc:h2:file:" + dir.resolve("db/collector").toAbsolutePath();
        String poison = UUID.randomUUID().toString();
        QuarantineResendScenario.run(ErringJdbc.url(h2), h2, "ceip", poison,
                () -> ErringJdbc.armFor(poison, StackOverflowError::new), ErringJdbc::disarm,
                "java.lang.StackOverflowError");
    }

    @Test
    void aWrongCommandLineIsOneLineAndExitCode2() throws Exception {
        Map<String, String> node = Map.of("collector.store.jdbc-url", "jdbc:h2:file:"
                + dir.resolve("db/collector").toAbsolutePath());

        QuarantineResendScenario.Answer answer = QuarantineResendScenario.command(node, "resend", "1;DROP\nx");

        assertThat(answer.code()).isEqualTo(2);
        assertThat(answer.out()).isEmpty();
        assertThat(answer.err()).isEqualTo("ceip-collector: quarantine: not a command: resend 1;DROP?x (usage: java"
                + " -jar ceip-collector.jar quarantine [list | resend ID... | resend --all])\n");
        assertThat(dir.resolve("db")).doesNotExist();
    }
}
