package io.benchmarkhub.api.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Importing case files (JSONL, CSV, promptfoo YAML) and exporting them again, over HTTP. */
class ImportExportTest extends ApiTestBase {

    private static final String NDJSON = "application/x-ndjson";

    @Test
    void importing_jsonl_creates_a_private_benchmark_whose_cases_can_be_read() {
        Response imported = upload(
                alice,
                "/api/benchmarks/import?title=Capitals&category=geo&tags=geo&tags=easy&description=From%20a%20file",
                NDJSON,
                """
                        {"id": "fr", "input": "Capital of France?", "expected": "Paris", "tags": ["europe"], "source": "atlas"}
                        {"input": [{"role": "user", "content": "Capital of Japan?"}], "ideal": "Tokyo"}
                        """);

        assertThat(imported.status()).as(imported.text()).isEqualTo(201);
        String id = imported.body().get("id").asText();
        assertThat(imported.header("Location")).isEqualTo("/api/benchmarks/" + id);
        assertThat(imported.header("ETag")).isEqualTo("\"1\"");
        assertThat(imported.body().get("version").asLong()).isEqualTo(1);
        assertThat(imported.body().get("imported").asInt()).isEqualTo(2);
        assertThat(imported.body().get("caseIds")).extracting(JsonNode::asText).containsExactly("fr", "c1");

        JsonNode benchmark = get("/api/benchmarks/" + id, alice).body();
        assertThat(benchmark.get("title").asText()).isEqualTo("Capitals");
        assertThat(benchmark.get("description").asText()).isEqualTo("From a file");
        assertThat(benchmark.get("category").asText()).isEqualTo("geo");
        assertThat(benchmark.get("tags")).extracting(JsonNode::asText).containsExactly("geo", "easy");
        assertThat(benchmark.get("visibility").asText()).isEqualTo("PRIVATE");
        assertThat(benchmark.get("graders")).isEmpty();
        JsonNode cases = benchmark.get("cases");
        assertThat(cases).hasSize(2);
        assertThat(cases.get(0).get("input").asText()).isEqualTo("Capital of France?");
        assertThat(cases.get(0).get("expected").asText()).isEqualTo("Paris");
        assertThat(cases.get(0).get("tags")).extracting(JsonNode::asText).containsExactly("europe");
        assertThat(cases.get(0).get("metadata").get("source").asText()).isEqualTo("atlas");
        assertThat(cases.get(1).get("input").get(0).get("content").asText()).isEqualTo("Capital of Japan?");
        assertThat(cases.get(1).get("expected").asText()).isEqualTo("Tokyo");
        assertThat(get("/api/benchmarks/" + id, bob).status())
                .as("private to its owner")
                .isEqualTo(404);
    }

    @Test
    void importing_into_an_existing_benchmark_appends_the_cases_and_honours_if_match() {
        String id = createBenchmark(alice, "Arithmetic", "PRIVATE");

        Response added = upload(
                alice,
                "/api/benchmarks/import?format=jsonl&benchmarkId=" + id,
                "application/octet-stream",
                "{\"input\": \"4+4\", \"expected\": \"8\"}\n{\"input\": \"5+5\", \"expected\": \"10\"}\n",
                "If-Match",
                "\"1\"");

        assertThat(added.status()).as(added.text()).isEqualTo(200);
        assertThat(added.body().get("id").asText()).isEqualTo(id);
        assertThat(added.body().get("version").asLong()).isEqualTo(2);
        assertThat(added.body().get("imported").asInt()).isEqualTo(2);
        assertThat(added.body().get("caseIds")).extracting(JsonNode::asText).containsExactly("c3", "c4");
        assertThat(added.header("ETag")).isEqualTo("\"2\"");
        assertThat(get("/api/benchmarks/" + id, alice).body().get("cases"))
                .extracting(c -> c.get("input").asText())
                .containsExactly("2+2", "3+3", "4+4", "5+5");

        long before = totalEvents();
        Response stale = upload(
                alice,
                "/api/benchmarks/import?benchmarkId=" + id,
                NDJSON,
                "{\"input\": \"6+6\"}\n",
                "If-Match",
                "\"1\"");
        assertThat(stale.status()).as(stale.text()).isEqualTo(412);
        assertThat(totalEvents()).isEqualTo(before);
    }

