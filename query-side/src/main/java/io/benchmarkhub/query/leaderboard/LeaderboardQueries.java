package io.benchmarkhub.query.leaderboard;

import static io.benchmarkhub.query.JsonColumns.instant;
import static io.benchmarkhub.query.Viewer.visibleTo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchmarkhub.domain.leaderboard.BenchmarkScore;
import io.benchmarkhub.domain.leaderboard.ModelStrengths;
import io.benchmarkhub.domain.leaderboard.ParetoFrontier;
import io.benchmarkhub.domain.leaderboard.PooledEntry;
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
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Reads the leaderboards read model. A benchmark's leaderboard is visible exactly when the benchmark is (public, or
 * the viewer's own); otherwise it does not exist. It pools the completed runs on the benchmark in its canonical
 * configuration, whoever requested them, at most {@code maxRunsPerUser} per user and model ({@link PooledEntry},
 * ADR 0016): the runs themselves stay private to their requesters, their pooled scores are published with the
 * benchmark (ADR 0010). The global ranking and the contamination detector use the same entries of public benchmarks.
 */
@Repository
public class LeaderboardQueries {

    /** What the global ranking reads: scores (the leaderboards projection) and visibility, content hash, tags and category (benchmark-detail). */
    private static final List<String> RANKING_INPUTS = List.of("leaderboards", "benchmark-detail");

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper mapper;
    private final ContaminationQueries contamination;
    private final ProjectionPositions positions;
    private final LeaderboardProperties properties;
    /** The global ranking per (tag, category): 200 bootstrap refits, recomputed only when its projections have moved. */
    private final PerPositionCache<List<String>, ModelLeaderboard> rankings = new PerPositionCache<>(64);

    public LeaderboardQueries(
            NamedParameterJdbcTemplate jdbc,
            ObjectMapper mapper,
            ContaminationQueries contamination,
            ProjectionPositions positions,
            LeaderboardProperties properties) {
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.contamination = contamination;
        this.positions = positions;
        this.properties = properties;
    }

    private record Board(long currentVersion, String currentHash) {}

    /** A model's pooled entry on one board. */
    private record Pooled(String model, boolean simulated, PooledEntry entry) {
        double score() {
            return entry.score().estimate();
        }
    }

