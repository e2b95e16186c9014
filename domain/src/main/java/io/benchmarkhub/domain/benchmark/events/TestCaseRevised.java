package io.benchmarkhub.domain.benchmark.events;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.user.UserId;
import org.axonframework.serialization.Revision;

@Revision("2")
public record TestCaseRevised(
        BenchmarkId benchmarkId,
        UserId actorId,
        long version,
        TestCase testCase,
        String contentHash) implements BenchmarkEvent {
}
