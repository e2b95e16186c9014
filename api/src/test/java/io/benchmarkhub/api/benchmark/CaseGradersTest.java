package io.benchmarkhub.api.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import org.junit.jupiter.api.Test;

/** A case's own graders (issue 15) over HTTP: validated, shown, hashed, exported and imported, and graded by a run. */
class CaseGradersTest extends ApiTestBase {

    @Test
    void bad_case_graders_are_a_400_naming_the_grader_and_create_nothing() {
        long before = totalEvents();
        Response response = send("POST", "/api/benchmarks", alice, """
                {"title": "Bad case graders", "graders": [{"type": "contains"}],
                 "cases": [{"input": "a", "graders": [{"type": "regex", "pattern": "("}]},
                           {"input": "b", "graders": [{"type": "llm-judge", "rubric": "good?", "passThreshold": 0.7}]}]}""");
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(response.text()).contains("cases[0].graders[0].pattern").contains("cases[1].graders[0]");
        assertThat(totalEvents()).isEqualTo(before);
    }

    @Test
    void a_run_grades_each_case_with_the_benchmarks_graders_and_then_its_own() {
        // fake/steady answers "echo: <input>". c1: contains passes (1), its own starts-with-like regex passes (1) → 1.
        // c2: contains passes (1), its own exact fails (0) → 0.5, failed. c3: only the benchmark's contains, fails → 0.
        String id = createBenchmark(alice, """
                {"title": "Per-case graders", "promptTemplate": "{{input}}", "graders": [{"type": "contains"}],
                 "cases": [{"input": "alpha", "expected": "alpha", "graders": [{"type": "regex", "pattern": "^echo: alpha$"}]},
                           {"input": "beta", "expected": "beta", "graders": [{"type": "exact", "value": "beta"}]},
                           {"input": "gamma", "expected": "delta"}]}""");
        JsonNode benchmark = get("/api/benchmarks/" + id, alice).body();
        assertThat(benchmark
                        .get("cases")
                        .get(0)
                        .get("graders")
                        .get(0)
                        .get("type")
                        .asText())
                .isEqualTo("regex");
        assertThat(benchmark.get("cases").get(2).has("graders")).isFalse();

        Response started = send("POST", "/api/runs", alice, """
                {"benchmarkId": "%s", "models": ["fake/steady"], "billing": "BYOK"}""".formatted(id), "X-Provider-Key", "sk-test-byok");
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        String run = started.body().get("id").asText();
        eventually(
                () -> get("/api/runs/" + run, alice)
                        .body()
                        .path("status")
                        .asText()
                        .equals("COMPLETED"),
                "the run completes");

        JsonNode model = get("/api/runs/" + run, alice).body().get("models").get(0);
        assertThat(model.get("score").asDouble()).isCloseTo((1 + 0.5 + 0) / 3, within(1e-12));
        assertThat(model.get("passRate").asDouble()).isCloseTo(1.0 / 3, within(1e-12));

        // the read side scores the same trials the same way
        JsonNode c2 = null;
        for (JsonNode trial :
                get("/api/runs/" + run + "/results?limit=100", alice).body().path("items")) {
            if (trial.path("caseId").asText().equals("c2")) c2 = trial;
        }
        assertThat(c2).as("the trial of c2").isNotNull();
        assertThat(c2.get("score").asDouble()).isCloseTo(0.5, within(1e-12));
        assertThat(c2.get("grades").toString()).contains("\"graderIndex\":1").contains("exact");
    }

    @Test
    void a_cases_own_llm_judge_is_asked_of_the_runs_judges_with_that_cases_rubric_and_counts_in_its_score() {
        // sim/judge scores 0.8 × the similarity of the answer to the expected answer (+ up to 0.2): sim/echo answers
        // "alpha" to c1, which expects it (passes), and "beta" to c2, which expects something else (fails); c3 has no
        // judge
        String id = createBenchmark(alice, """
                {"title": "Own judges", "promptTemplate": "{{input}}",
                 "cases": [{"input": "alpha", "expected": "alpha", "graders": [{"type": "llm-judge", "rubric": "Is it the word alpha?"}]},
                           {"input": "beta", "expected": "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "graders": [{"type": "contains", "value": "beta"},
                                                                                        {"type": "llm-judge", "rubric": "Is it all z?"}]},
                           {"input": "gamma", "graders": [{"type": "contains", "value": "gamma"}]}]}""");
        Response started = send("POST", "/api/runs", alice, """
                {"benchmarkId": "%s", "models": ["sim/echo"], "judges": ["sim/judge"]}""".formatted(id));
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        String run = started.body().get("id").asText();
        eventually(
                () -> get("/api/runs/" + run, alice)
                        .body()
                        .path("status")
                        .asText()
                        .equals("COMPLETED"),
                "the run completes");

        var trials = new java.util.HashMap<String, JsonNode>();
        for (JsonNode trial :
                get("/api/runs/" + run + "/results?limit=100", alice).body().path("items"))
            trials.put(trial.path("caseId").asText(), trial);
        JsonNode c1 = trials.get("c1");
        assertThat(c1.get("verdicts")).hasSize(1);
        assertThat(c1.get("verdicts").get(0).get("graderIndex").asInt())
                .as("the case's own grader 0, after no benchmark grader")
                .isZero();
        assertThat(c1.get("verdicts").get(0).get("score").asDouble()).isGreaterThanOrEqualTo(0.8);
        assertThat(c1.get("passed").asBoolean()).isTrue();
        JsonNode c2 = trials.get("c2");
        assertThat(c2.get("verdicts")).hasSize(1);
        assertThat(c2.get("verdicts").get(0).get("graderIndex").asInt()).isEqualTo(1);
        double judged = c2.get("verdicts").get(0).get("score").asDouble();
        assertThat(judged).isLessThan(0.5);
        assertThat(c2.get("score").asDouble())
                .as("contains passes (1), the judge does not")
                .isCloseTo((1 + judged) / 2, within(1e-12));
        assertThat(c2.get("passed").asBoolean()).isFalse();
        assertThat(trials.get("c3").path("verdicts"))
                .as("a case without a judge asks no one")
                .isEmpty();
        assertThat(get("/api/runs/" + run, alice)
                        .body()
                        .get("models")
                        .get(0)
                        .get("passRate")
                        .asDouble())
                .isCloseTo(2.0 / 3, within(1e-12));

        // promptfoo: a test's own llm-rubric becomes that case's llm-judge, and exports back as the test's llm-rubric
        Response imported = send(
                "POST",
                "/api/benchmarks/import?format=promptfoo&title=Rubrics",
                alice,
                """
                prompts: ["{{input}}"]
                tests:
                  - vars: {input: alpha}
                    assert:
                      - type: llm-rubric
                        value: Says alpha
                """,
                "Content-Type",
                "application/yaml");
        assertThat(imported.status()).as(imported.text()).isEqualTo(201);
        assertThat(imported.body().get("unmapped")).isEmpty();
        assertThat(imported.body().get("mapped").toString())
                .contains("tests[0].assert[0]")
                .contains("llm-judge");
        String rubrics = imported.body().get("id").asText();
        assertThat(get("/api/benchmarks/" + rubrics, alice)
                        .body()
                        .get("cases")
                        .get(0)
                        .get("graders")
                        .toString())
                .isEqualTo("[{\"type\":\"llm-judge\",\"rubric\":\"Says alpha\"}]");
        assertThat(get("/api/benchmarks/" + rubrics + "/export?format=promptfoo", alice)
                        .text())
                .contains("type: llm-rubric")
                .contains("Says alpha");
    }

