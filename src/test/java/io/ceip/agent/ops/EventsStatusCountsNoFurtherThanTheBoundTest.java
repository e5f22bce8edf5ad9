package io.ceip.agent.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} counts the spool's entries no further than the bound a poll lists ({@code EventSpoolPoll.MAX_ENTRIES},
 * here 3): past it the line says the agent reads none of them, as the agent's poll does, rather than a count the agent
 * would not act on; status never lists such a spool whole.
 */
class EventsStatusCountsNoFurtherThanTheBoundTest {

    @TempDir
    Path spool;

    @Test
    void pastTheBoundTheSpoolIsSaidToBeUnread() throws Exception {
        for (int i = 0; i < 3; i++) {
            Files.writeString(spool.resolve(i + ".jsonl"), "{}\n");
        }
        assertThat(EventsStatus.spool(spool, 3)).isEqualTo("3 spool file(s) waiting in " + spool);

        Files.writeString(spool.resolve(".left-by-a-crash.tmp"), ""); // any name counts, as for the poll
        assertThat(EventsStatus.spool(spool, 3)).isEqualTo("the spool " + spool + " holds more than 3 entries: the"
                + " agent reads none of them until it holds fewer (move or delete what is not the product's)");
    }
}
