package io.ceip.agent.support;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** This machine's clock as a test sets it: {@link #now} is what it says until the test moves it. */
public final class SetClock extends Clock {

    /** The time the clock says. */
    public volatile Instant now;

    public SetClock(String time) {
        now = Instant.parse(time);
    }

    @Override
    public ZoneOffset getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
