package io.ceip.agent;

import io.ceip.agent.CommandLineRun.Result;
import io.ceip.agent.support.ProductDatabase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.ceip.agent.CommandLineRun.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review s29 F3: the pseudonym salt is made by the first report that needs a pseudonym, so an installation can have its
 * ID and no salt yet (its reports so far named nothing by pseudonym, or the salt was damaged). {@code preview} then
 * showed pseudonyms under a salt made for that run only: two previews of the same report differed, and neither was
 * what the next report sends, with no word said (the installation ID made for a preview has its note). Now a preview
 * whose pseudonyms are made for it alone says so on stderr, as it does for the ID.
 */
class PreviewOfPseudonymsBeforeASaltIsKeptSaysSoTest {

    private static final Pattern PSEUDONYM = Pattern.compile("p:[0-9a-f]{16}");
    private static final String NOTE = "ceip-agent: no pseudonym salt yet: the pseudonyms shown (p:…) are made for"
            + " this preview only; the first report that carries one makes and keeps the installation's own";

    @TempDir
    Path dir;

    @AfterEach
    void forgetTheConfiguration() {
        System.clearProperty("ceip.config");
    }

    @Test
    void aPreviewWhosePseudonymsAreItsOwnSaysSoAndOneUnderTheKeptSaltDoesNot() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("installation-id"), "8c6a764f-8a04-4564-90f3-8b8fb1524efe\n");
        Path config = Files.writeString(dir.resolve("application.properties"), String.join("\n",
                "ceip.data.directory=" + data, "ceip.database.url=" + ProductDatabase.seeded().url(),
                "ceip.database.demo-data=false", "ceip.collector.enabled=false", "ceip.consent.default=basic", ""));
        System.setProperty("ceip.config", config.toString());

        Result first = run("preview");
        Result second = run("preview");

        assertThat(pseudonyms(first)).as("the shipped inventory pseudonymises undeclared components").isNotEmpty()
                .as("each run made its own salt").isNotEqualTo(pseudonyms(second));
        assertThat(first.errLines()).contains(NOTE);
        assertThat(second.errLines()).contains(NOTE);
        assertThat(data.resolve("pseudonym-salt")).as("a preview writes nothing").doesNotExist();

        Files.writeString(data.resolve("pseudonym-salt"), "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n");
        Result kept = run("preview");
        Result again = run("preview");

        assertThat(pseudonyms(kept)).isNotEmpty().isEqualTo(pseudonyms(again));
        assertThat(kept.errLines()).doesNotContain(NOTE);
    }

    private static List<String> pseudonyms(Result preview) {
        assertThat(preview.code()).as(preview.err()).isZero();
        Matcher matcher = PSEUDONYM.matcher(preview.out());
        return matcher.results().map(java.util.regex.MatchResult::group).toList();
    }
}
