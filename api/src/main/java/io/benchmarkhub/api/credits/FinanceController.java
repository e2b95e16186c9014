package io.benchmarkhub.api.credits;

import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.query.credits.FinanceQueries;
import io.benchmarkhub.query.credits.FinanceViews.GroupBy;
import io.benchmarkhub.query.credits.FinanceViews.Margin;
import io.benchmarkhub.query.credits.FinanceViews.Reconciliation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Finance: margins of the credits consumed and reconciliation of the provider calls we recorded with what the providers
 * report, whose reports are imported here. Reads are for roles ADMIN and ANALYST, the import for ADMIN only, because it
 * changes what reconciliation compares against (SecurityConfiguration); 403 for anyone else.
 */
@RestController
@RequestMapping("/api/finance")
@Tag(name = "Finance")
@ApiResponse(
        responseCode = "403",
        description = "Finance is read by admins and analysts and written by admins only",
        content =
                @Content(
                        mediaType = "application/problem+json",
                        schema = @Schema(ref = "#/components/schemas/Problem")))
class FinanceController {

    static final int MAX_ITEMS = 1_000;
    private static final Duration DEFAULT_PERIOD = Duration.ofDays(30);

    /** What an import stored. */
    @Schema(name = "ProviderCostsImported")
    public record Imported(int imported, String source) {}

    private final FinanceQueries finance;
    private final ProviderCosts providerCosts;
    private final Clock clock;

    public FinanceController(FinanceQueries finance, ProviderCosts providerCosts) {
        this.finance = finance;
        this.providerCosts = providerCosts;
        this.clock = Clock.systemUTC();
    }

