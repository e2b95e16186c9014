package io.benchmarkhub.api.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Prompt variants (issue 15): a benchmark holds several named templates, a run's candidates are (model × variant),
 * labelled model@variant in results, statistics and compare, and the reservation grows with the candidates.
 */
class PromptVariantsTest extends ApiTestBase {

    /**
     * fake/steady answers "echo: " + the prompt. v1 sends the input as it is, so "^echo: [a-z]+$" passes; v2 puts "Say: "
     * before it, so it fails on every case.
     */
    private static final String BENCHMARK = """
            {"title": "Two prompts", "graders": [{"type": "regex", "pattern": "^echo: [a-z]+$"}],
             "promptVariants": [{"name": "v1", "template": "{{input}}"}, {"name": "v2", "template": "Say: {{input}}"}],
             "cases": [{"input": "alpha"}, {"input": "beta"}, {"input": "gamma"}, {"input": "delta"}, {"input": "epsilon"},
                       {"input": "zeta"}]}""";

    @Test
    void a_benchmark_keeps_its_variants_the_first_is_its_template_and_they_are_in_its_content_hash() {
        String id = createBenchmark(alice, BENCHMARK);
        JsonNode benchmark = get("/api/benchmarks/" + id, alice).body();
        assertThat(benchmark.get("promptTemplate").asText()).isEqualTo("{{input}}");
        assertThat(benchmark.get("promptVariants").findValuesAsText("name")).containsExactly("v1", "v2");

        String plain = createBenchmark(
                alice,
                BENCHMARK.replace(
                        "\"promptVariants\": [{\"name\": \"v1\", \"template\": \"{{input}}\"}, {\"name\": \"v2\", \"template\": \"Say: {{input}}\"}]",
                        "\"promptTemplate\": \"{{input}}\""));
        JsonNode single = get("/api/benchmarks/" + plain, alice).body();
        assertThat(single.path("promptVariants").isMissingNode()
                        || single.path("promptVariants").isNull())
                .isTrue();
        assertThat(single.get("contentHash").asText())
                .as("the variants are content")
                .isNotEqualTo(benchmark.get("contentHash").asText());

        // changing the default variant's template through promptTemplate changes the variant, and the hash
        Response changed = send(
                "PATCH",
                "/api/benchmarks/" + id,
                alice,
                "{\"promptTemplate\": \"Q: {{input}}\"}",
                "If-Match",
                "\"" + benchmark.get("version").asLong() + "\"");
        assertThat(changed.status()).as(changed.text()).isEqualTo(200);
        JsonNode after = get("/api/benchmarks/" + id, alice).body();
        assertThat(after.get("promptVariants").get(0).get("template").asText()).isEqualTo("Q: {{input}}");
        assertThat(after.get("promptTemplate").asText()).isEqualTo("Q: {{input}}");
        assertThat(after.get("contentHash").asText())
                .isNotEqualTo(benchmark.get("contentHash").asText());

        // back to one template: the hash is then the one a benchmark without variants has
        Response dropped = send(
                "PATCH",
                "/api/benchmarks/" + id,
                alice,
                "{\"promptVariants\": [], \"promptTemplate\": \"{{input}}\"}",
                "If-Match",
                "\"" + after.get("version").asLong() + "\"");
        assertThat(dropped.status()).as(dropped.text()).isEqualTo(200);
        JsonNode none = get("/api/benchmarks/" + id, alice).body();
        assertThat(none.path("promptVariants").isNull()
                        || none.path("promptVariants").isMissingNode())
                .isTrue();
        assertThat(none.get("contentHash").asText())
                .isEqualTo(single.get("contentHash").asText());
    }

