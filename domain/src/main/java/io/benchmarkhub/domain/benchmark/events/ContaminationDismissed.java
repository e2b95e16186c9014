package io.benchmarkhub.domain.benchmark.events;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.user.UserId;
import org.axonframework.serialization.Revision;

/**
 * An admin judged an open contamination flag unfounded and withdrew it. Final for the pair: the policy never raises
 * it again on this benchmark. Not an edit: {@code version} is the benchmark's version then.
 *
 * @param actorId the admin
 * @param reason  why, as the admin wrote it (shown with the flag)
 */
@Revision("1")
public record ContaminationDismissed(BenchmarkId benchmarkId, UserId actorId, long version, String model, String reason)
        implements BenchmarkEvent {}
