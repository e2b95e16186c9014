package io.benchmarkhub.command.run;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.DecisionCriterion;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.run.Billing;
import io.benchmarkhub.domain.run.GraderResult;
import io.benchmarkhub.domain.run.JudgePanel;
import io.benchmarkhub.domain.run.ModelSummary;
import io.benchmarkhub.domain.run.ProviderGeneration;
import io.benchmarkhub.domain.run.RunException;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.run.RunParams;
import io.benchmarkhub.domain.run.commands.RequestRun;
import io.benchmarkhub.domain.run.events.GradeRecorded;
import io.benchmarkhub.domain.run.events.JudgeVerdictRecorded;
import io.benchmarkhub.domain.run.events.ModelCallFailed;
import io.benchmarkhub.domain.run.events.ModelResponseRecorded;
import io.benchmarkhub.domain.run.events.RunRequested;
import io.benchmarkhub.domain.user.Actor;
import io.benchmarkhub.domain.user.UserId;
import java.util.List;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeDiagnosingMatcher;

/**
 * Shared test data for the {@link Run} aggregate tests: a run of cases c1, c2 against model m1, two
 * repeats each (4 trials), graded by an exact grader (index 0) and an LLM judge (index 1) whose panel
 * is j1 and j2.
 */
final class RunTestData {

    static final RunId RUN_ID = new RunId("run_test");
    static final BenchmarkId BENCHMARK_ID = new BenchmarkId("bm_source");
    static final UserId REQUESTER_ID = new UserId("usr_requester");
    static final UserId STRANGER_ID = new UserId("usr_stranger");
    static final UserId ADMIN_ID = new UserId("usr_admin");
    static final Actor REQUESTER = Actor.user(REQUESTER_ID);
    static final Actor STRANGER = Actor.user(STRANGER_ID);
    static final Actor ADMIN = new Actor(ADMIN_ID, true);

    static final String M1 = "m1";
    static final long TIMEOUT_SECONDS = 600;
    static final Grader EXACT = new Grader.Exact(null, null);
    static final Grader JUDGE = new Grader.LlmJudge("Names the right city.", null, null);
    static final int JUDGE_INDEX = 1;
    static final List<DecisionCriterion> CRITERIA = List.of(new DecisionCriterion(
            DecisionCriterion.Metric.PASS_RATE,
            DecisionCriterion.Comparison.AT_LEAST,
            0.9,
            DecisionCriterion.Severity.MUST));

    private RunTestData() {}

    static RunRequested requested(List<String> caseIds, List<String> models, int repeats, List<JudgePanel> panels) {
        return new RunRequested(
                RUN_ID,
                BENCHMARK_ID,
                3,
                "sha256:abc",
                REQUESTER_ID,
                models,
                List.of(),
                repeats,
                Billing.CREDITS,
                RunParams.DEFAULTS,
                caseIds,
                List.of(EXACT, JUDGE),
                panels,
                CRITERIA,
                "api",
                TIMEOUT_SECONDS,
                null,
                null);
    }

    /** The usual run: c1, c2 × m1 × 2 repeats, judged by j1 and j2. */
    static RunRequested requested() {
        return requested(
                List.of("c1", "c2"), List.of(M1), 2, List.of(new JudgePanel(JUDGE_INDEX, List.of("j1", "j2"))));
    }

    static RequestRun requestRun() {
        return new RequestRun(RUN_ID, requested());
    }

    static ModelResponseRecorded response(String caseId, String model, int repeat, String output) {
        return new ModelResponseRecorded(
                RUN_ID, caseId, model, repeat, output, 120, 10, 3, 16, "gen-" + caseId + repeat, false, 1);
    }

    static ModelResponseRecorded response(String caseId, int repeat) {
        return response(caseId, M1, repeat, "Paris");
    }

    static ModelCallFailed callFailed(String caseId, int repeat) {
        return new ModelCallFailed(RUN_ID, caseId, M1, repeat, "SERVER_ERROR", "502 from the provider", 502, 3);
    }

    static GradeRecorded grade(String caseId, int repeat, double score) {
        return new GradeRecorded(
                RUN_ID,
                caseId,
                M1,
                repeat,
                List.of(new GraderResult(0, "exact", score, score == 1, score == 1 ? "equal" : "differs")));
    }

    static JudgeVerdictRecorded verdict(String caseId, int repeat, String judge, Double score) {
        return new JudgeVerdictRecorded(
                RUN_ID,
                caseId,
                M1,
                repeat,
                JUDGE_INDEX,
                judge,
                score,
                score == null ? null : "Looks right.",
                score == null ? "the judge call failed: TIMEOUT" : null,
                false,
                7,
                "gen-" + judge,
                1,
                List.of(new ProviderGeneration("gen-" + judge, 7)));
    }

    static ModelSummary summary() {
        return new ModelSummary(
                M1, false, 4, 1, 4, 0.75, 0.5, 1.0, 0.75, 0.3, 0.95, 120.0, 120.0, 120.0, 48, 24, 42, 0.5);
    }

    /** Matches a {@link RunException.Invalid} naming exactly these fields, in this order. */
    static Matcher<Throwable> invalidNaming(String... fields) {
        return new TypeSafeDiagnosingMatcher<>() {
            @Override
            protected boolean matchesSafely(Throwable item, Description mismatch) {
                if (!(item instanceof RunException.Invalid invalid)) {
                    mismatch.appendText("was ").appendValue(item);
                    return false;
                }
                List<String> named =
                        invalid.violations().stream().map(Violation::field).toList();
                if (!named.equals(List.of(fields))) {
                    mismatch.appendText("violations named ").appendValue(named);
                    return false;
                }
                return true;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("RunException.Invalid naming ").appendValue(List.of(fields));
            }
        };
    }
}
