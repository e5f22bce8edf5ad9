package io.ceip.agent.privacy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedactionRulesFileTest {

    @TempDir
    Path dir;

    @Test
    void aBadPatternNamesFileLineAndRule() throws Exception {
        Path file = write("secret-keys:\n  - password\ndetectors:\n  email: '[a-z+@'\n");

        assertThatThrownBy(() -> RedactionRulesFile.load(file, null))
                .hasMessageStartingWith(file + ":4: detector 'email' is not a valid regular expression");
    }

    @Test
    void anUnknownKeyNamesFileAndLine() throws Exception {
        Path file = write("secret-keys:\n  - password\nallow-list:\n  - x\n");

        assertThatThrownBy(() -> RedactionRulesFile.load(file, null))
                .hasMessage(file + ":3: unknown rule key 'allow-list' (expected pseudonymise-keys, secret-keys, detectors or high-entropy)");
    }

    @Test
    void wrongShapesAreRefused() throws Exception {
        assertThatThrownBy(() -> RedactionRulesFile.load(write("secret-keys: password\n"), null))
                .hasMessageContaining(":1: secret-keys must be a list of patterns");
        assertThatThrownBy(() -> RedactionRulesFile.load(write("detectors:\n  Email: 'x'\n"), null))
                .hasMessageContaining(":2: detector 'Email'");
        assertThatThrownBy(() -> RedactionRulesFile.load(write("secret-keys:\n  - [a, b]\n"), null))
                .hasMessageContaining(":2: secret-keys entry must be a plain string");
        assertThatThrownBy(() -> RedactionRulesFile.load(write(""), null))
                .hasMessageContaining("the file is empty");
        assertThatThrownBy(() -> RedactionRulesFile.load(write("a: ["), null))
                .hasMessageContaining("not valid YAML");
    }

    private Path write(String content) throws Exception {
        Path file = Files.createTempFile(dir, "rules", ".yaml");
        Files.writeString(file, content);
        return file;
    }
}
