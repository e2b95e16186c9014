package io.benchmarkhub.api.admin;

import io.benchmarkhub.api.rebuild.ProjectionRebuilds;
import io.benchmarkhub.api.rebuild.Rebuild;
import io.benchmarkhub.api.web.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' view of the projections: where each one is in the event stream, rebuilds from event 0 that leave the
 * live read model answering until they swap in (ADR 0012), and checksums of a read model's tables.
 */
@RestController
@RequestMapping("/api/admin/projections")
@Tag(name = "Admin: projections")
class ProjectionAdminController {

    /** REPLAYING: a rebuild is under way; the live read model answers meanwhile (complete, as of before the rebuild). */
    public enum State {
        LIVE,
        REPLAYING,
        STOPPED,
        ERROR
    }

    public record ProjectionStatus(
            String name,
            State state,
            long position,
            long head,
            long lag,
            int segments,
            boolean rebuildable,
            Rebuild.Status replay) {}

    private final EventProcessingConfiguration processing;
    private final ProjectionRebuilds rebuilds;

    public ProjectionAdminController(EventProcessingConfiguration processing, ProjectionRebuilds rebuilds) {
        this.processing = processing;
        this.rebuilds = rebuilds;
    }

    @GetMapping
    @Operation(summary = "Each event processor's position, lag and state, and its latest rebuild on this node (admin)")
    public List<ProjectionStatus> list() {
        long head = rebuilds.head();
        return processing.eventProcessors().keySet().stream()
                .sorted()
                .map(name -> status(name, head))
                .toList();
    }

    @PostMapping("/{name}/replay")
    @Operation(
            summary =
                    "Rebuild one projection from event 0 into shadow tables and swap it in (admin); 409 while one runs")
    @ApiResponse(
            responseCode = "202",
            description = "The rebuild started; the projection's status now",
            content =
                    @Content(mediaType = "application/json", schema = @Schema(implementation = ProjectionStatus.class)))
    @ProblemResponse(status = "409", description = "A rebuild of this projection is under way")
    public ResponseEntity<ProjectionStatus> replay(@PathVariable String name) {
        rebuilds.start(name);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(status(name, rebuilds.head()));
    }

    @GetMapping("/{name}/checksum")
    @Operation(
            summary =
                    "Row count and order-independent checksum of each table of a projection, with its position (admin)")
    public ProjectionRebuilds.ChecksumReport checksum(@PathVariable String name) {
        return rebuilds.checksum(name);
    }

    private ProjectionStatus status(String name, long head) {
        StreamingEventProcessor processor = rebuilds.processor(name);
        Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
        long position = segments.values().stream()
                .map(EventTrackerStatus::getCurrentPosition)
                .mapToLong(p -> p.orElse(0))
                .min()
                .orElse(0);
        Rebuild.Status replay = rebuilds.latest(name).map(Rebuild::status).orElse(null);
        boolean rebuilding = replay != null && replay.outcome() == Rebuild.Outcome.RUNNING;
        boolean error = segments.values().stream().anyMatch(EventTrackerStatus::isErrorState);
        State state = rebuilding
                ? State.REPLAYING
                : error
                        ? State.ERROR
                        : !processor.isRunning()
                                ? State.STOPPED
                                // Axon ends a replay only at the first event after the reset: one that has reached the
                                // head is live
                                : processor.isReplaying() && position < head ? State.REPLAYING : State.LIVE;
        return new ProjectionStatus(
                name,
                state,
                position,
                head,
                Math.max(0, head - position),
                segments.size(),
                rebuilds.names().contains(name),
                replay);
    }
}