    /** The leaderboard of the benchmark on the content of {@code version} (the current one when null). */
    public Optional<BenchmarkLeaderboard> benchmark(
            String benchmarkId, Long version, boolean includeSimulated, Viewer viewer) {
        var params = new MapSqlParameterSource("id", benchmarkId).addValue("viewer", viewer.ownerParam());
        Optional<Board> found = jdbc
                .query(
                        "SELECT b.version, b.content_hash FROM benchmark b WHERE b.id = :id AND " + visibleTo("b"),
                        params,
                        (rs, n) -> new Board(rs.getLong(1), rs.getString(2)))
                .stream()
                .findFirst();
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
    public BenchmarkLeaderboard benchmarkAsOf(
            String benchmarkId,
            Long version,
            long versionThen,
            String hashThen,
            List<ContaminationFlag> flagsThen,
            boolean includeSimulated,
            Instant asOf) {
        long wanted = version == null ? versionThen : version;
        String hash = version == null ? hashThen : hashOf(benchmarkId, version, versionThen);
        return board(benchmarkId, wanted, hash, hashThen, includeSimulated, asOf, flagsThen);
    }

    /** The content hash of {@code version}, which must be one of versions 1..{@code latest}. */
    private String hashOf(String benchmarkId, long version, long latest) {
        if (version > latest) throw new InvalidQuery("version", "the benchmark has no version " + version);
        return jdbc
                .query(
                        "SELECT content_hash FROM benchmark_version WHERE benchmark_id = :id AND version = :version",
                        new MapSqlParameterSource("id", benchmarkId).addValue("version", version),
                        (rs, n) -> rs.getString(1))
                .stream()
                .findFirst()
                .orElseThrow(() -> new InvalidQuery("version", "the benchmark has no version " + version));
    }

    /** {@code asOf} null: every result and flag so far; else the results whose event time is at or before it, and {@code flagsThen}. */
    private BenchmarkLeaderboard board(
            String benchmarkId,
            long wanted,
            String hash,
            String currentHash,
            boolean includeSimulated,
            Instant asOf,
            List<ContaminationFlag> flagsThen) {
        var params = new MapSqlParameterSource("id", benchmarkId)
                .addValue("hash", hash)
                .addValue("asOf", asOf == null ? null : OffsetDateTime.ofInstant(asOf, ZoneOffset.UTC));
        String completedBy = asOf == null ? "" : "AND r.completed_at <= :asOf";
        var byModel = new LinkedHashMap<String, List<PooledEntry.Run>>();
        var simulated = new HashSet<String>();
        var weights = new HashMap<String, double[]>();
        jdbc.query("""
                SELECT r.run_id, r.model, r.simulated, r.requested_by, r.benchmark_version, r.completed_at, r.case_means,
                       r.scored, r.passed, r.cost_per_case_micros, r.latency_p95_ms, lr.case_weights
                  FROM leaderboard_result r JOIN leaderboard_run lr ON lr.run_id = r.run_id
                 WHERE r.benchmark_id = :id AND r.content_hash = :hash %s %s
                 ORDER BY r.model""".formatted(includeSimulated ? "" : "AND NOT r.simulated", completedBy), params, rs -> {
            String model = rs.getString("model");
            if (rs.getBoolean("simulated")) simulated.add(model);
            byModel.computeIfAbsent(model, m -> new ArrayList<>()).add(run(rs));
            weights.putIfAbsent(model, doubles(rs, "case_weights"));
        });
        var pooled = new ArrayList<Pooled>();
        byModel.forEach((model, runs) -> {
            PooledEntry entry = PooledEntry.of(runs, properties.maxRunsPerUser(), weights.get(model));
            if (entry != null) pooled.add(new Pooled(model, simulated.contains(model), entry));
        });
        List<Pooled> ranked = pooled.stream()
                .sorted(Comparator.comparingDouble(Pooled::score).reversed().thenComparing(Pooled::model))
                .toList();

        List<ContaminationFlag> flags = flagsThen != null ? flagsThen : contamination.onBenchmark(benchmarkId);
        var suspects = new HashSet<String>();
        flags.stream().filter(ContaminationFlag::open).forEach(f -> suspects.add(f.model()));

        var intervals = ranked.stream()
                .map(p -> new double[] {
                    p.entry().score().lower(), p.entry().score().upper()
                })
                .toList();
        List<RankRanges.RankRange> ranks = RankRanges.of(intervals);
        boolean[] frontier = ParetoFrontier.of(
                ranked.stream().mapToDouble(Pooled::score).toArray(),
                ranked.stream().mapToDouble(p -> p.entry().costPerCaseMicros()).toArray());
        var entries = new ArrayList<Entry>(ranked.size());
        var frontierModels = new ArrayList<Pooled>();
        for (int i = 0; i < ranked.size(); i++) {
            Pooled p = ranked.get(i);
            PooledEntry e = p.entry();
            if (frontier[i]) frontierModels.add(p);
            entries.add(new Entry(
                    p.model(),
                    p.simulated(),
                    e.score().estimate(),
                    List.of(intervals.get(i)[0], intervals.get(i)[1]),
                    new Rank(ranks.get(i).best(), ranks.get(i).worst()),
                    finite(e.passRate().estimate()),
                    e.passRate().isEmpty()
                            ? null
                            : List.of(e.passRate().lower(), e.passRate().upper()),
                    e.costPerCaseMicros(),
                    e.latencyP95Ms(),
                    e.cases(),
                    e.trials(),
                    e.runs(),
                    e.users(),
                    e.cappedRuns(),
                    e.latest().runId(),
                    e.latest().version(),
                    e.latest().completedAt(),
                    frontier[i],
                    suspects.contains(p.model())));
        }
        frontierModels.sort(Comparator.comparingLong((Pooled p) -> p.entry().costPerCaseMicros())
                .thenComparing(Comparator.comparingDouble(Pooled::score).reversed()));
        return new BenchmarkLeaderboard(
                benchmarkId,
                wanted,
                hash,
                hash.equals(currentHash),
                includeSimulated,
                properties.maxRunsPerUser(),
                entries,
                frontierModels.stream().map(Pooled::model).toList(),
                flags,
                asOf);
    }

    /**
     * Each real (not simulated) model's score on each public benchmark: its leaderboard entry on the benchmark's
     * current content, pooled as on the board. Optionally only benchmarks with a tag, or in a category. The input of
     * the global ranking and of the contamination detector.
     */
    public List<BenchmarkScore> publicScores(String tag, String category) {
        return publicCells(tag, category, false, Scope.PUBLIC).stream()
                .map(PublicCell::score)
                .toList();
    }

    /** One cell of the public benchmarks × models table: the pooled score, the runs counted in it, simulated or not. */
    private record PublicCell(BenchmarkScore score, int runs, boolean simulated) {}

    /**
     * Which benchmarks a ranking is over: the public ones, a workspace's private ones (its members' ranking), or a user's
     * personal private ones (their own ranking). {@code condition} is on the benchmark alias {@code b} with {@code :scope}.
     */
    private record Scope(String condition, String id) {
        static final Scope PUBLIC = new Scope("b.visibility = 'PUBLIC'", null);

        static Scope workspace(String workspaceId) {
            return new Scope("b.visibility = 'PRIVATE' AND b.workspace_id = :scope", workspaceId);
        }

        static Scope personal(String ownerId) {
            return new Scope("b.visibility = 'PRIVATE' AND b.workspace_id IS NULL AND b.owner_id = :scope", ownerId);
        }
    }

    /** The cells of the benchmarks of {@code scope} (for a private one, the caller has checked who may read it). */
    private List<PublicCell> publicCells(String tag, String category, boolean includeSimulated, Scope in) {
        var params = new MapSqlParameterSource();
        var filter = new StringBuilder();
        String scope = in.condition();
        if (in.id() != null) params.addValue("scope", in.id());
        if (tag != null) {
            filter.append(" AND b.tags @> CAST(:tag AS jsonb)");
            params.addValue("tag", json(List.of(tag)));
        }
        if (category != null) {
            filter.append(" AND b.category = :category");
            params.addValue("category", category);
        }
        if (!includeSimulated) filter.append(" AND NOT r.simulated");
        var pairs = new LinkedHashMap<List<String>, List<PooledEntry.Run>>();
        var weights = new HashMap<List<String>, double[]>();
        var simulated = new HashSet<String>();
        jdbc.query("""
                SELECT r.benchmark_id, r.model, r.simulated, r.run_id, r.requested_by, r.benchmark_version, r.completed_at, r.case_means,
                       r.scored, r.passed, r.cost_per_case_micros, r.latency_p95_ms, lr.case_weights
                  FROM leaderboard_result r JOIN benchmark b ON b.id = r.benchmark_id AND b.content_hash = r.content_hash
                  JOIN leaderboard_run lr ON lr.run_id = r.run_id
                 WHERE %s %s
                 ORDER BY r.benchmark_id, r.model""".formatted(scope, filter), params, rs -> {
            var pair = List.of(rs.getString("benchmark_id"), rs.getString("model"));
            pairs.computeIfAbsent(pair, p -> new ArrayList<>()).add(run(rs));
            if (rs.getBoolean("simulated")) simulated.add(rs.getString("model"));
            if (!weights.containsKey(pair)) weights.put(pair, doubles(rs, "case_weights"));
        });
        var cells = new ArrayList<PublicCell>(pairs.size());
        pairs.forEach((pair, runs) -> {
            PooledEntry.Estimate estimate = PooledEntry.estimate(runs, properties.maxRunsPerUser(), weights.get(pair));
            if (estimate != null) {
                cells.add(new PublicCell(
                        new BenchmarkScore(pair.get(0), pair.get(1), estimate.score(), estimate.cases()),
                        estimate.runs(),
                        simulated.contains(pair.get(1))));
            }
        });
        return cells;
    }

    private static PooledEntry.Run run(ResultSet rs) throws SQLException {
        Array means = rs.getArray("case_means");
        Double[] caseMeans = Arrays.stream((Object[]) means.getArray())
                .map(v -> v == null ? null : ((Number) v).doubleValue())
                .toArray(Double[]::new);
        return new PooledEntry.Run(
                rs.getString("run_id"),
                rs.getString("requested_by"),
                instant(rs, "completed_at"),
                rs.getLong("benchmark_version"),
                caseMeans,
                rs.getInt("scored"),
                rs.getInt("passed"),
                rs.getLong("cost_per_case_micros"),
                nullableDouble(rs, "latency_p95_ms"));
    }

    /** A double precision[] column without NULL elements, or null. */
    private static double[] doubles(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        if (array == null) return null;
        return Arrays.stream((Object[]) array.getArray())
                .mapToDouble(v -> ((Number) v).doubleValue())
                .toArray();
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /**
     * The global ranking over public benchmarks (see {@link ModelStrengths}). Computed once per position of the
     * projections it reads and then answered from memory until they move (ADR 0015).
     */
    public ModelLeaderboard models(String tag, String category) {
        return models(tag, category, false);
    }

    /** As {@link #models(String, String)}; with includeSimulated, the {@code sim/…} models are ranked too. */
    public ModelLeaderboard models(String tag, String category, boolean includeSimulated) {
        String position = positions.of(RANKING_INPUTS);
        return rankings.get(
                Arrays.asList(tag, category, String.valueOf(includeSimulated)),
                position,
                () -> rank(tag, category, includeSimulated, Scope.PUBLIC));
    }

    /**
     * A workspace's own ranking of models across its private benchmarks, by the method of the global ranking. Only for
     * its members: the caller checks membership before asking.
     */
    public ModelLeaderboard workspaceModels(String workspaceId, boolean includeSimulated) {
        String position = positions.of(RANKING_INPUTS);
        return rankings.get(
                Arrays.asList("workspace", workspaceId, String.valueOf(includeSimulated)),
                position,
                () -> rank(null, null, includeSimulated, Scope.workspace(workspaceId)));
    }

    /**
     * A user's own ranking of models across their personal private benchmarks (not their workspaces'), by the method of
     * the global ranking. Only for that user: the caller passes the signed-in user's id.
     */
    public ModelLeaderboard personalModels(String ownerId, boolean includeSimulated) {
        String position = positions.of(RANKING_INPUTS);
        return rankings.get(
                Arrays.asList("personal", ownerId, String.valueOf(includeSimulated)),
                position,
                () -> rank(null, null, includeSimulated, Scope.personal(ownerId)));
    }

    private ModelLeaderboard rank(String tag, String category, boolean includeSimulated, Scope scope) {
        List<PublicCell> cells = publicCells(tag, category, includeSimulated, scope);
        List<BenchmarkScore> scores = cells.stream().map(PublicCell::score).toList();
        var runs = new HashMap<String, Integer>();
        var simulated = new HashSet<String>();
        for (PublicCell cell : cells) {
            runs.merge(cell.score().model(), cell.runs(), Integer::sum);
            if (cell.simulated()) simulated.add(cell.score().model());
        }
        var strengths = new ArrayList<>(
                ModelStrengths.of(scores, ModelStrengths.DEFAULT_RESAMPLES, ModelStrengths.DEFAULT_SEED));
        strengths.sort(Comparator.comparingDouble(ModelStrengths.Strength::strength)
                .reversed()
                .thenComparing(ModelStrengths.Strength::model));
        var ranks = RankRanges.of(
                strengths.stream().map(s -> new double[] {s.lower(), s.upper()}).toList());
        var entries = new ArrayList<ModelEntry>(strengths.size());
        for (int i = 0; i < strengths.size(); i++) {
            var s = strengths.get(i);
            entries.add(new ModelEntry(
                    s.model(),
                    simulated.contains(s.model()),
                    s.strength(),
                    List.of(s.lower(), s.upper()),
                    new Rank(ranks.get(i).best(), ranks.get(i).worst()),
                    s.benchmarks(),
                    runs.getOrDefault(s.model(), 0)));
        }
        int benchmarks = (int)
                scores.stream().map(BenchmarkScore::benchmarkId).distinct().count();
        return new ModelLeaderboard(
                tag, category, includeSimulated, benchmarks, ModelStrengths.DEFAULT_RESAMPLES, entries);
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
