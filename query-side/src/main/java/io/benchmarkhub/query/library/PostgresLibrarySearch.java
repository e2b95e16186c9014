package io.benchmarkhub.query.library;

import static io.benchmarkhub.query.JsonColumns.instant;
import static io.benchmarkhub.query.Viewer.visibleTo;

import io.benchmarkhub.query.JsonColumns;
import io.benchmarkhub.query.Viewer;
import io.benchmarkhub.query.support.PerPositionCache;
import io.benchmarkhub.query.support.ProjectionPositions;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Library search on PostgreSQL: the {@code library_entry} table with its generated, weighted
 * {@code search_document} (tsvector, GIN; A title, B tags, C description, D case sample, migration V4)
 * and a trigram index on titles for typos. Words match as prefixes; a query that matches no word
 * still finds titles that look like it (pg_trgm word similarity). Every condition carries the
 * visibility rule, so items, totals, facets, fork counts, highlights and suggestions only ever
 * come from rows the viewer may see. Deep pages use a keyset on the sort keys ({@code nextCursor}).
 */
public class PostgresLibrarySearch implements LibrarySearch {

    public static final String ENGINE = "postgresql";
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    /** Visible forks of the row aliased {@code %s}: computed for a page's rows only, unless the sort needs it for every row. */
    private static final String FORK_COUNT =
            "(SELECT count(*) FROM benchmark_fork f JOIN library_entry fl ON fl.id = f.fork_id"
                    + " WHERE f.source_id = %s.id AND " + visibleTo("fl") + ")";
    /** The benchmark's runs anyone may know of (ADR 0016): completed canonical runs, as the leaderboards projection keeps them. */
    private static final String RUN_COUNT =
            "(SELECT count(DISTINCT lr.run_id) FROM leaderboard_result lr WHERE lr.benchmark_id = %s.id)";

    private static final String HEADLINE_OPTIONS = "StartSel=<em>, StopSel=</em>";

    private final NamedParameterJdbcTemplate jdbc;
    private final JsonColumns json;
    private final int exactTotalUpTo;
    private final ProjectionPositions positions;
    /**
     * The counts of the public part of the unfiltered library, kept per position of the {@code library} projection (ADR
     * 0015): the same for every caller, recomputed once after the projection has moved.
     */
    private final PerPositionCache<String, PublicCounts> publicCounts = new PerPositionCache<>(1);

    /** Tags and categories of every public benchmark, as JSON objects of value → count, and how many there are. */
    private record PublicCounts(long total, String tags, String categories) {}

    public PostgresLibrarySearch(NamedParameterJdbcTemplate jdbc, JsonColumns json) {
        this(jdbc, json, EXACT_TOTAL_UP_TO);
    }

    /** @param exactTotalUpTo matches counted exactly, at most; above it the total is a lower bound */
    public PostgresLibrarySearch(NamedParameterJdbcTemplate jdbc, JsonColumns json, int exactTotalUpTo) {
        this.jdbc = jdbc;
        this.json = json;
        this.exactTotalUpTo = exactTotalUpTo;
        this.positions = new ProjectionPositions(jdbc.getJdbcTemplate());
    }

    @Override
    public String engine() {
        return ENGINE;
    }

