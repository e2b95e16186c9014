package io.benchmarkhub.api.run;

import static io.benchmarkhub.testsupport.RunScript.miss;
import static io.benchmarkhub.testsupport.RunScript.pass;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.domain.benchmark.DecisionCriterion;
import io.benchmarkhub.domain.benchmark.DecisionCriterion.Comparison;
import io.benchmarkhub.domain.benchmark.DecisionCriterion.Metric;
import io.benchmarkhub.domain.benchmark.DecisionCriterion.Severity;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.run.RunStatistics;
import io.benchmarkhub.domain.run.events.RunEvent;
import io.benchmarkhub.domain.run.events.RunStarted;
import io.benchmarkhub.domain.statistics.PairedComparison;
import io.benchmarkhub.testsupport.RunScript;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GET /api/runs/{id}/compare: paired difference, failure modes and the ship verdict on the run's pinned criteria. */
class RunCompareTest extends RunTestBase {

    private static final List<Grader> GRADERS = List.of(new Grader.Exact(null, null), new Grader.Contains(null, null));
    private static final List<String> CASES = List.of("c1", "c2", "c3", "c4", "c5", "c6");

    /**
     * Per case (exact, contains) → trial score; base: c1-c3 and c5 pass both (1), c4 fails contains (0.5), c6 fails
     * both (0). cand: c1 passes both, c2 and c3 fail exact (0.5), c4 fails contains (0.5), c5 is a TIMEOUT (0), c6 fails
     * both. Differences 0, −0.5, −0.5, 0, −1, 0: mean −1/3, 0 won, 3 lost, 3 tied; scores 0.75 and 2.5/6.
     */
    private RunScript mixed(List<DecisionCriterion> criteria, boolean complete) {
        var script = RunScript.simple(alice.id(), List.of("base", "cand"), CASES, 1, GRADERS, criteria);
        var events = new ArrayList<RunEvent>(List.of(script.request, new RunStarted(script.id)));
        String[][] base = {{"pp"}, {"pp"}, {"pp"}, {"pm"}, {"pp"}, {"mm"}};
        String[][] cand = {{"pp"}, {"mp"}, {"mp"}, {"pm"}, {"fail"}, {"mm"}};
        for (int i = 0; i < CASES.size(); i++) {
            answer(script, events, CASES.get(i), "base", base[i][0]);
            answer(script, events, CASES.get(i), "cand", cand[i][0]);
        }
        if (complete) events.add(script.completed());
        append(script, events.toArray(RunEvent[]::new));
        awaitProjected(script.id);
        return script;
    }

    private static void answer(RunScript script, List<RunEvent> events, String caseId, String model, String grades) {
        if (grades.equals("fail")) {
            events.add(script.fail(caseId, model, 1, "TIMEOUT"));
            return;
        }
        events.add(script.answer(caseId, model, 1, "out", 100 + caseId.charAt(1), 10));
        events.add(script.grade(
                caseId,
                model,
                1,
                grades.charAt(0) == 'p' ? pass(0, "exact") : miss(0, "exact"),
                grades.charAt(1) == 'p' ? pass(1, "contains") : miss(1, "contains")));
    }

    private JsonNode compare(RunScript script) {
        Response response = get("/api/runs/" + script.id.value() + "/compare?baseline=base&candidate=cand", alice);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.body();
    }