    @GetMapping("/margin")
    @Operation(
            summary = "Credits consumed, revenue recognised, API cost and margin, per day, month or model",
            description =
                    "Over the charges of runs in [from, to) (UTC; ISO dates like 2026-03-01 or instants; default the 30 days "
                            + "up to the end of today). Rows {key, currency, creditsConsumed, revenueMinor, apiCostMicros, marginRatio}, one "
                            + "per group and revenue currency, and totals per currency. Revenue is the price of the lots the charges "
                            + "consumed (cumulative floor per lot), split across a charge's models by their API cost with the "
                            + "largest-remainder rule. API cost includes the cost a reservation did not cover. marginRatio = "
                            + "(revenue − apiCost) ÷ revenue with 1 cent = 10,000 µ$, for usd only (no exchange rates), and null "
                            + "without revenue (credits that were granted).")
    @ApiResponse(
            responseCode = "200",
            description = "The margin over the period",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Margin.class)))
    public Margin margin(
            @Parameter(description = "start, inclusive") @RequestParam(required = false) String from,
            @Parameter(description = "end, exclusive") @RequestParam(required = false) String to,
            @Parameter(description = "day (default), month or model") @RequestParam(defaultValue = "day")
                    String groupBy) {
        Instant[] period = period(from, to);
        GroupBy grouping = Arrays.stream(GroupBy.values())
                .filter(g -> g.name().equalsIgnoreCase(groupBy.strip()))
                .findFirst()
                .orElseThrow(() -> new BadRequest(
                        "Unknown grouping.", List.of(new Violation("groupBy", "must be day, month or model"))));
        return finance.margin(period[0], period[1], grouping);
    }

    @GetMapping("/reconciliation")
    @Operation(
            summary = "Our provider generations against the providers' reported costs",
            description =
                    "The generations CREDITS runs recorded in [from, to) (candidate answers and every judge call; not "
                            + "simulated, not BYOK) matched by generation id with the imported reports: matched (same cost), missing "
                            + "(not reported), mismatched (different cost) and extra (reported in the period, by its created_at or else "
                            + "its import time, and unknown to us). Each group: {count, oursMicros, theirsMicros, differenceMicros}, "
                            + "discrepancies also items [{generationId, runId, model, oursMicros, theirsMicros, differenceMicros}] "
                            + "(the first `limit`, by generation id). differenceMicros = theirs − ours. totals cover every group.")
    @ApiResponse(
            responseCode = "200",
            description = "Our costs against the providers' reports over the period",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Reconciliation.class)))
    public Reconciliation reconciliation(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @Parameter(description = "items listed per group, 1-1000 (default 100)") @RequestParam(defaultValue = "100")
                    int limit) {
        if (limit < 1 || limit > MAX_ITEMS) {
            throw new BadRequest("Bad limit.", List.of(new Violation("limit", "must be between 1 and " + MAX_ITEMS)));
        }
        Instant[] period = period(from, to);
        return finance.reconciliation(period[0], period[1], limit);
    }

    @PostMapping(path = "/provider-costs", consumes = MediaType.ALL_VALUE)
    @Operation(
            summary =
                    "Import a provider's cost report (CSV or JSON); a generation imported again takes the new cost (admins only)",
            description =
                    "Admins only (an analyst gets 403): the report is what reconciliation compares our costs against. "
                            + "CSV (Content-Type text/csv): a header row with generation_id and cost_micros (whole micro-dollars) "
                            + "or cost (dollars), optionally created_at; other columns are ignored. JSON (application/json): "
                            + "[{generationId, costMicros | cost, createdAt?}]. Dollars become micro-dollars exactly, half-up beyond "
                            + "the sixth decimal. All or nothing: a report with any problem imports nothing, 400 with errors naming "
                            + "\"row N\" (the header is row 1) or \"[i]\". The 16 MiB body limit applies (413).")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content = {
                @Content(mediaType = "text/csv", schema = @Schema(type = "string")),
                @Content(mediaType = "application/json", schema = @Schema(type = "string"))
            })
    @ApiResponse(
            responseCode = "200",
            description = "The report was imported",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Imported.class)))
    public Imported importCosts(
            @Parameter(description = "csv or json; may be left out when the Content-Type says it")
                    @RequestParam(required = false)
                    String format,
            @Parameter(description = "where the report came from (default: its format), stored with each cost")
                    @RequestParam(required = false)
                    String source,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @RequestBody(required = false) byte[] body) {
        boolean csv = csv(format, contentType);
        String label = source == null || source.isBlank() ? (csv ? "csv" : "json") : source.strip();
        if (label.length() > 200)
            throw new BadRequest("Bad source.", List.of(new Violation("source", "must be at most 200 characters")));
        String text = utf8(body);
        ProviderCostReport.Parsed parsed = csv ? ProviderCostReport.csv(text) : ProviderCostReport.json(text);
        if (!parsed.ok()) {
            String more = parsed.problemCount() > parsed.problems().size()
                    ? " It has " + parsed.problemCount() + " problems; the first "
                            + parsed.problems().size() + " are listed."
                    : "";
            throw new BadRequest("The report cannot be imported; nothing was imported." + more, parsed.problems());
        }
        providerCosts.store(parsed.costs(), label, clock.instant());
        return new Imported(parsed.costs().size(), label);
    }

    /** [from, to) from ISO dates (midnight UTC) or instants; by default the 30 days up to the end of today (UTC). */
    private Instant[] period(String from, String to) {
        var problems = new ArrayList<Violation>();
        Instant end = to == null || to.isBlank()
                ? LocalDate.now(clock).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()
                : time("to", to.strip(), problems);
        Instant start = from == null || from.isBlank()
                ? (end == null ? null : end.minus(DEFAULT_PERIOD).truncatedTo(ChronoUnit.DAYS))
                : time("from", from.strip(), problems);
        if (problems.isEmpty() && !start.isBefore(end)) problems.add(new Violation("to", "must be after from"));
        if (!problems.isEmpty()) throw new BadRequest("Bad period.", problems);
        return new Instant[] {start, end};
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

    private static boolean csv(String format, String contentType) {
        if (format != null && !format.isBlank()) {
            return switch (format.strip().toLowerCase(Locale.ROOT)) {
                case "csv" -> true;
                case "json" -> false;
                default ->
                    throw new BadRequest(
                            "Unknown report format.", List.of(new Violation("format", "must be csv or json")));
            };
        }
        String type =
                contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (type.equals("text/csv")) return true;
        if (type.equals("application/json")) return false;
        throw new BadRequest(
                "Say which format the report is in.",
                List.of(new Violation(
                        "format",
                        "is required (csv or json) unless the Content-Type is text/csv or application/json")));
    }

    private static String utf8(byte[] body) {
        if (body == null || body.length == 0) return "";
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadRequest("The report is not valid UTF-8 text.");
        }
    }
}