    @Override
    public LibraryPage search(SearchQuery query, Viewer viewer) {
        var params = new MapSqlParameterSource("viewer", viewer.ownerParam());
        var where = new ArrayList<String>();
        where.add(visibleTo("l"));
        String tsquery = query.hasText() ? prefixQuery(query.q()) : null;
        if (query.hasText()) {
            params.addValue("q", query.q().strip());
            if (tsquery != null) {
                params.addValue("tsq", tsquery);
                where.add("(l.search_document @@ to_tsquery('simple', :tsq) OR :q <% l.title)");
            } else {
                where.add(":q <% l.title");
            }
        }
        if (!query.tags().isEmpty()) {
            where.add("l.tags @> CAST(:tags AS jsonb)");
            params.addValue("tags", toJsonArray(query.tags()));
        }
        addEquals(where, params, "l.category", "category", query.category());
        addEquals(where, params, "l.verified", "verified", query.verified());
        addEquals(where, params, "l.contamination_flagged", "flagged", query.contaminationFlagged());
        addEquals(where, params, "l.owner_id", "owner", query.ownerId());
        addEquals(where, params, "l.workspace_id", "workspace", query.workspaceId());
        String filter = String.join(" AND ", where);

        // ranked only when the order is by rank: under another sort, ts_rank over every match of a common word would
        // be computed for nothing
        boolean byRank = query.sort() == Sort.RELEVANCE && query.hasText();
        String rank = !byRank
                ? "0::float8"
                : tsquery != null
                        ? "(ts_rank(l.search_document, to_tsquery('simple', :tsq)) + word_similarity(:q, l.title))::float8"
                        : "word_similarity(:q, l.title)::float8";
        List<String> keys = sortKeys(query);
        String order = String.join(" DESC, ", keys) + " DESC";
        String keyset = "TRUE";
        if (query.cursor() != null) {
            List<Object> after = SearchCursor.decode(query.cursor(), ENGINE, query.sort(), keys.size());
            var placeholders = new ArrayList<String>();
            for (int i = 0; i < keys.size(); i++) {
                String name = "after" + i;
                Object value = after.get(i);
                if (value == null) throw new SearchCursor.InvalidCursor("not a cursor of this API");
                if (keys.get(i).equals("updated_at")) {
                    value = Timestamp.from(parseInstant((String) value));
                    placeholders.add("CAST(:" + name + " AS timestamptz)");
                } else {
                    placeholders.add(":" + name);
                }
                params.addValue(name, value);
            }
            keyset = "(" + String.join(", ", keys) + ") < (" + String.join(", ", placeholders) + ")";
        }
        int offset = query.cursor() != null ? 0 : query.page() * query.size();
        params.addValue("limit", query.size()).addValue("offset", (long) offset);
        String title = tsquery == null
                ? "NULL"
                : "ts_headline('simple', " + escaped("p.title") + ", to_tsquery('simple', :tsq), '" + HEADLINE_OPTIONS
                        + ", HighlightAll=true')";
        String description = tsquery == null
                ? "NULL"
                : "ts_headline('simple', " + escaped("coalesce(p.description, '')") + ", to_tsquery('simple', :tsq), '"
                        + HEADLINE_OPTIONS + ", MaxFragments=2, MinWords=5, MaxWords=25')";

        boolean byForks = query.sort() == Sort.FORKS;
        String innerForks = byForks ? ", " + FORK_COUNT.formatted("l") + " AS fork_count" : "";
        String outerForks = byForks ? "" : ", " + FORK_COUNT.formatted("p") + " AS fork_count";
        boolean byRuns = query.sort() == Sort.RUNS;
        innerForks += byRuns ? ", " + RUN_COUNT.formatted("l") + " AS run_total" : "";
        outerForks += byRuns ? "" : ", " + RUN_COUNT.formatted("p") + " AS run_total";
        var highlights = new LinkedHashMap<String, Map<String, List<String>>>();
        var sortValues = new ArrayList<List<Object>>();
        List<LibraryItem> items = jdbc.query(
                """
                SELECT p.*, %s AS title_hl, %s AS description_hl%s FROM (
                    SELECT * FROM (
                        SELECT l.*%s, %s AS rank, coalesce(l.top_score, '-Infinity'::float8) AS score_key
                          FROM library_entry l WHERE %s) x
                     WHERE %s ORDER BY %s LIMIT :limit OFFSET :offset) p
                 ORDER BY %s""".formatted(title, description, outerForks, innerForks, rank, filter, keyset, order, order),
                params,
                (rs, n) -> {
                    LibraryItem item = item(rs);
                    highlight(highlights, item.id(), "title", rs.getString("title_hl"));
                    highlight(highlights, item.id(), "description", rs.getString("description_hl"));
                    var values = new ArrayList<Object>();
                    for (String key : keys) values.add(sortValue(rs, key));
                    sortValues.add(values);
                    return item;
                });
        String next =
                items.size() == query.size() ? SearchCursor.encode(ENGINE, query.sort(), sortValues.getLast()) : null;
        if (query.cursor() != null) {
            // a continuation: its first page answered the total and the facets
            return new LibraryPage(items, query.page(), query.size(), null, null, null, next, highlights);
        }
        if (unfiltered(query)) return unfilteredFirstPage(query, viewer, items, next, highlights);
        // counts at most one row more than the cap: a broad query stops there instead of counting every match
        params.addValue("countLimit", exactTotalUpTo + 1);
        Long counted = jdbc.queryForObject(
                "SELECT count(*) FROM (SELECT 1 FROM library_entry l WHERE " + filter + " LIMIT :countLimit) c",
                params,
                Long.class);
        long total = counted == null ? 0 : counted;
        TotalRelation relation = total > exactTotalUpTo ? TotalRelation.GTE : TotalRelation.EQ;
        var tagFacet = jdbc.query(
                """
                SELECT t AS value, count(*) AS n FROM library_entry l, jsonb_array_elements_text(l.tags) t
                 WHERE %s GROUP BY t ORDER BY n DESC, t LIMIT 20""".formatted(filter), params, (rs, n) -> new FacetValue(rs.getString("value"), rs.getLong("n")));
        var categoryFacet = jdbc.query(
                """
                SELECT l.category AS value, count(*) AS n FROM library_entry l
                 WHERE %s AND l.category IS NOT NULL GROUP BY l.category ORDER BY n DESC, l.category LIMIT 20""".formatted(filter), params, (rs, n) -> new FacetValue(rs.getString("value"), rs.getLong("n")));
        return new LibraryPage(
                items,
                query.page(),
                query.size(),
                Math.min(total, exactTotalUpTo),
                relation,
                Map.of("tags", tagFacet, "category", categoryFacet),
                next,
                highlights);
    }

