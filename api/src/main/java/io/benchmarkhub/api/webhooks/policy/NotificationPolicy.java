package io.benchmarkhub.api.webhooks.policy;

import io.benchmarkhub.api.webhooks.Notification;
import io.benchmarkhub.api.webhooks.NotificationType;
import io.benchmarkhub.api.webhooks.WebhookOutbox;
import io.benchmarkhub.domain.benchmark.events.BenchmarkStarted;
import io.benchmarkhub.domain.benchmark.events.ContaminationSuspected;
import io.benchmarkhub.domain.run.events.RunCancelled;
import io.benchmarkhub.domain.run.events.RunCompleted;
import io.benchmarkhub.domain.run.events.RunFailed;
import io.benchmarkhub.domain.run.events.RunRequested;
import io.benchmarkhub.domain.run.events.RunTimedOut;
import io.benchmarkhub.domain.schedule.events.ScheduleCreated;
import io.benchmarkhub.domain.schedule.events.ScheduleFireSkipped;
import io.benchmarkhub.domain.watcher.events.WatcherCreated;
import io.benchmarkhub.domain.watcher.events.WatcherDeleted;
import io.benchmarkhub.domain.watcher.events.WatcherTriggered;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The policy that turns domain events into webhook notifications (docs/webhooks.md): a run's end into {@code run.completed}
 * or {@code run.failed} for its requester, a raised contamination flag into {@code contamination.flagged} for the
 * benchmark's owner, a fire skipped for the budget into {@code schedule.budget_reached} for the schedule's owner (once a
 * month), and the last outcome of a release report into {@code release_report.ready} for the watcher's owner. Who is told
 * comes from the first event of the run, benchmark, schedule or watcher, read from the event store: each of these
 * belongs to one user, and a notification goes to that user's webhooks only.
 *
 * <p>A release report is ready when each benchmark of the watcher has a {@link WatcherTriggered} for the model and each run
 * it started has ended. Those events are read from the event store, which holds every event committed before the one
 * being handled; so whichever of them commits last sees all the others, and tells. Two handlers telling at once write one
 * delivery (its id is derived from the watcher and model). Errors stop the processor's segment and it retries from the
 * same event: a notification is delayed by a database hiccup, never skipped.
 */
@Component
@ProcessingGroup(NotificationPolicy.NAME)
public class NotificationPolicy {

    public static final String NAME = "webhooks";

    private static final String RUN_EVENTS = "io.benchmarkhub.domain.run.events.";
    private static final Map<String, String> END_STATUS = Map.of(
            RUN_EVENTS + "RunCompleted", "COMPLETED",
            RUN_EVENTS + "RunFailed", "FAILED",
            RUN_EVENTS + "RunTimedOut", "TIMED_OUT",
            RUN_EVENTS + "RunCancelled", "CANCELLED");

    private final EventStore eventStore;
    private final WebhookOutbox outbox;
    private final JdbcTemplate jdbc;

