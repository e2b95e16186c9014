package io.benchmarkhub.domain.kpi;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

/** The calendar periods KPIs are counted in, always in UTC: a day, an ISO week (Monday to Monday) or a calendar month. */
public enum KpiPeriod {
    DAY,
    WEEK,
    MONTH;

    /** The start (00:00 UTC) of the period that contains {@code at}. */
    public Instant startOf(Instant at) {
        LocalDate day = at.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate start = switch (this) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
        return start.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The start of the period after the one that starts at {@code start}. */
    public Instant next(Instant start) {
        LocalDate day = start.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate next = switch (this) {
            case DAY -> day.plusDays(1);
            case WEEK -> day.plusWeeks(1);
            case MONTH -> day.plusMonths(1);
        };
        return next.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
