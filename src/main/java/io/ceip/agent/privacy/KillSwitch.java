package io.ceip.agent.privacy;

import java.util.Map;
import java.util.Optional;

/**
 * The environment's kill switches, {@code DO_NOT_TRACK} and then {@code CEIP_DISABLED}: either set to anything but
 * empty, {@code 0}, {@code false} or {@code no} ({@code yes}, {@code on}, {@code 2} and a typo included: fail closed,
 * as a kill switch must) switches the agent off.
 */
final class KillSwitch {

    private KillSwitch() {
    }

    /** The name of the first switch that is on in {@code environment}, or empty. */
    static Optional<String> on(Map<String, String> environment) {
        for (String name : new String[] { "DO_NOT_TRACK", "CEIP_DISABLED" }) {
            if (isTrue(environment.get(name))) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    private static boolean isTrue(String value) {
        if (value == null) {
            return false;
        }
        String text = value.trim();
        return !(text.isEmpty() || text.equals("0") || text.equalsIgnoreCase("false") || text.equalsIgnoreCase("no"));
    }
}
