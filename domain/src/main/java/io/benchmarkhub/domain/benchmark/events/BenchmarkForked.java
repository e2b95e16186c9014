package io.benchmarkhub.domain.benchmark.events;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.DecisionCriterion;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.Visibility;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.user.UserId;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * The first event of a fork: the full copied content, and where it came from. Revision 2: every case has its
 * {@code weight} (revision 1 is upcast with 1.0).
 */
@Revision("2")
public record BenchmarkForked(
        BenchmarkId benchmarkId,
        UserId ownerId,
        BenchmarkId sourceId,
        long sourceVersion,
        String title,
        String description,
        List<String> tags,
        String category,
        Visibility visibility,
        String promptTemplate,
        List<TestCase> cases,
        List<Grader> graders,
        List<DecisionCriterion> decisionCriteria,
        long version,
        String contentHash)
        implements BenchmarkStarted {}
