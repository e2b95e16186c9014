package io.benchmarkhub.command.limits;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code benchmarkhub.limits.*}: fair use per user (docs/limits.md). Every limit answers 429 with {@code Retry-After}.
 *
 * @param concurrentRuns       runs of one user not yet ended, at most (counted in PostgreSQL, so across all instances)
 * @param trialsPerDay         trials (cases × models × repeats) one user may request in any 24 hours (PostgreSQL, all instances)
 * @param concurrentRunsRetry  the Retry-After of a run refused for {@code concurrentRuns}
 * @param streamsPerUser       progress streams (SSE) one user may hold open at once on one instance
 * @param callsPerUser         provider calls in flight at once for one user's runs on the platform's keys, per instance
 * @param callsPerKey          provider calls in flight at once with one BYOK key, per instance
 */
@ConfigurationProperties("benchmarkhub.limits")
public record LimitsProperties(
        @DefaultValue("5") int concurrentRuns,
        @DefaultValue("500000") long trialsPerDay,
        @DefaultValue("30s") Duration concurrentRunsRetry,
        @DefaultValue("5") int streamsPerUser,
        @DefaultValue("32") int callsPerUser,
        @DefaultValue("32") int callsPerKey) {}
