package io.ceip.agent.privacy;

import io.ceip.agent.files.OwnerOnlyFiles;

import java.util.Locale;

/**
 * The administrator's consent, ordered: {@code OFF < BASIC < FULL}.
 * <ul>
 * <li>{@code OFF}: nothing is collected, nothing goes on the network.</li>
 * <li>{@code BASIC}: versions, environment, database vendor and version, object counts, timezone.</li>
 * <li>{@code FULL}: {@code BASIC} plus feature-usage statistics.</li>
 * </ul>
 */
public enum ConsentLevel {
    OFF, BASIC, FULL;

    /** Parses {@code off}, {@code basic} or {@code full} (any case, surrounding blanks ignored). */
    public static ConsentLevel parse(String text) {
        if (text != null) {
            // ASCII only: upper-casing maps the dotless 'ı' of "basıc" to 'I'
            String value = text.trim().chars().allMatch(c -> c < 128) ? text.trim().toUpperCase(Locale.ROOT) : "";
            for (ConsentLevel level : values()) {
                if (level.name().equals(value)) {
                    return level;
                }
            }
        }
        throw new IllegalArgumentException("unknown consent level '" + OwnerOnlyFiles.shown(text) // escaped, cut
                + "': expected off, basic or full");
    }

    /** True when a field of level {@code required} may be carried under this consent. */
    public boolean covers(ConsentLevel required) {
        return required != OFF && compareTo(required) >= 0;
    }

    /** The level as written in configuration and reports: {@code off}, {@code basic}, {@code full}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
