package io.benchmarkhub.api.kpi;

import io.benchmarkhub.api.billing.SubscriptionKpis;
import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.kpi.KpiPeriod;
import io.benchmarkhub.domain.kpi.Kpis;
import io.benchmarkhub.domain.kpi.PeriodKpis;
import io.benchmarkhub.query.kpi.KpiQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The product KPIs per day, ISO week or month (UTC), computed from event-time facts (docs/leaderboards.md, "KPIs"). */
@RestController
@Tag(name = "Leaderboards and integrity")
class KpiController {

    /** Enough for two years of days; a longer range is asked in pieces. */
    static final int MAX_PERIODS = 731;

    /** {@code subscriptions}: MRR, net new MRR and Pro conversion of the same periods (docs/plans.md). */
    public record KpiReport(
            KpiPeriod period,
            Instant from,
            Instant to,
            List<PeriodKpis> periods,
            List<SubscriptionKpis.SubscriptionPeriod> subscriptions) {}

    private final KpiQueries kpis;
    private final SubscriptionKpis subscriptions;
    private final Clock clock;

    public KpiController(KpiQueries kpis, SubscriptionKpis subscriptions) {
        this.kpis = kpis;
        this.subscriptions = subscriptions;
        this.clock = Clock.systemUTC();
    }

    @GetMapping("/api/kpis")
    @Operation(
            summary = "Product KPIs per period (ADMIN or ANALYST)",
            description =
                    "from (inclusive) and to (exclusive): a date (midnight UTC) or an instant; default the 12 weeks up to "
                            + "today. period (alias granularity): day, week (ISO, Monday 00:00 UTC) or month. Periods are whole: from the one "
                            + "containing from to the one containing the instant before to. Every figure is computed from events by their time, "
                            + "so a replay gives the same numbers; d30Retention only for cohorts whose period ended 30 days or more before to. "
                            + "subscriptions: per period, MRR at its end (minor units), net new MRR (MRR at its end minus at its "
                            + "start) and Pro conversion (users on Free during the period whose first paying Pro subscription started in it).")
    public KpiReport kpis(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String period,
            @RequestParam(required = false) String granularity) {
        KpiPeriod unit = period(period != null ? period : granularity);
        Instant end = to == null
                ? LocalDate.now(clock).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()
                : instant("to", to);
        Instant start = from == null ? end.minus(Duration.ofDays(84)) : instant("from", from);
        if (!start.isBefore(end))
            throw new BadRequest("Bad range.", List.of(new Violation("from", "must be before to")));
        if (Kpis.periodStarts(unit, start, end).size() > MAX_PERIODS) {
            throw new BadRequest(
                    "Too many periods.",
                    List.of(new Violation("from", "at most " + MAX_PERIODS + " periods per request")));
        }
        List<Instant> starts = Kpis.periodStarts(unit, start, end);
        Instant last = starts.isEmpty() ? end : unit.next(starts.getLast());
        return new KpiReport(unit, start, end, kpis.kpis(unit, start, end), subscriptions.periods(starts, last));
    }

    private static KpiPeriod period(String value) {
        if (value == null || value.isBlank()) return KpiPeriod.WEEK;
        try {
            return KpiPeriod.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequest("Unknown period.", List.of(new Violation("period", "must be day, week or month")));
        }
    }

    private static Instant instant(String field, String value) {
        try {
            return value.contains("T")
                    ? Instant.parse(value.strip())
                    : LocalDate.parse(value.strip())
                            .atStartOfDay(ZoneOffset.UTC)
                            .toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequest(
                    "Bad " + field + ".",
                    List.of(new Violation(field, "must be a date (2025-03-03) or an instant (2025-03-03T00:00:00Z)")));
        }
    }
}