    @Test
    void the_paired_difference_counts_and_failure_modes_are_the_hand_computed_ones() {
        RunScript script = mixed(List.of(), true);
        JsonNode body = compare(script);

        JsonNode difference = body.get("difference");
        assertThat(difference.get("n").asInt()).isEqualTo(6);
        assertThat(difference.get("mean").asDouble()).isCloseTo(-1.0 / 3, within(1e-12));
        // exact sign-flip test: of the 8 sign vectors of (−0.5, −0.5, −1) only all-minus and all-plus reach |Σ| = 2
        assertThat(difference.get("pValue").asDouble()).isEqualTo(0.25);
        var expected = PairedComparison.of(
                new double[] {1, 1, 1, 0.5, 1, 0},
                new double[] {1, 0.5, 0.5, 0.5, 0, 0},
                RunStatistics.seed(script.id));
        assertThat(difference.get("ci95").get(0).asDouble())
                .isEqualTo(expected.ci().lower());
        assertThat(difference.get("ci95").get(1).asDouble())
                .isEqualTo(expected.ci().upper())
                .isLessThanOrEqualTo(0);
        assertThat(body.get("casesWon").asInt()).isZero();
        assertThat(body.get("casesLost").asInt()).isEqualTo(3);
        assertThat(body.get("casesTied").asInt()).isEqualTo(3);
        assertThat(body.get("baselineSummary").get("score").asDouble()).isCloseTo(0.75, within(1e-12));
        assertThat(body.get("candidateSummary").get("score").asDouble()).isCloseTo(2.5 / 6, within(1e-12));

        JsonNode modes = body.get("failureModes");
        assertThat(modes).hasSize(2);
        assertThat(modes.get(0).get("kind").asText()).isEqualTo("GRADER");
        assertThat(modes.get(0).get("graderIndex").asInt()).isZero();
        assertThat(modes.get(0).get("graderType").asText()).isEqualTo("exact");
        assertThat(modes.get(0).get("cases").asInt()).isEqualTo(2);
        assertThat(modes.get(0).get("exampleCaseIds").toString()).isEqualTo("[\"c2\",\"c3\"]");
        assertThat(modes.get(1).get("kind").asText()).isEqualTo("CALL_FAILURE");
        assertThat(modes.get(1).get("failureKind").asText()).isEqualTo("TIMEOUT");
        assertThat(modes.get(1).get("exampleCaseIds").toString()).isEqualTo("[\"c5\"]");

        // no criteria, and three lost cases are not significant (p = 0.25): caveats, and the reason says why
        assertThat(body.get("verdict").asText()).isEqualTo("SHIP_WITH_CAVEATS");
        assertThat(body.get("reasons").get(0).asText())
                .contains("no decision criteria")
                .contains("no significant difference");
        assertThat(body.get("criteria")).isEmpty();
    }

    @Test
    void a_failed_must_does_not_ship() {
        // scoreDelta = 2.5/6 − 0.75 = −1/3 < −0.1
        JsonNode body = compare(mixed(
                List.of(new DecisionCriterion(Metric.SCORE_DELTA, Comparison.AT_LEAST, -0.1, Severity.MUST)), false));
        assertThat(body.get("status").asText()).isEqualTo("RUNNING");
        assertThat(body.get("verdict").asText()).isEqualTo("DONT_SHIP");
        JsonNode check = body.get("criteria").get(0);
        assertThat(check.get("metric").asText()).isEqualTo("scoreDelta");
        assertThat(check.get("actual").asDouble()).isCloseTo(-1.0 / 3, within(1e-12));
        assertThat(check.get("met").asBoolean()).isFalse();
        assertThat(body.get("reasons").get(0).asText())
                .isEqualTo("MUST scoreDelta >= -0.1 is not met: scoreDelta is -0.3333");
    }

    @Test
    void a_failed_should_ships_with_caveats() {
        // passRate 1/6 (only c1 passes both) meets the MUST; score 0.4167 misses the SHOULD
        JsonNode body = compare(mixed(
                List.of(
                        new DecisionCriterion(Metric.PASS_RATE, Comparison.AT_LEAST, 0.1, Severity.MUST),
                        new DecisionCriterion(Metric.SCORE, Comparison.AT_LEAST, 0.5, Severity.SHOULD)),
                false));
        assertThat(body.get("verdict").asText()).isEqualTo("SHIP_WITH_CAVEATS");
        assertThat(body.get("criteria").get(0).get("actual").asDouble()).isCloseTo(1.0 / 6, within(1e-12));
        assertThat(body.get("criteria").findValuesAsText("met")).containsExactly("true", "false");
        assertThat(body.get("reasons").get(0).asText()).isEqualTo("SHOULD score >= 0.5 is not met: score is 0.4167");
    }

    @Test
    void every_criterion_met_ships() {
        // cand: 5 answers at 10 micro-dollars over 6 cases = 8.33 → 8 per case; latencies ~150 ms
        JsonNode body = compare(mixed(
                List.of(
                        new DecisionCriterion(Metric.LATENCY_P95_MS, Comparison.AT_MOST, 10_000, Severity.MUST),
                        new DecisionCriterion(Metric.COST_PER_CASE_MICROS, Comparison.AT_MOST, 100, Severity.SHOULD)),
                false));
        assertThat(body.get("verdict").asText()).isEqualTo("SHIP");
        assertThat(body.get("criteria").get(1).get("actual").asDouble()).isEqualTo(8.0);
        assertThat(body.get("reasons").get(0).asText()).isEqualTo("all 2 decision criteria are met");
    }

