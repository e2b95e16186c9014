package io.benchmarkhub.domain.benchmark.events;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.user.UserId;
import org.axonframework.serialization.Revision;

@Revision("1")
public record TestCaseRemoved(BenchmarkId benchmarkId, UserId actorId, long version, String caseId, String contentHash)
        implements BenchmarkEvent {}
