package io.benchmarkhub.domain.benchmark.commands;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.user.Actor;

/**
 * A request to change a benchmark. {@code expectedVersion} is the client's {@code If-Match}:
 * when present and not the current version, the command is refused instead of overwriting.
 */
sealed interface BenchmarkCommand
        permits CreateBenchmark,
                ChangeBenchmarkDetails,
                AddTestCases,
                ReviseTestCase,
                RemoveTestCase,
                ReplaceGraders,
                ReplaceDecisionCriteria,
                PublishBenchmark,
                UnpublishBenchmark,
                ForkBenchmark,
                RequestVerification,
                ApproveVerification,
                RevokeVerification,
                DismissContamination {

    BenchmarkId benchmarkId();

    Actor actor();
}
