package io.benchmarkhub.domain.benchmark;

import java.util.List;

/**
 * One named prompt template of a benchmark that holds several. The first variant of a benchmark is its default, and its
 * template is the benchmark's {@code promptTemplate}; a run's candidates are then (model × variant), labelled
 * {@code model@name}.
 */
public record PromptVariant(String name, String template) {

    /** The template of {@code name} among {@code variants}, or null when there is no such variant. */
    public static PromptVariant named(List<PromptVariant> variants, String name) {
        if (variants == null) return null;
        return variants.stream().filter(v -> v.name().equals(name)).findFirst().orElse(null);
    }
}