    private static boolean unfiltered(SearchQuery query) {
        return !query.hasText()
                && query.tags().isEmpty()
                && query.category() == null
                && query.verified() == null
                && query.contaminationFlagged() == null
                && query.ownerId() == null
                && query.workspaceId() == null;
    }

    /**
     * The total and facets of the whole library as the viewer sees it: the public part from {@link #publicCounts}, plus
     * the private benchmarks this viewer may see (their own personal ones and their workspaces'), counted with the
     * request. Public counts are the same for everyone, so nothing private is kept or shared between callers.
     */
    private LibraryPage unfilteredFirstPage(
            SearchQuery query,
            Viewer viewer,
            List<LibraryItem> items,
            String next,
            Map<String, Map<String, List<String>>> highlights) {
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
        var tagFacet = jdbc.query(
                """
                SELECT value, sum(n)::bigint AS n FROM (
                    SELECT key AS value, value::bigint AS n FROM jsonb_each_text(CAST(:publicTags AS jsonb))%s) c
                 GROUP BY value ORDER BY n DESC, value LIMIT 20""".formatted(privateTags), params, (rs, n) -> new FacetValue(rs.getString("value"), rs.getLong("n")));
        var categoryFacet = jdbc.query(
                """
                SELECT value, sum(n)::bigint AS n FROM (
                    SELECT key AS value, value::bigint AS n FROM jsonb_each_text(CAST(:publicCategories AS jsonb))%s) c
                 GROUP BY value ORDER BY n DESC, value LIMIT 20""".formatted(privateCategories),
                params,
                (rs, n) -> new FacetValue(rs.getString("value"), rs.getLong("n")));
        return new LibraryPage(
                items,
                query.page(),
                query.size(),
                Math.min(total, exactTotalUpTo),
                total > exactTotalUpTo ? TotalRelation.GTE : TotalRelation.EQ,
                Map.of("tags", tagFacet, "category", categoryFacet),
                next,
                highlights);
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

    @Override
    public List<Suggestion> suggest(String prefix, int size, Viewer viewer) {
        String tsquery = prefixQuery(prefix);
        if (tsquery == null) return List.of();
        // ":*A" = prefix match on weight A only: a word of the title
        String titleWords = tsquery.replace(":*", ":*A");
        var params = new MapSqlParameterSource("viewer", viewer.ownerParam())
                .addValue("tsq", titleWords)
                .addValue("start", escapeLike(prefix.strip().toLowerCase(Locale.ROOT)) + "%")
                .addValue("size", size);
        return jdbc.query(
                """
                SELECT l.id, l.title FROM library_entry l
                 WHERE %s AND l.search_document @@ to_tsquery('simple', :tsq)
                 ORDER BY (lower(l.title) LIKE :start) DESC, %s DESC, l.updated_at DESC, l.id
                 LIMIT :size""".formatted(visibleTo("l"), RUN_COUNT.formatted("l")),
                params,
                (rs, n) -> new Suggestion(rs.getString("id"), rs.getString("title")));
    }

    /** The sort keys, all descending, ending with the id so the order is total (and a keyset exists). */
    private static List<String> sortKeys(SearchQuery query) {
        return switch (query.sort()) {
            case RELEVANCE -> query.hasText() ? List.of("rank", "updated_at", "id") : List.of("updated_at", "id");
            case RUNS -> List.of("run_total", "updated_at", "id");
            case FORKS -> List.of("fork_count", "updated_at", "id");
            case SCORE -> List.of("score_key", "updated_at", "id");
            case RECENT -> List.of("updated_at", "id");
        };
    }

    private static Object sortValue(ResultSet rs, String key) throws SQLException {
        return switch (key) {
            case "rank", "score_key" -> rs.getDouble(key);
            case "run_total", "fork_count" -> rs.getLong(key);
            case "updated_at" -> instant(rs, key).toString();
            default -> rs.getString(key);
        };
    }

    private static Instant parseInstant(String value) {
        try {
            return Instant.parse(value);
        } catch (RuntimeException e) {
            throw new SearchCursor.InvalidCursor("not a cursor of this API");
        }
    }

    private LibraryItem item(ResultSet rs) throws SQLException {
        List<String> flagged = json.strings(rs, "flagged_models");
        return new LibraryItem(
                rs.getString("id"),
                rs.getString("title"),
                rs.getString("description"),
                json.strings(rs, "tags"),
                rs.getString("category"),
                rs.getString("owner_id"),
                rs.getString("visibility"),
                rs.getInt("case_count"),
                rs.getInt("run_total"),
                rs.getLong("fork_count"),
                rs.getBoolean("verified"),
                rs.getBoolean("contamination_flagged"),
                flagged.size(),
                flagged,
                rs.getString("top_model"),
                rs.getObject("top_score", Double.class),
                instant(rs, "updated_at"));
    }

    private static void highlight(
            Map<String, Map<String, List<String>>> highlights, String id, String field, String fragment) {
        if (fragment == null || !fragment.contains("<em>")) return;
        highlights.computeIfAbsent(id, k -> new LinkedHashMap<>()).put(field, List.of(fragment));
    }

    /** The words of {@code text} as a prefix AND-query ({@code gsm:* & math:*}); null when it has no word. */
    static String prefixQuery(String text) {
        var terms = new ArrayList<String>();
        for (String word : NON_WORD.split(text.toLowerCase(Locale.ROOT))) {
            if (!word.isEmpty()) terms.add(word + ":*");
        }
        return terms.isEmpty() ? null : String.join(" & ", terms);
    }

    /** HTML-escapes a column before ts_headline adds its tags, as Elasticsearch's html encoder does. */
    private static String escaped(String column) {
        return "replace(replace(replace(" + column + ", '&', '&amp;'), '<', '&lt;'), '>', '&gt;')";
    }

    private static void addEquals(
            List<String> where, MapSqlParameterSource params, String column, String name, Object value) {
        if (value == null) return;
        where.add(column + " = :" + name);
        params.addValue(name, value);
    }

    private static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static String toJsonArray(List<String> values) {
        var sb = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append('"')
                    .append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
        return sb.append(']').toString();
    }
}
