package io.benchmarkhub.domain.benchmark.events;

import io.benchmarkhub.domain.benchmark.BenchmarkId;

/**
 * Everything that happens to a benchmark. Every event carries the benchmark {@code version} it
 * belongs to: a command that adds three cases appends three events of one version. Events that
 * change content (template, cases, graders) also carry that version's {@code contentHash}.
 */
public sealed interface BenchmarkEvent
        permits BenchmarkStarted,
                BenchmarkDetailsChanged,
                PromptTemplateChanged,
                PromptVariantsChanged,
                TestCaseAdded,
                TestCaseRevised,
                TestCaseRemoved,
                GradingChanged,
                DecisionCriteriaChanged,
                BenchmarkPublished,
                BenchmarkUnpublished,
                ContaminationSuspected,
                ContaminationCleared,
                ContaminationDismissed,
                VerificationRequested,
                BenchmarkVerified,
                BenchmarkVerificationRevoked {

    BenchmarkId benchmarkId();

    long version();
}