    @Test
    void the_rubric_says_per_line_whether_the_ideal_is_met_and_gives_the_weighted_score() {
        // cand: passRate 1/6, score 2.5/6 ≈ 0.4167, cost 8 µ$ per case
        JsonNode body = compare(mixed(
                List.of(
                        new DecisionCriterion(Metric.PASS_RATE, Comparison.AT_LEAST, 0.1, Severity.MUST, 0.5, 40.0),
                        new DecisionCriterion(Metric.SCORE, Comparison.AT_LEAST, 0.5, Severity.SHOULD, 0.9, 35.0),
                        new DecisionCriterion(
                                Metric.COST_PER_CASE_MICROS, Comparison.AT_MOST, 100, Severity.SHOULD, 10.0, 25.0)),
                false));
        // passRate met (1/6 >= 0.1), ideal not (< 0.5); score neither; cost met and ideal (8 <= 10)
        assertThat(body.get("verdict").asText()).isEqualTo("SHIP_WITH_CAVEATS");
        JsonNode lines = body.get("criteria");
        assertThat(lines.findValuesAsText("met")).containsExactly("true", "false", "true");
        assertThat(lines.findValuesAsText("idealMet")).containsExactly("false", "false", "true");
        assertThat(lines.get(0).get("ideal").asDouble()).isEqualTo(0.5);
        assertThat(lines.get(0).get("weight").asDouble()).isEqualTo(40.0);
        // (40 + 25) / (40 + 35 + 25)
        assertThat(body.get("rubricScore").asDouble()).isCloseTo(0.65, within(1e-12));
    }

    @Test
    void criteria_without_weights_have_no_rubric_score() {
        JsonNode body = compare(mixed(
                List.of(new DecisionCriterion(Metric.PASS_RATE, Comparison.AT_LEAST, 0.1, Severity.MUST)), false));
        assertThat(body.get("rubricScore").isNull()).isTrue();
        assertThat(body.get("criteria").get(0).get("idealMet").isNull()).isTrue();
        assertThat(body.get("verdict").asText()).isEqualTo("SHIP");
    }

    @Test
    void without_criteria_a_significantly_worse_candidate_does_not_ship() {
        // six cases, each 1 → 0: exact p = 2/64, every bootstrap mean is −1
        var script = RunScript.simple(alice.id(), List.of("base", "cand"), CASES, 1, GRADERS, List.of());
        var events = new ArrayList<RunEvent>(List.of(script.request, new RunStarted(script.id)));
        for (String c : CASES) {
            answer(script, events, c, "base", "pp");
            answer(script, events, c, "cand", "mm");
        }
        append(script, events.toArray(RunEvent[]::new));
        awaitProjected(script.id);
        JsonNode body = compare(script);
        assertThat(body.get("difference").get("pValue").asDouble()).isEqualTo(2.0 / 64);
        assertThat(body.get("verdict").asText()).isEqualTo("DONT_SHIP");
        assertThat(body.get("reasons").get(0).asText())
                .contains("no decision criteria")
                .contains("significantly worse");
        assertThat(body.get("failureModes").get(0).get("cases").asInt()).isEqualTo(6);
        assertThat(body.get("failureModes").get(0).get("exampleCaseIds")).hasSize(5);
    }

    @Test
    void models_the_run_did_not_ask_for_are_refused() {
        var script = RunScript.simple(alice.id(), List.of("base", "cand"), CASES, 1, GRADERS, List.of());
        append(script, script.request);
        awaitProjected(script.id);
        String path = "/api/runs/" + script.id.value() + "/compare";
        Response unknown = get(path + "?baseline=nope&candidate=cand", alice);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().get("errors").get(0).get("field").asText()).isEqualTo("baseline");
        assertThat(get(path + "?baseline=base&candidate=base", alice)
                        .body()
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asText())
                .isEqualTo("candidate");
        assertThat(get(path + "?baseline=base", alice).status()).isEqualTo(400);
    }
}
