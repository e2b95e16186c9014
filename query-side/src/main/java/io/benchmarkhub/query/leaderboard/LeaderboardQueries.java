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
import java.util.Collection;
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

    /**
     * What a board's content reads: the results, the runs' case weights and the flags, all of the leaderboards
     * projection. Who may see the board and which hash is current come from benchmark-detail, but they are read on
     * every request, so they are no part of the kept content.
     */
    private static final List<String> BOARD_INPUTS = List.of("leaderboards");

    /**
     * Boards kept: more than the public benchmarks with a board at the size of issue 6 (about 1,400 of 2,000), so a
     * reader who wanders over all of them still finds them kept; a board is a few KB.
     */
    private static final int BOARDS_KEPT = 4_096;

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper mapper;
    private final ContaminationQueries contamination;
    private final ProjectionPositions positions;
    private final LeaderboardProperties properties;
    /** The global ranking per (tag, category): 200 bootstrap refits, recomputed only when its projections have moved. */
    private final PerPositionCache<List<String>, ModelLeaderboard> rankings = new PerPositionCache<>(64);
    /**
     * Each live board's content per (benchmark, content hash, simulated or not): every entry's bootstrap interval over
     * its cases, recomputed only when the leaderboards projection has moved (ADR 0049). The same for every caller who
     * may see the board: it aggregates runs of everyone (ADR 0010), and whether the caller may see it at all is decided
     * on each request before it is looked up.
     */
    private final PerPositionCache<BoardKey, BoardContent> boards = new PerPositionCache<>(BOARDS_KEPT);

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

    /** The benchmark as the request found it, and the position of the board's inputs read in the same statement. */
    private record Board(String id, long currentVersion, String currentHash, String position) {}

    /**
     * The benchmarks of {@code ids} the viewer may see, with the position of the board's inputs, in one statement:
     * whether the viewer may see a board is read with each request (membership as of now), and the position its kept
     * content must have been computed at in the same snapshot.
     */
    private List<Board> visibleBoards(Collection<String> ids, Viewer viewer) {
        if (ids.isEmpty()) return List.of();
        var params = new MapSqlParameterSource("ids", ids)
                .addValue("viewer", viewer.ownerParam())
                .addValue("inputs", BOARD_INPUTS);
        return jdbc.query(
                "SELECT b.id, b.version, b.content_hash, " + ProjectionPositions.sql("inputs")
                        + " AS position FROM benchmark b WHERE b.id IN (:ids) AND " + visibleTo("b"),
                params,
                (rs, n) -> new Board(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
    }

    /** The board's content on {@code hash}, kept at the position the request read. */
    private BoardContent keptContent(Board board, String hash, boolean includeSimulated) {
        return boards.get(
                new BoardKey(board.id(), hash, includeSimulated),
                board.position(),
                () -> content(board.id(), hash, includeSimulated, null, null));
    }

    private record BoardKey(String benchmarkId, String contentHash, boolean includeSimulated) {}

    /** What a board shows whoever asks and whatever version they named: entries, frontier and flags. */
    private record BoardContent(List<Entry> entries, List<String> paretoFrontier, List<ContaminationFlag> flags) {}

    /** A model's pooled entry on one board. */
    private record Pooled(String model, boolean simulated, PooledEntry entry) {
        double score() {
            return entry.score().estimate();
        }
    }

    /** The leaderboard of the benchmark on the content of {@code version} (the current one when null). */
    public Optional<BenchmarkLeaderboard> benchmark(
            String benchmarkId, Long version, boolean includeSimulated, Viewer viewer) {
        List<Board> found = visibleBoards(List.of(benchmarkId), viewer);
        if (found.isEmpty()) return Optional.empty();
        Board board = found.getFirst();
        long wanted = version == null ? board.currentVersion() : version;
        String hash = version == null ? board.currentHash() : hashOf(benchmarkId, version, board.currentVersion());
        BoardContent content = keptContent(board, hash, includeSimulated);
        return Optional.of(
                leaderboard(benchmarkId, wanted, hash, board.currentHash(), includeSimulated, content, null));
    }

    /**
     * The current boards of those of {@code benchmarkIds} the viewer may see, in the order asked, each as
     * {@link #benchmark} answers it; unknown ids and boards the viewer may not see are left out. One statement for all
     * of them when their boards are kept.
     */
    public List<BenchmarkLeaderboard> currentBoards(
            Collection<String> benchmarkIds, boolean includeSimulated, Viewer viewer) {
        var byId = new HashMap<String, Board>();
        for (Board board : visibleBoards(benchmarkIds, viewer)) byId.put(board.id(), board);
        var answers = new ArrayList<BenchmarkLeaderboard>(byId.size());
        for (String id : benchmarkIds) {
            Board board = byId.get(id);
            if (board == null) continue;
            BoardContent content = keptContent(board, board.currentHash(), includeSimulated);
            answers.add(leaderboard(
                    id,
                    board.currentVersion(),
                    board.currentHash(),
                    board.currentHash(),
                    includeSimulated,
                    content,
                    null));
        }
        return answers;
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
        return leaderboard(
                benchmarkId,
                wanted,
                hash,
                hashThen,
                includeSimulated,
                content(benchmarkId, hash, includeSimulated, asOf, flagsThen),
                asOf);
    }

    private BenchmarkLeaderboard leaderboard(
            String benchmarkId,
            long wanted,
            String hash,
            String currentHash,
            boolean includeSimulated,
            BoardContent content,
            Instant asOf) {
        return new BenchmarkLeaderboard(
                benchmarkId,
                wanted,
                hash,
                hash.equals(currentHash),
                includeSimulated,
                properties.maxRunsPerUser(),
                content.entries(),
                content.paretoFrontier(),
                content.flags(),
                asOf);
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
    private BoardContent content(
            String benchmarkId,
            String hash,
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
        return new BoardContent(
                List.copyOf(entries), frontierModels.stream().map(Pooled::model).toList(), List.copyOf(flags));
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
