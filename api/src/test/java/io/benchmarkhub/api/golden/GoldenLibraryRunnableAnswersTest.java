package io.benchmarkhub.api.golden;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The golden answers that are programs are run, not only read (golden/FORMAT.md, {@code metadata.examples} and
 * {@code metadata.schema}): every reference regular expression on the strings it must and must not match, and
 * every reference SQL query against its schema's DDL on a real PostgreSQL.
 */
class GoldenLibraryRunnableAnswersTest {

    /** What a SQL case answers when the question cannot be answered from the schema. */
    static final String NO_QUERY = "CANNOT_ANSWER";

    static List<GoldenBenchmark> library;
    static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        library = GoldenLibraryFiles.all();
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) postgres.close();
    }

    @Test
    void every_reference_pattern_matches_its_examples_and_rejects_its_counter_examples() {
        var problems = new ArrayList<String>();
        int checked = 0;
        for (GoldenBenchmark b : library) {
            for (TestCase c : b.cases()) {
                JsonNode examples = metadata(c, "examples");
                if (examples == null) continue;
                String where = b.file() + ": case " + c.id() + ": ";
                JsonNode reference = metadata(c, "reference");
                if (reference == null || !reference.isTextual()) {
                    problems.add(where + "examples need the reference pattern as text in metadata.reference");
                    continue;
                }
                if (!examples.path("match").isArray() || examples.path("match").isEmpty()
                        || !examples.path("noMatch").isArray() || examples.path("noMatch").isEmpty()) {
                    problems.add(where + "examples need at least one match and one noMatch string");
                    continue;
                }
                Pattern pattern;
                try {
                    pattern = Pattern.compile(reference.asText());
                } catch (PatternSyntaxException e) {
                    problems.add(where + "the reference pattern does not compile: " + e.getDescription());
                    continue;
                }
                for (JsonNode s : examples.get("match")) {
                    checked++;
                    if (!pattern.matcher(s.asText()).matches()) problems.add(where + "does not match \"" + s.asText() + "\"");
                }
                for (JsonNode s : examples.get("noMatch")) {
                    checked++;
                    if (pattern.matcher(s.asText()).matches()) problems.add(where + "matches \"" + s.asText() + "\", which it must not");
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(checked).as("the library holds regex examples").isPositive();
    }

    @Test
    void every_reference_query_runs_on_postgresql_against_its_schema() throws SQLException {
        // cases that share one DDL share one database schema
        Map<String, List<String>> queriesBySchema = new LinkedHashMap<>();
        Map<String, List<String>> casesBySchema = new LinkedHashMap<>();
        var problems = new ArrayList<String>();
        for (GoldenBenchmark b : library) {
            for (TestCase c : b.cases()) {
                JsonNode ddl = metadata(c, "schema");
                if (ddl == null) continue;
                String where = b.file() + ": case " + c.id();
                String query = GoldenLibraryContentTest.oracle(c).strip();
                if (!ddl.isTextual() || ddl.asText().isBlank()) {
                    problems.add(where + ": metadata.schema must be the DDL as text");
                    continue;
                }
                if (query.equals(NO_QUERY)) continue;
                queriesBySchema.computeIfAbsent(ddl.asText(), k -> new ArrayList<>()).add(query);
                casesBySchema.computeIfAbsent(ddl.asText(), k -> new ArrayList<>()).add(where);
            }
        }
        int ran = 0;
        int schemaNumber = 0;
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            for (var entry : queriesBySchema.entrySet()) {
                String schema = "golden_" + (++schemaNumber);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE SCHEMA " + schema);
                    statement.execute("SET search_path TO " + schema);
                    statement.execute(entry.getKey());
                }
                List<String> cases = casesBySchema.get(entry.getKey());
                for (int i = 0; i < entry.getValue().size(); i++) {
                    String query = entry.getValue().get(i);
                    String single = query.endsWith(";") ? query.substring(0, query.length() - 1) : query;
                    if (single.contains(";")) {
                        problems.add(cases.get(i) + ": the reference is more than one statement");
                        continue;
                    }
                    connection.setAutoCommit(false);
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("SET TRANSACTION READ ONLY");
                        statement.executeQuery(single).close();
                        ran++;
                    } catch (SQLException e) {
                        problems.add(cases.get(i) + ": the reference query fails on PostgreSQL: " + e.getMessage());
                    } finally {
                        connection.rollback();
                        connection.setAutoCommit(true);
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(ran).as("the library holds SQL references").isPositive();
    }

    @Test
    void a_wrong_query_or_pattern_is_caught() throws SQLException {
        // the checks above can fail: a misspelled column fails on the schema, and a pattern rejects a counter-example
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA golden_probe");
            statement.execute("SET search_path TO golden_probe");
            statement.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, status TEXT NOT NULL)");
            statement.executeQuery("SELECT COUNT(*) FROM orders WHERE status = 'cancelled'").close();
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> statement.executeQuery("SELECT COUNT(*) FROM orders WHERE state = 'cancelled'"))
                    .isInstanceOf(SQLException.class);
        }
        assertThat(Pattern.compile("\\d{5}(?:-\\d{4})?").matcher("12345-678").matches()).isFalse();
    }

    private static JsonNode metadata(TestCase c, String key) {
        if (c.metadata() == null) return null;
        JsonNode value = c.metadata().get(key);
        return value == null || value.isNull() ? null : value;
    }
}
