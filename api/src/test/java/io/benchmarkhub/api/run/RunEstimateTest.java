package io.benchmarkhub.api.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import org.junit.jupiter.api.Test;

/** POST /api/runs/estimate: the bound and the reservation of a run before it starts, recording nothing. */
class RunEstimateTest extends ApiTestBase {

    private static final String CASES = """
            {"title": "Billed", "cases": [{"input": "one", "expected": "one"}, {"input": "two", "expected": "two"},
             {"input": "three", "expected": "three"}], "graders": [{"type": "contains"}]}""";

    @Test
    void a_credits_estimate_is_what_the_run_then_reserves_and_records_nothing() {
        awaitCatalogue("openai/gpt-4o");
        String benchmark = createBenchmark(alice, CASES);
        long before = totalEvents();

        Response one = send("POST", "/api/runs/estimate", alice, """
                {"benchmarkId": "%s", "models": ["openai/gpt-4o"], "billing": "CREDITS"}""".formatted(benchmark));
        assertThat(one.status()).as(one.text()).isEqualTo(200);
        // the same benchmark and model as CreditsEndToEndTest, whose run reserves 41 credits
        assertThat(one.body().get("reservedCredits").asLong()).isEqualTo(41);
        assertThat(one.body().get("billing").asText()).isEqualTo("CREDITS");
        long oneTrial = one.body().get("maxTrialCredits").asLong();
        assertThat(oneTrial).isPositive().isLessThan(41);
        assertThat(oneTrial * 3).as("the costliest of three trials").isGreaterThanOrEqualTo(41);

        Response estimate = send("POST", "/api/runs/estimate", alice, """
                {"benchmarkId": "%s", "models": ["openai/gpt-4o", "sim/echo"], "repeats": 2, "billing": "CREDITS"}""".formatted(benchmark));
        assertThat(estimate.status()).as(estimate.text()).isEqualTo(200);
        JsonNode e = estimate.body();
        assertThat(e.get("trials").asLong()).isEqualTo(3 * 2 * 2);
        assertThat(e.get("cases").asInt()).isEqualTo(3);
        assertThat(e.get("simulated").get(0).asText()).isEqualTo("sim/echo");
        assertThat(e.get("maxCostMicros").asLong())
                .as("two repeats; sim/echo costs nothing")
                .isEqualTo(2 * one.body().get("maxCostMicros").asLong());
        assertThat(e.get("unpriced")).isEmpty();
        assertThat(totalEvents()).as("an estimate records nothing").isEqualTo(before);

        Response capped = send("POST", "/api/runs/estimate", alice, """
                {"benchmarkId": "%s", "models": ["openai/gpt-4o"], "billing": "CREDITS", "maxCostCredits": 20}""".formatted(benchmark));
        assertThat(capped.body().get("reservedCredits").asLong()).isEqualTo(20);
    }

    @Test
    void simulated_models_cost_nothing_and_bad_fields_are_named() {
        String benchmark = createBenchmark(alice, CASES);
        Response sim = send("POST", "/api/runs/estimate", alice, """
                {"benchmarkId": "%s", "models": ["sim/echo", "sim/upper"], "billing": "CREDITS"}""".formatted(benchmark));
        assertThat(sim.status()).as(sim.text()).isEqualTo(200);
        assertThat(sim.body().get("maxCostMicros").asLong()).isZero();
        assertThat(sim.body().get("reservedCredits").asLong()).isZero();
        assertThat(sim.body().get("trials").asLong()).isEqualTo(6);

        Response bad = send("POST", "/api/runs/estimate", alice, """
                {"benchmarkId": "%s", "models": ["sim/echo", "sim/echo"], "repeats": 0}""".formatted(benchmark));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.header("Content-Type")).contains("application/problem+json");
        assertThat(bad.body().get("errors").findValuesAsText("field")).contains("models", "repeats");

        Response hidden = send("POST", "/api/runs/estimate", bob, """
                {"benchmarkId": "%s", "models": ["sim/echo"]}""".formatted(benchmark));
        assertThat(hidden.status()).as("alice's private benchmark").isEqualTo(404);
        assertThat(send(
                                "POST",
                                "/api/runs/estimate",
                                (String) null,
                                "{\"benchmarkId\": \"%s\", \"models\": [\"sim/echo\"]}".formatted(benchmark))
                        .status())
                .isEqualTo(401);
    }
}
