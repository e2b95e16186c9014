package io.benchmarkhub.domain.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.domain.run.FailureModeCheck.CaseGrades;
import io.benchmarkhub.domain.run.FailureModeCheck.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailureModeCheckTest {

    @Test
    void failing_half_of_the_tagged_cases_still_shows_it() {
        var result = FailureModeCheck.check(
                List.of("a", "b", "c", "d"),
                Map.of(
                        "a",
                        new CaseGrades(1, 0),
                        "b",
                        new CaseGrades(1, 1),
                        "c",
                        new CaseGrades(1, 0),
                        "d",
                        new CaseGrades(1, 1)));
        assertThat(result.status()).isEqualTo(Status.STILL_SHOWS);
        assertThat(result.failing()).isEqualTo(2);
        assertThat(result.tagged()).isEqualTo(4);
        assertThat(result.failingCaseIds()).containsExactly("a", "c");
    }

    @Test
    void failing_fewer_than_half_is_fixed() {
        var result = FailureModeCheck.check(
                List.of("a", "b", "c"),
                Map.of("a", new CaseGrades(1, 0), "b", new CaseGrades(1, 1), "c", new CaseGrades(1, 1)));
        assertThat(result.status()).isEqualTo(Status.FIXED);
        assertThat(result.failing()).isEqualTo(1);
        assertThat(result.tagged()).isEqualTo(3);
    }

    @Test
    void a_case_passes_only_when_more_than_half_of_its_repeats_pass() {
        // 2 of 3 passed: passes; 1 of 2 passed: fails (a tie does not pass)
        var result =
                FailureModeCheck.check(List.of("a", "b"), Map.of("a", new CaseGrades(3, 2), "b", new CaseGrades(2, 1)));
        assertThat(result.failingCaseIds()).containsExactly("b");
        assertThat(result.status()).isEqualTo(Status.STILL_SHOWS);
    }

    @Test
    void tagged_cases_without_grades_are_not_counted_and_none_is_not_tested() {
        var some = FailureModeCheck.check(
                List.of("a", "gone", "ungraded"), Map.of("a", new CaseGrades(1, 1), "ungraded", new CaseGrades(0, 0)));
        assertThat(some.tagged()).isEqualTo(1);
        assertThat(some.status()).isEqualTo(Status.FIXED);
        var none = FailureModeCheck.check(List.of("gone"), Map.of("a", new CaseGrades(1, 0)));
        assertThat(none.status()).isEqualTo(Status.NOT_TESTED);
        assertThat(none.tagged()).isZero();
        assertThat(none.failing()).isZero();
    }
}
