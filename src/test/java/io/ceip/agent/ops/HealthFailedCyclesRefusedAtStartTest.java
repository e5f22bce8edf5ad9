package io.ceip.agent.ops;

import io.ceip.agent.support.AgentStarts;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import static io.ceip.agent.support.AgentStarts.assertStartStopsSaying;

/** ceip.health.failed-cycles outside 1..1000, or not a number, stops the start with one line naming it. */
class HealthFailedCyclesRefusedAtStartTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "0      | override: ceip.health.failed-cycles '0' is out of range 1..1000",
            "1001   | override: ceip.health.failed-cycles '1001' is out of range 1..1000",
            "three  | override: ceip.health.failed-cycles 'three' is not a whole number",
            "-1     | override: ceip.health.failed-cycles '-1' is out of range 1..1000",
    })
    void outOfRangeStopsTheStart(String value, String message) {
        assertStartStopsSaying(AgentStarts.agent(dir, null, Map.of("ceip.health.failed-cycles", value)), message);
    }
}
