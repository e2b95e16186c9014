package io.benchmarkhub.domain.benchmark.events;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.user.UserId;
import java.util.List;
import org.axonframework.serialization.Revision;

/** The new values of all details, so a projection never needs the previous state. */
@Revision("1")
public record BenchmarkDetailsChanged(
        BenchmarkId benchmarkId,
        UserId actorId,
        long version,
        String title,
        String description,
        List<String> tags,
        String category)
        implements BenchmarkEvent {}
