package io.ceip.agent.outbox;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;

/**
 * The other process of {@link SentReportsBoundHeldByTwoProcessesTest}: a {@code ceip-agent send} beside the running
 * agent, as far as {@code sent/} goes. Arguments: the directory, {@code keep}, how many reports to keep, and a file
 * whose appearance starts the writing (both processes start together). Prints {@code done} at the end.
 */
public final class SentReportsWriter {

    private SentReportsWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        SentReports sent = new SentReports(directory, Integer.parseInt(args[1]), Clock.systemUTC());
        int reports = Integer.parseInt(args[2]);
        Path go = Path.of(args[3]);
        System.out.println("ready");
        while (!Files.exists(go)) {
            Thread.onSpinWait();
        }
        for (int i = 0; i < reports; i++) {
            sent.keeper(UUID.randomUUID().toString(), ("child " + i).getBytes(StandardCharsets.UTF_8)).accept(null);
        }
        System.out.println("done");
    }
}
