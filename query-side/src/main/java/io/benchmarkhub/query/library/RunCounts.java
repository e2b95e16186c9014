package io.benchmarkhub.query.library;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * How many runs of each benchmark anyone may know of: its completed runs in the canonical configuration, as the
 * leaderboards projection keeps them ({@code leaderboard_result}, ADR 0016). Other runs are their owner's alone and are
 * counted nowhere. The library's Elasticsearch hits take their run count from here, one query per page.
 */
public class RunCounts {

    private final NamedParameterJdbcTemplate jdbc;

    public RunCounts(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Map<String, Long> of(Collection<String> benchmarkIds) {
        var counts = new HashMap<String, Long>();
        if (benchmarkIds.isEmpty()) return counts;
        jdbc.query("""
                SELECT benchmark_id, count(DISTINCT run_id) AS runs FROM leaderboard_result
                 WHERE benchmark_id IN (:ids) GROUP BY benchmark_id""", new MapSqlParameterSource("ids", benchmarkIds), rs -> {
            counts.put(rs.getString("benchmark_id"), rs.getLong("runs"));
        });
        return counts;
    }
}
