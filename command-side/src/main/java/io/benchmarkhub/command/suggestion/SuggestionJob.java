package io.benchmarkhub.command.suggestion;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.benchmarkhub.domain.suggestion.Suggestion;
import io.benchmarkhub.domain.suggestion.SuggestionException;
import io.benchmarkhub.domain.suggestion.commands.SuggestionCommands.AcceptSuggestion;
import io.benchmarkhub.domain.suggestion.commands.SuggestionCommands.EndSuggestionJob;
import io.benchmarkhub.domain.suggestion.commands.SuggestionCommands.RecordDraftedPersonas;
import io.benchmarkhub.domain.suggestion.commands.SuggestionCommands.RecordSuggestionBatch;
import io.benchmarkhub.domain.suggestion.commands.SuggestionCommands.RejectSuggestion;
import io.benchmarkhub.domain.suggestion.commands.SuggestionCommands.RequestSuggestions;
import io.benchmarkhub.domain.suggestion.events.SuggestionAccepted;
import io.benchmarkhub.domain.suggestion.events.SuggestionBatchRecorded;
import io.benchmarkhub.domain.suggestion.events.SuggestionJobEnded;
import io.benchmarkhub.domain.suggestion.events.SuggestionJobRequested;
import io.benchmarkhub.domain.suggestion.events.SuggestionPersonasDrafted;
import io.benchmarkhub.domain.suggestion.events.SuggestionRejected;
import io.benchmarkhub.domain.user.Actor;
import io.benchmarkhub.domain.user.UserId;
import java.util.HashSet;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A suggestion job: the drafts one model call after another proposed for one benchmark, and the decision on each. It
 * guards that a batch is recorded whole, that nothing is recorded after the job ended, and that each suggestion is
 * decided once (accepted or rejected), by the owner of the job. Not cached: an accept rolls back with the benchmark edit
 * it belongs to, and a fresh load keeps that honest.
 */
@Aggregate
public class SuggestionJob {

    @AggregateIdentifier
    private String id;

    private UserId requestedBy;
    private boolean ended;
    private int batches;
    private boolean personasDrafted;
    private final Set<String> pending = new HashSet<>();
    private final Set<String> decided = new HashSet<>();

    protected SuggestionJob() {
        // for Axon
    }

    @CommandHandler
    public SuggestionJob(RequestSuggestions cmd) {
        if (!cmd.jobId().equals(cmd.request().jobId()))
            throw new IllegalArgumentException("the command and its event name different jobs");
        apply(cmd.request());
    }

    /** Before any batch, once. */
    @CommandHandler
    public void handle(RecordDraftedPersonas cmd) {
        if (ended) throw new SuggestionException.StateConflict("suggestion job " + id + " has ended");
        if (personasDrafted) return; // recorded already
        if (batches > 0)
            throw new IllegalStateException("suggestion job " + id + " drafts its personas before its cases");
        apply(cmd.drafted());
    }

    @CommandHandler
    public void handle(RecordSuggestionBatch cmd) {
        if (ended) throw new SuggestionException.StateConflict("suggestion job " + id + " has ended");
        if (cmd.batch().batch() != batches) return; // recorded already
        apply(cmd.batch());
    }

    @CommandHandler
    public void handle(EndSuggestionJob cmd) {
        if (!ended) apply(new SuggestionJobEnded(id, cmd.failure()));
    }

    @CommandHandler
    public void handle(AcceptSuggestion cmd) {
        checkDecidable(cmd.suggestionId(), cmd.actor());
        apply(new SuggestionAccepted(
                id,
                cmd.suggestionId(),
                cmd.caseId(),
                cmd.benchmarkVersion(),
                cmd.edited(),
                cmd.actor().userId()));
    }

    @CommandHandler
    public void handle(RejectSuggestion cmd) {
        checkDecidable(cmd.suggestionId(), cmd.actor());
        apply(new SuggestionRejected(id, cmd.suggestionId(), cmd.actor().userId()));
    }

    private void checkDecidable(String suggestionId, Actor actor) {
        if (!actor.userId().equals(requestedBy)) throw new SuggestionException.NotFound("suggestion " + suggestionId);
        if (decided.contains(suggestionId))
            throw new SuggestionException.StateConflict("suggestion " + suggestionId + " was decided already");
        if (!pending.contains(suggestionId)) throw new SuggestionException.NotFound("suggestion " + suggestionId);
    }

    @EventSourcingHandler
    void on(SuggestionJobRequested e) {
        id = e.jobId();
        requestedBy = e.requestedBy();
    }

    @EventSourcingHandler
    void on(SuggestionPersonasDrafted e) {
        personasDrafted = true;
    }

    @EventSourcingHandler
    void on(SuggestionBatchRecorded e) {
        batches++;
        for (Suggestion s : e.suggestions()) pending.add(s.id());
    }

    @EventSourcingHandler
    void on(SuggestionJobEnded e) {
        ended = true;
    }

    @EventSourcingHandler
    void on(SuggestionAccepted e) {
        pending.remove(e.suggestionId());
        decided.add(e.suggestionId());
    }

    @EventSourcingHandler
    void on(SuggestionRejected e) {
        pending.remove(e.suggestionId());
        decided.add(e.suggestionId());
    }
}
