package io.benchmarkhub.query.leaderboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchmarkhub.domain.leaderboard.BenchmarkScore;
import io.benchmarkhub.domain.leaderboard.ModelStrengths;
import io.benchmarkhub.domain.leaderboard.ParetoFrontier;
import io.benchmarkhub.domain.leaderboard.RankRanges;
import io.benchmarkhub.query.InvalidQuery;
import io.benchmarkhub.query.Viewer;
import io.benchmarkhub.query.leaderboard.LeaderboardViews.BenchmarkLeaderboard;
import io.benchmarkhub.query.leaderboard.LeaderboardViews.ContaminationFlag;
import io.benchmarkhub.query.leaderboard.LeaderboardViews.Entry;
import io.benchmarkhub.query.leaderboard.LeaderboardViews.ModelEntry;
import io.benchmarkhub.query.leaderboard.LeaderboardViews.ModelLeaderboard;
import io.benchmarkhub.query.leaderboard.LeaderboardViews.Rank;
import io.benchmarkhub.query.support.PerPositionCache;
import io.benchmarkhub.query.support.ProjectionPositions;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

import static io.benchmarkhub.query.JsonColumns.instant;
import static io.benchmarkhub.query.Viewer.visibleTo;

/**
 * Reads the leaderboards read model. A benchmark's leaderboard is visible exactly when the benchmark is (public, or
 * the viewer's own); otherwise it does not exist. It aggregates every completed run on the benchmark, whoever
 * requested it: the runs themselves stay private to their requesters, their scores on a benchmark are published
 * with it (ADR 0010). The global ranking and the contamination detector use public benchmarks only.
 */
@Repository
public class LeaderboardQueries {

    /** What the global ranking reads: scores (the leaderboards projection) and visibility, content hash, tags and category (benchmark-detail). */
    private static final List<String> RANKING_INPUTS = List.of("leaderboards", "benchmark-detail");

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper mapper;
    private final ContaminationQueries contamination;
    private final ProjectionPositions positions;
    /** The global ranking per (tag, category): 200 bootstrap refits, recomputed only when its projections have moved. */
    private final PerPositionCache<List<String>, ModelLeaderboard> rankings = new PerPositionCache<>(64);

    public LeaderboardQueries(NamedParameterJdbcTemplate jdbc, ObjectMapper mapper, ContaminationQueries contamination,
                              ProjectionPositions positions) {
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.contamination = contamination;
        this.positions = positions;
    }

    private record Board(long currentVersion, String currentHash) {
    }

    private record Result(String runId, String model, boolean simulated, long version, int cases, double score, Double low,
                          Double high, Double passRate, long costPerCase, Double latencyP95, Instant completedAt) {
    }

    /** The leaderboard of the benchmark on the content of {@code version} (the current one when null). */
    public Optional<BenchmarkLeaderboard> benchmark(String benchmarkId, Long version, boolean includeSimulated, Viewer viewer) {
        var params = new MapSqlParameterSource("id", benchmarkId).addValue("viewer", viewer.ownerParam());
        Optional<Board> found = jdbc.query("SELECT b.version, b.content_hash FROM benchmark b WHERE b.id = :id AND " + visibleTo("b"),
                params, (rs, n) -> new Board(rs.getLong(1), rs.getString(2))).stream().findFirst();
        if (found.isEmpty()) return Optional.empty();
        Board board = found.get();
        long wanted = version == null ? board.currentVersion() : version;
        String hash = version == null ? board.currentHash() : hashOf(benchmarkId, version, board.currentVersion());
        return Optional.of(board(benchmarkId, wanted, hash, board.currentHash(), includeSimulated, null, null));
    }

