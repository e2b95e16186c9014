package io.benchmarkhub.api.benchmark.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.benchmarkhub.domain.benchmark.TestCase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * CSV (RFC 4180: commas, double quotes around fields that hold commas, quotes or line breaks).
 * The first row names the columns; {@code input} is required, {@code expected}, {@code id},
 * {@code tags} ({@code ;}-separated) and {@code weight} (a number) are optional, and every other column is kept in
 * {@code metadata} as a string (an empty cell is left out). A {@code metadata} column holding
 * a JSON object, as {@link CaseExport#csv} writes it, is taken as the metadata itself.
 * Problems are named {@code row N}, the header being row 1; blank lines are not rows. A cell that begins with {@code '}
 * followed by {@code = + - @ '}, a tab or a carriage return loses that first {@code '}: it is how {@link CaseExport#csv}
 * (and spreadsheets) keep such a cell from being read as a formula.
 */
final class CsvCases {

    private static final CSVFormat RFC_4180 =
            CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

    private CsvCases() {}

    /** Which column holds what; -1 when the file has no such column. */
    private record Header(List<String> names, int input, int expected, int id, int tags, int metadata, int weight) {}

    static void read(String text, ImportedCases imported) {
        long lastRow = 0;
        try (CSVParser parser = CSVParser.parse(text, RFC_4180)) {
            Iterator<CSVRecord> records = parser.iterator();
            if (!records.hasNext()) {
                imported.problem("row 1", "a header row naming the columns is required");
                return;
            }
            CSVRecord first = records.next();
            lastRow = first.getRecordNumber();
            Header header = header(first, imported);
            if (header == null) return;
            while (records.hasNext()) {
                CSVRecord record = records.next();
                lastRow = record.getRecordNumber();
                if (record.size() == 1 && record.get(0).isBlank()) continue;
                TestCase testCase = row(record, header, imported);
                if (testCase != null && !imported.add(testCase)) return;
            }
        } catch (UncheckedIOException e) {
            // malformed quoting: the parser cannot find the next row, so reading stops here
            imported.problem(
                    "row " + (lastRow + 1), e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("reading CSV from a string failed", e);
        }
    }

    private static Header header(CSVRecord record, ImportedCases imported) {
        var names = new ArrayList<String>(record.size());
        var seen = new HashSet<String>();
        int before = imported.problemCount();
        for (int i = 0; i < record.size(); i++) {
            String name = record.get(i).strip();
            if (name.isEmpty()) imported.problem("row 1", "column " + (i + 1) + " has no name");
            else if (!seen.add(name.toLowerCase(Locale.ROOT)))
                imported.problem("row 1", "column '" + name + "' appears twice");
            names.add(name);
        }
        int input = column(names, "input");
        if (input < 0) imported.problem("row 1", "a column named 'input' is required; the columns are " + names);
        if (imported.problemCount() != before) return null;
        return new Header(
                names,
                input,
                column(names, "expected"),
                column(names, "id"),
                column(names, "tags"),
                column(names, "metadata"),
                column(names, "weight"));
    }

    private static TestCase row(CSVRecord record, Header header, ImportedCases imported) {
        String where = "row " + record.getRecordNumber();
        if (record.size() != header.names().size()) {
            imported.problem(
                    where,
                    "has " + record.size() + " fields; the header has "
                            + header.names().size());
            return null;
        }
        String input = CaseExport.unescapeFormula(record.get(header.input()));
        if (input.isEmpty()) {
            imported.problem(where, "input is empty");
            return null;
        }
        String expected = cell(record, header.expected());
        String id = cell(record, header.id());
        List<String> tags = tags(cell(record, header.tags()));
        ObjectNode metadata = metadataColumn(cell(record, header.metadata()));
        int before = imported.problemCount();
        for (int i = 0; i < header.names().size(); i++) {
            if (i == header.input()
                    || i == header.expected()
                    || i == header.id()
                    || i == header.tags()
                    || i == header.weight()) continue;
            if (i == header.metadata() && metadata != null) continue;
            String value = CaseExport.unescapeFormula(record.get(i));
            if (value.isEmpty()) continue;
            if (metadata == null) metadata = JsonNodeFactory.instance.objectNode();
            imported.putMetadata(metadata, header.names().get(i), TextNode.valueOf(value), where);
        }
        Double weight = null;
        String weightCell = cell(record, header.weight());
        if (weightCell != null) {
            try {
                weight = Double.valueOf(weightCell.strip());
            } catch (NumberFormatException e) {
                imported.problem(where, "weight must be a number, not '" + weightCell + "'");
            }
        }
        if (imported.problemCount() != before) return null;
        return new TestCase(
                id == null ? null : id.strip(),
                TextNode.valueOf(input),
                expected == null ? null : TextNode.valueOf(expected),
                tags,
                metadata,
                weight);
    }

    /** The cell of a column, or null when the file has no such column or the cell is empty. */
    private static String cell(CSVRecord record, int column) {
        if (column < 0) return null;
        String value = CaseExport.unescapeFormula(record.get(column));
        return value.isEmpty() ? null : value;
    }

    private static List<String> tags(String cell) {
        if (cell == null) return null;
        var tags = new ArrayList<String>();
        for (String tag : cell.split(";")) {
            if (!tag.isBlank()) tags.add(tag.strip());
        }
        return tags;
    }

    /** A {@code metadata} cell that is a JSON object is the metadata; anything else is an ordinary column. */
    private static ObjectNode metadataColumn(String cell) {
        if (cell == null || !cell.stripLeading().startsWith("{")) return null;
        try {
            JsonNode node = ImportedCases.JSON.readTree(cell);
            return node instanceof ObjectNode object ? object : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static int column(List<String> names, String wanted) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(wanted)) return i;
        }
        return -1;
    }
}
