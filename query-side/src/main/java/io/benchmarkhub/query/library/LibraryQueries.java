package io.benchmarkhub.query.library;

import io.benchmarkhub.query.JsonColumns;
import io.benchmarkhub.query.Viewer;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.benchmarkhub.query.JsonColumns.instant;
import static io.benchmarkhub.query.Viewer.visibleTo;

/**
 * The library listing over the library table, in PostgreSQL. Every number it returns (items,
 * total, facet counts, fork counts) is computed over rows the viewer may see, so a private
 * benchmark shows up nowhere for anyone but its owner.
 */
@Repository
public class LibraryQueries {

    public enum Sort { RELEVANCE, RUNS, FORKS, RECENT, SCORE }

    public record LibraryQuery(String q, List<String> tags, String category, Boolean verified, String ownerId,
                               Sort sort, int page, int size) {
    }

    public record LibraryItem(String id, String title, String description, List<String> tags, String category,
                              String ownerId, String visibility, int caseCount, int runCount, long forkCount,
                              boolean verified, boolean contaminationFlagged, String topModel, Double topScore,
                              Instant updatedAt) {
    }

    public record FacetValue(String value, long count) {
    }

    public record LibraryPage(List<LibraryItem> items, int page, int size, long total, Map<String, List<FacetValue>> facets) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final JsonColumns json;

    public LibraryQueries(NamedParameterJdbcTemplate jdbc, JsonColumns json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public LibraryPage search(LibraryQuery query, Viewer viewer) {
        var params = new MapSqlParameterSource("viewer", viewer.ownerParam());
        var where = new ArrayList<String>();
        where.add(visibleTo("l"));
        if (query.q() != null && !query.q().isBlank()) {
            where.add("(l.title ILIKE :q OR l.description ILIKE :q OR l.tags::text ILIKE :q)");
            params.addValue("q", "%" + escapeLike(query.q().strip()) + "%");
        }
        if (query.tags() != null && !query.tags().isEmpty()) {
            where.add("l.tags @> CAST(:tags AS jsonb)");
            params.addValue("tags", toJsonArray(query.tags()));
        }
        if (query.category() != null) {
            where.add("l.category = :category");
            params.addValue("category", query.category());
        }
        if (query.verified() != null) {
            where.add("l.verified = :verified");
            params.addValue("verified", query.verified());
        }
        if (query.ownerId() != null) {
            where.add("l.owner_id = :owner");
            params.addValue("owner", query.ownerId());
        }
        String filter = String.join(" AND ", where);
        String forkCount = "(SELECT count(*) FROM benchmark_fork f JOIN library_entry fl ON fl.id = f.fork_id"
                + " WHERE f.source_id = l.id AND " + visibleTo("fl") + ")";
        String order = switch (query.sort()) {
            case RUNS -> "l.run_count DESC, l.updated_at DESC";
            case FORKS -> "fork_count DESC, l.updated_at DESC";
            case SCORE -> "l.top_score DESC NULLS LAST, l.updated_at DESC";
            // until the search index lands, relevance ranks title matches first, then recency
            case RELEVANCE -> params.hasValue("q")
                    ? "(l.title ILIKE :q) DESC, l.updated_at DESC"
                    : "l.updated_at DESC";
            case RECENT -> "l.updated_at DESC";
        };
        params.addValue("limit", query.size()).addValue("offset", (long) query.page() * query.size());

        List<LibraryItem> items = jdbc.query("""
                SELECT l.*, %s AS fork_count FROM library_entry l WHERE %s ORDER BY %s, l.id LIMIT :limit OFFSET :offset"""
                .formatted(forkCount, filter, order), params, (rs, n) -> new LibraryItem(
                rs.getString("id"), rs.getString("title"), rs.getString("description"), json.strings(rs, "tags"),
                rs.getString("category"), rs.getString("owner_id"), rs.getString("visibility"), rs.getInt("case_count"),
                rs.getInt("run_count"), rs.getLong("fork_count"), rs.getBoolean("verified"),
                rs.getBoolean("contamination_flagged"), rs.getString("top_model"), rs.getObject("top_score", Double.class),
                instant(rs, "updated_at")));
        Long total = jdbc.queryForObject("SELECT count(*) FROM library_entry l WHERE " + filter, params, Long.class);
        var tagFacet = jdbc.query("""
                SELECT t AS value, count(*) AS n FROM library_entry l, jsonb_array_elements_text(l.tags) t
                 WHERE %s GROUP BY t ORDER BY n DESC, t LIMIT 20""".formatted(filter), params,
                (rs, n) -> new FacetValue(rs.getString("value"), rs.getLong("n")));
        var categoryFacet = jdbc.query("""
                SELECT l.category AS value, count(*) AS n FROM library_entry l
                 WHERE %s AND l.category IS NOT NULL GROUP BY l.category ORDER BY n DESC, l.category LIMIT 20""".formatted(filter),
                params, (rs, n) -> new FacetValue(rs.getString("value"), rs.getLong("n")));
        return new LibraryPage(items, query.page(), query.size(), total == null ? 0 : total,
                Map.of("tags", tagFacet, "category", categoryFacet));
    }

    private static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static String toJsonArray(List<String> values) {
        var sb = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append('"').append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return sb.append(']').toString();
    }
}