    @Test
    void bad_variants_are_a_400_naming_them_and_record_nothing() {
        long before = totalEvents();
        Response response = send("POST", "/api/benchmarks", alice, """
                {"title": "Bad variants", "promptTemplate": "other", "graders": [{"type": "contains"}], "cases": [{"input": "a"}],
                 "promptVariants": [{"name": "v1", "template": "{{input}}"}, {"name": "v1", "template": ""}, {"name": "a b", "template": "x"}]}""");
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(response.body().get("errors").findValuesAsText("field"))
                .contains(
                        "promptVariants[1].name",
                        "promptVariants[1].template",
                        "promptVariants[2].name",
                        "promptTemplate");
        Response one = send("POST", "/api/benchmarks", alice, """
                {"title": "One variant", "graders": [{"type": "contains"}], "cases": [{"input": "a"}],
                 "promptVariants": [{"name": "v1", "template": "{{input}}"}]}""");
        assertThat(one.status()).isEqualTo(400);
        assertThat(one.text()).contains("at least two variants");
        assertThat(totalEvents()).isEqualTo(before);

        String id = createBenchmark(alice, BENCHMARK);
        Response unknown = send("POST", "/api/runs", alice, """
                {"benchmarkId": "%s", "models": ["fake/steady"], "prompts": ["v1", "v3"], "billing": "BYOK"}""".formatted(id), "X-Provider-Key", "sk-test-byok");
        assertThat(unknown.status()).as(unknown.text()).isEqualTo(400);
        assertThat(unknown.text()).contains("prompts[1]").contains("v3");

        String plain = createBenchmark(alice, """
                {"title": "Plain", "promptTemplate": "{{input}}", "graders": [{"type": "contains"}], "cases": [{"input": "a"}]}""");
        Response notVariants = send("POST", "/api/runs", alice, """
                {"benchmarkId": "%s", "models": ["fake/steady"], "prompts": ["v1"], "billing": "BYOK"}""".formatted(plain), "X-Provider-Key", "sk-test-byok");
        assertThat(notVariants.status()).isEqualTo(400);
        assertThat(notVariants.text()).contains("prompts").contains("one prompt template");
    }

