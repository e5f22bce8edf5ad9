package io.ceip.agent.privacy;

/** The effective consent level and the source it came from (for example {@code environment:DO_NOT_TRACK}). */
public record ConsentDecision(ConsentLevel level, String source) {

    /**
     * The source of a decision that could not be made: the product's own setting ({@code ceip.consent.query}) could not
     * be read. Its level is {@code off} (nothing is collected or sent), but it is no withdrawal: nothing kept is
     * deleted (reports, events), and it is not audited as a change of consent.
     */
    public static final String UNDECIDED = "product-setting:unreadable";

    /** True when consent cannot be decided now ({@link #UNDECIDED}): hold everything, send nothing, delete nothing. */
    public boolean undecided() {
        return UNDECIDED.equals(source);
    }

    @Override
    public String toString() {
        return level.id() + " (from " + source + ")";
    }
}
