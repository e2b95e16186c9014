package io.benchmarkhub.api.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchmarkhub.api.auth.CurrentUser;
import io.benchmarkhub.api.auth.Role;
import io.benchmarkhub.api.benchmark.BenchmarkTimeTravel;
import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.domain.benchmark.BenchmarkException;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The audit API (docs/audit.md): the raw event stream, and a check of the hash chain over it. Admins and analysts
 * read every event; any other user reads the events of one benchmark they own, and nothing else.
 */
@RestController
@RequestMapping("/api/audit")
@Tag(name = "Audit")
class AuditController {

    static final int MAX_LIMIT = 1000;

    public record AuditEvent(
            long position,
            String aggregateId,
            String aggregateType,
            long sequence,
            String type,
            String revision,
            Instant timestamp,
            JsonNode payload,
            JsonNode metadata) {}

    /** {@code nextAfter} is the {@code after} of the next page: the last position on this one, or {@code after} when empty. */
    public record AuditPage(List<AuditEvent> items, long nextAfter) {}

    private final AuditEvents events;
    private final ChainVerifier verifier;
    private final BenchmarkTimeTravel benchmarks;
    private final ObjectMapper mapper;

    public AuditController(
            AuditEvents events, ChainVerifier verifier, BenchmarkTimeTravel benchmarks, ObjectMapper mapper) {
        this.events = events;
        this.verifier = verifier;
        this.benchmarks = benchmarks;
        this.mapper = mapper;
    }

    @GetMapping("/events")
    @Operation(
            summary =
                    "The raw event stream, filtered by aggregate, event type (simple name) and time, paged by global position")
    public AuditPage events(
            @RequestParam(required = false) String aggregateId,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(defaultValue = "0") long after,
            @RequestParam(defaultValue = "100") int limit,
            @AuthenticationPrincipal CurrentUser user) {
        if (limit < 1 || limit > MAX_LIMIT) throw new BadRequest("limit must be between 1 and " + MAX_LIMIT);
        if (after < 0) throw new BadRequest("after must not be negative");
        if (!readsEverything(user)) assertOwnsBenchmark(aggregateId, user);
        var rows = events.page(
                new AuditEvents.Filter(blankToNull(aggregateId), blankToNull(type), from, to, after, limit));
        var items = rows.stream()
                .map(row -> new AuditEvent(
                        row.position(),
                        row.aggregateId(),
                        row.aggregateType(),
                        row.sequence(),
                        row.simpleType(),
                        row.revision(),
                        row.timestamp(),
                        json(row.payload()),
                        json(row.metadata())))
                .toList();
        return new AuditPage(items, items.isEmpty() ? after : items.getLast().position());
    }

    @GetMapping("/verify")
    @Operation(
            summary =
                    "Recompute the hash chain over the stored events and name the first broken position (admins, analysts)")
    public ChainVerifier.ChainVerification verify(@AuthenticationPrincipal CurrentUser user) {
        if (!readsEverything(user))
            throw new ResponseStatusException(
                    HttpStatus.FORBIDDEN, "Verifying the event store needs the ADMIN or ANALYST role.");
        return verifier.verify();
    }

    private static boolean readsEverything(CurrentUser user) {
        return user.role() == Role.ADMIN || user.role() == Role.ANALYST;
    }

    /** The rule of every private benchmark: one the caller cannot see is a 404, one they see but do not own a 403. */
    private void assertOwnsBenchmark(String aggregateId, CurrentUser user) {
        if (aggregateId == null || aggregateId.isBlank()) {
            throw new ResponseStatusException(
                    HttpStatus.FORBIDDEN,
                    "Without the ADMIN or ANALYST role, pass the aggregateId of a benchmark you own.");
        }
        var benchmark = benchmarks
                .current(aggregateId)
                .filter(b -> BenchmarkTimeTravel.visibleTo(b, user))
                .orElseThrow(() -> new BenchmarkException.NotFound(new BenchmarkId(aggregateId)));
        if (!benchmark.ownerId().equals(user.id())) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Only the owner of a benchmark reads its events.");
        }
    }

    private JsonNode json(byte[] bytes) {
        if (bytes == null) return null;
        try {
            return mapper.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
