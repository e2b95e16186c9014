package io.benchmarkhub.domain.run.events;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.user.UserId;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * The run's requester tagged cases of the run as showing a known failure mode (issue 16, docs/runs.md).
 * <p>
 * It is an event of the Run, not of the Benchmark: the run holds everything the decision needs (the case ids of the
 * version it ran, its models, who may act on it), and the tagger is the run's requester, who on a public benchmark is
 * usually not the benchmark's owner; a tag is an observation about results, not an edit, so it must not bump the
 * benchmark's version or content hash. Failure modes are grouped by benchmark and name in the read model.
 *
 * @param name     as typed, whitespace collapsed; the same name case-insensitively is the same failure mode on the benchmark
 * @param note     optional; a later tag's note replaces an earlier one
 * @param caseIds  the cases named, in the order given, without repeats (never empty); the run records a tag only when one of
 *                 them is new to that name in this run or the note changed, so sending the same tag again records nothing
 * @param model    the model of the run it was seen on, or null when the tagger did not say
 */
@Revision("1")
public record FailureModeTagged(
        RunId runId,
        BenchmarkId benchmarkId,
        String name,
        String note,
        List<String> caseIds,
        String model,
        UserId taggedBy)
        implements RunEvent {}
