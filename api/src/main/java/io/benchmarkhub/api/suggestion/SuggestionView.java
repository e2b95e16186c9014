package io.benchmarkhub.api.suggestion;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.credits.CreditPricing;
import io.benchmarkhub.domain.suggestion.Suggestion;
import io.benchmarkhub.domain.suggestion.events.SuggestionAccepted;
import io.benchmarkhub.domain.suggestion.events.SuggestionBatchRecorded;
import io.benchmarkhub.domain.suggestion.events.SuggestionJobEnded;
import io.benchmarkhub.domain.suggestion.events.SuggestionJobRequested;
import io.benchmarkhub.domain.suggestion.events.SuggestionPersonasDrafted;
import io.benchmarkhub.domain.suggestion.events.SuggestionRejected;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

/** A suggestion job as its events tell it: read from the event store itself, so it is current as soon as it is written. */
final class SuggestionView {

    record Item(
            Suggestion suggestion,
            String status,
            String caseId,
            Long benchmarkVersion,
            boolean edited,
            Instant proposedAt) {}

    record Job(
            String jobId,
            BenchmarkId benchmarkId,
            long benchmarkVersion,
            SuggestionJobRequested request,
            String status,
            String failure,
            int callsMade,
            int malformed,
            int duplicates,
            long costMicros,
            List<Item> items,
            List<String> problems,
            Instant requestedAt,
            Instant endedAt,
            List<String> draftedPersonas) {

        /** The personas the cases are drafted for: those given, or those the job drafted (none until it has). */
        List<String> personas() {
            return request.personas().isEmpty() ? draftedPersonas : request.personas();
        }

        long count(String status) {
            return items.stream().filter(i -> i.status().equals(status)).count();
        }

        /** Credits this job is charged: its cost converted once, never more than it reserved; null when not billed in credits. */
        Long costCredits() {
            CreditPricing pricing = request.pricing();
            if (pricing == null || request.reservedCredits() == null) return null;
            return Math.min(pricing.creditsFor(costMicros), request.reservedCredits());
        }
    }

    private SuggestionView() {}

    /** The job's events with their timestamps, oldest first; empty when there is no such job. */
    static List<Timed> events(EventStore store, String jobId) {
        var events = new ArrayList<Timed>();
        DomainEventStream stream = store.readEvents(jobId);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            events.add(new Timed(message.getPayload(), message.getTimestamp()));
        }
        return events;
    }

    record Timed(Object payload, Instant at) {}

    static Job read(List<Timed> events) {
        SuggestionJobRequested request =
                (SuggestionJobRequested) events.getFirst().payload();
        Instant requestedAt = events.getFirst().at();
        String status = "RUNNING";
        String failure = null;
        Instant endedAt = null;
        int calls = 0;
        int malformed = 0;
        int duplicates = 0;
        long cost = 0;
        var problems = new ArrayList<String>();
        List<String> drafted = List.of();
        Map<String, Item> items = new LinkedHashMap<>();
        for (int i = 1; i < events.size(); i++) {
            Timed timed = events.get(i);
            switch (timed.payload()) {
                case SuggestionPersonasDrafted p -> {
                    calls++;
                    cost += p.costMicros();
                    drafted = p.personas();
                    if (p.problem() != null) problems.add("personas: " + p.problem());
                }
                case SuggestionBatchRecorded b -> {
                    calls++;
                    malformed += b.malformed();
                    duplicates += b.duplicates();
                    cost += b.costMicros();
                    if (b.problem() != null) problems.add("call " + (calls) + ": " + b.problem());
                    for (Suggestion s : b.suggestions())
                        items.put(s.id(), new Item(s, "PENDING", null, null, false, timed.at()));
                }
                case SuggestionJobEnded e -> {
                    status = e.failure() == null ? "COMPLETED" : "FAILED";
                    failure = e.failure();
                    endedAt = timed.at();
                }
                case SuggestionAccepted a ->
                    items.computeIfPresent(
                            a.suggestionId(),
                            (id, item) -> new Item(
                                    item.suggestion(),
                                    "ACCEPTED",
                                    a.caseId(),
                                    a.benchmarkVersion(),
                                    a.edited(),
                                    item.proposedAt()));
                case SuggestionRejected r ->
                    items.computeIfPresent(
                            r.suggestionId(),
                            (id, item) ->
                                    new Item(item.suggestion(), "REJECTED", null, null, false, item.proposedAt()));
                default -> {}
            }
        }
        return new Job(
                request.jobId(),
                request.benchmarkId(),
                request.benchmarkVersion(),
                request,
                status,
                failure,
                calls,
                malformed,
                duplicates,
                cost,
                List.copyOf(items.values()),
                List.copyOf(problems),
                requestedAt,
                endedAt,
                drafted);
    }
}
