package io.ceip.agent.schedule;

import io.ceip.agent.files.StateStore;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a cluster's schedule offset is derived from: one random UUID kept as {@value #NAME} in the shared state table,
 * stored by the first node to start, so every node computes the same effective cron whatever its own start order
 * (an installation ID made in memory differs per node until the first report stores one). A cluster that already
 * has an installation ID takes it as the seed, so its report time does not move. The seed never leaves the agent; the
 * installation ID is still created by the first report.
 */
public final class ScheduleSeed {

    public static final String NAME = "schedule-offset-seed";
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private ScheduleSeed() {
    }

    /**
     * The stored seed, or one stored now: the stored installation ID ({@code installationId}, when there is one) or a
     * new random UUID; of two nodes storing at once the first wins. A stored value that is no UUID is replaced.
     */
    public static UUID of(StateStore shared, Optional<UUID> installationId) {
        Optional<String> stored = shared.get(NAME);
        if (stored.isPresent() && UUID_TEXT.matcher(stored.get()).matches()) {
            return UUID.fromString(stored.get());
        }
        String candidate = installationId.orElseGet(UUID::randomUUID).toString();
        String kept = stored.isPresent() ? shared.replace(NAME, stored.get(), candidate)
                : shared.putIfAbsent(NAME, candidate);
        return UUID_TEXT.matcher(kept).matches() ? UUID.fromString(kept) : UUID.fromString(candidate);
    }

    /** The stored seed, or {@code fallback} when none is stored (nothing is written: a preview). */
    public static UUID stored(StateStore shared, UUID fallback) {
        return shared.get(NAME).filter(value -> UUID_TEXT.matcher(value).matches()).map(UUID::fromString)
                .orElse(fallback);
    }
}
