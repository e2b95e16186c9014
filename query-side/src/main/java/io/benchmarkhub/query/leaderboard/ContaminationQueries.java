package io.benchmarkhub.query.leaderboard;

import static io.benchmarkhub.query.JsonColumns.instant;
import static io.benchmarkhub.query.Viewer.visibleTo;

import io.benchmarkhub.query.Viewer;
import io.benchmarkhub.query.leaderboard.LeaderboardViews.ContaminationFlag;
import io.benchmarkhub.query.leaderboard.LeaderboardViews.FlagStatus;
import io.benchmarkhub.query.leaderboard.LeaderboardViews.Withdrawal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Reads the contamination flags of the leaderboards read model: one row per (benchmark, model), its latest flag, open
 * or withdrawn. A flag is listed to whoever can see its benchmark (ADR 0010).
 */
@Repository
public class ContaminationQueries {

    private static final String COLUMNS = """
            f.benchmark_id, f.model, f.status, f.observed, f.expected, f.sigma, f.z_score, f.n_cases, f.n_benchmarks_for_model,
            f.n_models_for_benchmark, f.benchmark_version, f.raised_at, f.withdrawn_at, f.withdrawn_by, f.withdrawal_reason,
            f.cleared_observed, f.cleared_expected, f.cleared_sigma, f.cleared_z_score, f.cleared_n_cases,
            f.cleared_n_benchmarks_for_model, f.cleared_n_models_for_benchmark""";

    private final NamedParameterJdbcTemplate jdbc;

    public ContaminationQueries(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Every flag on one benchmark, open ones first, then by z; the caller has checked that the viewer sees it. */
    public List<ContaminationFlag> onBenchmark(String benchmarkId) {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM contamination_flag f WHERE f.benchmark_id = :id "
                        + "ORDER BY f.status <> 'OPEN', f.z_score DESC, f.model",
                new MapSqlParameterSource("id", benchmarkId),
                ContaminationQueries::flag);
    }

    /** Flags on benchmarks the viewer may see, with {@code status} (all when null), strongest first. */
    public List<ContaminationFlag> visible(Viewer viewer, FlagStatus status) {
        var params = new MapSqlParameterSource("viewer", viewer.ownerParam());
        String filter = "";
        if (status != null) {
            filter = " AND f.status = :status";
            params.addValue("status", status.name());
        }
        // per flag, its benchmark by primary key: there are a few flags and many benchmarks. As a join the planner
        // hashed the whole benchmark table on every request (contamination_flag is too small to be analysed, so its
        // estimate is PostgreSQL's default); OFFSET 0 keeps the EXISTS a per-row subplan instead of a join
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM contamination_flag f WHERE EXISTS (SELECT 1 FROM benchmark b "
                        + "WHERE b.id = f.benchmark_id AND " + visibleTo("b") + " OFFSET 0)" + filter
                        + " ORDER BY f.z_score DESC, f.benchmark_id, f.model",
                params,
                ContaminationQueries::flag);
    }

    /**
     * Where each flagged (benchmark, model) pair stands, keyed {@code benchmarkId → model → status}, whatever the
     * benchmark's visibility now: what the contamination policy compares the detector's findings with.
     */
    public Map<String, Map<String, FlagStatus>> states() {
        var result = new LinkedHashMap<String, Map<String, FlagStatus>>();
        jdbc.query("SELECT benchmark_id, model, status FROM contamination_flag ORDER BY benchmark_id, model", rs -> {
            result.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                    .put(rs.getString(2), FlagStatus.valueOf(rs.getString(3)));
        });
        return result;
    }

    private static ContaminationFlag flag(ResultSet rs, int n) throws SQLException {
        var status = FlagStatus.valueOf(rs.getString("status"));
        Withdrawal withdrawal = switch (status) {
            case OPEN -> null;
            case CLEARED ->
                new Withdrawal(
                        instant(rs, "withdrawn_at"),
                        null,
                        null,
                        rs.getDouble("cleared_observed"),
                        rs.getDouble("cleared_expected"),
                        rs.getDouble("cleared_sigma"),
                        rs.getDouble("cleared_z_score"),
                        rs.getInt("cleared_n_cases"),
                        rs.getInt("cleared_n_benchmarks_for_model"),
                        rs.getInt("cleared_n_models_for_benchmark"));
            case DISMISSED ->
                new Withdrawal(
                        instant(rs, "withdrawn_at"),
                        rs.getString("withdrawn_by"),
                        rs.getString("withdrawal_reason"),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null);
        };
        return new ContaminationFlag(
                rs.getString("benchmark_id"),
                rs.getString("model"),
                status,
                rs.getDouble("observed"),
                rs.getDouble("expected"),
                rs.getDouble("sigma"),
                rs.getDouble("z_score"),
                rs.getInt("n_cases"),
                rs.getInt("n_benchmarks_for_model"),
                rs.getInt("n_models_for_benchmark"),
                rs.getLong("benchmark_version"),
                instant(rs, "raised_at"),
                withdrawal);
    }
}
