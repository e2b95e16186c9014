package io.benchmarkhub.domain.suggestion.commands;

import io.benchmarkhub.domain.suggestion.events.SuggestionBatchRecorded;
import io.benchmarkhub.domain.suggestion.events.SuggestionJobRequested;
import io.benchmarkhub.domain.suggestion.events.SuggestionPersonasDrafted;
import io.benchmarkhub.domain.user.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The commands of a suggestion job. */
public final class SuggestionCommands {

    private SuggestionCommands() {}

    public record RequestSuggestions(
            @TargetAggregateIdentifier String jobId, SuggestionJobRequested request) {}

    public record RecordDraftedPersonas(
            @TargetAggregateIdentifier String jobId, SuggestionPersonasDrafted drafted) {}

    public record RecordSuggestionBatch(
            @TargetAggregateIdentifier String jobId, SuggestionBatchRecorded batch) {}

    public record EndSuggestionJob(
            @TargetAggregateIdentifier String jobId, String failure) {}

    /** Answers nothing; refused (409) when the suggestion was decided already. */
    public record AcceptSuggestion(
            @TargetAggregateIdentifier String jobId,
            String suggestionId,
            String caseId,
            long benchmarkVersion,
            boolean edited,
            Actor actor) {}

    public record RejectSuggestion(
            @TargetAggregateIdentifier String jobId, String suggestionId, Actor actor) {}
}
