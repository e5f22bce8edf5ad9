package io.ceip.agent.ops;

import io.ceip.agent.util.OneLine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed remote JMX logins, per client address: each address's first failure of a period is logged in one WARN line
 * (the user name given, escaped and cut; never the password), and an address with {@value #MAX_FAILURES} failures in
 * {@link #PERIOD} is refused every login, right or wrong, until that period has passed since its last failure: a
 * password is not guessed at network speed. A login that succeeds clears its address. At most
 * {@value #MAX_ADDRESSES} addresses are remembered (the longest unseen forgotten first), so that no number of
 * addresses fills the heap.
 */
final class JmxLoginFailures {

    /** Failures from one address that lock it out. */
    static final int MAX_FAILURES = 5;
    /** How long failures are counted, and how long a locked-out address stays refused after its last failure. */
    static final Duration PERIOD = Duration.ofMinutes(1);
    static final int MAX_ADDRESSES = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(JmxLoginFailures.class);

    private record Tally(int failures, Instant first, Instant last) {
    }

    private final Clock clock;
    private final Map<String, Tally> tallies = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Tally> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    JmxLoginFailures(Clock clock) {
        this.clock = clock;
    }

    /** True when logins from {@code address} are refused now, whatever their password (said once per period). */
    synchronized boolean lockedOut(String address) {
        Tally tally = current(address);
        return tally != null && tally.failures() >= MAX_FAILURES;
    }

    /** A login from {@code address} as {@code user} failed. */
    synchronized void failed(String address, String user) {
        Instant now = clock.instant();
        Tally tally = current(address);
        Tally next = tally == null ? new Tally(1, now, now) : new Tally(tally.failures() + 1, tally.first(), now);
        tallies.put(address, next);
        if (next.failures() == 1) {
            LOG.warn("Remote JMX: failed login from {} as user '{}'; more from there within {} are counted, and {}"
                    + " lock it out for {}", address, OneLine.of(user == null ? "" : user, 64), PERIOD,
                    MAX_FAILURES, PERIOD);
        } else if (next.failures() == MAX_FAILURES) {
            LOG.warn("Remote JMX: {} failed logins from {} since {}: its logins are refused until {} has passed"
                    + " without one", MAX_FAILURES, address, next.first(), PERIOD);
        }
    }

    /** A login from {@code address} succeeded: its failures are forgotten. */
    synchronized void succeeded(String address) {
        tallies.remove(address);
    }

    /** The address's tally while it counts: failures within the period, or a lock-out until a period after the last. */
    private Tally current(String address) {
        Tally tally = tallies.get(address);
        if (tally == null) {
            return null;
        }
        Instant now = clock.instant();
        boolean over = tally.failures() >= MAX_FAILURES ? !now.isBefore(tally.last().plus(PERIOD))
                : !now.isBefore(tally.first().plus(PERIOD));
        if (over) {
            tallies.remove(address);
            return null;
        }
        return tally;
    }
}
