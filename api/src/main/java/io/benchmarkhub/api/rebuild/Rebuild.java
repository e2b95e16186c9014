package io.benchmarkhub.api.rebuild;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** One rebuild of one projection: its progress while it runs, its outcome and comparison once done. Thread-safe. */
public final class Rebuild {

    public enum Phase {
        COPYING,
        INDEXING,
        CATCHING_UP,
        SWAPPING,
        DONE
    }

    public enum Outcome {
        RUNNING,
        SWAPPED,
        FAILED
    }

    /** One table of the rebuilt read model against the live one at the swap. */
    public record TableComparison(
            String table, long liveRows, long rebuiltRows, String liveChecksum, String rebuiltChecksum) {
        public boolean identical() {
            return liveRows == rebuiltRows && liveChecksum.equals(rebuiltChecksum);
        }
    }

    /**
     * The rebuilt read model against the live one, both at the swap point. Differences are a defect of the live model
     * (the rebuild replaced it) unless the live model was behind ({@code livePosition < rebuiltPosition}).
     */
    // named apart from the run comparison (GET /api/runs/{id}/compare): springdoc keys schemas by simple name
    @io.swagger.v3.oas.annotations.media.Schema(name = "RebuildComparison")
    public record Comparison(
            boolean identical,
            long livePosition,
            long rebuiltPosition,
            List<String> differingTables,
            List<TableComparison> tables) {
        static Comparison of(
                long livePosition,
                long rebuiltPosition,
                List<ShadowTables.Checksum> live,
                List<ShadowTables.Checksum> rebuilt) {
            List<TableComparison> tables = new ArrayList<>();
            for (int i = 0; i < live.size(); i++) {
                ShadowTables.Checksum l = live.get(i);
                ShadowTables.Checksum r = rebuilt.get(i);
                tables.add(new TableComparison(l.table(), l.rows(), r.rows(), l.checksum(), r.checksum()));
            }
            List<String> differing = tables.stream()
                    .filter(t -> !t.identical())
                    .map(TableComparison::table)
                    .toList();
            return new Comparison(differing.isEmpty(), livePosition, rebuiltPosition, differing, tables);
        }
    }

    /** As {@code GET /api/admin/projections} shows it. */
    public record Status(
            Instant startedAt,
            Instant finishedAt,
            Outcome outcome,
            Phase phase,
            long headAtStart,
            long position,
            long events,
            Double eventsPerSecond,
            String error,
            Comparison comparison) {}

    final String projection;
    final Instant startedAt = Instant.now();
    final long headAtStart;
    /** In place (the Elasticsearch index, ADR 0006): the processor itself replays; no copy, no comparison. */
    final boolean inPlace;

    private final AtomicLong events = new AtomicLong();
    private volatile long position = -1;
    private volatile Phase phase = Phase.COPYING;
    private volatile Outcome outcome = Outcome.RUNNING;
    private volatile Instant finishedAt;
    private volatile String error;
    private volatile Comparison comparison;

    Rebuild(String projection, long headAtStart, boolean inPlace) {
        this.projection = projection;
        this.headAtStart = headAtStart;
        this.inPlace = inPlace;
    }

    boolean running() {
        return outcome == Outcome.RUNNING;
    }

    void phase(Phase phase) {
        this.phase = phase;
    }

    /** {@code count} more events read from the store, the last of them at {@code position}. */
    void progressed(long count, long position) {
        events.addAndGet(count);
        this.position = position;
    }

    void swapped(Comparison comparison) {
        this.comparison = comparison;
        finish(Outcome.SWAPPED, null);
    }

    void failed(String error) {
        finish(Outcome.FAILED, error);
    }

    /** An in-place replay has caught up at {@code position}. */
    void caughtUp(long position) {
        progressed(position, position);
        finish(Outcome.SWAPPED, null);
    }

    private void finish(Outcome outcome, String error) {
        this.error = error;
        this.phase = Phase.DONE;
        this.finishedAt = Instant.now();
        this.outcome = outcome;
    }

    public Status status() {
        Instant end = finishedAt == null ? Instant.now() : finishedAt;
        double seconds = Math.max(1e-3, Duration.between(startedAt, end).toNanos() / 1e9);
        long read = events.get();
        Double rate = inPlace && running() ? null : read / seconds;
        return new Status(startedAt, finishedAt, outcome, phase, headAtStart, position, read, rate, error, comparison);
    }
}
