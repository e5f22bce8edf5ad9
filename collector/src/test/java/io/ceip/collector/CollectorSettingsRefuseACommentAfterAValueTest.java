package io.ceip.collector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A {@code .properties} file reads a comment written after a value as part of the value; a switch must be
 * {@code true} or {@code false}. Either stops the start with one line naming the key (before, a switch with a comment
 * after it ended the start in a 34-line stack trace from Camel's predicate parser).
 */
class CollectorSettingsRefuseACommentAfterAValueTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "comment after a switch | collector.store.enabled=false                   # on nodes that only take reports in | collector.store.enabled: has a '#' after a space: in a .properties file a comment is a line of its own",
            "comment after a port   | collector.port=28443   # mine | collector.port: has a '#' after a space",
            "comment after a URL    | collector.store.jdbc-url=jdbc:postgresql://db:5432/ceip  # the fleet's | collector.store.jdbc-url: has a '#' after a space",
            "a switch not a switch  | collector.store.enabled=yes | collector.store.enabled: 'yes' is not true or false",
    })
    void aValueThatIsNotOneStopsTheStartNamingTheKey(String name, String line, String expected) throws Exception {
        Path file = Files.writeString(dir.resolve("application.properties"), "# mine\n" + line + "\n");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> CollectorSettings.load(Map.of("collector.config", file.toString())))
                .withMessageStartingWith(expected).withMessageNotContaining("\n");
    }

    @Test
    void textMayHoldAHashAndEveryDocumentedSwitchIsTyped() throws Exception {
        Path file = Files.writeString(dir.resolve("application.properties"),
                "collector.tls.key-store-password=correct horse #battery\n");

        assertThat(CollectorSettings.load(Map.of("collector.config", file.toString()))
                .get("collector.tls.key-store-password")).isEqualTo("correct horse #battery");
        String defaults = new String(CollectorSettings.class.getResourceAsStream("/collector-defaults.properties")
                .readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(CollectorSettings.types(defaults)).containsEntry("collector.store.enabled", "boolean")
                .containsEntry("collector.port", "port(1..65535)").containsEntry("collector.tls.certificate", "path");
    }
}
