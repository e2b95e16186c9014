package io.benchmarkhub.domain.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.run.FailureModeAnalysis.Found;
import io.benchmarkhub.domain.run.FailureModeAnalysis.Kind;
import io.benchmarkhub.domain.run.FailureModeAnalysis.Trial;
import io.benchmarkhub.domain.run.TrialScoring.TrialScore;
import io.benchmarkhub.domain.run.TrialScoring.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailureModeAnalysisTest {

    private static final List<Grader> GRADERS =
            List.of(new Grader.Contains("x", null), new Grader.LlmJudge("right?", List.of("j1", "j2"), 0.7));

    @Test
    void a_grader_the_candidate_fails_where_the_baseline_always_passed_is_a_new_failure_mode() {
        var trials = List.of(
                answered("a", "base", 1, grade(0, true)),
                answered("a", "cand", 1, grade(0, false)),
                answered("b", "base", 1, grade(0, true)),
                answered("b", "cand", 1, grade(0, false)),
                // the baseline failed c once too: not new
                answered("c", "base", 1, grade(0, true)),
                answered("c", "base", 2, grade(0, false)),
                answered("c", "cand", 1, grade(0, false)));

        List<Found> found =
                FailureModeAnalysis.newFailureModes(GRADERS, List.of("b", "a", "c"), trials, "base", "cand");

        assertThat(found).containsExactly(new Found(Kind.GRADER, 0, null, List.of("b", "a")));
    }

    @Test
    void a_judge_grader_passes_on_its_judges_mean_against_its_own_threshold() {
        var trials = List.of(
                judged("a", "base", new Verdict(1, 0.8), new Verdict(1, 0.9)),
                // mean 0.65 is under the grader's 0.7
                judged("a", "cand", new Verdict(1, 0.6), new Verdict(1, 0.7)));

        assertThat(FailureModeAnalysis.newFailureModes(GRADERS, List.of("a"), trials, "base", "cand"))
                .containsExactly(new Found(Kind.GRADER, 1, null, List.of("a")));
    }

    @Test
    void a_failed_call_counts_only_on_cases_the_baseline_answered_without_one() {
        var trials = List.of(
                answered("a", "base", 1),
                failed("a", "cand", "TIMEOUT"),
                answered("b", "base", 1),
                failed("b", "cand", "TIMEOUT"),
                failed("c", "base", "TIMEOUT"),
                failed("c", "cand", "TIMEOUT"),
                answered("d", "base", 1),
                failed("d", "cand", "HTTP"));

        assertThat(FailureModeAnalysis.newFailureModes(GRADERS, List.of("a", "b", "c", "d"), trials, "base", "cand"))
                .containsExactly(
                        new Found(Kind.CALL_FAILURE, null, "TIMEOUT", List.of("a", "b")),
                        new Found(Kind.CALL_FAILURE, null, "HTTP", List.of("d")));
    }

    @Test
    void modes_are_ordered_by_cases_with_grader_modes_first_on_a_tie() {
        var trials = List.of(
                answered("a", "base", 1, grade(0, true)),
                answered("a", "cand", 1, grade(0, false)),
                answered("b", "base", 1),
                failed("b", "cand", "TIMEOUT"),
                answered("c", "base", 1),
                failed("c", "cand", "TIMEOUT"));

        assertThat(FailureModeAnalysis.newFailureModes(GRADERS, List.of("a", "b", "c"), trials, "base", "cand"))
                .extracting(Found::kind)
                .containsExactly(Kind.CALL_FAILURE, Kind.GRADER);
        var tie = List.of(
                answered("a", "base", 1, grade(0, true)),
                answered("a", "cand", 1, grade(0, false)),
                answered("b", "base", 1),
                failed("b", "cand", "TIMEOUT"));
        assertThat(FailureModeAnalysis.newFailureModes(GRADERS, List.of("a", "b"), tie, "base", "cand"))
                .extracting(Found::kind)
                .containsExactly(Kind.GRADER, Kind.CALL_FAILURE);
    }

    @Test
    void case_grades_count_failed_calls_as_graded_and_leave_out_unscored_answers() {
        var trials = List.of(
                scored("a", "m", 1, new TrialScore(1.0, true)),
                scored("a", "m", 2, new TrialScore(0.0, false)),
                failed("b", "m", "TIMEOUT"),
                scored("c", "m", 1, TrialScore.NONE),
                scored("a", "other", 1, new TrialScore(1.0, true)));

        assertThat(FailureModeAnalysis.caseGrades(trials, "m"))
                .isEqualTo(
                        Map.of("a", new FailureModeCheck.CaseGrades(2, 1), "b", new FailureModeCheck.CaseGrades(1, 0)));
        assertThat(FailureModeAnalysis.check(List.of("a", "b", "c"), trials, "m"))
                .isEqualTo(new FailureModeCheck.Result(FailureModeCheck.Status.STILL_SHOWS, 2, 2, List.of("a", "b")));
    }

    @Test
    void judges_disagree_when_scores_fall_on_both_sides_of_one_graders_threshold() {
        assertThat(FailureModeAnalysis.judgesDisagree(GRADERS, List.of(new Verdict(1, 0.69), new Verdict(1, 0.7))))
                .isTrue();
        assertThat(FailureModeAnalysis.judgesDisagree(GRADERS, List.of(new Verdict(1, 0.7), new Verdict(1, 1.0))))
                .isFalse();
        // a failed verdict takes no side, and two graders on different sides are not a split
        assertThat(FailureModeAnalysis.judgesDisagree(GRADERS, List.of(new Verdict(1, 0.1), new Verdict(1, null))))
                .isFalse();
        // past the benchmark's graders a case's own judge passes at the default 0.5
        assertThat(FailureModeAnalysis.judgesDisagree(GRADERS, List.of(new Verdict(2, 0.49), new Verdict(2, 0.5))))
                .isTrue();
    }

    @Test
    void case_means_average_the_scored_repeats_and_case_order_puts_unknown_cases_last_sorted() {
        var trials = List.of(
                scored("a", "m", 1, new TrialScore(1.0, true)),
                scored("a", "m", 2, new TrialScore(0.5, false)),
                scored("z", "m", 1, TrialScore.NONE),
                scored("y", "m", 1, new TrialScore(0.25, false)));

        assertThat(FailureModeAnalysis.caseMeans(trials, "m")).isEqualTo(Map.of("a", 0.75, "y", 0.25));
        assertThat(FailureModeAnalysis.caseOrder(List.of("b", "a"), trials)).containsExactly("b", "a", "y", "z");
    }

    private static GraderResult grade(int index, boolean passed) {
        return new GraderResult(index, "contains", passed ? 1 : 0, passed, "");
    }

    private static Trial answered(String caseId, String model, int repeat, GraderResult... grades) {
        return new Trial(new TrialKey(caseId, model, repeat), false, null, List.of(grades), List.of(), TrialScore.NONE);
    }

    private static Trial judged(String caseId, String model, Verdict... verdicts) {
        return new Trial(new TrialKey(caseId, model, 1), false, null, List.of(), List.of(verdicts), TrialScore.NONE);
    }

    private static Trial failed(String caseId, String model, String kind) {
        return new Trial(new TrialKey(caseId, model, 1), true, kind, List.of(), List.of(), TrialScore.FAILED_CALL);
    }

    private static Trial scored(String caseId, String model, int repeat, TrialScore score) {
        return new Trial(new TrialKey(caseId, model, repeat), false, null, List.of(), List.of(), score);
    }
}
