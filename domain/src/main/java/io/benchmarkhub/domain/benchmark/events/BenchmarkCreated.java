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
 * A new benchmark with all its content. Revision 2: every case has its {@code weight} (revision 1 is upcast with 1.0).
 * Revision 3: {@code workspaceId} names a workspace the creator was a member of (revision 2's is upcast to null).
 */
@Revision("3")
public record BenchmarkCreated(
        BenchmarkId benchmarkId,
        UserId ownerId,
        String workspaceId,
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
