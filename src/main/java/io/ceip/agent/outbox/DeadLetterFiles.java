package io.ceip.agent.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.files.AtomicFiles;
import io.ceip.agent.files.DataDirectoryPermissions;
import io.ceip.agent.files.OwnerOnlyFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the dead-letter store accepts as a file it wrote: the names it gives, the kind of file, its owner, its size
 * and the ranges of its metadata. Anything else is never read as an entry: quarantined at start
 * ({@link DeadLetterRecovery}), skipped while the agent runs.
 * <p>
 * The ranges: metadata 1 byte to {@value #MAX_META_BYTES} bytes; a body 1 byte to {@value #MAX_BODY_BYTES} bytes of
 * complete gzip that decompresses to at most {@value #MAX_JSON_BYTES} bytes of the entry's own report
 * ({@link StoredReportBody}); {@code attempts} 0 to
 * {@value #MAX_ATTEMPTS}; times ISO-8601 instants, of any range (their form only: the clock that wrote them may
 * have been skewed); {@code state} {@code pending} or
 * {@code rejected}; {@code lastStatus} at most {@value #MAX_STATUS_CHARS} characters without control characters;
 * {@code response} at most {@value #MAX_RESPONSE_CHARS} characters; {@code withdrawalSeen} absent, {@code none} or an
 * ISO-8601 instant; metadata version {@value DeadLetter#VERSION}.
 */
final class DeadLetterFiles {

    static final String BODY = ".json.gz";
    static final String META = ".meta.json";
    /** The mark of a report collected when no withdrawal was on record (privacy's {@code WithdrawalOrder.NONE}). */
    static final String NO_WITHDRAWAL = "none";
    /** The store's subdirectory for what it will not send. */
    static final String QUARANTINE = DataDirectoryPermissions.QUARANTINE;
    static final Pattern REPORT_ID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    static final long MAX_META_BYTES = 64 * 1024;
    static final long MAX_BODY_BYTES = 16 * 1024 * 1024;
    static final long MAX_JSON_BYTES = 64 * 1024 * 1024;
    static final int MAX_ATTEMPTS = 1_000_000;
    static final int MAX_STATUS_CHARS = 200;
    static final int MAX_RESPONSE_CHARS = 16 * 1024;

    private static final Pattern NAME = Pattern.compile("(\\.?)(" + REPORT_ID.pattern()
            + ")(\\.json\\.gz|\\.meta\\.json)(" + AtomicFiles.TEMP_INFIX + Pattern.quote(AtomicFiles.TEMP_SUFFIX)
            + ")?");

    private DeadLetterFiles() {
    }

    /**
     * A name the store gives: {@code <reportId>.json.gz}, {@code <reportId>.meta.json}, or the temporary file of a
     * write, {@code .<name>.tmp} or {@code .<name>.<16 hex digits>.tmp}.
     */
    record Name(String reportId, String suffix, boolean temporary) {

        /** The name, or null when the store never gives it. */
        static Name parse(String name) {
            Matcher matcher = NAME.matcher(name);
            if (!matcher.matches() || matcher.group(1).isEmpty() != (matcher.group(4) == null)) {
                return null;
            }
            return new Name(matcher.group(2), matcher.group(3), matcher.group(4) != null);
        }
    }

    /**
     * Why {@code file} is not one the store wrote, or null when it is: a regular file (not a link, a directory, a
     * fifo or a device), with one name (no hard link), owned by the agent's user where the file system says, of
     * {@code minBytes} to {@code maxBytes} bytes. Only the file's own attributes are read, never its content.
     */
    static String problem(Path file, long minBytes, long maxBytes) {
        try {
            return checked(file, minBytes, maxBytes);
        } catch (IOException e) {
            return "its attributes cannot be read (" + e.getClass().getSimpleName() + ")";
        }
    }

    /**
     * {@link #problem(Path, long, long)}, but attributes that cannot be read now (an I/O error) are that exception,
     * not a problem of the file: nothing is known of it.
     */
    static String checked(Path file, long minBytes, long maxBytes) throws IOException {
        Map<String, Object> attributes;
        try {
            attributes = OwnerOnlyFiles.attributes(file);
        } catch (NoSuchFileException e) {
            return "missing";
        }
        if (Boolean.TRUE.equals(attributes.get("isSymbolicLink"))) {
            return "a symbolic link";
        }
        if (Boolean.TRUE.equals(attributes.get("isDirectory"))) {
            return "a directory";
        }
        if (!Boolean.TRUE.equals(attributes.get("isRegularFile"))) {
            return "a fifo, socket or device";
        }
        if (attributes.get("nlink") instanceof Integer links && links > 1) {
            return "a hard link (" + links + " names)";
        }
        String owner = ownerProblem(attributes);
        if (owner != null) {
            return owner;
        }
        long size = ((Number) attributes.get("size")).longValue();
        return size < minBytes ? (size == 0 ? "empty" : size + " bytes, fewer than " + minBytes)
                : size > maxBytes ? size + " bytes, more than " + maxBytes : null;
    }

    /**
     * Why the two files of an entry are not the store's own, by their attributes alone, or null.
     *
     * @throws IOException when attributes cannot be read now ({@link #checked})
     */
    static String filesProblem(Path meta, Path body) throws IOException {
        String problem = about("metadata", checked(meta, 1, MAX_META_BYTES));
        return problem != null ? problem : about("body", checked(body, 1, MAX_BODY_BYTES));
    }

    /**
     * Why the entry {@code reportId} (either file may be absent, not both) is not the store's own, or null when it
     * is: its files' attributes, then its metadata, then its body read as a stream once (the costliest check last).
     * Only what its content or attributes prove is a problem.
     *
     * @throws IOException when a file cannot be read now (too many open files, an I/O error, replaced meanwhile):
     *         nothing is known of the entry, which is neither good nor bad
     */
    static String entryProblem(Path meta, boolean hasMeta, Path body, boolean hasBody, String reportId,
            ObjectMapper mapper) throws IOException {
        String problem = hasMeta && hasBody ? filesProblem(meta, body)
                : hasMeta ? about("metadata", checked(meta, 1, MAX_META_BYTES))
                : about("body", checked(body, 1, MAX_BODY_BYTES));
        if (problem == null && hasMeta) {
            problem = hasBody ? metadataProblem(OwnerOnlyFiles.read(meta, MAX_META_BYTES), meta, reportId, mapper)
                    : "no body";
        }
        return problem != null ? problem : bodyProblem(body, reportId);
    }

    /** Why the metadata {@code json} read from {@code meta} is not the entry's own, or null. */
    static String metadataProblem(byte[] json, Path meta, String reportId, ObjectMapper mapper) {
        try {
            return problem(DeadLetterJson.parse(json, meta, mapper), reportId);
        } catch (IOException | RuntimeException e) {
            return "metadata does not parse";
        }
    }

    /** {@code problem} said of {@code what} ("body is a symbolic link"), or null. */
    static String about(String what, String problem) {
        return problem == null ? null : what + " is " + problem;
    }

    /** Why a directory at {@code directory} is not the store's own, or null. */
    static String directoryProblem(Path directory) {
        try {
            Map<String, Object> attributes = OwnerOnlyFiles.attributes(directory);
            return Boolean.TRUE.equals(attributes.get("isSymbolicLink")) ? "a symbolic link"
                    : !Boolean.TRUE.equals(attributes.get("isDirectory")) ? "not a directory"
                    : ownerProblem(attributes);
        } catch (IOException e) {
            return "its attributes cannot be read (" + e.getClass().getSimpleName() + ")";
        }
    }

    private static String ownerProblem(Map<String, Object> attributes) {
        long agent = OwnerOnlyFiles.currentUid();
        return agent >= 0 && attributes.get("uid") instanceof Integer uid && uid != agent
                ? "owned by uid " + uid + ", not by the agent's user" : null;
    }

    /** Why the metadata {@code entry}, read from the file of {@code reportId}, is out of range, or null. */
    static String problem(DeadLetter entry, String reportId) {
        if (entry.version() != DeadLetter.VERSION) {
            return "unknown metadata version " + entry.version();
        }
        if (!reportId.equals(entry.reportId())) {
            return "metadata of another report";
        }
        if (entry.attempts() < 0 || entry.attempts() > MAX_ATTEMPTS) {
            return "attempts " + entry.attempts() + " outside 0-" + MAX_ATTEMPTS;
        }
        if (!DeadLetter.PENDING.equals(entry.state()) && !DeadLetter.REJECTED.equals(entry.state())) {
            return "state is neither pending nor rejected";
        }
        if (entry.lastStatus() != null && (entry.lastStatus().length() > MAX_STATUS_CHARS
                || entry.lastStatus().chars().anyMatch(Character::isISOControl))) {
            return "lastStatus is not a short line of text";
        }
        if (entry.response() != null && entry.response().length() > MAX_RESPONSE_CHARS) {
            return "response is longer than " + MAX_RESPONSE_CHARS + " characters";
        }
        String problem = entry.created() == null ? "created is missing" : timeProblem("created", entry.created());
        if (problem == null && entry.firstFailure() != null) {
            problem = timeProblem("firstFailure", entry.firstFailure());
        }
        if (problem == null && entry.lastFailure() != null) {
            problem = timeProblem("lastFailure", entry.lastFailure());
        }
        if (problem == null && entry.withdrawalSeen() != null && !entry.withdrawalSeen().equals(NO_WITHDRAWAL)) {
            problem = timeProblem("withdrawalSeen", entry.withdrawalSeen()); // privacy's WithdrawalOrder mark
        }
        return problem;
    }

    /**
     * Only the form of a time is checked, not its range: the store wrote it from this machine's clock, which may have
     * been ahead or at the epoch then, and a report is not refused for that (review s17 M1: a clock set right by more
     * than a day quarantined the reports stored meanwhile, never sent).
     */
    private static String timeProblem(String field, String value) {
        try {
            Instant.parse(value);
            return null;
        } catch (DateTimeParseException e) {
            return field + " is not an ISO-8601 time";
        }
    }

    /**
     * Why the body file is not the report {@code reportId} ({@link StoredReportBody}), or null. Call only for a file
     * that passed {@link #problem(Path, long, long)}: it is opened without following links.
     *
     * @throws IOException when the file cannot be opened or read now: not a problem of its content
     */
    static String bodyProblem(Path body, String reportId) throws IOException {
        try (InputStream in = Channels.newInputStream(OwnerOnlyFiles.open(body, StandardOpenOption.READ))) {
            return StoredReportBody.problem(in, reportId);
        }
    }
}
