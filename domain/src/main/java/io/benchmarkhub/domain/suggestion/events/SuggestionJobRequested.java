package io.benchmarkhub.domain.suggestion.events;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.credits.CreditPricing;
import io.benchmarkhub.domain.run.Billing;
import io.benchmarkhub.domain.user.UserId;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * A benchmark's owner asked for {@code count} drafted cases of one benchmark version. No BYOK key is ever in it.
 *
 * @param calls           how many model calls the job will make at most (one per batch, and one to draft personas)
 * @param maxTokens       the completion cap of each call, as sent
 * @param reservedCredits what a CREDITS job holds (the bound of all its calls); null when it reserved nothing
 * @param pricing         the credit pricing a CREDITS job is charged at; null otherwise
 * @param draftPersonas   how many personas the job drafts with a first call before the cases (0: none; absent, so 0, in
 *                        jobs requested before personas were drafted)
 */
@Revision("1")
public record SuggestionJobRequested(
        String jobId,
        BenchmarkId benchmarkId,
        long benchmarkVersion,
        UserId requestedBy,
        int count,
        String instructions,
        List<String> personas,
        List<String> edgeCaseTypes,
        String model,
        Billing billing,
        int calls,
        int maxTokens,
        Long reservedCredits,
        CreditPricing pricing,
        int draftPersonas)
        implements SuggestionEvent {

    public SuggestionJobRequested {
        personas = personas == null ? List.of() : List.copyOf(personas);
        edgeCaseTypes = edgeCaseTypes == null ? List.of() : List.copyOf(edgeCaseTypes);
    }
}
