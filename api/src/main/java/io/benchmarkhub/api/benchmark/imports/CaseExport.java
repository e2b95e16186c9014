package io.benchmarkhub.api.benchmark.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchmarkhub.domain.benchmark.TestCase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

/**
 * Writes cases as files that {@link CaseImport} reads back. JSONL keeps every case exactly
 * (input, expected and metadata stay JSON); CSV is for spreadsheets and string inputs: a value
 * that is not a string is written as its compact JSON text and comes back as that string.
 */
public final class CaseExport {

    public static final List<String> CSV_COLUMNS = List.of("id", "input", "expected", "tags", "metadata", "weight");
    /** Every cell quoted, as OWASP recommends against CSV injection, so a separator inside a cell never starts a new one. */
    private static final CSVFormat RFC_4180 =
            CSVFormat.RFC4180.builder().setQuoteMode(QuoteMode.ALL).get();

    private CaseExport() {}

    /**
     * One compact JSON object per line: {@code {"id","input","expected"?,"tags"?,"metadata"?,"weight"?,"graders"?}}, absent values
     * left out; so is the default weight 1.
     */
    public static String jsonl(List<TestCase> cases) {
        var out = new StringBuilder();
        for (TestCase c : cases) {
            ObjectNode line = JsonNodeFactory.instance.objectNode();
            line.put("id", c.id());
            line.set("input", c.input());
            if (present(c.expected())) line.set("expected", c.expected());
            if (!c.tags().isEmpty()) line.set("tags", ImportedCases.JSON.valueToTree(c.tags()));
            if (present(c.metadata())) line.set("metadata", c.metadata());
            if (c.weightOrDefault() != TestCase.DEFAULT_WEIGHT) line.put("weight", c.weightOrDefault());
            if (!c.ownGraders().isEmpty()) line.set("graders", ImportedCases.gradersTree(c.ownGraders()));
            out.append(json(line)).append('\n');
        }
        return out.toString();
    }

    /**
     * RFC 4180 with the header {@code id,input,expected,tags,metadata,weight}; tags joined with {@code ;}, metadata as JSON,
     * the weight empty when it is the default 1 (as an import reads an empty cell). Every cell is quoted, and a cell that a
     * spreadsheet would take as a formula (see {@link #formulaSafe}) gets a leading {@code '}, which {@link CsvCases} removes
     * again on import.
     */
    public static String csv(List<TestCase> cases) {
        var out = new StringBuilder();
        try (var printer = new CSVPrinter(out, RFC_4180)) {
            printer.printRecord(CSV_COLUMNS);
            for (TestCase c : cases) {
                printer.printRecord(
                        formulaSafe(c.id()),
                        formulaSafe(text(c.input())),
                        formulaSafe(text(c.expected())),
                        formulaSafe(String.join(";", c.tags())),
                        present(c.metadata()) ? formulaSafe(json(c.metadata())) : "",
                        c.weightOrDefault() == TestCase.DEFAULT_WEIGHT ? "" : formulaSafe(number(c.weightOrDefault())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing CSV to a string failed", e);
        }
        return out.toString();
    }

    /**
     * OWASP's defence against CSV (formula) injection: a cell that begins with {@code =}, {@code +}, {@code -}, {@code @},
     * a tab or a carriage return is written with a leading single quote, so Excel, LibreOffice and Google Sheets show it
     * as text instead of evaluating it. A cell that already begins with {@code '} gets one more, so the import can take
     * exactly one away ({@link #unescapeFormula}) and CSV round-trips these cells too.
     */
    public static String formulaSafe(String cell) {
        if (cell == null || cell.isEmpty()) return cell;
        return startsLikeFormula(cell) || cell.charAt(0) == '\'' ? "'" + cell : cell;
    }

    /** The reverse of {@link #formulaSafe}: one leading {@code '} before a formula character or another {@code '} is removed. */
    public static String unescapeFormula(String cell) {
        if (cell == null || cell.length() < 2 || cell.charAt(0) != '\'') return cell;
        String rest = cell.substring(1);
        return startsLikeFormula(rest) || rest.charAt(0) == '\'' ? rest : cell;
    }

    private static boolean startsLikeFormula(String cell) {
        return switch (cell.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> true;
            default -> false;
        };
    }

    /** 1 rather than 1.0, 0.5 as itself. */
    private static String number(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** A string as itself, any other value as compact JSON, nothing as an empty cell. */
    private static String text(JsonNode value) {
        if (!present(value)) return "";
        return value.isTextual() ? value.textValue() : json(value);
    }

    private static boolean present(JsonNode value) {
        return value != null && !value.isNull() && !value.isMissingNode();
    }

    private static String json(JsonNode value) {
        try {
            return ImportedCases.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored case cannot be written as JSON", e);
        }
    }
}