    @Test
    void exported_jsonl_imports_back_as_the_same_cases() {
        String source = createBenchmark(alice, """
                {"title": "Round trip", "visibility": "PRIVATE", "cases": [
                  {"id": "plain", "input": "Say \\"hi\\", please", "expected": "hi", "tags": ["greeting"], "metadata": {"lang": "en", "n": 1.5}},
                  {"input": [{"role": "system", "content": "Be terse."}, {"role": "user", "content": "2+2?"}], "expected": {"answer": 4}},
                  {"input": {"city": "Zürich", "unit": "°C"}, "metadata": {}},
                  {"input": "line one\\nline two"}
                ]}""");

        Response export = download("/api/benchmarks/" + source + "/export", alice);
        assertThat(export.status()).as(export.text()).isEqualTo(200);
        assertThat(export.header("Content-Type")).startsWith(NDJSON);
        assertThat(export.header("Content-Disposition")).isEqualTo("attachment; filename=\"" + source + ".jsonl\"");
        assertThat(export.text().lines()).hasSize(4);
        assertThat(export.text().lines().findFirst().orElseThrow())
                .doesNotContain(": ")
                .startsWith("{\"id\":\"plain\"");

        Response imported = upload(alice, "/api/benchmarks/import?title=Copy", NDJSON, export.text());
        assertThat(imported.status()).as(imported.text()).isEqualTo(201);
        String copy = imported.body().get("id").asText();
        assertThat(contents(get("/api/benchmarks/" + copy, alice).body().get("cases")))
                .isEqualTo(
                        contents(get("/api/benchmarks/" + source, alice).body().get("cases")));
    }

    @Test
    void csv_imports_quoted_fields_and_exports_back_to_the_same_string_cases() {
        Response imported = upload(alice, "/api/benchmarks/import?title=Spreadsheet", "text/csv; charset=utf-8", """
                id,input,expected,tags,source\r
                q1,"Add 2, 3 and 4",9,math;easy,book\r
                q2,"Say ""hello""\r
                twice",,,\r
                """);
        assertThat(imported.status()).as(imported.text()).isEqualTo(201);
        String id = imported.body().get("id").asText();
        JsonNode cases = get("/api/benchmarks/" + id, alice).body().get("cases");
        assertThat(cases.get(0).get("input").asText()).isEqualTo("Add 2, 3 and 4");
        assertThat(cases.get(0).get("tags")).extracting(JsonNode::asText).containsExactly("math", "easy");
        assertThat(cases.get(0).get("metadata").get("source").asText()).isEqualTo("book");
        assertThat(cases.get(1).get("input").asText()).isEqualTo("Say \"hello\"\r\ntwice");
        assertThat(cases.get(1).path("expected").isMissingNode()
                        || cases.get(1).get("expected").isNull())
                .isTrue();

        Response export = download("/api/benchmarks/" + id + "/export?format=csv", alice);
        assertThat(export.status()).as(export.text()).isEqualTo(200);
        assertThat(export.header("Content-Type")).startsWith("text/csv");
        assertThat(export.header("Content-Disposition")).isEqualTo("attachment; filename=\"" + id + ".csv\"");
        assertThat(export.text())
                .startsWith("\"id\",\"input\",\"expected\",\"tags\",\"metadata\",\"weight\"\r\n"
                        + "\"q1\",\"Add 2, 3 and 4\",\"9\",\"math;easy\",\"{\"\"source\"\":\"\"book\"\"}\",\"\"\r\n");

        Response again = upload(alice, "/api/benchmarks/import?title=Spreadsheet%20again", "text/csv", export.text());
        assertThat(again.status()).as(again.text()).isEqualTo(201);
        assertThat(contents(get("/api/benchmarks/" + again.body().get("id").asText(), alice)
                        .body()
                        .get("cases")))
                .isEqualTo(contents(cases));
    }

