package io.benchmarkhub.api.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Operators' view of the projections: where each one is in the event stream, and a replay from
 * position 0. A replay stops the processor on this node, clears its read model (its reset
 * handler), rewinds its tokens and starts it again; reads show the partial read model meanwhile.
 * Other nodes must not hold segments of that processor at the time (resetting needs every claim).
 */
@RestController
@RequestMapping("/api/admin/projections")
@Tag(name = "Admin: projections")
public class ProjectionAdminController {

    public enum State { LIVE, REPLAYING, STOPPED, ERROR }

    public record ReplayProgress(Instant startedAt, long headAtStart, Double eventsPerSecond) {
    }

    public record ProjectionStatus(String name, State state, long position, long head, long lag, int segments,
                                   ReplayProgress replay) {
    }

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final Map<String, ReplayProgress> replays = new ConcurrentHashMap<>();

    public ProjectionAdminController(EventProcessingConfiguration processing, JdbcTemplate jdbc) {
        this.processing = processing;
        this.jdbc = jdbc;
    }

    @GetMapping
    @Operation(summary = "Each projection's position, lag and state (admin)")
    public List<ProjectionStatus> list() {
        long head = head();
        return processing.eventProcessors().keySet().stream().sorted()
                .map(name -> status(name, streaming(name), head)).toList();
    }

    @PostMapping("/{name}/replay")
    @Operation(summary = "Rebuild one projection from position 0 (admin)")
    public synchronized ResponseEntity<ProjectionStatus> replay(@PathVariable String name) {
        StreamingEventProcessor processor = streaming(name);
        long head = head();
        processor.shutDown();
        try {
            processor.resetTokens();
            replays.put(name, new ReplayProgress(Instant.now(), head, null));
        } finally {
            // a refused reset (e.g. another node still holds a segment) leaves the projection running as it was
            processor.start();
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(status(name, processor, head));
    }

    private ProjectionStatus status(String name, StreamingEventProcessor processor, long head) {
        Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
        long position = segments.values().stream()
                .map(EventTrackerStatus::getCurrentPosition)
                .mapToLong(p -> p.orElse(0))
                .min().orElse(0);
        boolean error = segments.values().stream().anyMatch(EventTrackerStatus::isErrorState);
        State state = error ? State.ERROR
                : !processor.isRunning() ? State.STOPPED
                : processor.isReplaying() ? State.REPLAYING
                : State.LIVE;
        ReplayProgress replay = replays.get(name);
        if (replay != null && replay.eventsPerSecond() == null) {
            double seconds = Math.max(1e-3, Duration.between(replay.startedAt(), Instant.now()).toNanos() / 1e9);
            replay = new ReplayProgress(replay.startedAt(), replay.headAtStart(), position / seconds);
            boolean finished = state == State.LIVE && !segments.isEmpty() && position >= replay.headAtStart();
            if (finished) replays.put(name, replay);
            else if (state == State.LIVE) state = State.REPLAYING; // restarted, segments not yet claimed
        }
        return new ProjectionStatus(name, state, position, head, Math.max(0, head - position), segments.size(), replay);
    }

    private StreamingEventProcessor streaming(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No projection named '" + name + "'; known: "
                        + processing.eventProcessors().keySet().stream().sorted().toList()));
    }

    private long head() {
        Long max = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        return max == null ? 0 : max;
    }

}
