package io.benchmarkhub.domain.suggestion.events;

import io.benchmarkhub.domain.suggestion.Suggestion;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * What one model call gave, recorded whole or not at all: the proposals that passed every check, and how many were
 * skipped. An answer that could not be read at all (not JSON, wrong shape, cut off) has no suggestions and counts as
 * {@code malformed} = 1 with its {@code problem}.
 *
 * @param malformed  proposals (or whole answers) skipped because they could not be read or graded
 * @param duplicates proposals skipped as duplicates or near-duplicates of a case or of another proposal
 * @param costMicros what the call cost the provider, in µ$ (0 for simulated models)
 * @param problem    why the answer or some of its proposals were skipped (the first reason), or null
 */
@Revision("1")
public record SuggestionBatchRecorded(
        String jobId,
        int batch,
        List<Suggestion> suggestions,
        int malformed,
        int duplicates,
        long costMicros,
        String problem)
        implements SuggestionEvent {

    public SuggestionBatchRecorded {
        suggestions = suggestions == null ? List.of() : List.copyOf(suggestions);
    }
}
