package io.benchmarkhub.api.releases;

import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * A cron expression in a time zone. Quartz syntax (seconds first, six or seven fields) or the five fields of Unix cron
 * (minute hour day-of-month month day-of-week), which is read as Quartz with second 0.
 */
record CronSchedule(String cron, ZoneId zone, CronExpression expression) {

    /** @throws IllegalArgumentException with a message for the caller when the expression is not valid */
    static CronSchedule parse(String cron, ZoneId zone) {
        String[] fields = cron.strip().split("\\s+");
        String quartz;
        if (fields.length == 5) {
            // Quartz wants '?' in one of day-of-month and day-of-week
            String dom = fields[2], dow = fields[4];
            if (!dom.equals("?") && !dow.equals("?")) {
                if (dow.equals("*")) dow = "?";
                else if (dom.equals("*")) dom = "?";
            }
            quartz = "0 " + fields[0] + " " + fields[1] + " " + dom + " " + fields[3] + " " + dow;
        } else if (fields.length == 6 || fields.length == 7) {
            quartz = String.join(" ", fields);
        } else {
            throw new IllegalArgumentException(
                    "must have 5 fields (Unix cron) or 6-7 fields (Quartz cron, seconds first)");
        }
        try {
            var expression = new CronExpression(quartz);
            expression.setTimeZone(TimeZone.getTimeZone(zone));
            if (expression.getNextValidTimeAfter(new Date()) == null)
                throw new IllegalArgumentException("never fires after now");
            return new CronSchedule(cron.strip(), zone, expression);
        } catch (ParseException e) {
            throw new IllegalArgumentException("is not a valid cron expression: " + e.getMessage());
        }
    }

    /** The first fire time strictly after {@code after}; null when there is none. */
    Instant next(Instant after) {
        Date next = expression.getNextValidTimeAfter(Date.from(after));
        return next == null ? null : next.toInstant();
    }
}
