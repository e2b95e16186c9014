package io.benchmarkhub.query.forks;

import static io.benchmarkhub.query.JsonColumns.instant;
import static io.benchmarkhub.query.Viewer.visibleTo;

import io.benchmarkhub.query.Viewer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The fork tree of a benchmark: the chain of sources it descends from and every fork below it.
 * Benchmarks the viewer may not see are left out, together with everything below them, and the
 * ancestor chain stops at the first one the viewer may not see.
 */
@Repository
public class ForkTreeQueries {

    /** A benchmark in the tree: {@code version} is its current version, {@code forkedFromVersion} its source's version it copied. */
    public record ForkNode(
            String id,
            String title,
            String ownerId,
            String visibility,
            long version,
            Long forkedFromVersion,
            Instant forkedAt,
            List<ForkNode> forks) {}

    public record ForkTree(List<ForkNode> ancestors, ForkNode root) {}

    private final NamedParameterJdbcTemplate jdbc;

    public ForkTreeQueries(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ForkTree> tree(String id, Viewer viewer) {
        var params = new MapSqlParameterSource("id", id).addValue("viewer", viewer.ownerParam());
        List<Row> descendants = jdbc.query("""
                WITH RECURSIVE tree AS (
                    SELECT b.id, b.title, b.owner_id, b.visibility, b.version, NULL::varchar AS source_id, NULL::bigint AS source_version,
                           NULL::timestamptz AS forked_at, 0 AS depth
                      FROM benchmark b WHERE b.id = :id AND %s
                    UNION ALL
                    SELECT b.id, b.title, b.owner_id, b.visibility, b.version, f.source_id, f.source_version, f.forked_at, t.depth + 1
                      FROM tree t JOIN benchmark_fork f ON f.source_id = t.id JOIN benchmark b ON b.id = f.fork_id
                     WHERE %s AND t.depth < 100
                )
                SELECT * FROM tree ORDER BY depth, forked_at""".formatted(visibleTo("b"), visibleTo("b")), params, ForkTreeQueries::row);
        if (descendants.isEmpty()) return Optional.empty();

        List<Row> ancestors = jdbc.query("""
                WITH RECURSIVE up AS (
                    SELECT b.forked_from_id AS id, 1 AS depth FROM benchmark b WHERE b.id = :id
                    UNION ALL
                    SELECT b.forked_from_id, u.depth + 1 FROM up u JOIN benchmark b ON b.id = u.id
                     WHERE b.forked_from_id IS NOT NULL AND u.depth < 100
                )
                SELECT b.id, b.title, b.owner_id, b.visibility, b.version, b.forked_from_id AS source_id,
                       b.forked_from_version AS source_version, b.created_at AS forked_at, u.depth
                  FROM up u JOIN benchmark b ON b.id = u.id WHERE %s ORDER BY u.depth""".formatted(visibleTo("b")), params, ForkTreeQueries::row);

        var visibleChain = new ArrayList<ForkNode>();
        int expectedDepth = 1;
        for (Row r : ancestors) {
            if (r.depth != expectedDepth++) break; // a hidden ancestor ends the chain
            visibleChain.add(new ForkNode(
                    r.id, r.title, r.ownerId, r.visibility, r.version, r.sourceVersion, r.forkedAt, List.of()));
        }
        return Optional.of(new ForkTree(visibleChain, build(descendants)));
    }

    private static ForkNode build(List<Row> rows) {
        Map<String, List<Row>> children = new HashMap<>();
        for (Row r : rows)
            if (r.sourceId != null)
                children.computeIfAbsent(r.sourceId, k -> new ArrayList<>()).add(r);
        return node(rows.getFirst(), children);
    }

    private static ForkNode node(Row r, Map<String, List<Row>> children) {
        var forks = children.getOrDefault(r.id, List.of()).stream()
                .map(c -> node(c, children))
                .toList();
        return new ForkNode(r.id, r.title, r.ownerId, r.visibility, r.version, r.sourceVersion, r.forkedAt, forks);
    }

    private record Row(
            String id,
            String title,
            String ownerId,
            String visibility,
            long version,
            String sourceId,
            Long sourceVersion,
            Instant forkedAt,
            int depth) {}

    private static Row row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Row(
                rs.getString("id"),
                rs.getString("title"),
                rs.getString("owner_id"),
                rs.getString("visibility"),
                rs.getLong("version"),
                rs.getString("source_id"),
                rs.getObject("source_version", Long.class),
                instant(rs, "forked_at"),
                rs.getInt("depth"));
    }
}
