package io.ceip.agent.privacy;

/** The effective consent level and the source it came from (for example {@code environment:DO_NOT_TRACK}). */
public record ConsentDecision(ConsentLevel level, String source) {

    @Override
    public String toString() {
        return level.id() + " (from " + source + ")";
    }
}
