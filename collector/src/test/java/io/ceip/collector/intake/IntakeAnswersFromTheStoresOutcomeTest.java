package io.ceip.collector.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ceip.collector.answer.Refusal;
import io.ceip.collector.answer.RefusedException;

import org.junit.jupiter.api.Test;

/**
 * After the hand-off the intake answers what the in-process store did: a report its database refused is refused
 * (400), never answered 202; a stored or duplicate report, and Kafka's answer (the record, not an outcome), go on.
 */
class IntakeAnswersFromTheStoresOutcomeTest {

    private final Intake intake = new Intake(null, null, null, 1024, 1024,
            new DecompressedBytesInProgress(1 << 20));

    @Test
    void aReportTheStoreRefusedIsRefused() {
        RefusedException refused = catchThrowableOfType(RefusedException.class, () -> intake.handedOff("REJECTED"));

        assertThat(refused.refusal()).isEqualTo(Refusal.STORE_REFUSED);
        assertThat(refused.getStatus()).isEqualTo(400);
        assertThat(refused.getText()).isEqualTo("report refused by the database");
    }

    @Test
    void storedDuplicateAndKafkasAnswersGoOn() {
        for (Object outcome : new Object[] {"STORED", "DUPLICATE", new byte[] {1, 2}, null}) {
            assertThatCode(() -> intake.handedOff(outcome)).doesNotThrowAnyException();
        }
    }
}
