package io.benchmarkhub.api.billing;

import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.api.web.ProblemResponse;
import io.benchmarkhub.domain.benchmark.Violation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Subscription revenue beside the credit margin (docs/plans.md#kpis-and-finance): the invoices Stripe reported paid, per
 * day and currency, by the time Stripe paid them. Admins and analysts, as all of finance (SecurityConfiguration).
 */
@RestController
@Tag(name = "Finance")
class SubscriptionFinanceController {

    private static final Duration DEFAULT_PERIOD = Duration.ofDays(30);
    private static final int MAX_DAYS = 731;

    public record RevenueDay(LocalDate day, String currency, long revenueMinor, long invoices) {}

    public record RevenueTotal(String currency, long revenueMinor, long invoices) {}

    public record SubscriptionRevenue(
            Instant from,
            Instant to,
            List<RevenueDay> days,
            List<RevenueTotal> totals,
            long mrrMinor,
            String currency) {}

    private final JdbcTemplate jdbc;
    private final SubscriptionKpis kpis;
    private final PlansProperties plans;
    private final Clock clock = Clock.systemUTC();

    SubscriptionFinanceController(JdbcTemplate jdbc, SubscriptionKpis kpis, PlansProperties plans) {
        this.jdbc = jdbc;
        this.kpis = kpis;
        this.plans = plans;
    }

    @GetMapping("/api/finance/subscriptions")
    @Operation(
            summary = "Subscription revenue per day: the invoices Stripe reported paid in [from, to)",
            description =
                    "from (inclusive) and to (exclusive): ISO dates (midnight UTC) or instants; default the 30 days up to the end "
                            + "of today. days: [{day, currency, revenueMinor, invoices}] for the days with a paid invoice; totals per "
                            + "currency; mrrMinor: MRR at to (docs/plans.md). Amounts in minor units, never added across currencies.")
    @ApiResponse(
            responseCode = "200",
            description = "The revenue",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = SubscriptionRevenue.class)))
    @ProblemResponse(
            status = "400",
            description = "from or to is not a date or an instant, or the period is empty or longer than two years")
    public SubscriptionRevenue revenue(
            @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        var problems = new ArrayList<Violation>();
        Instant end = to == null || to.isBlank()
                ? LocalDate.now(clock).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()
                : time("to", to.strip(), problems);
        Instant start = from == null || from.isBlank()
                ? (end == null ? null : end.minus(DEFAULT_PERIOD).truncatedTo(ChronoUnit.DAYS))
                : time("from", from.strip(), problems);
        if (problems.isEmpty() && !start.isBefore(end)) problems.add(new Violation("to", "must be after from"));
        if (problems.isEmpty() && Duration.between(start, end).toDays() > MAX_DAYS)
            problems.add(new Violation("from", "at most " + MAX_DAYS + " days before to"));
        if (!problems.isEmpty()) throw new BadRequest("Bad period.", problems);
        List<RevenueDay> days = jdbc.query(
                """
                SELECT (paid_at AT TIME ZONE 'UTC')::date AS day, currency, sum(amount_minor) AS revenue, count(*) AS invoices
                  FROM subscription_payment WHERE paid_at >= ? AND paid_at < ?
                 GROUP BY 1, 2 ORDER BY 1, 2""",
                (rs, n) -> new RevenueDay(
                        rs.getObject("day", LocalDate.class),
                        rs.getString("currency"),
                        rs.getLong("revenue"),
                        rs.getLong("invoices")),
                Timestamp.from(start),
                Timestamp.from(end));
        var totals = new java.util.TreeMap<String, long[]>();
        for (RevenueDay day : days) {
            long[] t = totals.computeIfAbsent(day.currency(), c -> new long[2]);
            t[0] += day.revenueMinor();
            t[1] += day.invoices();
        }
        long mrr = kpis.periods(List.of(start), end).getFirst().mrrMinor();
        return new SubscriptionRevenue(
                start,
                end,
                days,
                totals.entrySet().stream()
                        .map(e -> new RevenueTotal(e.getKey(), e.getValue()[0], e.getValue()[1]))
                        .toList(),
                mrr,
                plans.currency());
    }

    private static Instant time(String field, String text, List<Violation> problems) {
        try {
            if (text.length() == 10)
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(new Violation(
                    field,
                    "must be an ISO date (2026-03-01, midnight UTC) or an instant (2026-03-01T12:00:00Z); got '" + text
                            + "'"));
            return null;
        }
    }
}
