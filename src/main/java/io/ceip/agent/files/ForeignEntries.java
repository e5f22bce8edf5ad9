package io.ceip.agent.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the top level of a data directory holds that is not the agent's: a name none of its versions writes there and
 * no directory a setting places there. The agent writes its installation ID, salt, consent files and audit, ledger
 * (and its rotations), the sent copies' lock, events' window and lock, the reports' lock, last report's time, schedule state, the demo database and its own
 * directories there, each under a fixed name (a value's entry it could not use set aside as
 * {@code <name>.unusable-<time>}; atomic writes through a hidden {@code .<name>.tmp} or {@code .<name>.<16 hex digits>.tmp}), and JMX exports
 * ({@code *.gz} and their {@code .json}, and a directory holding only those: {@link #exportsOnly}); anything else (the product's configuration, a home directory's files)
 * means the directory is shared, and the permissions start-up leaves it all as it is, the directory included
 * ({@link DataDirectoryPermissions}).
 */
final class ForeignEntries {

    private static final Set<String> NAMES = Set.of("installation-id", "pseudonym-salt", "consent", "consent-level",
            "consent-audit.log", "ledger.log", "events-token", "events.lock", "report.lock", "features-window-end",
            "last-report", "events-aggregate.json.gz", "schedule-offset-seed", "last-reported-fire",
            "schedule-time-zone", "dead-letter", "sent", "sent.lock", "destinations", "collector", "events",
            DataDirectoryPermissions.QUARANTINE);
    /** Rotations ({@code ledger.log.1}, ...) and H2's files of the demo database. */
    private static final List<String> PREFIXES = List.of("ledger.log.", "consent-audit.log.", "demo-product.");

    private static final Pattern TEMPORARY = Pattern.compile("\\.(.+?)" + AtomicFiles.TEMP_INFIX
            + Pattern.quote(AtomicFiles.TEMP_SUFFIX));

    private ForeignEntries() {
    }

    /**
     * The real paths of {@code directory}'s files and directories that are not the agent's (none when it cannot be
     * listed); links, fifos and the like are never changed anyway, and are no sign of another program.
     */
    static List<Path> in(Path directory, Collection<Path> roots) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(entry -> !agents(entry.getFileName().toString()) && !roots.contains(entry)
                    && (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS) // links, fifos: never changed anyway
                            || Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) && !exportsOnly(entry)))
                    .sorted().toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /**
     * Whether {@code directory} holds JMX exports and nothing else (at least one {@code *.gz} or {@code *.gz.json}
     * regular file, in it or in directories under it, looked at to {@value #EXPORT_DEPTH} levels and
     * {@value #EXPORT_ENTRIES} entries): the directory {@code exportReport("exports/report.json.gz")} made. It was
     * taken for another program's, and every later start left the data directory as if it were shared.
     */
    private static boolean exportsOnly(Path directory) {
        try (Stream<Path> tree = Files.walk(directory, EXPORT_DEPTH)) { // links are not followed
            List<Path> entries = tree.skip(1).limit(EXPORT_ENTRIES + 1L).toList();
            return entries.size() <= EXPORT_ENTRIES && entries.stream().anyMatch(ForeignEntries::export)
                    && entries.stream().allMatch(entry -> export(entry)
                            || Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static final int EXPORT_DEPTH = 8;
    private static final int EXPORT_ENTRIES = 1_000;

    private static boolean export(Path entry) {
        String name = entry.getFileName().toString();
        return (name.endsWith(".gz") || name.endsWith(".gz.json")) && Files.isRegularFile(entry,
                LinkOption.NOFOLLOW_LINKS);
    }

    private static boolean agents(String name) {
        Matcher temporary = TEMPORARY.matcher(name);
        String own = temporary.matches() ? temporary.group(1) : name;
        int aside = own.indexOf(FileStateStore.ASIDE); // a value's entry the agent set aside (installation-id.unusable-…)
        return NAMES.contains(own) || aside > 0 && NAMES.contains(own.substring(0, aside)) || PREFIXES.stream().anyMatch(own::startsWith) || own.endsWith(".gz")
                || own.endsWith(".gz.json"); // JMX exportReport's files, made 0600 (its directories are not known)
    }
}
