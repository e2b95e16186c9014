package io.benchmarkhub.domain.benchmark.commands;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.PromptVariant;
import io.benchmarkhub.domain.user.Actor;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A partial update: a null field keeps its current value ({@code promptVariants}: an empty list drops the variants). */
public record ChangeBenchmarkDetails(
        @TargetAggregateIdentifier BenchmarkId benchmarkId,
        Actor actor,
        Long expectedVersion,
        String title,
        String description,
        List<String> tags,
        String category,
        String promptTemplate,
        List<PromptVariant> promptVariants)
        implements BenchmarkCommand {

    /** Without a change of the prompt variants. */
    public ChangeBenchmarkDetails(
            BenchmarkId benchmarkId,
            Actor actor,
            Long expectedVersion,
            String title,
            String description,
            List<String> tags,
            String category,
            String promptTemplate) {
        this(benchmarkId, actor, expectedVersion, title, description, tags, category, promptTemplate, null);
    }
}
