package io.benchmarkhub.domain.benchmark.events;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.user.UserId;
import org.axonframework.serialization.Revision;

/**
 * An admin approved the requested verification: the benchmark carries the verified badge from now on, also after
 * later content changes. Not an edit: {@code version} is the benchmark's version when it was approved.
 *
 * @param actorId   the approving admin
 * @param licence   the approved licence (as requested)
 * @param sourceUrl the approved source (as requested)
 */
@Revision("1")
public record BenchmarkVerified(BenchmarkId benchmarkId, UserId actorId, long version, String licence, String sourceUrl)
        implements BenchmarkEvent {}
