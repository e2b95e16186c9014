package io.benchmarkhub.domain.benchmark.events;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.user.UserId;
import org.axonframework.serialization.Revision;

/** A case replaced in place. Revision 2: {@code testCase.weight} is always set (revision 1 is upcast with 1.0). */
@Revision("2")
public record TestCaseRevised(
        BenchmarkId benchmarkId, UserId actorId, long version, TestCase testCase, String contentHash)
        implements BenchmarkEvent {}
