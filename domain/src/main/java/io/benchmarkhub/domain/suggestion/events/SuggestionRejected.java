package io.benchmarkhub.domain.suggestion.events;

import io.benchmarkhub.domain.user.UserId;

/** A person rejected a suggestion; it never enters the benchmark. */
public record SuggestionRejected(String jobId, String suggestionId, UserId rejectedBy) implements SuggestionEvent {
}
