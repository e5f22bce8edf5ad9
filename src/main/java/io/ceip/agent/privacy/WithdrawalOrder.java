package io.ceip.agent.privacy;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Whether consent was withdrawn after a report was collected, told by the order of the withdrawals the audit log
 * records, never by comparing the report's collection time with a withdrawal's time: those two come from a clock
 * that may have been ahead or set back in between (a report collected while the clock was an hour ahead carried a
 * time later than a withdrawal made after it, and was sent). Before consent is decided for a collection, the last
 * withdrawal the audit knows ({@link ConsentAudit#lastWithdrawal()}, which never goes back, and which each withdrawal
 * makes later, even one stamped earlier than the one before it: {@link AuditOrder}) is taken as the report's
 * mark ({@link #seen}), kept in its metadata; before each request the report is withdrawn when the audit's last
 * withdrawal is now another one. A report kept without a mark (by an earlier version, or whose metadata was
 * rebuilt) is judged as the earlier versions judged it, by its collection time against the withdrawal's: nothing
 * better is known of it, and an upgrade then deletes no report those versions would have sent (a withdrawal long
 * before it, consent given again since, deleted every one of them).
 */
public final class WithdrawalOrder {

    /** The exchange property holding the report's mark from its collection to its storage. */
    public static final String PROPERTY = "ceipWithdrawalSeen";
    /** The mark of a report collected when the audit recorded no withdrawal. */
    public static final String NONE = "none";

    private WithdrawalOrder() {
    }

    /** The mark of a report collected now: read before consent is decided for it. */
    public static String seen(ConsentAudit audit) {
        return audit.lastWithdrawal().map(Instant::toString).orElse(NONE);
    }

    /**
     * Whether {@code lastWithdrawal} (the audit's now) came after the collection marked {@code seen}: a withdrawal
     * when none was on record, another than was (the audit's last withdrawal never goes back: a mark later than it is
     * forged, or its log lost withdrawals), or any when the mark is not of its form. Without a mark (null), whether
     * the report's {@code collectedAt} is before {@code lastWithdrawal}, as earlier versions decided.
     */
    public static boolean withdrawnSince(String seen, Instant collectedAt, Instant lastWithdrawal) {
        if (seen == null) {
            return collectedAt.isBefore(lastWithdrawal);
        }
        if (seen.equals(NONE)) {
            return true;
        }
        try {
            return !lastWithdrawal.equals(Instant.parse(seen));
        } catch (DateTimeParseException notAMark) {
            return true;
        }
    }
}