    @Test
    void csv_export_defuses_formulas_as_owasp_recommends_and_jsonl_keeps_them_as_they_are() {
        String id = createBenchmark(alice, """
                {"title": "Formulas", "visibility": "PRIVATE", "cases": [
                  {"id": "eq", "input": "=HYPERLINK(\\"http://evil.example\\",\\"click\\")", "expected": "+1", "tags": ["x"]},
                  {"id": "at", "input": "@SUM(1+1)*cmd|' /C calc'!A0", "expected": "-2+3", "metadata": {"k": "=1"}},
                  {"id": "ws", "input": "\\tleading tab", "expected": "\\rleading return"},
                  {"id": "quote", "input": "'=already quoted", "expected": "'plain"},
                  {"id": "safe", "input": "a = b, and 1+1", "expected": "x@y"}]}""");

        Response csv = download("/api/benchmarks/" + id + "/export?format=csv", alice);
        assertThat(csv.status()).as(csv.text()).isEqualTo(200);
        List<String> rows = List.of(csv.text().split("\r\n"));
        assertThat(rows)
                .contains("\"eq\",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",\"'+1\",\"x\",\"\",\"\"");
        assertThat(rows)
                .contains("\"at\",\"'@SUM(1+1)*cmd|' /C calc'!A0\",\"'-2+3\",\"\",\"{\"\"k\"\":\"\"=1\"\"}\",\"\"");
        assertThat(rows).contains("\"ws\",\"'\tleading tab\",\"'\rleading return\",\"\",\"\",\"\"");
        assertThat(rows)
                .as("a leading ' is doubled, so the import can take exactly one away")
                .contains("\"quote\",\"''=already quoted\",\"''plain\",\"\",\"\",\"\"");
        assertThat(rows).contains("\"safe\",\"a = b, and 1+1\",\"x@y\",\"\",\"\",\"\"");
        for (String row : csv.text().split("\r\n|\r|\n")) {
            for (String cell : row.split("\",\"")) {
                String value = cell.startsWith("\"") ? cell.substring(1) : cell;
                assertThat(value)
                        .as("no cell starts like a formula in: " + row)
                        .doesNotStartWith("=")
                        .doesNotStartWith("+")
                        .doesNotStartWith("-")
                        .doesNotStartWith("@")
                        .doesNotStartWith("\t");
            }
        }

        Response jsonl = download("/api/benchmarks/" + id + "/export", alice);
        assertThat(jsonl.text().split("\n")[0])
                .as("JSONL stays lossless")
                .isEqualTo(
                        "{\"id\":\"eq\",\"input\":\"=HYPERLINK(\\\"http://evil.example\\\",\\\"click\\\")\",\"expected\":\"+1\",\"tags\":[\"x\"]}");
        JsonNode original = get("/api/benchmarks/" + id, alice).body().get("cases");
        Response fromJsonl = upload(alice, "/api/benchmarks/import?title=Again", NDJSON, jsonl.text());
        assertThat(contents(get("/api/benchmarks/" + fromJsonl.body().get("id").asText(), alice)
                        .body()
                        .get("cases")))
                .isEqualTo(contents(original));
        Response fromCsv = upload(alice, "/api/benchmarks/import?title=Again", "text/csv", csv.text());
        assertThat(fromCsv.status()).as(fromCsv.text()).isEqualTo(201);
        assertThat(contents(get("/api/benchmarks/" + fromCsv.body().get("id").asText(), alice)
                        .body()
                        .get("cases")))
                .as("the escape is taken away again on import")
                .isEqualTo(contents(original));
    }

    @Test
    void promptfoo_tests_import_with_vars_as_input_and_the_equals_assertion_as_expected() {
        Response imported =
                upload(alice, "/api/benchmarks/import?title=Promptfoo&visibility=PRIVATE", "application/yaml", """
                prompts: ["Answer: {{question}}"]
                tests:
                  - description: capital
                    vars:
                      question: Capital of Spain?
                    assert:
                      - type: equals
                        value: Madrid
                  - vars:
                      text: Good night
                      language: German
                    assert:
                      - type: icontains
                        value: nacht
                """);

        assertThat(imported.status()).as(imported.text()).isEqualTo(201);
        JsonNode cases = get("/api/benchmarks/" + imported.body().get("id").asText(), alice)
                .body()
                .get("cases");
        assertThat(cases).hasSize(2);
        // with prompts: the vars stay an object, so the prompt template's {{question}} renders (issue 15)
        assertThat(cases.get(0).get("input").get("question").asText()).isEqualTo("Capital of Spain?");
        assertThat(cases.get(0).get("expected").asText()).isEqualTo("Madrid");
        assertThat(cases.get(0).get("metadata").get("description").asText()).isEqualTo("capital");
        assertThat(cases.get(1).get("input").get("language").asText()).isEqualTo("German");
        assertThat(cases.get(1).get("expected").asText()).isEqualTo("nacht");
    }

