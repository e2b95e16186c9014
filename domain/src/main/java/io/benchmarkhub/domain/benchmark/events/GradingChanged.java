package io.benchmarkhub.domain.benchmark.events;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.user.UserId;
import java.util.List;
import org.axonframework.serialization.Revision;

@Revision("1")
public record GradingChanged(
        BenchmarkId benchmarkId, UserId actorId, long version, List<Grader> graders, String contentHash)
        implements BenchmarkEvent {}
