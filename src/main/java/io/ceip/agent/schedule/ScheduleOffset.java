package io.ceip.agent.schedule;

import java.util.UUID;

/**
 * Spreads a fleet's reports over an hour: a stable offset of 0 to 3599 seconds derived from the installation ID
 * replaces the seconds field of a Quartz cron expression and, when it is a single number, the minutes field.
 * {@code 0 0 3 * * ?} (daily at 03:00) becomes, for one installation, {@code 17 42 3 * * ?} and stays so.
 */
public final class ScheduleOffset {

    private ScheduleOffset() {
    }

    /** The offset in seconds, 0 to 3599, for this installation. */
    public static int seconds(UUID installationId) {
        long mixed = installationId.getMostSignificantBits() ^ installationId.getLeastSignificantBits();
        return (int) Math.floorMod(mixed, 3600L);
    }

    /** The cron expression with this installation's offset applied. */
    public static String apply(String cron, UUID installationId) {
        String[] fields = cron.trim().split("\\s+");
        if (fields.length < 6 || fields.length > 7) {
            throw new IllegalArgumentException("ceip.schedule.cron: '" + cron
                    + "' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week [year])");
        }
        int offset = seconds(installationId);
        if (isNumber(fields[0])) {
            fields[0] = Integer.toString(offset % 60);
            if (isNumber(fields[1])) {
                fields[1] = Integer.toString(offset / 60);
            }
        }
        return String.join(" ", fields);
    }

    private static boolean isNumber(String field) {
        return field.chars().allMatch(Character::isDigit) && !field.isEmpty();
    }
}
