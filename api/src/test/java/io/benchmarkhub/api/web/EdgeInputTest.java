package io.benchmarkhub.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 9: bad input gets a clear 4xx problem+json naming the field, never a 500, and nothing is written.
 * Each case here answered 500, a text/html page, Spring Boot's error JSON or an empty body before.
 */
class EdgeInputTest extends ApiTestBase {

    private static final String BENCHMARK = """
            {"title": "%s", "promptTemplate": "Q: {{input}}", "cases": [{"input": "%s", "expected": "4"}], "graders": [{"type": "exact"}]}""";

    @Test
    void a_nul_in_a_query_parameter_is_a_400_naming_the_parameter_and_never_reaches_postgresql() {
        assertField(get("/api/leaderboard/models?tag=%00", null), 400, "tag").contains("NUL");
        assertField(get("/api/library?q=a%00b", alice), 400, "q").contains("NUL");
        assertField(get("/api/leaderboard/models?category=x&tag=geo%00", null), 400, "tag");
    }

    @Test
    void a_lone_surrogate_or_bytes_that_are_not_utf8_in_the_query_are_a_400_naming_the_parameter() {
        assertField(get("/api/leaderboard/models?tag=%ED%A0%80", null), 400, "tag")
                .contains("UTF-8");
        assertField(get("/api/library?q=%FF", null), 400, "q").contains("UTF-8");
        // a valid supplementary character (a surrogate pair in UTF-16) is fine
        assertThat(get("/api/library?q=%F0%9F%98%80", null).status()).isEqualTo(200);
    }

