package io.benchmarkhub.query.library;

import static io.benchmarkhub.query.Viewer.visibleTo;

import io.benchmarkhub.query.Viewer;
import io.benchmarkhub.query.library.LibrarySearch.FacetValue;
import io.benchmarkhub.query.support.PerPositionCache;
import io.benchmarkhub.query.support.ProjectionPositions;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The total and the tag and category counts of the whole library (no text, no filter) as one viewer sees it, from the
 * {@code library} projection's table: the public part is kept per position of that projection (ADR 0015), the same for
 * every caller and recomputed once after the projection has moved; the private benchmarks this viewer may see (their
 * own personal ones and their workspaces') are counted with each request and added. Nothing private is kept or shared
 * between callers. Both adapters answer the library's home page from here: the {@code library} projection runs whichever
 * adapter serves the search (ADR 0047).
 */
public final class LibraryCounts {

    /** The unfiltered library's exact total and its top 20 tags and categories, for one viewer. */
    record Counts(long total, List<FacetValue> tags, List<FacetValue> categories) {}

    /** Tags and categories of every public benchmark, as JSON objects of value → count, and how many there are. */
    private record PublicCounts(long total, String tags, String categories) {}

    private final NamedParameterJdbcTemplate jdbc;
    private final ProjectionPositions positions;
    private final PerPositionCache<String, PublicCounts> publicCounts = new PerPositionCache<>(1);

    public LibraryCounts(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.positions = new ProjectionPositions(jdbc.getJdbcTemplate());
    }

    /**
     * The library's home page for {@code viewer}: its total (exact up to {@code exactTotalUpTo}, a lower bound above)
     * and its facets from these counts, with the items the adapter found.
     */
    LibrarySearch.LibraryPage firstPage(
            LibrarySearch.SearchQuery query,
            Viewer viewer,
            int exactTotalUpTo,
            List<LibrarySearch.LibraryItem> items,
            String next,
            Map<String, Map<String, List<String>>> highlights) {
        Counts counts = of(viewer);
        return new LibrarySearch.LibraryPage(
                items,
                query.page(),
                query.size(),
                Math.min(counts.total(), exactTotalUpTo),
                counts.total() > exactTotalUpTo ? LibrarySearch.TotalRelation.GTE : LibrarySearch.TotalRelation.EQ,
                Map.of("tags", counts.tags(), "category", counts.categories()),
                next,
                highlights);
    }

    Counts of(Viewer viewer) {
        // the position is read before the rows: counts kept under it are at least that new
        PublicCounts shared = publicCounts.get("library", positions.of(List.of("library")), this::countPublic);
        var params = new MapSqlParameterSource("viewer", viewer.ownerParam())
                .addValue("publicTags", shared.tags())
                .addValue("publicCategories", shared.categories());
        String privateRows = "l.visibility <> 'PUBLIC' AND " + visibleTo("l");
        long total = shared.total();
        if (viewer.ownerParam() != null) {
            Long own = jdbc.queryForObject(
                    "SELECT count(*) FROM library_entry l WHERE " + privateRows, params, Long.class);
            total += own == null ? 0 : own;
        }
        String privateTags = viewer.ownerParam() == null
                ? ""
                : " UNION ALL SELECT t, 1 FROM library_entry l, jsonb_array_elements_text(l.tags) t WHERE "
                        + privateRows;
        String privateCategories = viewer.ownerParam() == null
                ? ""
                : " UNION ALL SELECT l.category, 1 FROM library_entry l WHERE l.category IS NOT NULL AND "
                        + privateRows;
        var tags = jdbc.query(
                """
                SELECT value, sum(n)::bigint AS n FROM (
                    SELECT key AS value, value::bigint AS n FROM jsonb_each_text(CAST(:publicTags AS jsonb))%s) c
                 GROUP BY value ORDER BY n DESC, value LIMIT 20""".formatted(privateTags), params, (rs, n) -> new FacetValue(rs.getString("value"), rs.getLong("n")));
        var categories = jdbc.query(
                """
                SELECT value, sum(n)::bigint AS n FROM (
                    SELECT key AS value, value::bigint AS n FROM jsonb_each_text(CAST(:publicCategories AS jsonb))%s) c
                 GROUP BY value ORDER BY n DESC, value LIMIT 20""".formatted(privateCategories),
                params,
                (rs, n) -> new FacetValue(rs.getString("value"), rs.getLong("n")));
        return new Counts(total, tags, categories);
    }

    private PublicCounts countPublic() {
        var none = new MapSqlParameterSource();
        Long total =
                jdbc.queryForObject("SELECT count(*) FROM library_entry WHERE visibility = 'PUBLIC'", none, Long.class);
        String tags = jdbc.queryForObject("""
                SELECT coalesce(jsonb_object_agg(t, n), '{}'::jsonb)::text FROM (
                    SELECT t, count(*) AS n FROM library_entry l, jsonb_array_elements_text(l.tags) t
                     WHERE l.visibility = 'PUBLIC' GROUP BY t) c""", none, String.class);
        String categories = jdbc.queryForObject("""
                SELECT coalesce(jsonb_object_agg(category, n), '{}'::jsonb)::text FROM (
                    SELECT category, count(*) AS n FROM library_entry
                     WHERE visibility = 'PUBLIC' AND category IS NOT NULL GROUP BY category) c""", none, String.class);
        return new PublicCounts(total == null ? 0 : total, tags, categories);
    }

    /** Whether the query asks for the whole library: no text and no filter (any sort). */
    static boolean unfiltered(LibrarySearch.SearchQuery query) {
        return !query.hasText()
                && query.tags().isEmpty()
                && query.category() == null
                && query.verified() == null
                && query.contaminationFlagged() == null
                && query.ownerId() == null
                && query.workspaceId() == null;
    }
}
