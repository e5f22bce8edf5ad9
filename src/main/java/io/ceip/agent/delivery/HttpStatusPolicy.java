package io.ceip.agent.delivery;

import java.util.Set;

/**
 * Which HTTP answers are worth another attempt. 2xx is success; 408, 425, 429, 500, 502, 503 and 504 are
 * retried; every other status is a rejection: the report is kept in the store as {@code rejected} and not re-sent
 * automatically.
 */
public final class HttpStatusPolicy {

    private static final Set<Integer> RETRYABLE = Set.of(408, 425, 429, 500, 502, 503, 504);

    private HttpStatusPolicy() {
    }

    public static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    public static boolean isRetryable(int status) {
        return RETRYABLE.contains(status);
    }
}
