package io.benchmarkhub.api.run;

import static io.benchmarkhub.testsupport.RunScript.miss;
import static io.benchmarkhub.testsupport.RunScript.pass;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.run.JudgePanel;
import io.benchmarkhub.domain.run.ModelSummary;
import io.benchmarkhub.domain.run.events.HumanGradeRecorded;
import io.benchmarkhub.domain.run.events.RunFailed;
import io.benchmarkhub.domain.run.events.RunStarted;
import io.benchmarkhub.domain.user.UserId;
import io.benchmarkhub.query.run.RunViews.ModelView;
import io.benchmarkhub.testsupport.RunScript;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GET /api/runs/{id} and /results over run histories written straight into the event store. */
class RunQueryTest extends RunTestBase {

    private static final Grader EXACT = new Grader.Exact(null, null);
    private static final Grader JUDGED = new Grader.LlmJudge("Is it right?", List.of("j1", "j2"), 0.6);

    @Test
    void status_progress_and_summaries_follow_the_run_and_equal_run_statistics_on_the_same_trials() throws Exception {
        var script = new RunScript(
                alice.id(),
                "bm_live",
                List.of("openai/gpt-x", "sim/echo"),
                List.of("sim/echo"),
                List.of("c1", "c2", "c3"),
                2,
                List.of(EXACT, JUDGED),
                List.of(new JudgePanel(1, List.of("j1", "j2"))),
                List.of());
        append(script, script.request);
        awaitProjected(script.id);

        JsonNode requested = run(script.id, alice);
        assertThat(requested.get("status").asText()).isEqualTo("REQUESTED");
        assertThat(requested.get("progress").get("done").asLong()).isZero();
        assertThat(requested.get("progress").get("total").asLong()).isEqualTo(12);
        assertThat(requested.get("startedAt").isNull()).isTrue();
        assertThat(requested.has("completedAt")).isFalse();
        assertThat(requested.get("models").findValuesAsText("model")).containsExactly("openai/gpt-x", "sim/echo");
        assertThat(requested.get("models").get(1).get("simulated").asBoolean()).isTrue();
        assertThat(requested.get("models").get(0).get("score").isNull()).isTrue();

        append(
                script,
                new RunStarted(script.id),
                script.answer("c1", "openai/gpt-x", 1, "4", 100, 30),
                script.grade("c1", "openai/gpt-x", 1, pass(0, "exact")),
                script.verdict("c1", "openai/gpt-x", 1, 1, "j1", 0.8, 2),
                script.verdict("c1", "openai/gpt-x", 1, 1, "j2", 0.6, 3),
                script.answer("c1", "openai/gpt-x", 2, "5", 300, 30),
                script.grade("c1", "openai/gpt-x", 2, miss(0, "exact")),
                script.verdict("c1", "openai/gpt-x", 2, 1, "j1", 0.4, 2),
                script.verdict("c1", "openai/gpt-x", 2, 1, "j2", null, 3),
                script.fail("c2", "openai/gpt-x", 1, "TIMEOUT"),
                script.answer("c2", "openai/gpt-x", 2, "6", 200, 40),
                script.grade("c2", "openai/gpt-x", 2, pass(0, "exact")),
                script.verdict("c2", "openai/gpt-x", 2, 1, "j1", 1.0, 2),
                script.verdict("c2", "openai/gpt-x", 2, 1, "j2", 0.9, 3),
                script.answer("c1", "sim/echo", 1, "2+2", 20, 0),
                script.grade("c1", "sim/echo", 1, miss(0, "exact")),
                script.verdict("c1", "sim/echo", 1, 1, "j1", 0.1, 2),
                script.verdict("c1", "sim/echo", 1, 1, "j2", 0.3, 3));
        awaitProjected(script.id);

        JsonNode running = run(script.id, alice);
        assertThat(running.get("status").asText()).isEqualTo("RUNNING");
        assertThat(running.get("progress").get("done").asLong()).isEqualTo(5);
        assertThat(running.get("startedAt").isTextual()).isTrue();
        assertThat(running.get("models")).isEqualTo(json(views(script.summaries())));
        // by hand: trials 0.85 (pass), 0.2, 0 (failed call), 0.975 (pass) → case means 0.525 and 0.4875 → 0.50625
        JsonNode gpt = running.get("models").get(0);
        assertThat(gpt.get("score").asDouble()).isCloseTo(0.50625, within(1e-12));
        assertThat(gpt.get("passRate").asDouble()).isEqualTo(0.5);
        assertThat(gpt.get("n").asInt()).isEqualTo(4);
        assertThat(gpt.get("failedCalls").asInt()).isEqualTo(1);
        assertThat(gpt.get("costMicros").asLong()).isEqualTo(100);
        assertThat(gpt.get("costPerCaseMicros").asLong()).isEqualTo(50);
        assertThat(gpt.get("judgeCostMicros").asLong()).isEqualTo(15);
        assertThat(gpt.get("latencyMs").get("p50").asDouble()).isEqualTo(200.0);
        assertThat(running.get("judgeAgreement").asDouble()).isEqualTo(script.judgeAgreement());

        var rest = new ArrayList<io.benchmarkhub.domain.run.events.RunEvent>();
        for (String c : List.of("c2", "c3")) {
            for (int r = 1; r <= 2; r++) {
                rest.add(script.answer(c, "sim/echo", r, c, 20 + r, 0));
                rest.add(script.grade(c, "sim/echo", r, pass(0, "exact")));
                rest.add(script.verdict(c, "sim/echo", r, 1, "j1", 0.7, 2));
                rest.add(script.verdict(c, "sim/echo", r, 1, "j2", 0.5, 2));
            }
        }
        rest.add(script.answer("c1", "sim/echo", 2, "x", 25, 0));
        rest.add(script.grade("c1", "sim/echo", 2, pass(0, "exact")));
        rest.add(script.verdict("c1", "sim/echo", 2, 1, "j1", 0.9, 2));
        rest.add(script.verdict("c1", "sim/echo", 2, 1, "j2", 0.8, 2));
        for (int r = 1; r <= 2; r++) {
            rest.add(script.answer("c3", "openai/gpt-x", r, "9", 150, 25));
            rest.add(script.grade("c3", "openai/gpt-x", r, pass(0, "exact")));
            rest.add(script.verdict("c3", "openai/gpt-x", r, 1, "j1", 0.6, 2));
            rest.add(script.verdict("c3", "openai/gpt-x", r, 1, "j2", 0.6, 2));
        }
        var completed = script.completed();
        rest.add(completed);
        append(script, rest.toArray(io.benchmarkhub.domain.run.events.RunEvent[]::new));
        awaitProjected(script.id);

        JsonNode done = run(script.id, alice);
        assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.get("progress").get("done").asLong()).isEqualTo(12);
        assertThat(done.get("completedAt").isTextual()).isTrue();
        assertThat(done.get("models")).isEqualTo(json(views(completed.summaries())));
        assertThat(done.get("models").get(0).get("passHatK")).isNotNull();
        assertThat(done.get("judgeAgreement").asDouble()).isEqualTo(completed.judgeAgreement());
    }

    @Test
    void a_failed_run_keeps_what_was_recorded_and_says_why() {
        var script = RunScript.simple(alice.id(), List.of("m"), List.of("c1", "c2"), 1, List.of(EXACT), List.of());
        append(
                script,
                script.request,
                new RunStarted(script.id),
                script.answer("c1", "m", 1, "a", 10, 1),
                script.grade("c1", "m", 1, pass(0, "exact")),
                new RunFailed(script.id, "the BYOK key is gone"));
        awaitProjected(script.id);
        JsonNode failed = run(script.id, alice);
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("failureReason").asText()).isEqualTo("the BYOK key is gone");
        assertThat(failed.get("progress").get("done").asLong()).isEqualTo(1);
        assertThat(failed.get("models").get(0).get("score").asDouble()).isEqualTo(1.0);
        assertThat(failed.get("completedAt").isTextual()).isTrue();
    }

    @Test
    void results_filter_by_model_case_and_failure_show_failed_verdicts_as_failures_and_page_by_cursor() {
        var judge = new Grader.LlmJudge("Is it right?", List.of("j1", "j2"), null);
        var script = RunScript.simple(
                alice.id(), List.of("m1", "m2"), List.of("c1", "c2", "c3"), 1, List.of(EXACT, judge), List.of());
        append(
                script,
                script.request,
                new RunStarted(script.id),
                script.answer("c1", "m1", 1, "4", 100, 7),
                script.grade("c1", "m1", 1, pass(0, "exact")),
                script.verdict("c1", "m1", 1, 1, "j1", 0.9, 2),
                script.verdict("c1", "m1", 1, 1, "j2", null, 3),
                script.fail("c2", "m1", 1, "RATE_LIMITED"),
                script.answer("c3", "m1", 1, "x", 100, 7),
                script.grade("c3", "m1", 1, miss(0, "exact")),
                script.verdict("c3", "m1", 1, 1, "j1", 0.8, 2),
                script.verdict("c3", "m1", 1, 1, "j2", 0.6, 2),
                script.answer("c1", "m2", 1, "4", 100, 7),
                script.grade("c1", "m2", 1, pass(0, "exact")),
                script.verdict("c1", "m2", 1, 1, "j1", 1.0, 2),
                script.verdict("c1", "m2", 1, 1, "j2", 1.0, 2),
                script.answer("c2", "m2", 1, "6", 100, 7),
                script.grade("c2", "m2", 1, pass(0, "exact")),
                script.verdict("c2", "m2", 1, 1, "j1", 0.2, 2),
                script.verdict("c2", "m2", 1, 1, "j2", 0.4, 2),
                script.answer("c3", "m2", 1, "9", 100, 7),
                script.grade("c3", "m2", 1, pass(0, "exact")),
                script.verdict("c3", "m2", 1, 1, "j1", 0.9, 2),
                script.verdict("c3", "m2", 1, 1, "j2", 0.7, 2),
                new HumanGradeRecorded(script.id, "c1", "m1", 0.9, "good", new UserId(alice.id())));
        awaitProjected(script.id);
        String base = "/api/runs/" + script.id.value() + "/results";

        JsonNode all = get(base, alice).body();
        assertThat(keys(all)).containsExactly("m1/c1", "m1/c2", "m1/c3", "m2/c1", "m2/c2", "m2/c3");
        assertThat(all.get("nextCursor").isNull()).isTrue();

        JsonNode answered = all.get("items").get(0);
        assertThat(answered.get("outcome").asText()).isEqualTo("ANSWERED");
        assertThat(answered.get("output").asText()).isEqualTo("4");
        assertThat(answered.get("score").asDouble()).isCloseTo(0.95, within(1e-12));
        assertThat(answered.get("passed").asBoolean()).isTrue();
        assertThat(answered.get("latencyMs").asLong()).isEqualTo(100);
        assertThat(answered.get("promptTokens").asLong()).isEqualTo(10);
        assertThat(answered.get("costMicros").asLong()).isEqualTo(7);
        assertThat(answered.get("judgeCostMicros").asLong()).isEqualTo(5);
        assertThat(answered.get("grades").get(0).get("type").asText()).isEqualTo("exact");
        JsonNode verdicts = answered.get("verdicts");
        assertThat(verdicts).hasSize(2);
        assertThat(verdicts.get(0).get("judge").asText()).isEqualTo("j1");
        assertThat(verdicts.get(0).get("score").asDouble()).isEqualTo(0.9);
        assertThat(verdicts.get(0).get("rationale").asText()).isEqualTo("because 0.9");
        assertThat(verdicts.get(1).get("judge").asText()).isEqualTo("j2");
        assertThat(verdicts.get(1).get("failed").asBoolean()).isTrue();
        assertThat(verdicts.get(1).get("score").isNull()).isTrue();
        assertThat(verdicts.get(1).get("failure").asText()).isEqualTo("unparseable judge output");
        assertThat(answered.get("humanGrades").get(0).get("score").asDouble()).isEqualTo(0.9);
        assertThat(answered.get("humanGrades").get(0).get("gradedBy").asText()).isEqualTo(alice.id());

        JsonNode failedCall = all.get("items").get(1);
        assertThat(failedCall.get("outcome").asText()).isEqualTo("FAILED");
        assertThat(failedCall.get("output").isNull()).isTrue();
        assertThat(failedCall.get("score").asDouble()).isZero();
        assertThat(failedCall.get("passed").asBoolean()).isFalse();
        assertThat(failedCall.get("failure").get("kind").asText()).isEqualTo("RATE_LIMITED");
        assertThat(failedCall.get("failure").get("httpStatus").asInt()).isEqualTo(503);
        assertThat(failedCall.get("verdicts")).isEmpty();

        assertThat(keys(get(base + "?model=m2", alice).body())).containsExactly("m2/c1", "m2/c2", "m2/c3");
        assertThat(keys(get(base + "?caseId=c2", alice).body())).containsExactly("m1/c2", "m2/c2");
        // m1/c2 failed its call; m1/c3 fails exact; m2/c2's judges mean 0.3 is below the default 0.5
        assertThat(keys(get(base + "?failedOnly=true", alice).body())).containsExactly("m1/c2", "m1/c3", "m2/c2");
        assertThat(keys(get(base + "?failedOnly=true&model=m2", alice).body())).containsExactly("m2/c2");

        var paged = new ArrayList<String>();
        String cursor = null;
        for (int page = 0; page < 10; page++) {
            JsonNode body = get(base + "?failedOnly=true&limit=1" + (cursor == null ? "" : "&cursor=" + cursor), alice)
                    .body();
            paged.addAll(keys(body));
            cursor = body.get("nextCursor").isNull()
                    ? null
                    : body.get("nextCursor").asText();
            if (cursor == null) break;
        }
        assertThat(paged).containsExactly("m1/c2", "m1/c3", "m2/c2");
        JsonNode firstFour = get(base + "?limit=4", alice).body();
        assertThat(keys(firstFour)).hasSize(4);
        assertThat(keys(get(
                                base + "?limit=4&cursor="
                                        + firstFour.get("nextCursor").asText(),
                                alice)
                        .body()))
                .containsExactly("m2/c2", "m2/c3");

        Response badCursor = get(base + "?cursor=nonsense", alice);
        assertThat(badCursor.status()).isEqualTo(400);
        assertThat(badCursor.body().get("errors").get(0).get("field").asText()).isEqualTo("cursor");
        assertThat(get(base + "?limit=0", alice).status()).isEqualTo(400);
    }

    @Test
    void judges_disagree_keeps_the_trials_whose_panel_split_on_either_side_of_the_pass_threshold() {
        // the first judge passes at 0.6, the case-less second one at the default 0.5
        var strict = new Grader.LlmJudge("Is it right?", List.of("j1", "j2"), 0.6);
        var lenient = new Grader.LlmJudge("Is it kind?", List.of("j1", "j2"), null);
        var script = RunScript.simple(
                alice.id(),
                List.of("m1", "m2"),
                List.of("c1", "c2", "c3", "c4"),
                1,
                List.of(strict, lenient),
                List.of());
        append(
                script,
                script.request,
                new RunStarted(script.id),
                // split on the strict grader: 0.65 passes, 0.55 does not (both would pass at 0.5)
                script.answer("c1", "m1", 1, "a", 10, 1),
                script.verdict("c1", "m1", 1, 0, "j1", 0.65, 1),
                script.verdict("c1", "m1", 1, 0, "j2", 0.55, 1),
                // agree on both graders, though the scores differ
                script.answer("c2", "m1", 1, "b", 10, 1),
                script.verdict("c2", "m1", 1, 0, "j1", 0.9, 1),
                script.verdict("c2", "m1", 1, 0, "j2", 0.6, 1),
                script.verdict("c2", "m1", 1, 1, "j1", 0.1, 1),
                script.verdict("c2", "m1", 1, 1, "j2", 0.4, 1),
                // a failed verdict takes no side
                script.answer("c3", "m1", 1, "c", 10, 1),
                script.verdict("c3", "m1", 1, 1, "j1", 0.9, 1),
                script.verdict("c3", "m1", 1, 1, "j2", null, 1),
                // split on the lenient grader only
                script.answer("c4", "m1", 1, "d", 10, 1),
                script.verdict("c4", "m1", 1, 1, "j1", 0.5, 1),
                script.verdict("c4", "m1", 1, 1, "j2", 0.49, 1),
                script.answer("c1", "m2", 1, "e", 10, 1),
                script.verdict("c1", "m2", 1, 0, "j1", 0.1, 1),
                script.verdict("c1", "m2", 1, 0, "j2", 0.9, 1),
                script.fail("c2", "m2", 1, "TIMEOUT"));
        awaitProjected(script.id);
        String base = "/api/runs/" + script.id.value() + "/results?judgesDisagree=true";

        assertThat(keys(get(base, alice).body())).containsExactly("m1/c1", "m1/c4", "m2/c1");
        assertThat(get(base, alice).body().get("items").findValues("judgesDisagree"))
                .allMatch(JsonNode::asBoolean);
        assertThat(get("/api/runs/" + script.id.value() + "/results?caseId=c2", alice)
                        .body()
                        .get("items")
                        .findValues("judgesDisagree"))
                .noneMatch(JsonNode::asBoolean);
        assertThat(keys(get(base + "&model=m1", alice).body())).containsExactly("m1/c1", "m1/c4");
        assertThat(keys(get(base + "&caseId=c1", alice).body())).containsExactly("m1/c1", "m2/c1");
        var paged = new ArrayList<String>();
        String cursor = null;
        for (int page = 0; page < 10; page++) {
            JsonNode body = get(base + "&limit=1" + (cursor == null ? "" : "&cursor=" + cursor), alice)
                    .body();
            paged.addAll(keys(body));
            cursor = body.get("nextCursor").isNull()
                    ? null
                    : body.get("nextCursor").asText();
            if (cursor == null) break;
        }
        assertThat(paged).containsExactly("m1/c1", "m1/c4", "m2/c1");
        assertThat(get(base, bob).status()).isEqualTo(404);
    }

    @Test
    void human_agreement_is_pearson_and_spearman_of_mean_human_against_mean_judge_score() {
        var judge = new Grader.LlmJudge("Is it right?", List.of("j1", "j2"), null);
        var script = RunScript.simple(
                alice.id(), List.of("m"), List.of("c1", "c2", "c3", "c4", "c5"), 1, List.of(judge), List.of());
        UserId a = new UserId(alice.id());
        UserId b = new UserId(bob.id());
        append(
                script,
                script.request,
                new RunStarted(script.id),
                script.answer("c1", "m", 1, "1", 10, 1),
                script.verdict("c1", "m", 1, 0, "j1", 0.2, 1),
                script.verdict("c1", "m", 1, 0, "j2", null, 1),
                script.answer("c2", "m", 1, "2", 10, 1),
                script.verdict("c2", "m", 1, 0, "j1", 0.4, 1),
                script.answer("c3", "m", 1, "3", 10, 1),
                script.verdict("c3", "m", 1, 0, "j1", 0.9, 1),
                script.answer("c4", "m", 1, "4", 10, 1),
                script.verdict("c4", "m", 1, 0, "j1", 0.5, 1),
                script.verdict("c4", "m", 1, 0, "j2", 0.7, 1),
                script.answer("c5", "m", 1, "5", 10, 1),
                script.verdict("c5", "m", 1, 0, "j1", null, 1),
                new HumanGradeRecorded(script.id, "c1", "m", 0.1, null, a),
                new HumanGradeRecorded(script.id, "c2", "m", 0.5, "first look", a),
                new HumanGradeRecorded(script.id, "c2", "m", 0.3, "on second thought", a),
                new HumanGradeRecorded(script.id, "c3", "m", 0.6, null, a),
                new HumanGradeRecorded(script.id, "c3", "m", 0.8, null, b),
                new HumanGradeRecorded(script.id, "c4", "m", 0.8, null, a),
                new HumanGradeRecorded(script.id, "c5", "m", 0.4, null, a));
        awaitProjected(script.id);

        // human means (c2 regraded to 0.3, c3 two graders) x = [0.1, 0.3, 0.7, 0.8]; judge means y = [0.2, 0.4, 0.9,
        // 0.6];
        // c5 has no successful verdict and drops out. Pearson: Σdxdy = 0.2525, Σdx² = 0.3275, Σdy² = 0.2675
        // → 0.2525 / √(0.3275 · 0.2675) = 0.853088; Spearman: ranks [1,2,3,4] vs [1,2,4,3], 1 − 6·2/(4·15) = 0.8
        JsonNode agreement = run(script.id, alice).get("humanAgreement");
        assertThat(agreement.get("n").asInt()).isEqualTo(4);
        assertThat(agreement.get("pearson").asDouble())
                .isCloseTo(0.2525 / Math.sqrt(0.3275 * 0.2675), within(1e-9))
                .isCloseTo(0.853088, within(1e-6));
        assertThat(agreement.get("spearman").asDouble()).isCloseTo(0.8, within(1e-12));

        JsonNode c2 = get("/api/runs/" + script.id.value() + "/results?caseId=c2", alice)
                .body()
                .get("items")
                .get(0);
        assertThat(c2.get("humanGrades")).hasSize(1);
        assertThat(c2.get("humanGrades").get(0).get("comment").asText()).isEqualTo("on second thought");
    }

    @Test
    void a_run_without_human_grades_has_no_human_agreement() {
        var script = RunScript.simple(alice.id(), List.of("m"), List.of("c1"), 1, List.of(EXACT), List.of());
        append(script, script.request);
        awaitProjected(script.id);
        assertThat(run(script.id, alice).has("humanAgreement")).isFalse();
    }

    private static List<String> keys(JsonNode page) {
        assertThat(page.has("items")).as("a page of results: %s", page).isTrue();
        var keys = new ArrayList<String>();
        page.get("items")
                .forEach(i ->
                        keys.add(i.get("model").asText() + "/" + i.get("caseId").asText()));
        return keys;
    }

    private static List<ModelView> views(List<ModelSummary> summaries) {
        return summaries.stream().map(ModelView::of).toList();
    }

    /** As the API writes it, so numbers compare by value and not by Java type. */
    private JsonNode json(Object value) throws JsonProcessingException {
        return mapper.readTree(mapper.writeValueAsString(value));
    }
}
