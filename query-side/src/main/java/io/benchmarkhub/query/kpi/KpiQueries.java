package io.benchmarkhub.query.kpi;

import static io.benchmarkhub.query.JsonColumns.instant;

import io.benchmarkhub.domain.kpi.KpiFacts;
import io.benchmarkhub.domain.kpi.KpiPeriod;
import io.benchmarkhub.domain.kpi.Kpis;
import io.benchmarkhub.domain.kpi.PeriodKpis;
import io.benchmarkhub.query.support.PerPositionCache;
import io.benchmarkhub.query.support.ProjectionPositions;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Reads the KPI facts of the periods asked for (the kpis read model) and computes the figures with {@link Kpis}, so
 * the definitions live in one place, the domain.
 */
@Repository
public class KpiQueries {

    private record Key(KpiPeriod period, Instant from, Instant to) {}

    private final NamedParameterJdbcTemplate jdbc;
    private final ProjectionPositions positions;
    /** Answers per (period, from, to), recomputed only when the kpis projection has moved (ADR 0015). */
    private final PerPositionCache<Key, List<PeriodKpis>> answers = new PerPositionCache<>(64);

    public KpiQueries(NamedParameterJdbcTemplate jdbc, ProjectionPositions positions) {
        this.jdbc = jdbc;
        this.positions = positions;
    }

    /**
     * The KPIs of each {@code period} from the one containing {@code from} to the one containing the instant before {@code to}.
     * Computed once per position of the kpis projection and answered from memory until it moves.
     */
    public List<PeriodKpis> kpis(KpiPeriod period, Instant from, Instant to) {
        String position = positions.of(List.of("kpis"));
        return answers.get(new Key(period, from, to), position, () -> compute(period, from, to));
    }

    private List<PeriodKpis> compute(KpiPeriod period, Instant from, Instant to) {
        List<Instant> starts = Kpis.periodStarts(period, from, to);
        if (starts.isEmpty()) return List.of();
        Instant start = starts.getFirst(), end = period.next(starts.getLast());
        var params = new MapSqlParameterSource("start", Timestamp.from(start))
                .addValue("end", Timestamp.from(end))
                .addValue("to", Timestamp.from(to));

        List<KpiFacts.Run> runs = jdbc.query(
                """
                SELECT run_id, requested_by, requested_at, ended_at, end_status, had_call_failure FROM kpi_run
                 WHERE (requested_at >= :start AND requested_at < :end) OR (ended_at >= :start AND ended_at < :end)""",
                params,
                (rs, n) -> new KpiFacts.Run(
                        rs.getString(1),
                        rs.getString(2),
                        instant(rs, "requested_at"),
                        instant(rs, "ended_at"),
                        rs.getString(5),
                        rs.getBoolean(6)));
        List<KpiFacts.User> users = jdbc.query(
                """
                SELECT requested_by, min(requested_at) AS first_run_at, max(requested_at) FILTER (WHERE requested_at < :to) AS last_run_at
                  FROM kpi_run GROUP BY requested_by
                HAVING min(requested_at) >= :start AND min(requested_at) < :end""",
                params,
                (rs, n) -> new KpiFacts.User(rs.getString(1), instant(rs, "first_run_at"), instant(rs, "last_run_at")));
        List<KpiFacts.ModelAnswered> models = jdbc.query(
                "SELECT model, day FROM kpi_model_day WHERE day >= :start AND day < :end",
                params,
                (rs, n) -> new KpiFacts.ModelAnswered(rs.getString(1), instant(rs, "day")));
        List<KpiFacts.PublicBenchmark> benchmarks = jdbc.query(
                """
                SELECT p.benchmark_id, p.public_since, (SELECT min(f.forked_at) FROM kpi_fork f WHERE f.source_id = p.benchmark_id) AS first_forked_at
                  FROM kpi_public_benchmark p WHERE p.public_since < :end""",
                params,
                (rs, n) -> new KpiFacts.PublicBenchmark(
                        rs.getString(1), instant(rs, "public_since"), instant(rs, "first_forked_at")));
        List<KpiFacts.GradedPair> graded = jdbc.query(
                """
                SELECT h.graded_at, h.human, j.judge
                  FROM (SELECT run_id, case_id, model, max(graded_at) AS graded_at, avg(score) AS human
                          FROM kpi_human_grade GROUP BY run_id, case_id, model) h
                  JOIN (SELECT run_id, case_id, model, avg(score) AS judge
                          FROM kpi_verdict GROUP BY run_id, case_id, model) j
                    ON j.run_id = h.run_id AND j.case_id = h.case_id AND j.model = h.model
                 WHERE h.graded_at >= :start AND h.graded_at < :end""",
                params,
                (rs, n) -> new KpiFacts.GradedPair(
                        instant(rs, "graded_at"), rs.getDouble("human"), rs.getDouble("judge")));
        List<KpiFacts.Charge> charges = jdbc.query(
                """
                SELECT charged_at, api_cost_micros, usd_revenue_minor FROM kpi_charge WHERE charged_at >= :start AND charged_at < :end""", params, (rs, n) -> new KpiFacts.Charge(instant(rs, "charged_at"), rs.getLong(2), rs.getLong(3)));
        return Kpis.compute(new KpiFacts(runs, users, models, benchmarks, graded, charges), period, from, to);
    }
}
