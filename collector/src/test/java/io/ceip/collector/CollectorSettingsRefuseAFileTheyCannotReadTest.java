package io.ceip.collector;

import io.ceip.collector.support.LogLines;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The settings file named by {@code collector.config} is read or the start stops with one line: a missing file
 * (before, a typo in the path started a node on the defaults without a word), a file that is not UTF-8 (before, a
 * stack trace); a UTF-8 byte order mark is skipped (before, it became part of the first key, which no one read); a
 * {@code collector.} key no one reads is one WARN line (review s21 collector M1, L3).
 */
class CollectorSettingsRefuseAFileTheyCannotReadTest {

    @TempDir
    Path dir;

    @Test
    void aNamedFileThatIsMissingStopsTheStart() {
        Path missing = dir.resolve("typo.properties");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> CollectorSettings.load(Map.of("collector.config", missing.toString())))
                .withMessage("collector.config: " + missing + " is not a file");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CollectorSettings.load(Map.of("collector.config", dir.toString())))
                .withMessage("collector.config: " + dir + " is not a file");
    }

    @Test
    void aFileThatIsNotUtf8StopsTheStart() throws Exception {
        Path latin1 = Files.write(dir.resolve("latin1.properties"),
                "collector.port=28602\n# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> CollectorSettings.load(Map.of("collector.config", latin1.toString())))
                .withMessage("collector.config: " + latin1 + " is not UTF-8 text (save it as UTF-8)");
    }

    @Test
    void aByteOrderMarkIsSkippedAndAnUnknownKeyIsAWarning() throws Exception {
        Path bom = Files.write(dir.resolve("bom.properties"), ("\uFEFFcollector.mode=kafka\ncollector.port=28610\n"
                + "collector.fleet.tokn=typo-of-the-key-0123\n").getBytes(StandardCharsets.UTF_8));

        List<String> lines;
        CollectorSettings settings;
        try (LogLines log = LogLines.capture()) {
            settings = CollectorSettings.load(Map.of("collector.config", bom.toString()));
            lines = log.lines().stream().filter(line -> line.contains("CollectorSettings")).toList();
        }

        assertThat(settings.get("collector.mode")).isEqualTo("kafka");
        assertThat(settings.get("collector.port")).isEqualTo("28610");
        assertThat(lines).containsExactly("WARN io.ceip.collector.CollectorSettings - collector.fleet.tokn: not a"
                + " setting of the collector (in " + bom + "), not read: did you mean collector.fleet.token?"
                + " (docs/configuration.md)");
    }
}
