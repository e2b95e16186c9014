package io.benchmarkhub.domain.run;

import java.util.List;
import java.util.Objects;

/** The judge models that grade with the LLM-judge grader at {@code graderIndex} in a run. */
public record JudgePanel(int graderIndex, List<String> judges) {

    public JudgePanel {
        judges = List.copyOf(Objects.requireNonNull(judges, "judges"));
    }
}