    @Test
    void a_run_of_two_variants_scores_and_compares_each_model_at_variant_candidate() {
        String id = createBenchmark(alice, BENCHMARK);
        Response started = send("POST", "/api/runs", alice, """
                {"benchmarkId": "%s", "models": ["fake/steady"], "prompts": ["v1", "v2"], "billing": "BYOK"}""".formatted(id), "X-Provider-Key", "sk-test-byok");
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        String run = started.body().get("id").asText();
        eventually(
                () -> get("/api/runs/" + run, alice)
                        .body()
                        .path("status")
                        .asText()
                        .equals("COMPLETED"),
                "the run completes");

        JsonNode read = get("/api/runs/" + run, alice).body();
        var scores = new java.util.HashMap<String, Double>();
        read.get("models")
                .forEach(m -> scores.put(m.get("model").asText(), m.get("score").asDouble()));
        assertThat(scores).containsOnlyKeys("fake/steady@v1", "fake/steady@v2");
        assertThat(scores.get("fake/steady@v1")).isCloseTo(1.0, within(1e-12));
        assertThat(scores.get("fake/steady@v2")).isCloseTo(0.0, within(1e-12));

        // each trial is keyed by its candidate and holds what that variant's template made the model answer
        List<String> outputs = new ArrayList<>();
        for (JsonNode trial :
                get("/api/runs/" + run + "/results?limit=100", alice).body().path("items")) {
            if (trial.path("caseId").asText().equals("c1"))
                outputs.add(trial.path("model").asText() + " "
                        + trial.path("output").asText());
        }
        assertThat(outputs).containsExactlyInAnyOrder("fake/steady@v1 echo: alpha", "fake/steady@v2 echo: Say: alpha");

        // the drill-down's prompt is what each candidate was sent: its own variant's template over the case's input
        JsonNode c1 =
                get("/api/runs/" + run + "/results?caseId=c1", alice).body().path("items");
        var prompts = new java.util.HashMap<String, String>();
        c1.forEach(t -> prompts.put(t.path("model").asText(), t.path("prompt").toString()));
        assertThat(prompts.get("fake/steady@v1")).isEqualTo("[{\"role\":\"user\",\"content\":\"alpha\"}]");
        assertThat(prompts.get("fake/steady@v2")).isEqualTo("[{\"role\":\"user\",\"content\":\"Say: alpha\"}]");

        // the compared cases, one bulk read: every case lost, both answers side by side, paged by cursor
        String cases = "/api/runs/" + run + "/compare/cases?baseline=fake/steady@v1&candidate=fake/steady@v2";
        JsonNode lost = get(cases + "&outcome=lost&limit=4", alice).body();
        assertThat(lost.path("items").findValuesAsText("caseId")).containsExactly("c1", "c2", "c3", "c4");
        assertThat(lost.path("items").findValuesAsText("outcome")).containsOnly("LOST");
        assertThat(lost.path("items").get(0).path("baselineOutput").asText()).isEqualTo("echo: alpha");
        assertThat(lost.path("items").get(0).path("candidateOutput").asText()).isEqualTo("echo: Say: alpha");
        assertThat(lost.path("items").get(0).path("baselineScore").asDouble()).isEqualTo(1.0);
        assertThat(lost.path("items").get(0).path("candidateScore").asDouble()).isEqualTo(0.0);
        JsonNode rest = get(
                        cases + "&outcome=LOST&limit=4&cursor="
                                + lost.path("nextCursor").asText(),
                        alice)
                .body();
        assertThat(rest.path("items").findValuesAsText("caseId")).containsExactly("c5", "c6");
        assertThat(rest.path("nextCursor").isNull()).isTrue();
        assertThat(get(cases + "&outcome=WON", alice).body().path("items")).isEmpty();
        Response badOutcome = get(cases + "&outcome=maybe", alice);
        assertThat(badOutcome.status()).isEqualTo(400);
        assertThat(badOutcome.body().path("errors").get(0).path("field").asText())
                .isEqualTo("outcome");
        Response same =
                get("/api/runs/" + run + "/compare/cases?baseline=fake/steady@v1&candidate=fake/steady@v1", alice);
        assertThat(same.status()).isEqualTo(400);
        assertThat(same.body().path("errors").get(0).path("field").asText()).isEqualTo("candidate");
        assertThat(get(cases, bob).status()).as("another user's run").isEqualTo(404);

        Response compare = get("/api/runs/" + run + "/compare?baseline=fake/steady@v1&candidate=fake/steady@v2", alice);
        assertThat(compare.status()).as(compare.text()).isEqualTo(200);
        assertThat(compare.text()).contains("-1.0");
        assertThat(compare.body().toString()).contains("DONT_SHIP");

        Response plainModel = get("/api/runs/" + run + "/compare?baseline=fake/steady&candidate=fake/steady@v2", alice);
        assertThat(plainModel.status())
                .as("a bare model is no candidate of a run of variants")
                .isEqualTo(400);
    }

    @Test
    void a_run_without_prompts_runs_the_default_variant_and_the_reservation_grows_with_the_candidates() {
        awaitCatalogue("openai/gpt-4o");
        String id = createBenchmark(alice, BENCHMARK);
        Response one = send("POST", "/api/runs/estimate", alice, """
                {"benchmarkId": "%s", "models": ["openai/gpt-4o"], "billing": "CREDITS"}""".formatted(id));
        assertThat(one.status()).as(one.text()).isEqualTo(200);
        assertThat(one.body().get("trials").asLong()).isEqualTo(6);
        Response two = send("POST", "/api/runs/estimate", alice, """
                {"benchmarkId": "%s", "models": ["openai/gpt-4o"], "prompts": ["v1", "v2"], "billing": "CREDITS"}""".formatted(id));
        assertThat(two.status()).as(two.text()).isEqualTo(200);
        assertThat(two.body().get("trials").asLong()).isEqualTo(12);
        // v2's template is longer, so its calls are bounded higher: more than twice the default's alone
        assertThat(two.body().get("maxCostMicros").asLong())
                .isGreaterThan(2 * one.body().get("maxCostMicros").asLong());
        assertThat(two.body().get("reservedCredits").asLong())
                .isGreaterThanOrEqualTo(2 * one.body().get("reservedCredits").asLong() - 1);

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
        JsonNode models = get("/api/runs/" + run, alice).body().get("models");
        assertThat(models).hasSize(1);
        assertThat(models.get(0).get("model").asText()).isEqualTo("fake/steady@v1");
    }
}
