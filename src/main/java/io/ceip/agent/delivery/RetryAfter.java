package io.ceip.agent.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads an HTTP {@code Retry-After} value: delay-seconds ({@code 120}, ASCII digits; more than a {@code long} holds
 * reads as the longest wait) or an HTTP date (one past reads as no wait). The caller caps the wait
 * ({@code ceip.retry.max-retry-after}).
 */
public final class RetryAfter {

    private RetryAfter() {
    }

    /** The delay asked for, or empty when the value is missing or not understood. */
    public static Optional<Duration> parse(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String text = value.trim();
        if (text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.of(Duration.ofSeconds(text.length() > 18 ? Long.MAX_VALUE : Long.parseLong(text)));
        }
        try {
            ZonedDateTime when = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration delay = Duration.between(clock.instant(), when.toInstant());
            return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
