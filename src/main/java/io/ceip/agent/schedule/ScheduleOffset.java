package io.ceip.agent.schedule;

import java.util.UUID;

/**
 * Spreads a fleet's reports over an hour: a stable offset of 0 to 3599 seconds derived from the installation ID
 * replaces the seconds field of a Quartz cron expression and, when it is a single number, the minutes field.
 * {@code 0 0 3 * * ?} (daily at 03:00) becomes, for one installation, {@code 17 42 3 * * ?} and stays so; the
 * minute a cron names is replaced, not added to: {@code 0 30 2 * * ?} fires between 02:00 and 02:59.
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

    /**
     * What {@link #apply} did to {@code cron}, in words: {@code its minute 7 and second 15 set by this installation's
     * offset} (the cron then fires within the hour it names, whatever minute it had), {@code its second 15 set ...}
     * when its minutes are not a single number, or {@code unchanged ...} when its seconds are not either.
     */
    public static String replaced(String cron, int offset) {
        String[] fields = cron.trim().split("\\s+");
        if (fields.length < 2 || !isNumber(fields[0])) {
            return "unchanged: its seconds are not a single number for this installation's offset to set";
        }
        return (isNumber(fields[1]) ? "its minute " + offset / 60 + " and second " : "its second ") + offset % 60
                + " set by this installation's offset";
    }

    private static boolean isNumber(String field) {
        return field.chars().allMatch(Character::isDigit) && !field.isEmpty();
    }
}
