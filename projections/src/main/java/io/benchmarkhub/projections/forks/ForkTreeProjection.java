package io.benchmarkhub.projections.forks;

import static io.benchmarkhub.projections.support.Json.utc;

import io.benchmarkhub.domain.benchmark.events.BenchmarkForked;
import io.benchmarkhub.projections.support.BatchedJdbc;
import io.benchmarkhub.projections.support.ReadModel;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

/** The fork tree: one edge (fork → source at a version) per fork. Fork counts are counted from it. */
@Component
@ProcessingGroup(ForkTreeProjection.NAME)
@ReadModel({"benchmark_fork"})
public class ForkTreeProjection {

    public static final String NAME = "benchmark-forks";

    private final BatchedJdbc batch;

    public ForkTreeProjection(BatchedJdbc batch) {
        this.batch = batch;
    }

    @EventHandler
    void on(BenchmarkForked e, @Timestamp Instant at) {
        batch.update(
                """
                INSERT INTO benchmark_fork (fork_id, source_id, source_version, owner_id, forked_at)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT (fork_id) DO NOTHING""",
                e.benchmarkId().value(),
                e.sourceId().value(),
                e.sourceVersion(),
                e.ownerId().value(),
                utc(at));
    }
}
