package io.ceip.agent;

import io.ceip.agent.CommandLineRun.Result;

import org.junit.jupiter.api.Test;

import static io.ceip.agent.CommandLineRun.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command line the parser refuses is answered in one line that quotes what was typed harmlessly: control characters
 * (a terminal's escape sequences, a line end forging a log line) escaped, a huge value cut. picocli's message quoted
 * the argument as it was: an ANSI escape reached the terminal and a 100,000-character value a 100 KB line.
 */
class CommandLineEchoesArgumentsHarmlesslyTest {

    @Test
    void anUnknownCommandWithEscapesAndLineEndsIsOneEscapedLine() {
        Result result = run("\u001b]0;owned\u0007st\u001b[2Jatus\nERROR forged line");

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.errLines()).singleElement().asString().startsWith("ceip-agent: ")
                .contains("\\u001b[2J").contains("\\nERROR forged line").endsWith("(see --help)");
        assertThat(result.err()).doesNotContain("\u001b").doesNotContain("\u0007");
    }

    /** Unicode's line and paragraph separators end a line in many a viewer: they were quoted as typed. */
    @Test
    void anUnknownCommandWithUnicodeLineEndsIsOneEscapedLine() {
        Result result = run("status\u2028ERROR forged line\u2029ERROR another");

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("status\\u2028ERROR forged line\\u2029ERROR another")
                .doesNotContain("\u2028").doesNotContain("\u2029");
    }

    @Test
    void aHugeOptionValueIsCut() {
        Result result = run("preview", "--report-id", "x".repeat(100_000));

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.errLines()).singleElement().asString().startsWith("ceip-agent: Invalid value")
                .endsWith("(see --help)").hasSizeLessThan(1_200);
    }

    @Test
    void aHugeUnknownOptionIsCut() {
        Result result = run("--" + "y".repeat(100_000));

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.errLines()).singleElement().asString().hasSizeLessThan(1_200);
    }
}