    @Test
    void a_nul_or_a_lone_surrogate_in_a_json_body_is_a_400_naming_the_field_and_appends_nothing() {
        long before = totalEvents();
        assertField(send("POST", "/api/benchmarks", alice, BENCHMARK.formatted("a\\u0000b", "2+2")), 400, "title")
                .contains("NUL");
        assertField(
                        send("POST", "/api/benchmarks", alice, BENCHMARK.formatted("ok", "2+2\\ud800")),
                        400,
                        "cases[0].input")
                .contains("surrogate");
        assertField(
                send("POST", "/api/benchmarks", alice, BENCHMARK.formatted("ok", "\\udc00")), 400, "cases[0].input");
        assertThat(totalEvents()).as("nothing written").isEqualTo(before);
        // a real pair (an emoji) is accepted
        assertThat(send("POST", "/api/benchmarks", alice, BENCHMARK.formatted("ok \\ud83d\\ude00", "2+2"))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void a_nul_in_an_imported_file_is_a_400_naming_the_case_and_appends_nothing() {
        long before = totalEvents();
        Response imported = exchange(
                HttpRequest.newBuilder(URI.create(
                                "http://localhost:" + port + "/api/benchmarks/import?format=jsonl&title=imported"))
                        .header("Content-Type", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"input\": \"fine\"}\n{\"input\": \"a\\u0000b\"}\n")),
                alice.token());
        assertThat(imported.status()).as(imported.text()).isEqualTo(400);
        assertThat(imported.body().get("errors").findValuesAsText("field")).contains("cases[1].input");
        assertThat(totalEvents()).isEqualTo(before);
    }

    @Test
    void a_blank_id_in_the_path_is_a_400_naming_it_on_every_operation_that_answered_500() {
        String json = "{\"caseId\": \"c1\", \"model\": \"sim/echo\", \"score\": 0.5}";
        assertField(send("POST", "/api/runs/%20/cancel", alice, null), 400, "id")
                .contains("run id");
        assertField(send("POST", "/api/runs/%20/human-grades", alice, json), 400, "id");
        assertField(send("POST", "/api/benchmarks/%20/unpublish", alice, null), 400, "id")
                .contains("benchmark id");
        assertField(send("DELETE", "/api/benchmarks/%20/cases/c1", alice, null), 400, "id");
        String id = createBenchmark(alice, "cases", "PRIVATE");
        assertThat(send("DELETE", "/api/benchmarks/" + id + "/cases/%20", alice, null)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void a_wildcard_content_type_is_a_415_naming_the_header() {
        Response response = send("POST", "/api/webhooks/payments", (String) null, null, "Content-Type", "*/*");
        assertThat(response.status()).isEqualTo(415);
        assertThat(response.body().get("errors").findValuesAsText("field")).contains("Content-Type");
        assertThat(send("POST", "/api/benchmarks", alice, null, "Content-Type", "application/*")
                        .status())
                .isEqualTo(415);
    }

    @Test
    void a_run_command_sent_to_a_benchmark_id_is_a_404_and_writes_nothing() {
        String id = createBenchmark(alice, "not a run", "PUBLIC");
        long before = eventCount(id);
        assertProblem(send("POST", "/api/runs/" + id + "/cancel", alice, null), 404);
        assertProblem(send("POST", "/api/runs/" + id + "/cancel", ADMIN_TOKEN, null), 404);
        assertThat(eventCount(id)).isEqualTo(before);
    }

    @Test
    void a_malformed_payment_signature_is_a_400_naming_the_header() {
        Response response =
                send("POST", "/api/webhooks/payments", (String) null, "{}", "Stripe-Signature", "t=abc,v1=zz");
        assertField(response, 400, "Stripe-Signature");
        assertField(
                send("POST", "/api/webhooks/payments", (String) null, "{}", "Stripe-Signature", "t=,v1="),
                400,
                "Stripe-Signature");
    }

    @Test
    void the_firewall_refusals_are_problem_json_naming_the_path() {
        assertField(get("/api/benchmarks/%2e%2e", null), 400, "path").contains("%2e");
        assertField(get("/api/benchmarks/a;b", alice), 400, "path");
        assertField(send("GET", "//api/library", (String) null, null, "Accept", "application/xml"), 400, "path");
    }

    @Test
    void what_tomcat_refuses_itself_is_problem_json_too() {
        assertField(get("/api/benchmarks/a%00b", null), 400, "path").contains("NUL");
        assertProblem(get("/api/benchmarks/%2F", null), 400);
    }

    @Test
    void an_unknown_token_to_revoke_is_a_404_problem_not_an_empty_body() {
        Response response = send("DELETE", "/api/tokens/tok_nope", alice, null);
        assertProblem(response, 404);
        assertThat(response.body().get("detail").asText()).contains("tok_nope");
    }

    @Test
    void security_refusals_are_problem_json() {
        assertProblem(send("POST", "/api/benchmarks", (String) null, "{}"), 401);
        assertProblem(get("/api/admin/projections", alice), 403);
        assertProblem(send("GET", "/api/library", "not-a-token", null), 401);
    }

    @Test
    void the_error_path_itself_answers_problem_json() {
        Response error = send("GET", "/error", (String) null, null, "Accept", "text/html");
        assertThat(error.status()).isGreaterThanOrEqualTo(400);
        assertThat(error.header("Content-Type")).startsWith("application/problem+json");
        assertThat(error.text()).doesNotContain("timestamp").doesNotContain("<html");
    }

    private org.assertj.core.api.AbstractStringAssert<?> assertField(Response response, int status, String field) {
        assertProblem(response, status);
        JsonNode errors = response.body().get("errors");
        assertThat(errors).as(response.text()).isNotNull();
        assertThat(errors.findValuesAsText("field")).as(response.text()).contains(field);
        for (JsonNode error : errors) {
            if (error.get("field").asText().equals(field))
                return assertThat(error.get("message").asText());
        }
        throw new AssertionError("unreachable");
    }

    private static void assertProblem(Response response, int status) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(response.text()).startsWith("application/problem+json");
        assertThat(response.body().get("status").asInt()).isEqualTo(status);
        assertThat(response.body().get("title").asText()).isNotBlank();
        assertThat(response.body().get("detail").asText()).isNotBlank();
    }
}