    @Test
    void a_malformed_line_is_a_400_naming_the_line_and_nothing_is_written() {
        long before = totalEvents();

        Response refused = upload(
                alice, "/api/benchmarks/import?title=Broken", NDJSON, "{\"input\": \"fine\"}\n{\"input\": oops}\n");

        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.body().get("errors").get(0).get("field").asText()).isEqualTo("line 2");
        assertThat(refused.body().get("errors").get(0).get("message").asText()).contains("oops");
        assertThat(totalEvents()).isEqualTo(before);
    }

    @Test
    void a_case_over_64_kib_is_a_400_on_that_case_and_nothing_is_written() {
        var file = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            String input = i == 3 ? "x".repeat(64 * 1024) : "q" + i;
            file.append("{\"input\": \"").append(input).append("\"}\n");
        }
        long before = totalEvents();

        Response refused = upload(alice, "/api/benchmarks/import?title=Too%20big", NDJSON, file.toString());

        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(refused.body().get("errors").get(0).get("field").asText()).isEqualTo("cases[3]");
        assertThat(totalEvents()).isEqualTo(before);
    }

    @Test
    void the_format_and_the_parameters_must_say_what_to_do() {
        long before = totalEvents();
        assertThat(fieldOf(upload(alice, "/api/benchmarks/import?title=x", "application/json", "{\"input\": \"q\"}")))
                .isEqualTo("format");
        assertThat(fieldOf(upload(alice, "/api/benchmarks/import?title=x&format=xlsx", NDJSON, "{\"input\": \"q\"}")))
                .isEqualTo("format");
        assertThat(fieldOf(upload(alice, "/api/benchmarks/import", NDJSON, "{\"input\": \"q\"}")))
                .isEqualTo("title");
        assertThat(fieldOf(upload(
                        alice, "/api/benchmarks/import?title=x&visibility=SECRET", NDJSON, "{\"input\": \"q\"}")))
                .isEqualTo("visibility");
        assertThat(fieldOf(
                        upload(alice, "/api/benchmarks/import?benchmarkId=bm_x&title=x", NDJSON, "{\"input\": \"q\"}")))
                .isEqualTo("title");
        assertThat(upload(alice, "/api/benchmarks/import?title=x", NDJSON, "").status())
                .isEqualTo(400);
        assertThat(totalEvents()).isEqualTo(before);
    }

    @Test
    void the_body_is_read_in_the_charset_its_content_type_names_and_bytes_that_are_not_text_are_refused() {
        byte[] latin1 = "input\ncaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);

        Response named =
                uploadBytes(alice, "/api/benchmarks/import?title=Latin", "text/csv; charset=ISO-8859-1", latin1);
        assertThat(named.status()).as(named.text()).isEqualTo(201);
        assertThat(get("/api/benchmarks/" + named.body().get("id").asText(), alice)
                        .body()
                        .get("cases")
                        .get(0)
                        .get("input")
                        .asText())
                .isEqualTo("caf\u00e9");

        long before = totalEvents();
        Response unnamed = uploadBytes(alice, "/api/benchmarks/import?title=Latin", "text/csv", latin1);
        assertThat(unnamed.status()).as(unnamed.text()).isEqualTo(400);
        assertThat(unnamed.body().get("detail").asText()).contains("UTF-8");
        assertThat(totalEvents()).isEqualTo(before);
    }

    @Test
    void a_file_over_the_16_mib_body_limit_is_a_413() {
        long before = totalEvents();
        Response refused = upload(
                alice,
                "/api/benchmarks/import?title=Huge",
                NDJSON,
                ("{\"input\": \"" + "x".repeat(1000) + "\"}\n").repeat(17 * 1024));
        assertThat(refused.status()).isEqualTo(413);
        assertThat(totalEvents()).isEqualTo(before);
    }

    @Test
    void the_endpoints_are_in_the_openapi_document() {
        JsonNode paths = get("/v3/api-docs", null).body().get("paths");
        assertThat(paths.get("/api/benchmarks/import")
                        .get("post")
                        .get("requestBody")
                        .get("content")
                        .has("text/csv"))
                .isTrue();
        assertThat(paths.get("/api/benchmarks/{id}/export").has("get")).isTrue();
    }

    @Test
    void a_public_benchmark_cannot_be_created_by_an_import_because_an_import_adds_no_graders() {
        long before = totalEvents();
        Response refused =
                upload(alice, "/api/benchmarks/import?title=x&visibility=PUBLIC", NDJSON, "{\"input\": \"q\"}\n");
        assertThat(refused.status()).as(refused.text()).isEqualTo(409);
        assertThat(totalEvents()).isEqualTo(before);
    }

    @Test
    void importing_into_someone_elses_benchmark_is_a_404_when_private_and_a_403_when_public() {
        String secret = createBenchmark(alice, "Secret", "PRIVATE");
        String open = createBenchmark(alice, "Open", "PUBLIC");
        long before = totalEvents();

        assertThat(upload(bob, "/api/benchmarks/import?benchmarkId=" + secret, NDJSON, "{\"input\": \"q\"}\n")
                        .status())
                .isEqualTo(404);
        assertThat(upload(bob, "/api/benchmarks/import?benchmarkId=" + open, NDJSON, "{\"input\": \"q\"}\n")
                        .status())
                .isEqualTo(403);
        assertThat(upload(bob, "/api/benchmarks/import?benchmarkId=bm_missing", NDJSON, "{\"input\": \"q\"}\n")
                        .status())
                .isEqualTo(404);
        assertThat(totalEvents()).isEqualTo(before);
    }

    @Test
    void importing_needs_a_token() {
        long before = totalEvents();
        Response anonymous = upload(null, "/api/benchmarks/import?title=x", NDJSON, "{\"input\": \"q\"}\n");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(totalEvents()).isEqualTo(before);
    }

    @Test
    void export_is_open_for_public_benchmarks_and_a_404_for_private_ones_of_others() {
        String open = createBenchmark(alice, "Open", "PUBLIC");
        String secret = createBenchmark(alice, "Secret", "PRIVATE");

        Response anonymous = download("/api/benchmarks/" + open + "/export", null);
        assertThat(anonymous.status()).as(anonymous.text()).isEqualTo(200);
        assertThat(anonymous.text())
                .isEqualTo(
                        "{\"id\":\"c1\",\"input\":\"2+2\",\"expected\":\"4\"}\n{\"id\":\"c2\",\"input\":\"3+3\",\"expected\":\"6\"}\n");
        assertThat(download("/api/benchmarks/" + secret + "/export", bob).status())
                .isEqualTo(404);
        assertThat(download("/api/benchmarks/" + secret + "/export?format=csv", null)
                        .status())
                .isEqualTo(404);
        assertThat(download("/api/benchmarks/" + secret + "/export?format=csv", alice)
                        .status())
                .isEqualTo(200);
        assertThat(download("/api/benchmarks/bm_missing/export", alice).status())
                .isEqualTo(404);
        assertThat(fieldOf(download("/api/benchmarks/" + open + "/export?format=xlsx", alice)))
                .isEqualTo("format");
        assertThat(download("/api/benchmarks/" + secret + "/export?format=promptfoo", bob)
                        .status())
                .isEqualTo(404);
    }

    /** Posts a file with its own Content-Type (the base helper always sends application/json). */
    private Response upload(Caller caller, String path, String contentType, String body, String... headers) {
        var all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = contentType;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return send("POST", path, caller, body, all);
    }

    private Response uploadBytes(Caller caller, String path, String contentType, byte[] body) {
        return exchange(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)),
                caller.token(),
                "Content-Type",
                contentType);
    }

    private Response download(String path, Caller caller) {
        return get(path, caller);
    }

    private static String fieldOf(Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        return response.body().get("errors").get(0).get("field").asText();
    }

    /** What a case holds, with an absent value and a JSON null alike. */
    private static List<List<JsonNode>> contents(JsonNode cases) {
        var contents = new ArrayList<List<JsonNode>>();
        for (JsonNode c : cases) {
            contents.add(java.util.Arrays.asList(
                    c.get("id"),
                    c.get("input"),
                    present(c.get("expected")),
                    c.get("tags"),
                    present(c.get("metadata"))));
        }
        return contents;
    }

    private static JsonNode present(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }
}
