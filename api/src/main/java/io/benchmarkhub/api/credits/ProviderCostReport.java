package io.benchmarkhub.api.credits;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.credits.MicroDollars;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A provider's cost report: what it charged per generation. CSV has a header row naming {@code generation_id} and either
 * {@code cost_micros} (whole micro-dollars) or {@code cost} (dollars, a decimal), and optionally {@code created_at} (when
 * the call was made, ISO-8601 instant or date); other columns are ignored, so a provider's export can be sent as it is.
 * JSON is a list of {@code {generationId, costMicros | cost, createdAt?}}. Dollars become micro-dollars exactly, rounded
 * half-up beyond the sixth decimal (as a provider's {@code usage.cost} is when a run records it). All or nothing: any
 * problem, named {@code row N} (the header is row 1) or {@code [i]}, and the report yields no costs.
 */
final class ProviderCostReport {

    /** Problems listed at most; the rest are only counted. */
    static final int MAX_PROBLEMS = 50;

    private static final CSVFormat RFC_4180 =
            CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
    /** Decimals read as BigDecimal, never through a double; a duplicate key or trailing text is a problem. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final Set<String> JSON_FIELDS = Set.of("generationId", "costMicros", "cost", "createdAt");

    /** One generation as the provider reports it. */
    record Cost(String generationId, long costMicros, Instant createdAt) {}

    record Parsed(List<Cost> costs, List<Violation> problems, int problemCount) {
        boolean ok() {
            return problemCount == 0;
        }
    }

    private final List<Cost> costs = new ArrayList<>();
    private final Map<String, String> seen = new HashMap<>();
    private final List<Violation> problems = new ArrayList<>();
    private int problemCount;

    private ProviderCostReport() {}

    static Parsed csv(String text) {
        var report = new ProviderCostReport();
        report.readCsv(text);
        return report.result();
    }

    static Parsed json(String text) {
        var report = new ProviderCostReport();
        report.readJson(text);
        return report.result();
    }

    private void readCsv(String text) {
        long lastRow = 0;
        try (CSVParser parser = CSVParser.parse(text, RFC_4180)) {
            Iterator<CSVRecord> records = parser.iterator();
            if (!records.hasNext()) {
                problem("row 1", "a header row naming generation_id and cost_micros or cost is required");
                return;
            }
            CSVRecord header = records.next();
            lastRow = header.getRecordNumber();
            List<String> names = header.stream()
                    .map(name -> name.strip().toLowerCase(Locale.ROOT))
                    .toList();
            int id = names.indexOf("generation_id");
            int micros = names.indexOf("cost_micros");
            int dollars = names.indexOf("cost");
            int created = names.indexOf("created_at");
            if (id < 0) problem("row 1", "a column named generation_id is required; the columns are " + names);
            if (micros < 0 && dollars < 0)
                problem("row 1", "a column named cost_micros (micro-dollars) or cost (dollars) is required");
            if (micros >= 0 && dollars >= 0) problem("row 1", "give either cost_micros or cost, not both");
            if (problemCount > 0) return;
            while (records.hasNext()) {
                CSVRecord record = records.next();
                lastRow = record.getRecordNumber();
                if (record.size() == 1 && record.get(0).isBlank()) continue;
                String where = "row " + record.getRecordNumber();
                if (record.size() != names.size()) {
                    problem(where, "has " + record.size() + " fields; the header has " + names.size());
                    continue;
                }
                Long cost = micros >= 0
                        ? wholeMicros(record.get(micros).strip(), where, "cost_micros ")
                        : dollarsToMicros(record.get(dollars).strip(), where, "cost ");
                Instant at = created < 0 ? null : instant(record.get(created).strip(), where, "created_at ");
                add(record.get(id).strip(), cost, at, where);
            }
        } catch (UncheckedIOException e) {
            problem("row " + (lastRow + 1), e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("reading CSV from a string failed", e);
        }
    }

    private void readJson(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonParseException e) {
            problem(
                    "body",
                    "malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
            return;
        } catch (JsonProcessingException e) {
            problem("body", e.getOriginalMessage());
            return;
        }
        if (root == null || !root.isArray()) {
            problem("body", "must be a JSON list of {generationId, costMicros} or {generationId, cost}");
            return;
        }
        for (int i = 0; i < root.size(); i++) {
            String where = "[" + i + "]";
            JsonNode item = root.get(i);
            if (!item.isObject()) {
                problem(where, "must be an object {generationId, costMicros} or {generationId, cost}");
                continue;
            }
            int before = problemCount;
            item.fieldNames().forEachRemaining(field -> {
                if (!JSON_FIELDS.contains(field))
                    problem(
                            where + "." + field,
                            "unknown field; known fields: "
                                    + JSON_FIELDS.stream().sorted().toList());
            });
            JsonNode id = item.get("generationId");
            if (id != null && !id.isTextual()) problem(where + ".generationId", "must be a string");
            JsonNode micros = item.get("costMicros");
            JsonNode dollars = item.get("cost");
            Long cost = null;
            if (micros != null && dollars != null) problem(where, "give either costMicros or cost, not both");
            else if (micros != null)
                cost = micros.isTextual() || micros.isIntegralNumber()
                        ? wholeMicros(micros.asText(), where + ".costMicros", "")
                        : invalid(where + ".costMicros", "must be a whole, non-negative number of micro-dollars");
            else if (dollars != null)
                cost = dollars.isNumber()
                        ? dollarsToMicros(dollars.decimalValue().toPlainString(), where + ".cost", "")
                        : dollars.isTextual()
                                ? dollarsToMicros(dollars.asText().strip(), where + ".cost", "")
                                : invalid(where + ".cost", "must be a decimal number of dollars");
            else problem(where, "costMicros (micro-dollars) or cost (dollars) is required");
            JsonNode created = item.get("createdAt");
            Instant at = null;
            if (created != null && created.isTextual())
                at = instant(created.asText().strip(), where + ".createdAt", "");
            else if (created != null && !created.isNull())
                problem(where + ".createdAt", "must be an ISO-8601 time in a string");
            if (problemCount != before) continue;
            add(id == null ? "" : id.asText().strip(), cost, at, where);
        }
    }

    private void add(String generationId, Long costMicros, Instant createdAt, String where) {
        if (generationId.isEmpty()) {
            problem(where, "generation id is missing");
            return;
        }
        if (generationId.length() > 500) {
            problem(where, "generation id is longer than 500 characters");
            return;
        }
        String earlier = seen.putIfAbsent(generationId, where);
        if (earlier != null) {
            problem(where, "generation " + generationId + " appears twice in the report (also at " + earlier + ")");
            return;
        }
        if (costMicros != null) costs.add(new Cost(generationId, costMicros, createdAt));
    }

    /** {@code what} names the column in a CSV problem ({@code row 3}: "cost must be …"); empty when {@code where} says it. */
    private Long wholeMicros(String text, String where, String what) {
        if (!text.matches("[0-9]{1,18}"))
            return invalid(where, what + "must be a whole, non-negative number of micro-dollars; got '" + text + "'");
        return Long.parseLong(text);
    }

    /** Dollars to micro-dollars, half-up beyond the sixth decimal. */
    private Long dollarsToMicros(String text, String where, String what) {
        BigDecimal dollars;
        try {
            dollars = new BigDecimal(text);
        } catch (NumberFormatException e) {
            return invalid(where, what + "must be a decimal number of dollars, like 0.0012; got '" + text + "'");
        }
        if (dollars.signum() < 0) return invalid(where, what + "must not be negative; got '" + text + "'");
        if (dollars.compareTo(BigDecimal.valueOf(1_000_000_000L)) > 0)
            return invalid(where, what + "is more than a billion dollars; got '" + text + "'");
        return MicroDollars.fromDollars(dollars);
    }

    private Instant instant(String text, String where, String what) {
        if (text.isEmpty()) return null;
        try {
            if (text.length() == 10)
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            problem(where, what + "must be an ISO-8601 time like 2026-03-05T10:15:30Z, or a date; got '" + text + "'");
            return null;
        }
    }

    private Long invalid(String where, String message) {
        problem(where, message);
        return null;
    }

    private void problem(String where, String message) {
        problemCount++;
        if (problems.size() < MAX_PROBLEMS) problems.add(new Violation(where, message));
    }

    private Parsed result() {
        return new Parsed(problemCount == 0 ? List.copyOf(costs) : List.of(), List.copyOf(problems), problemCount);
    }
}
