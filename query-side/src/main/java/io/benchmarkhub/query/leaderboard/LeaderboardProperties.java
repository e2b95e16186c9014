package io.benchmarkhub.query.leaderboard;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code benchmarkhub.leaderboards.*}: how public leaderboards pool runs (docs/leaderboards.md, ADR 0016).
 *
 * @param maxRunsPerUser the runs of one user that count in one entry (a model on one content of a benchmark): the
 *                       user's first ones, in order of completion; at least 1
 */
@ConfigurationProperties("benchmarkhub.leaderboards")
record LeaderboardProperties(@DefaultValue("3") int maxRunsPerUser) {

    public LeaderboardProperties {
        if (maxRunsPerUser < 1)
            throw new IllegalArgumentException("benchmarkhub.leaderboards.max-runs-per-user must be at least 1");
    }
}