    @Test
    void a_benchmark_without_graders_of_its_own_runs_when_every_case_has_its_own() {
        String ungraded = createBenchmark(alice, """
                {"title": "Half graded", "promptTemplate": "{{input}}",
                 "cases": [{"input": "alpha", "graders": [{"type": "contains", "value": "alpha"}]}, {"input": "beta"}]}""");
        Response refused = send("POST", "/api/runs", alice, """
                {"benchmarkId": "%s", "models": ["fake/steady"], "billing": "BYOK"}""".formatted(ungraded), "X-Provider-Key", "sk-test-byok");
        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(refused.text()).contains("1 of its cases have none of their own");

        String graded = createBenchmark(alice, """
                {"title": "Case graded", "promptTemplate": "{{input}}",
                 "cases": [{"input": "alpha", "graders": [{"type": "contains", "value": "alpha"}]},
                           {"input": "beta", "graders": [{"type": "contains", "value": "zeta"}]}]}""");
        Response started = send("POST", "/api/runs", alice, """
                {"benchmarkId": "%s", "models": ["fake/steady"], "billing": "BYOK"}""".formatted(graded), "X-Provider-Key", "sk-test-byok");
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        String run = started.body().get("id").asText();
        eventually(
                () -> get("/api/runs/" + run, alice)
                        .body()
                        .path("status")
                        .asText()
                        .equals("COMPLETED"),
                "the run completes");
        assertThat(get("/api/runs/" + run, alice)
                        .body()
                        .get("models")
                        .get(0)
                        .get("score")
                        .asDouble())
                .isCloseTo(0.5, within(1e-12));
    }

    @Test
    void case_graders_are_content_and_round_trip_through_jsonl() {
        String id = createBenchmark(alice, """
                {"title": "Hash", "promptTemplate": "{{input}}", "graders": [{"type": "contains"}],
                 "cases": [{"id": "k", "input": "alpha", "expected": "alpha"}]}""");
        JsonNode v1 = get("/api/benchmarks/" + id, alice).body();
        Response revised = send("PUT", "/api/benchmarks/" + id + "/cases/k", alice, """
                {"input": "alpha", "expected": "alpha", "graders": [{"type": "json-valid"}]}""");
        assertThat(revised.status()).as(revised.text()).isEqualTo(200);
        eventually(
                () -> get("/api/benchmarks/" + id, alice).body().get("version").asLong() == 2, "version 2 is read");
        JsonNode v2 = get("/api/benchmarks/" + id, alice).body();
        assertThat(v2.get("contentHash")).isNotEqualTo(v1.get("contentHash"));
        assertThat(v2.get("cases").get(0).get("graders").toString()).isEqualTo("[{\"type\":\"json-valid\"}]");

        Response export = get("/api/benchmarks/" + id + "/export", alice);
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.text()).contains("\"graders\":[{\"type\":\"json-valid\"}]");
        Response imported = send(
                "POST",
                "/api/benchmarks/import?title=Copy",
                alice,
                export.text(),
                "Content-Type",
                "application/x-ndjson");
        assertThat(imported.status()).as(imported.text()).isEqualTo(201);
        JsonNode copy = get("/api/benchmarks/" + imported.body().get("id").asText(), alice)
                .body();
        assertThat(copy.get("cases").get(0).get("graders").toString()).isEqualTo("[{\"type\":\"json-valid\"}]");

        Response bad = send(
                "POST",
                "/api/benchmarks/import?title=Bad",
                alice,
                "{\"input\": \"a\", \"graders\": [{\"type\": \"nope\"}]}\n",
                "Content-Type",
                "application/x-ndjson");
        assertThat(bad.status()).as(bad.text()).isEqualTo(400);
        assertThat(bad.text()).contains("line 1");
    }
}
