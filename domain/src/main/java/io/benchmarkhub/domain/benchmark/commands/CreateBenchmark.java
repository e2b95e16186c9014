package io.benchmarkhub.domain.benchmark.commands;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.DecisionCriterion;
import io.benchmarkhub.domain.benchmark.Lists;
import io.benchmarkhub.domain.benchmark.PromptVariant;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.Visibility;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.user.Actor;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CreateBenchmark(
        @TargetAggregateIdentifier BenchmarkId benchmarkId,
        Actor actor,
        String title,
        String description,
        List<String> tags,
        String category,
        Visibility visibility,
        String workspaceId,
        String promptTemplate,
        List<TestCase> cases,
        List<Grader> graders,
        List<DecisionCriterion> decisionCriteria,
        List<PromptVariant> promptVariants)
        implements BenchmarkCommand {

    /** A benchmark with one prompt template (or none). */
    public CreateBenchmark(
            BenchmarkId benchmarkId,
            Actor actor,
            String title,
            String description,
            List<String> tags,
            String category,
            Visibility visibility,
            String workspaceId,
            String promptTemplate,
            List<TestCase> cases,
            List<Grader> graders,
            List<DecisionCriterion> decisionCriteria) {
        this(
                benchmarkId,
                actor,
                title,
                description,
                tags,
                category,
                visibility,
                workspaceId,
                promptTemplate,
                cases,
                graders,
                decisionCriteria,
                List.of());
    }

    public CreateBenchmark {
        tags = Lists.copy(tags);
        visibility = visibility == null ? Visibility.PRIVATE : visibility;
        cases = Lists.copy(cases);
        graders = Lists.copy(graders);
        decisionCriteria = Lists.copy(decisionCriteria);
        promptVariants = Lists.copy(promptVariants);
    }
}
