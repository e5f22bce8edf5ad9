package io.ceip.agent.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.ceip.agent.ops.FirstStartNotice.Contents;
import io.ceip.agent.privacy.ConsentDecision;
import io.ceip.agent.privacy.ConsentLevel;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The first start's "sent:" line names what this installation's reports carry, and nothing it does not. */
class FirstStartNoticeNamesWhatIsConfiguredTest {

    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

    @Test
    void fullNamesTheEventsAndNotALicenceThatIsNotDeclared() {
        String sent = sent(ConsentLevel.FULL, new Contents(2, 1, false, false, true));

        assertThat(sent).contains("the counts of the 2 'basic' usage queries")
                .contains("; and the feature statistics (counts of the 1 'full' usage query since the previous report)"
                        + " and the product's events (features used, error fingerprints, operation durations)")
                .doesNotContain("licence").doesNotContain("installed components");
    }

    @Test
    void fullNamesTheComponentsAndTheLicenceWhenTheCatalogDeclaresThem() {
        String sent = sent(ConsentLevel.FULL, new Contents(1, 0, true, true, false));

        assertThat(sent).contains("the counts of the 1 'basic' usage query;")
                .contains("; installed components and their versions;")
                .endsWith("; and the licence facts (type, end month, feature flags, engines as pseudonyms)")
                .doesNotContain("feature statistics").doesNotContain("events");
    }

    @Test
    void basicSaysWhatFullWouldAdd() {
        String sent = sent(ConsentLevel.BASIC, new Contents(0, 3, false, true, true));

        assertThat(sent).contains("no usage counts (no 'basic' usage query)")
                .endsWith("; not the feature statistics (counts of the 3 'full' usage queries since the previous"
                        + " report) and the product's events (features used, error fingerprints, operation durations)"
                        + " and the licence facts (type, end month, feature flags, engines as pseudonyms)"
                        + " (consent full)");
    }

    @Test
    void nothingAtFullSaysSoAtEitherLevel() {
        Contents basicOnly = new Contents(1, 0, false, false, false);

        assertThat(sent(ConsentLevel.FULL, basicOnly)).endsWith("; consent full adds nothing here (no 'full' usage"
                + " query, no product events, no licence declared)");
        assertThat(sent(ConsentLevel.BASIC, basicOnly)).endsWith("; consent full adds nothing here (no 'full' usage"
                + " query, no product events, no licence declared)");
    }

    @Test
    void offSendsNothingWhateverIsConfigured() {
        assertThat(sent(ConsentLevel.OFF, new Contents(2, 2, true, true, true)))
                .isEqualTo("nothing: while consent is off nothing is collected and no connection is made");
    }

    private static String sent(ConsentLevel level, Contents contents) {
        String text = FirstStartNotice.text(new ConsentDecision(level, "test"), contents,
                Optional.of(Duration.ofSeconds(30)), Optional.of("0 0 3 * * ?"), NOW);
        String line = text.lines().filter(l -> l.startsWith("  sent:")).findFirst().orElseThrow();
        return line.substring("  sent:         ".length());
    }
}
