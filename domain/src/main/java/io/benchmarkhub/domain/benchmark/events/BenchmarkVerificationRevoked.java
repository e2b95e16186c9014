package io.benchmarkhub.domain.benchmark.events;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.user.UserId;
import org.axonframework.serialization.Revision;

/**
 * An admin took the verified badge away (e.g. the dataset's licence or source changed). The owner may request
 * verification again. Not an edit: {@code version} is the benchmark's version then.
 *
 * @param actorId the admin
 * @param reason  why, as the admin wrote it (shown on the benchmark)
 */
@Revision("1")
public record BenchmarkVerificationRevoked(BenchmarkId benchmarkId, UserId actorId, long version, String reason)
        implements BenchmarkEvent {}