    public NotificationPolicy(EventStore eventStore, WebhookOutbox outbox, JdbcTemplate jdbc) {
        this.eventStore = eventStore;
        this.outbox = outbox;
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(RunCompleted event, EventMessage<?> message) {
        runEnded(event.runId().value(), NotificationType.RUN_COMPLETED, "COMPLETED", Map.of(), message);
    }

    @EventHandler
    void on(RunFailed event, EventMessage<?> message) {
        runEnded(
                event.runId().value(),
                NotificationType.RUN_FAILED,
                "FAILED",
                event.reason() == null ? Map.of() : Map.of("reason", event.reason()),
                message);
    }

    @EventHandler
    void on(RunTimedOut event, EventMessage<?> message) {
        runEnded(
                event.runId().value(),
                NotificationType.RUN_FAILED,
                "TIMED_OUT",
                Map.of("timeoutSeconds", event.timeoutSeconds()),
                message);
    }

    @EventHandler
    void on(RunCancelled event, EventMessage<?> message) {
        runEnded(event.runId().value(), null, "CANCELLED", Map.of(), message);
    }

    private void runEnded(
            String runId, NotificationType type, String status, Map<String, Object> extra, EventMessage<?> message) {
        Instant at = message.getTimestamp();
        boolean toldRun = type != null && outbox.wanted(type, at);
        boolean toldReport = outbox.wanted(NotificationType.RELEASE_REPORT_READY, at);
        if (!toldRun && !toldReport) return;
        Optional<RunRequested> requested = first(runId, RunRequested.class);
        if (requested.isEmpty()) return;
        RunRequested run = requested.get();
        if (toldRun) {
            var data = new LinkedHashMap<String, Object>();
            data.put("runId", runId);
            data.put("benchmarkId", run.benchmarkId().value());
            data.put("benchmarkVersion", run.benchmarkVersion());
            data.put("models", run.models());
            data.put("trigger", run.trigger());
            data.put("status", status);
            data.putAll(extra);
            String summary =
                    "Run " + runId + " of benchmark " + run.benchmarkId().value() + " "
                            + switch (status) {
                                case "COMPLETED" -> "completed";
                                case "TIMED_OUT" -> "timed out";
                                default -> "failed";
                            }
                            + " (models: " + String.join(", ", run.models()) + ").";
            outbox.enqueue(new Notification(
                    eventId(message),
                    type,
                    run.requestedBy().value(),
                    Set.of(run.benchmarkId().value()),
                    at,
                    data,
                    summary));
        }
        if (toldReport
                && run.trigger() != null
                && run.trigger().startsWith("watcher:")
                && !run.models().isEmpty()) {
            releaseReport(
                    run.trigger().substring("watcher:".length()), run.models().getFirst(), at);
        }
    }

    @EventHandler
    void on(WatcherTriggered event, EventMessage<?> message) {
        if (outbox.wanted(NotificationType.RELEASE_REPORT_READY, message.getTimestamp())) {
            releaseReport(event.watcherId(), event.modelId(), message.getTimestamp());
        }
    }

    /** Tells the watcher's owner that the report on {@code model} is ready, if every benchmark has its outcome now. */
    private void releaseReport(String watcherId, String model, Instant at) {
        WatcherCreated watcher = null;
        Map<String, WatcherTriggered> triggered = new HashMap<>();
        DomainEventStream events = eventStore.readEvents(watcherId);
        while (events.hasNext()) {
            switch (events.next().getPayload()) {
                case WatcherCreated created -> watcher = created;
                case WatcherTriggered t when t.modelId().equals(model) -> triggered.put(t.benchmarkId(), t);
                case WatcherDeleted deleted -> {
                    return;
                }
                default -> {}
            }
        }
        if (watcher == null) return;
        var benchmarks = new ArrayList<Map<String, Object>>();
        for (String benchmark : watcher.benchmarkIds()) {
            WatcherTriggered t = triggered.get(benchmark);
            if (t == null) return;
            var entry = new LinkedHashMap<String, Object>();
            entry.put("benchmarkId", benchmark);
            entry.put("runId", t.runId());
            if (t.runId() == null) {
                entry.put("status", "NOT_RUN");
                entry.put("reason", t.reason());
            } else {
                Optional<String> ended = endStatus(t.runId());
                if (ended.isEmpty()) return;
                entry.put("status", ended.get());
            }
            benchmarks.add(entry);
        }
        var data = new LinkedHashMap<String, Object>();
        data.put("watcherId", watcherId);
        data.put("modelId", model);
        data.put("productionModel", watcher.productionModel());
        data.put("benchmarks", benchmarks);
        data.put("reports", "/api/watchers/" + watcherId + "/reports");
        String summary =
                "Release report ready: " + model + " against " + watcher.productionModel() + " on " + benchmarks.size()
                        + (benchmarks.size() == 1 ? " benchmark" : " benchmarks") + " (watcher " + watcherId + ").";
        outbox.enqueue(new Notification(
                derivedId("release_report.ready:" + watcherId + ":" + model),
                NotificationType.RELEASE_REPORT_READY,
                watcher.ownerId(),
                new LinkedHashSet<>(watcher.benchmarkIds()),
                at,
                data,
                summary));
    }

    private Optional<String> endStatus(String runId) {
        return jdbc
                .queryForList(
                        "SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type = ANY (?)",
                        String.class,
                        runId,
                        END_STATUS.keySet().toArray(String[]::new))
                .stream()
                .map(END_STATUS::get)
                .findFirst();
    }

    @EventHandler
    void on(ContaminationSuspected event, EventMessage<?> message) {
        Instant at = message.getTimestamp();
        if (!outbox.wanted(NotificationType.CONTAMINATION_FLAGGED, at)) return;
        String benchmarkId = event.benchmarkId().value();
        Optional<BenchmarkStarted> started = first(benchmarkId, BenchmarkStarted.class);
        if (started.isEmpty()) return;
        var data = new LinkedHashMap<String, Object>();
        data.put("benchmarkId", benchmarkId);
        data.put("benchmarkVersion", event.version());
        data.put("model", event.model());
        data.put("observed", event.observed());
        data.put("expected", event.expected());
        data.put("zScore", event.zScore());
        String summary = "Contamination suspected: " + event.model()
                + " scores %.3f on benchmark %s where %.3f is expected (z = %.1f)."
                        .formatted(event.observed(), benchmarkId, event.expected(), event.zScore());
        outbox.enqueue(new Notification(
                eventId(message),
                NotificationType.CONTAMINATION_FLAGGED,
                started.get().ownerId().value(),
                Set.of(benchmarkId),
                at,
                data,
                summary));
    }

    @EventHandler
    void on(ScheduleFireSkipped event, EventMessage<?> message) {
        Instant at = message.getTimestamp();
        if (!"BUDGET_REACHED".equals(event.reason()) || !outbox.wanted(NotificationType.SCHEDULE_BUDGET_REACHED, at))
            return;
        Optional<ScheduleCreated> created = first(event.scheduleId(), ScheduleCreated.class);
        if (created.isEmpty()) return;
        ScheduleCreated schedule = created.get();
        ZoneId zone;
        try {
            zone = ZoneId.of(schedule.timeZone());
        } catch (RuntimeException e) {
            zone = ZoneId.of("UTC");
        }
        // the cap is per calendar month in the schedule's time zone: one notification per month, however many fires it
        // skips
        YearMonth month = YearMonth.from(event.fireTime().atZone(zone));
        var data = new LinkedHashMap<String, Object>();
        data.put("scheduleId", schedule.scheduleId());
        data.put("benchmarkId", schedule.benchmarkId());
        data.put("month", month.toString());
        data.put("monthlyCreditCap", schedule.monthlyCreditCap());
        data.put("fireTime", event.fireTime().toString());
        String summary = "Schedule " + schedule.scheduleId() + " of benchmark " + schedule.benchmarkId()
                + " used up its monthly credit cap (" + schedule.monthlyCreditCap() + " credits) for " + month
                + "; its fires are skipped until next month.";
        outbox.enqueue(new Notification(
                derivedId("schedule.budget_reached:" + schedule.scheduleId() + ":" + month),
                NotificationType.SCHEDULE_BUDGET_REACHED,
                schedule.ownerId(),
                Set.of(schedule.benchmarkId()),
                at,
                data,
                summary));
    }

    /** The first event of an aggregate, when it is a {@code type}. */
    private <T> Optional<T> first(String aggregateId, Class<T> type) {
        DomainEventStream events = eventStore.readEvents(aggregateId, 0);
        if (!events.hasNext()) return Optional.empty();
        Object payload = events.next().getPayload();
        return type.isInstance(payload) ? Optional.of(type.cast(payload)) : Optional.empty();
    }

    /** A domain event's notification id: its own identifier, so a redelivery is recognised. */
    private static String eventId(EventMessage<?> message) {
        return "evt_" + message.getIdentifier();
    }

    /** The id of a notification several events may each complete: the same for all of them. */
    private static String derivedId(String key) {
        return "evt_" + UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
    }
}
