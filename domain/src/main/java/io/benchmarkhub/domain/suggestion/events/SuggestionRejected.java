package io.benchmarkhub.domain.suggestion.events;

import io.benchmarkhub.domain.user.UserId;
import org.axonframework.serialization.Revision;

/** A person rejected a suggestion; it never enters the benchmark. */
@Revision("1")
public record SuggestionRejected(String jobId, String suggestionId, UserId rejectedBy) implements SuggestionEvent {}
