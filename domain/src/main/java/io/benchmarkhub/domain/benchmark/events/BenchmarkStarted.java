package io.benchmarkhub.domain.benchmark.events;

import io.benchmarkhub.domain.benchmark.DecisionCriterion;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.Visibility;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.user.UserId;
import java.util.List;

/** The first event of a benchmark, whether created or forked: it carries all of the benchmark's content. */
public sealed interface BenchmarkStarted extends BenchmarkEvent permits BenchmarkCreated, BenchmarkForked {

    UserId ownerId();

    Visibility visibility();

    String title();

    String description();

    List<String> tags();

    String category();

    String promptTemplate();

    List<TestCase> cases();

    List<Grader> graders();

    List<DecisionCriterion> decisionCriteria();

    String contentHash();
}
