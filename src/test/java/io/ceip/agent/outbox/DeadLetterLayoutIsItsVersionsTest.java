package io.ceip.agent.outbox;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A kept report's metadata is read strictly, and an entry of a later layout version is left for the agent that wrote
 * it ({@link DeadLetterOfALaterVersionIsLeftForItTest}): that holds only while each layout has its own version. A field
 * added to, removed from or renamed in {@link DeadLetter} without raising {@link DeadLetter#VERSION} fails here: an
 * earlier agent would quarantine such entries for good instead of leaving them (add the new version's fields below).
 */
class DeadLetterLayoutIsItsVersionsTest {

    private static final Map<Integer, List<String>> LAYOUTS = Map.of(1, List.of("reportId", "created", "attempts",
            "firstFailure", "lastFailure", "lastStatus", "state", "response", "version", "withdrawalSeen"));

    @Test
    void theMetadataFieldsAreThoseOfItsVersion() {
        List<String> fields = Arrays.stream(DeadLetter.class.getRecordComponents()).map(RecordComponent::getName)
                .toList();
        assertThat(LAYOUTS).as("a layout pinned for version %d", DeadLetter.VERSION).containsKey(DeadLetter.VERSION);
        assertThat(fields).as("DeadLetter's fields: changed without raising DeadLetter.VERSION?")
                .isEqualTo(LAYOUTS.get(DeadLetter.VERSION));
    }
}
