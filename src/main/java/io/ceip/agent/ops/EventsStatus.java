package io.ceip.agent.ops;

import io.ceip.agent.config.Settings;
import io.ceip.agent.events.EventSpoolPoll;
import io.ceip.agent.events.IntakeServer;
import io.ceip.agent.events.SpoolDirectory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The {@code events} line of {@code status}: how the product's events come in (the spool, the HTTP intake), how many
 * spool files wait, and where the running agent's counters are. It looks at the spool without following a link and
 * without opening a file, and whatever the spool is (a link, a file, a FIFO, a directory that cannot be listed, or
 * one that fails while it is listed) it says so in the line: never a stack trace, never a count it did not make. It
 * counts at most {@link EventSpoolPoll#MAX_ENTRIES} entries (of any name), the most the agent lists for a poll.
 */
final class EventsStatus {

    private EventsStatus() {
    }

    /** The line for {@code settings}. */
    static String line(Settings settings) {
        boolean spool = settings.bool("ceip.events.enabled");
        String intake = settings.bool("ceip.events.http.enabled") ? "HTTP intake on http://" + IntakeServer.HOST + ":"
                + settings.number("ceip.events.http.port") + "/ceip/events" : "";
        if (!spool && intake.isEmpty()) {
            return "off (ceip.events.enabled=false, ceip.events.http.enabled=false)";
        }
        String counters = "; counters since start: JMX " + EventCounters.OBJECT_NAME + ", metrics ceip_events_*";
        if (!spool) {
            return intake + "; no spool (ceip.events.enabled=false: its directory is neither read nor emptied)"
                    + counters;
        }
        return spool(settings.path("ceip.events.directory"), EventSpoolPoll.MAX_ENTRIES)
                + (intake.isEmpty() ? "" : "; " + intake) + counters;
    }

    /** What the spool {@code directory} is and holds: its {@code *.jsonl} files waiting, or why none is counted. */
    static String spool(Path directory, long maxEntries) {
        String shown = directory.toAbsolutePath().normalize().toString();
        if (Files.isSymbolicLink(directory)) {
            return "the spool " + shown + " is a symbolic link: the agent does not start with it (point"
                    + " ceip.events.directory at the directory it links to)";
        }
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return "0 spool file(s) waiting in " + shown + " (not made yet: the agent makes it at full consent)";
        }
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return "the spool " + shown + " is " + (Files.isRegularFile(directory, LinkOption.NOFOLLOW_LINKS)
                    ? "a regular file" : "a special file") + ", not a directory: no event is read from it";
        }
        long waiting = 0;
        long entries = 0;
        try (DirectoryStream<Path> listed = Files.newDirectoryStream(directory)) {
            for (Path entry : listed) {
                if (++entries > maxEntries) {
                    return "the spool " + shown + " holds more than " + maxEntries + " entries: the agent reads none"
                            + " of them until it holds fewer (move or delete what is not the product's)";
                }
                waiting += SpoolDirectory.handed(entry) && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)
                        ? 1 : 0; // as preview counts: no link, directory or special file, nothing hidden
            }
        } catch (IOException | RuntimeException e) { // DirectoryIteratorException, UncheckedIOException, a denial
            Throwable cause = e.getCause() instanceof IOException ? e.getCause() : e;
            return "the spool " + shown + " cannot be listed (" + cause.getClass().getSimpleName() + ")";
        }
        return waiting + " spool file(s) waiting in " + shown;
    }
}
