package io.ceip.agent.privacy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import java.util.Optional;

/**
 * The product's setting, read again at every decision (a change in the product is seen at once) but, after a read
 * that failed, not for {@value #FAILED_SECONDS} seconds: every consent decision asks (each event request, each spool
 * poll, each report and each replayed report), and a query that timed out must not be waited for again at once, nor a
 * database that is down be asked a thousand times by one replay. Meanwhile the failure stands (consent undecided:
 * nothing collected or sent, nothing kept deleted). One read at a time: callers wait for the read in progress, so the
 * product's database never runs two of them at once.
 */
public final class ProductConsentReads implements ProductConsentSetting {

    /** How long after a failed read the setting is asked again, in seconds. */
    public static final int FAILED_SECONDS = 30;

    private final ProductConsentSetting setting;
    private final Clock clock;
    private Instant askAgainAt = Instant.MIN;
    private Exception failure;

    public ProductConsentReads(ProductConsentSetting setting, Clock clock) {
        this.setting = setting;
        this.clock = clock;
    }

    @Override
    public synchronized Optional<ConsentLevel> read() throws Exception {
        if (failure != null && clock.instant().isBefore(askAgainAt)) {
            throw failure;
        }
        try {
            Optional<ConsentLevel> answer = setting.read();
            failure = null;
            return answer;
        } catch (Exception e) {
            failure = e;
            askAgainAt = clock.instant().plus(Duration.ofSeconds(FAILED_SECONDS));
            throw e;
        }
    }
}
