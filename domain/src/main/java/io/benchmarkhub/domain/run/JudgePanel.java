package io.benchmarkhub.domain.run;

import java.util.List;
import java.util.Objects;

/**
 * The judge models that grade with the LLM-judge grader at {@code graderIndex} in a run.
 *
 * @param caseIds the cases it judges: null for a benchmark grader (every case); for a case's own llm-judge (index
 *                benchmark graders + j), the cases that have one at position j
 */
public record JudgePanel(int graderIndex, List<String> judges, List<String> caseIds) {

    public JudgePanel {
        judges = List.copyOf(Objects.requireNonNull(judges, "judges"));
        caseIds = caseIds == null ? null : List.copyOf(caseIds);
    }

    /** A panel of a benchmark grader, which judges every case. */
    public JudgePanel(int graderIndex, List<String> judges) {
        this(graderIndex, judges, null);
    }

    public boolean judges(String caseId) {
        return caseIds == null || caseIds.contains(caseId);
    }
}
