package io.benchmarkhub.domain.benchmark.events;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.PromptVariant;
import io.benchmarkhub.domain.user.UserId;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * The benchmark's named prompt templates were set: all of them, in order (at least two), or none (back to the one
 * {@code promptTemplate}). When there are some, the first is the default and the benchmark's {@code promptTemplate}
 * becomes its template, so a reader that knows only one template still reads the default. A benchmark created or forked
 * with variants appends this event in its version 1, after its first event.
 */
@Revision("1")
public record PromptVariantsChanged(
        BenchmarkId benchmarkId, UserId actorId, long version, List<PromptVariant> variants, String contentHash)
        implements BenchmarkEvent {

    /** The benchmark's {@code promptTemplate} after this event, given the one before. */
    public String promptTemplateAfter(String before) {
        return variants == null || variants.isEmpty()
                ? before
                : variants.getFirst().template();
    }
}
