package io.benchmarkhub.domain.suggestion.events;

import io.benchmarkhub.domain.user.UserId;
import org.axonframework.serialization.Revision;

/** A person accepted a suggestion: it became case {@code caseId} of the benchmark at {@code benchmarkVersion}. */
@Revision("1")
public record SuggestionAccepted(
        String jobId, String suggestionId, String caseId, long benchmarkVersion, boolean edited, UserId acceptedBy)
        implements SuggestionEvent {}