    /**
     * The leaderboard as it was at {@code asOf}: only runs completed by then (their event times), on the content of
     * {@code version}, or of {@code versionThen} when null. The caller has rebuilt the benchmark as of then
     * ({@code versionThen}, {@code hashThen}) and its contamination flags as they stood then ({@code flagsThen}) from
     * its events, and decided that the viewer may see it now.
     */
    public BenchmarkLeaderboard benchmarkAsOf(String benchmarkId, Long version, long versionThen, String hashThen,
                                              List<ContaminationFlag> flagsThen, boolean includeSimulated, Instant asOf) {
        long wanted = version == null ? versionThen : version;
        String hash = version == null ? hashThen : hashOf(benchmarkId, version, versionThen);
        return board(benchmarkId, wanted, hash, hashThen, includeSimulated, asOf, flagsThen);
    }

    /** The content hash of {@code version}, which must be one of versions 1..{@code latest}. */
    private String hashOf(String benchmarkId, long version, long latest) {
        if (version > latest) throw new InvalidQuery("version", "the benchmark has no version " + version);
        return jdbc.query("SELECT content_hash FROM benchmark_version WHERE benchmark_id = :id AND version = :version",
                        new MapSqlParameterSource("id", benchmarkId).addValue("version", version), (rs, n) -> rs.getString(1))
                .stream().findFirst().orElseThrow(() -> new InvalidQuery("version", "the benchmark has no version " + version));
    }

    /** {@code asOf} null: every result and flag so far; else the results whose event time is at or before it, and {@code flagsThen}. */
    private BenchmarkLeaderboard board(String benchmarkId, long wanted, String hash, String currentHash, boolean includeSimulated,
                                       Instant asOf, List<ContaminationFlag> flagsThen) {
        var params = new MapSqlParameterSource("id", benchmarkId).addValue("hash", hash)
                .addValue("asOf", asOf == null ? null : OffsetDateTime.ofInstant(asOf, ZoneOffset.UTC));
        String completedBy = asOf == null ? "" : "AND completed_at <= :asOf";
        List<Result> results = jdbc.query("""
                SELECT run_id, model, simulated, benchmark_version, case_count, score, score_low, score_high, pass_rate,
                       cost_per_case_micros, latency_p95_ms, completed_at
                  FROM leaderboard_result
                 WHERE benchmark_id = :id AND content_hash = :hash AND score IS NOT NULL %s %s
                 ORDER BY model, completed_at DESC, run_id DESC""".formatted(includeSimulated ? "" : "AND NOT simulated", completedBy),
                params, (rs, n) -> new Result(rs.getString("run_id"), rs.getString("model"), rs.getBoolean("simulated"),
                        rs.getLong("benchmark_version"), rs.getInt("case_count"), rs.getDouble("score"), nullableDouble(rs, "score_low"),
                        nullableDouble(rs, "score_high"), nullableDouble(rs, "pass_rate"), rs.getLong("cost_per_case_micros"),
                        nullableDouble(rs, "latency_p95_ms"), instant(rs, "completed_at")));
        var latest = new LinkedHashMap<String, Result>();
        var runCounts = new LinkedHashMap<String, Integer>();
        for (Result r : results) {
            latest.putIfAbsent(r.model(), r);
            runCounts.merge(r.model(), 1, Integer::sum);
        }
        List<Result> ranked = latest.values().stream()
                .sorted(Comparator.comparingDouble(Result::score).reversed().thenComparing(Result::model)).toList();

        List<ContaminationFlag> flags = flagsThen != null ? flagsThen : contamination.onBenchmark(benchmarkId);
        var suspects = new HashSet<String>();
        flags.stream().filter(ContaminationFlag::open).forEach(f -> suspects.add(f.model()));

        var intervals = ranked.stream().map(r -> new double[] {r.low() == null ? r.score() : r.low(),
                r.high() == null ? r.score() : r.high()}).toList();
        List<RankRanges.RankRange> ranks = RankRanges.of(intervals);
        boolean[] frontier = ParetoFrontier.of(ranked.stream().mapToDouble(Result::score).toArray(),
                ranked.stream().mapToDouble(Result::costPerCase).toArray());
        var entries = new ArrayList<Entry>(ranked.size());
        var frontierModels = new ArrayList<Result>();
        for (int i = 0; i < ranked.size(); i++) {
            Result r = ranked.get(i);
            if (frontier[i]) frontierModels.add(r);
            entries.add(new Entry(r.model(), r.simulated(), r.score(), List.of(intervals.get(i)[0], intervals.get(i)[1]),
                    new Rank(ranks.get(i).best(), ranks.get(i).worst()), r.passRate(), r.costPerCase(), r.latencyP95(), r.cases(),
                    runCounts.get(r.model()), r.runId(), r.version(), r.completedAt(), frontier[i], suspects.contains(r.model())));
        }
        frontierModels.sort(Comparator.comparingLong(Result::costPerCase).thenComparing(Comparator.comparingDouble(Result::score).reversed()));
        return new BenchmarkLeaderboard(benchmarkId, wanted, hash, hash.equals(currentHash), includeSimulated, entries,
                frontierModels.stream().map(Result::model).toList(), flags, asOf);
    }

