package io.benchmarkhub.query.library;

import static io.benchmarkhub.query.JsonColumns.instant;
import static io.benchmarkhub.query.Viewer.visibleTo;

import io.benchmarkhub.query.JsonColumns;
import io.benchmarkhub.query.Viewer;
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
    /**
     * The text part of the relevance rank of the row {@code l}. The query is an InitPlan so that a generic plan (a
     * prepared statement after a few executions) parses it once, not once per row.
     */
    private static final String TEXT_RANK = "ts_rank(l.search_document, (SELECT to_tsquery('simple', :tsq)))";
    /** Matches ranked in full under {@code sort=relevance} before the bound is checked (ADR 0047). */
    public static final int RANKED_CANDIDATES = 1000;

    private final NamedParameterJdbcTemplate jdbc;
    private final JsonColumns json;
    private final int exactTotalUpTo;
    private final int rankedCandidates;
    /** The unfiltered library's counts: public ones kept per position of the {@code library} projection. */
    private final LibraryCounts libraryCounts;

    public PostgresLibrarySearch(NamedParameterJdbcTemplate jdbc, JsonColumns json) {
        this(jdbc, json, EXACT_TOTAL_UP_TO, RANKED_CANDIDATES);
    }

    /**
     * @param exactTotalUpTo matches counted exactly, at most; above it the total is a lower bound
     * @param rankedCandidates matches ranked in full beyond the page's end before the bound decides whether every match
     *     must be
     */
    public PostgresLibrarySearch(
            NamedParameterJdbcTemplate jdbc, JsonColumns json, int exactTotalUpTo, int rankedCandidates) {
        this.jdbc = jdbc;
        this.json = json;
        this.exactTotalUpTo = exactTotalUpTo;
        this.rankedCandidates = rankedCandidates;
        this.libraryCounts = new LibraryCounts(jdbc);
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

        boolean byForks = query.sort() == Sort.FORKS;
        boolean byRuns = query.sort() == Sort.RUNS;
        String innerCounts = (byForks ? ", " + FORK_COUNT.formatted("l") + " AS fork_count" : "")
                + (byRuns ? ", " + RUN_COUNT.formatted("l") + " AS run_total" : "");
        String columns = "l.*" + innerCounts + ", coalesce(l.top_score, '-Infinity'::float8) AS score_key";
        String everyMatch = !byRank
                ? "SELECT " + columns + ", 0::float8 AS rank FROM library_entry l WHERE " + filter
                : "SELECT " + columns + ", (" + (tsquery != null ? TEXT_RANK + " + " : "")
                        + "word_similarity(:q, l.title))::float8 AS rank FROM library_entry l WHERE " + filter;
        String cut = " WHERE " + keyset + " ORDER BY " + order + " LIMIT :limit OFFSET :offset";
        Fetched page;
        if (byRank && tsquery != null) {
            // the full rank only for the best candidates by ts_rank, and the page cut from them only if the bound
            // proves
            // it exact; otherwise from every match, ranked as before. One scan of the matches either way (ADR 0047).
            params.addValue("candidates", rankedCandidates + offset + query.size());
            String candidates = """
                    WITH m AS MATERIALIZED (
                        SELECT l.id, l.title, l.updated_at, %s AS tr FROM library_entry l WHERE %s),
                    c AS (
                        SELECT m.*, (m.tr + word_similarity(:q, m.title))::float8 AS rank,
                               count(*) OVER () AS candidates, (min(m.tr) OVER () + 1::real)::float8 AS beyond
                          FROM (SELECT * FROM m%s ORDER BY m.tr DESC, m.updated_at DESC, m.id DESC LIMIT :candidates) m),
                    w AS (SELECT * FROM c%s),
                    proof AS (
                        SELECT count(*) > 0
                               AND (max(candidates) < :candidates OR (count(*) = :limit AND min(rank) > max(beyond))) AS exact
                          FROM w),
                    page AS (
                        SELECT id, rank FROM w WHERE (SELECT exact FROM proof)
                        UNION ALL
                        (SELECT id, rank
                           FROM (SELECT m.id, m.updated_at, (m.tr + word_similarity(:q, m.title))::float8 AS rank FROM m) f
                          WHERE NOT (SELECT exact FROM proof) AND %s ORDER BY %s LIMIT :limit OFFSET :offset))
                    """.formatted(
                    TEXT_RANK, filter, query.cursor() == null ? "" : " WHERE m.tr <= :after0", cut, keyset, order);
            page = fetch(
                    candidates,
                    "SELECT l.*, page.rank, coalesce(l.top_score, '-Infinity'::float8) AS score_key"
                            + " FROM page JOIN library_entry l ON l.id = page.id",
                    tsquery,
                    order,
                    keys,
                    params);
        } else {
            page = fetch("", "SELECT * FROM (" + everyMatch + ") x" + cut, tsquery, order, keys, params);
        }
        List<LibraryItem> items = page.items();
        var highlights = page.highlights();
        var sortValues = page.sortValues();
        String next =
                items.size() == query.size() ? SearchCursor.encode(ENGINE, query.sort(), sortValues.getLast()) : null;
        if (query.cursor() != null) {
            // a continuation: its first page answered the total and the facets
            return new LibraryPage(items, query.page(), query.size(), null, null, null, next, highlights);
        }
        // the library's home page: its total and facets come from LibraryCounts, not from counting every row
        if (LibraryCounts.unfiltered(query))
            return libraryCounts.firstPage(query, viewer, exactTotalUpTo, items, next, highlights);
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

    /**
     * One page: {@code pageRows} are its rows ({@code library_entry} columns, {@code rank}, {@code score_key}), after
     * the common table expressions in {@code with}; added here are the highlights and the fork and run counts of the
     * page's rows only (or of every row, when the sort is by them and the rows carry them already).
     */
    private Fetched fetch(
            String with,
            String pageRows,
            String tsquery,
            String order,
            List<String> keys,
            MapSqlParameterSource params) {
        String title = tsquery == null
                ? "NULL"
                : "ts_headline('simple', " + escaped("p.title") + ", to_tsquery('simple', :tsq), '" + HEADLINE_OPTIONS
                        + ", HighlightAll=true')";
        String description = tsquery == null
                ? "NULL"
                : "ts_headline('simple', " + escaped("coalesce(p.description, '')") + ", to_tsquery('simple', :tsq), '"
                        + HEADLINE_OPTIONS + ", MaxFragments=2, MinWords=5, MaxWords=25')";
        boolean byForks = keys.contains("fork_count");
        boolean byRuns = keys.contains("run_total");
        String outerCounts = (byForks ? "" : ", " + FORK_COUNT.formatted("p") + " AS fork_count")
                + (byRuns ? "" : ", " + RUN_COUNT.formatted("p") + " AS run_total");
        var highlights = new LinkedHashMap<String, Map<String, List<String>>>();
        var sortValues = new ArrayList<List<Object>>();
        List<LibraryItem> items =
                jdbc.query("""
                %sSELECT p.*, %s AS title_hl, %s AS description_hl%s FROM (%s) p
                 ORDER BY %s""".formatted(with, title, description, outerCounts, pageRows, order), params, (rs, n) -> {
                    LibraryItem item = item(rs);
                    highlight(highlights, item.id(), "title", rs.getString("title_hl"));
                    highlight(highlights, item.id(), "description", rs.getString("description_hl"));
                    var values = new ArrayList<Object>();
                    for (String key : keys) values.add(sortValue(rs, key));
                    sortValues.add(values);
                    return item;
                });
        return new Fetched(items, sortValues, highlights);
    }

    private record Fetched(
            List<LibraryItem> items,
            List<List<Object>> sortValues,
            Map<String, Map<String, List<String>>> highlights) {}

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
