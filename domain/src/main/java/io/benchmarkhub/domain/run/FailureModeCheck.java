package io.benchmarkhub.domain.run;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Whether a model still shows a known failure mode in a run (issue 16, docs/runs.md), from its grades on the tagged cases.
 * <p>
 * A case counts when the model has at least one graded trial on it in the run (an answer with a pass/fail, or a failed
 * call, which does not pass); it <em>fails</em> the case unless more than half of those trials passed. The model shows the
 * failure mode ({@link Status#STILL_SHOWS}) when it fails at least half of the tagged cases that count; fewer is
 * {@link Status#FIXED}; no tagged case counting (none in the run's version, or none graded yet) is {@link Status#NOT_TESTED}.
 */
public final class FailureModeCheck {

    private FailureModeCheck() {}

    public enum Status {
        STILL_SHOWS,
        FIXED,
        NOT_TESTED
    }

    /** A failure mode's name as shown: stripped, inner whitespace collapsed to one space. */
    public static String displayName(String name) {
        return name == null ? "" : name.strip().replaceAll("\\s+", " ");
    }

    /** What makes two names the same failure mode on a benchmark: the display name, lower-cased. */
    public static String key(String name) {
        return displayName(name).toLowerCase(java.util.Locale.ROOT);
    }

    /** One model's graded trials on one case: how many there are and how many passed. */
    public record CaseGrades(int graded, int passed) {

        public boolean failed() {
            return passed * 2 <= graded;
        }
    }

    /** {@code failing} of the {@code tagged} cases that count; see the class comment. */
    public record Result(Status status, int failing, int tagged, List<String> failingCaseIds) {}

    /** The result for one model, given its grades by case id; cases without graded trials are left out of the counts. */
    public static Result check(Collection<String> taggedCaseIds, Map<String, CaseGrades> gradesByCase) {
        int tagged = 0;
        var failing = new java.util.ArrayList<String>();
        for (String caseId : new java.util.LinkedHashSet<>(taggedCaseIds)) {
            CaseGrades grades = gradesByCase.get(caseId);
            if (grades == null || grades.graded() == 0) continue;
            tagged++;
            if (grades.failed()) failing.add(caseId);
        }
        Status status =
                tagged == 0 ? Status.NOT_TESTED : failing.size() * 2 >= tagged ? Status.STILL_SHOWS : Status.FIXED;
        return new Result(status, failing.size(), tagged, List.copyOf(failing));
    }
}
