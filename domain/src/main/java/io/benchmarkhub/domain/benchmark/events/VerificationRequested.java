package io.benchmarkhub.domain.benchmark.events;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.user.UserId;
import org.axonframework.serialization.Revision;

/**
 * The owner of a public benchmark declared its dataset open and asked for the verified badge. Not an edit:
 * {@code version} is the benchmark's version when it was asked, and it does not change.
 *
 * @param licence   an SPDX licence id, e.g. {@code CC-BY-4.0}
 * @param sourceUrl where the dataset is published (absolute http or https)
 */
@Revision("1")
public record VerificationRequested(
        BenchmarkId benchmarkId, UserId actorId, long version, String licence, String sourceUrl)
        implements BenchmarkEvent {}
