package io.benchmarkhub.query.failuremode;

import static io.benchmarkhub.query.JsonColumns.instant;

import io.benchmarkhub.query.JsonColumns;
import io.benchmarkhub.query.Viewer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The known failure modes of a benchmark (issue 16, docs/runs.md), from the {@code failure_mode_tag} rows the runs
 * projection writes: tags with the same name (case-insensitively) on the same benchmark are one failure mode, whichever
 * run tagged them. They are shown exactly where the benchmark is (a private one to its owner only); like a leaderboard
 * (ADR 0010) a failure mode names the run and model it was first seen on, which opens nothing, and never the tagger.
 */
@Repository
public class FailureModeQueries {

    /** Where a failure mode was first tagged: the run (which only its requester can open), the model, when. */
    public record FirstSeen(String runId, String model, Instant at) {}

    /**
     * A known failure mode: the name as first tagged, the latest note, every tagged case id (in the order they were first
     * tagged), where it was first seen and when it was last tagged.
     */
    public record KnownFailureMode(
            String name, String note, List<String> caseIds, FirstSeen firstSeen, Instant lastTaggedAt) {}

    public record BenchmarkFailureModes(String benchmarkId, List<KnownFailureMode> items) {}

    private final NamedParameterJdbcTemplate jdbc;
    private final JsonColumns json;

    public FailureModeQueries(NamedParameterJdbcTemplate jdbc, JsonColumns json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The benchmark's failure modes, first seen first; empty when the viewer may not see the benchmark (or it does not exist). */
    public Optional<BenchmarkFailureModes> ofBenchmark(String benchmarkId, Viewer viewer) {
        Boolean visible = jdbc.query(
                "SELECT 1 FROM benchmark b WHERE b.id = :id AND " + Viewer.visibleTo("b"),
                new MapSqlParameterSource("id", benchmarkId).addValue("viewer", viewer.ownerParam()),
                (java.sql.ResultSet rs) -> rs.next());
        if (!Boolean.TRUE.equals(visible)) return Optional.empty();
        return Optional.of(new BenchmarkFailureModes(benchmarkId, known(benchmarkId)));
    }

    private List<KnownFailureMode> known(String benchmarkId) {
        record Tag(String name, String key, String note, List<String> cases, String runId, String model, Instant at) {}
        List<Tag> tags = jdbc.query(
                """
                SELECT name, name_key, note, case_ids, run_id, model, tagged_at FROM failure_mode_tag
                 WHERE benchmark_id = :id ORDER BY tagged_at, run_id, seq""",
                new MapSqlParameterSource("id", benchmarkId),
                (rs, n) -> new Tag(
                        rs.getString("name"),
                        rs.getString("name_key"),
                        rs.getString("note"),
                        json.strings(rs, "case_ids"),
                        rs.getString("run_id"),
                        rs.getString("model"),
                        instant(rs, "tagged_at")));
        var byName = new LinkedHashMap<String, List<Tag>>();
        for (Tag tag : tags)
            byName.computeIfAbsent(tag.key(), k -> new ArrayList<>()).add(tag);
        var result = new ArrayList<KnownFailureMode>(byName.size());
        for (List<Tag> group : byName.values()) {
            Tag first = group.getFirst();
            String note = null;
            var cases = new LinkedHashSet<String>();
            for (Tag tag : group) {
                if (tag.note() != null) note = tag.note();
                cases.addAll(tag.cases());
            }
            result.add(new KnownFailureMode(
                    first.name(),
                    note,
                    List.copyOf(cases),
                    new FirstSeen(first.runId(), first.model(), first.at()),
                    group.getLast().at()));
        }
        return result;
    }
}