    /**
     * Each real (not simulated) model's score on each public benchmark: its latest completed run on the benchmark's
     * current content. Optionally only benchmarks with a tag, or in a category. The input of the global ranking and
     * of the contamination detector.
     */
    public List<BenchmarkScore> publicScores(String tag, String category) {
        var params = new MapSqlParameterSource();
        var filter = new StringBuilder();
        if (tag != null) {
            filter.append(" AND b.tags @> CAST(:tag AS jsonb)");
            params.addValue("tag", json(List.of(tag)));
        }
        if (category != null) {
            filter.append(" AND b.category = :category");
            params.addValue("category", category);
        }
        return jdbc.query("""
                SELECT DISTINCT ON (r.benchmark_id, r.model) r.benchmark_id, r.model, r.score, r.case_count
                  FROM leaderboard_result r JOIN benchmark b ON b.id = r.benchmark_id AND b.content_hash = r.content_hash
                 WHERE b.visibility = 'PUBLIC' AND NOT r.simulated AND r.score IS NOT NULL %s
                 ORDER BY r.benchmark_id, r.model, r.completed_at DESC, r.run_id DESC""".formatted(filter), params,
                (rs, n) -> new BenchmarkScore(rs.getString(1), rs.getString(2), rs.getDouble(3), rs.getInt(4)));
    }

    /**
     * The global ranking over public benchmarks (see {@link ModelStrengths}). Computed once per position of the
     * projections it reads and then answered from memory until they move (ADR 0015).
     */
    public ModelLeaderboard models(String tag, String category) {
        String position = positions.of(RANKING_INPUTS);
        return rankings.get(Arrays.asList(tag, category), position, () -> rank(tag, category));
    }

    private ModelLeaderboard rank(String tag, String category) {
        List<BenchmarkScore> scores = publicScores(tag, category);
        var strengths = new ArrayList<>(ModelStrengths.of(scores, ModelStrengths.DEFAULT_RESAMPLES, ModelStrengths.DEFAULT_SEED));
        strengths.sort(Comparator.comparingDouble(ModelStrengths.Strength::strength).reversed().thenComparing(ModelStrengths.Strength::model));
        var ranks = RankRanges.of(strengths.stream().map(s -> new double[] {s.lower(), s.upper()}).toList());
        var entries = new ArrayList<ModelEntry>(strengths.size());
        for (int i = 0; i < strengths.size(); i++) {
            var s = strengths.get(i);
            entries.add(new ModelEntry(s.model(), s.strength(), List.of(s.lower(), s.upper()),
                    new Rank(ranks.get(i).best(), ranks.get(i).worst()), s.benchmarks()));
        }
        int benchmarks = (int) scores.stream().map(BenchmarkScore::benchmarkId).distinct().count();
        return new ModelLeaderboard(tag, category, benchmarks, ModelStrengths.DEFAULT_RESAMPLES, entries);
    }

    private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
