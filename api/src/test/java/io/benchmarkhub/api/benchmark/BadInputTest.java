package io.benchmarkhub.api.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear problem+json, and a rejected request appends no event. */
class BadInputTest extends ApiTestBase {

    @Test
    void malformed_json_is_a_400_that_says_where() {
        assertRejected(
                400,
                "POST",
                "/api/benchmarks",
                "{\"title\": \"x\",",
                detail -> assertThat(detail).contains("Malformed JSON"));
    }

    @Test
    void an_unknown_grader_type_is_a_400_naming_the_type_and_the_known_ones() {
        JsonNode problem = assertRejected(
                400,
                "POST",
                "/api/benchmarks",
                "{\"title\": \"x\", \"graders\": [{\"type\": \"bleu\"}]}",
                detail -> {});
        assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("graders[0]");
        assertThat(problem.get("errors").get(0).get("message").asText())
                .contains("'bleu'")
                .contains("llm-judge");
    }

    @Test
    void an_empty_title_is_a_400_on_the_title_field() {
        JsonNode problem = assertRejected(400, "POST", "/api/benchmarks", "{\"title\": \"  \"}", detail -> {});
        assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("title");
    }

    @Test
    void an_unknown_field_is_refused_rather_than_dropped() {
        JsonNode problem =
                assertRejected(400, "POST", "/api/benchmarks", "{\"title\": \"x\", \"titel\": \"typo\"}", detail -> {});
        assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("titel");
        assertThat(problem.get("errors").get(0).get("message").asText()).contains("unknown field 'titel'");

        JsonNode inCase = assertRejected(
                400,
                "POST",
                "/api/benchmarks",
                "{\"title\": \"x\", \"cases\": [{\"input\": \"a\"}, {\"input\": \"b\", \"answer\": \"c\"}]}",
                detail -> {});
        assertThat(inCase.get("errors").get(0).get("field").asText()).isEqualTo("cases[1].answer");
    }

    @Test
    void a_wrong_type_and_a_bad_enum_are_400s_naming_the_field() {
        JsonNode problem = assertRejected(
                400, "POST", "/api/benchmarks", "{\"title\": \"x\", \"visibility\": \"SECRET\"}", d -> {});
        assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("visibility");
        JsonNode tags =
                assertRejected(400, "POST", "/api/benchmarks", "{\"title\": \"x\", \"tags\": \"geo\"}", d -> {});
        assertThat(tags.get("errors").get(0).get("field").asText()).isEqualTo("tags");
    }

    @Test
    void several_invalid_fields_are_all_listed() {
        JsonNode problem = assertRejected(400, "POST", "/api/benchmarks", """
                {"title": "", "tags": ["Not A Tag"], "cases": [{"expected": "no input"}],
                 "graders": [{"type": "regex", "pattern": "(unclosed"}, {"type": "llm-judge"}]}""", d -> {});
        assertThat(problem.get("errors").findValuesAsText("field"))
                .contains("title", "tags[0]", "cases[0].input", "graders[0].pattern", "graders[1].rubric");
    }

    @Test
    void more_than_ten_thousand_cases_are_a_400() {
        var body = new StringBuilder("{\"title\": \"huge\", \"cases\": [");
        for (int i = 0; i < 10_001; i++)
            body.append(i == 0 ? "" : ",").append("{\"input\": \"q").append(i).append("\"}");
        body.append("]}");
        JsonNode problem = assertRejected(400, "POST", "/api/benchmarks", body.toString(), d -> {});
        assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("cases");
        assertThat(problem.get("errors").get(0).get("message").asText()).contains("10000");
    }

    @Test
    void adding_cases_past_ten_thousand_is_a_400_and_adds_none() {
        var body = new StringBuilder("{\"title\": \"big\", \"cases\": [");
        for (int i = 0; i < 10_000; i++)
            body.append(i == 0 ? "" : ",").append("{\"input\": \"q").append(i).append("\"}");
        body.append("]}");
        String id = createBenchmark(alice, body.toString());
        JsonNode full = get("/api/benchmarks/" + id, alice).body();
        assertThat(full.get("caseCount").asLong()).isEqualTo(10_000);
        assertThat(full.get("cases")).as("the first page").hasSize(1000);
        assertRejected(400, "POST", "/api/benchmarks/" + id + "/cases", "{\"input\": \"one too many\"}", d -> {});
    }

    @Test
    void a_case_over_64_kib_is_a_400_on_that_case() {
        String big = "x".repeat(64 * 1024);
        JsonNode problem = assertRejected(
                400,
                "POST",
                "/api/benchmarks",
                "{\"title\": \"big case\", \"cases\": [{\"input\": \"ok\"}, {\"input\": \"" + big + "\"}]}",
                d -> {});
        assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("cases[1]");
        assertThat(problem.get("errors").get(0).get("message").asText()).contains("65536");
    }

    @Test
    void a_body_over_16_mib_is_a_413_with_or_without_a_content_length() throws Exception {
        String huge = "{\"title\": \"" + "x".repeat(16 * 1024 * 1024) + "\"}";
        assertRejected(
                413,
                "POST",
                "/api/benchmarks",
                huge,
                detail -> assertThat(detail).contains("16 MiB"));

        long before = totalEvents();
        byte[] bytes = huge.getBytes();
        var chunked = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/benchmarks"))
                .header("Authorization", "Bearer " + alice.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build();
        HttpResponse<String> response = http.send(chunked, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(totalEvents()).isEqualTo(before);
    }

    @Test
    void editing_with_invalid_content_is_a_400_and_changes_nothing() {
        String id = createBenchmark(alice, "Valid", "PRIVATE");
        long before = eventCount(id);
        assertThat(send("PATCH", "/api/benchmarks/" + id, alice, "{\"title\": \"\"}")
                        .status())
                .isEqualTo(400);
        assertThat(send(
                                "PUT",
                                "/api/benchmarks/" + id + "/graders",
                                alice,
                                "[{\"type\": \"numeric\", \"tolerance\": -1}]")
                        .status())
                .isEqualTo(400);
        assertThat(send("PUT", "/api/benchmarks/" + id + "/cases/nope", alice, "{\"input\": \"x\"}")
                        .status())
                .isEqualTo(404);
        assertThat(send("POST", "/api/benchmarks/" + id + "/cases", alice, "\"just a string\"")
                        .status())
                .isEqualTo(400);
        assertThat(eventCount(id)).isEqualTo(before);
        assertThat(get("/api/benchmarks/" + id, alice).body().get("title").asText())
                .isEqualTo("Valid");
    }

    @Test
    void publishing_a_benchmark_without_graders_is_a_409() {
        String id = createBenchmark(alice, "{\"title\": \"no graders\", \"cases\": [{\"input\": \"q\"}]}");
        Response refused = send("POST", "/api/benchmarks/" + id + "/publish", alice, null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("detail").asText()).contains("at least one case and one grader");
    }

    private interface DetailCheck {
        void check(String detail);
    }

    /** Sends as alice, asserts the status and a problem+json body, and that no event was appended anywhere. */
    private JsonNode assertRejected(int status, String method, String path, String body, DetailCheck check) {
        long before = totalEvents();
        Response response = send(method, path, alice, body);
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.body().get("detail").asText()).isNotBlank();
        check.check(response.body().get("detail").asText());
        assertThat(totalEvents()).as("events appended by a rejected request").isEqualTo(before);
        return response.body();
    }
}
