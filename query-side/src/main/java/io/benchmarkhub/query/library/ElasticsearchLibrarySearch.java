package io.benchmarkhub.query.library;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.CompletionContext;
import co.elastic.clients.elasticsearch.core.search.HighlighterEncoder;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.core.search.TotalHits;
import co.elastic.clients.elasticsearch.core.search.TotalHitsRelation;
import co.elastic.clients.util.NamedValue;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.benchmarkhub.query.Viewer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Library search on Elasticsearch, over the alias the {@code library-search} projection maintains.
 * Full text: every word must occur in the document (its {@code all} field, fuzziness AUTO, the last
 * word also as a prefix); ranking adds per-field matches boosted title^3, tags^2, category^2,
 * description, case sample^0.5, and a phrase-prefix match on the title. Every
 * request carries the visibility filter on {@code access} ({@code public} or {@code owner:<viewer>}):
 * the query of hits, totals, facets and highlights, the aggregation that counts forks, and the
 * context of the completion suggester. Deep pages use {@code search_after} ({@code nextCursor}).
 * Before the projection has created the index, every search answers empty rather than failing.
 */
public class ElasticsearchLibrarySearch implements LibrarySearch {

    public static final String ENGINE = "elasticsearch";
    /** Ranking by forks considers the most-forked benchmarks up to this many; the rest tie at 0 forks. */
    static final int MAX_RANKED_BY_FORKS = 1000;

    private static final String[] SOURCE_FIELDS = {
        "id",
        "title",
        "description",
        "tags",
        "category",
        "ownerId",
        "visibility",
        "caseCount",
        "runCount",
        "verified",
        "contaminationFlagged",
        "flaggedModels",
        "topModel",
        "topScore",
        "updatedAt"
    };

    /** The fields of an indexed benchmark that a listing shows. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record IndexedBenchmark(
            String id,
            String title,
            String description,
            List<String> tags,
            String category,
            String ownerId,
            String visibility,
            Integer caseCount,
            Integer runCount,
            Boolean verified,
            Boolean contaminationFlagged,
            List<String> flaggedModels,
            String topModel,
            Double topScore,
            String updatedAt) {}

    private final ElasticsearchClient client;
    private final String alias;
    /** The run count of each benchmark of a page: the index does not hold it. */
    private final RunCounts runCounts;
    /** The whole library's total and facets, from the {@code library} projection's table (ADR 0047). */
    private final LibraryCounts libraryCounts;

    private final int exactTotalUpTo;

    /** @param jdbc the database of the {@code library} and {@code leaderboards} projections, for run and library counts */
    public ElasticsearchLibrarySearch(ElasticsearchClient client, String alias, NamedParameterJdbcTemplate jdbc) {
        this(client, alias, jdbc, EXACT_TOTAL_UP_TO);
    }

    /** @param exactTotalUpTo hits counted exactly, at most ({@code track_total_hits}); above it the total is a lower bound */
    public ElasticsearchLibrarySearch(
            ElasticsearchClient client, String alias, NamedParameterJdbcTemplate jdbc, int exactTotalUpTo) {
        this.client = client;
        this.alias = alias;
        this.runCounts = new RunCounts(jdbc);
        this.libraryCounts = new LibraryCounts(jdbc);
        this.exactTotalUpTo = exactTotalUpTo;
    }

    @Override
    public String engine() {
        return ENGINE;
    }

    /** The values of {@code access} a viewer may see: every public benchmark, their own and their workspaces'. */
    static List<String> accessOf(Viewer viewer) {
        if (viewer.ownerParam() == null) return List.of("public");
        var access = new ArrayList<String>(List.of("public", "owner:" + viewer.ownerParam()));
        viewer.workspaceIds().stream().sorted().forEach(id -> access.add("workspace:" + id));
        return access;
    }

    private static Query visibleTo(Viewer viewer) {
        List<FieldValue> access = accessOf(viewer).stream().map(FieldValue::of).toList();
        return Query.of(q -> q.terms(t -> t.field("access").terms(v -> v.value(access))));
    }

    @Override
    public LibraryPage search(SearchQuery query, Viewer viewer) {
        try {
            return doSearch(query, viewer);
        } catch (IOException e) {
            throw new UncheckedIOException("library search on Elasticsearch failed", e);
        }
    }

    private LibraryPage doSearch(SearchQuery query, Viewer viewer) throws IOException {
        var filters = new ArrayList<Query>();
        filters.add(visibleTo(viewer));
        for (String tag : query.tags())
            filters.add(Query.of(q -> q.term(t -> t.field("tags").value(tag))));
        if (query.category() != null)
            filters.add(Query.of(q -> q.term(t -> t.field("category").value(query.category()))));
        if (query.verified() != null)
            filters.add(Query.of(q -> q.term(t -> t.field("verified").value(query.verified()))));
        if (query.contaminationFlagged() != null) {
            filters.add(
                    Query.of(q -> q.term(t -> t.field("contaminationFlagged").value(query.contaminationFlagged()))));
        }
        if (query.ownerId() != null)
            filters.add(Query.of(q -> q.term(t -> t.field("ownerId").value(query.ownerId()))));
        if (query.workspaceId() != null)
            filters.add(Query.of(q -> q.term(t -> t.field("workspaceId").value(query.workspaceId()))));

        // matching: every word somewhere in the document (the copy_to field "all"), typo-tolerant, the last word as a
        // prefix
        var matching = new ArrayList<Query>();
        // ranking: the same words per field, with the field boosts
        var ranking = new ArrayList<Query>();
        if (query.hasText()) {
            String text = query.q().strip();
            matching.add(Query.of(q -> q.match(m -> m.field("all")
                    .query(text)
                    .operator(Operator.And)
                    .fuzziness("AUTO")
                    .prefixLength(1))));
            matching.add(Query.of(
                    q -> q.matchBoolPrefix(m -> m.field("all").query(text).operator(Operator.And))));
            ranking.add(Query.of(q -> q.multiMatch(m -> m.query(text)
                    .fields("title^3", "tags.text^2", "category.text^2", "description", "caseSample^0.5")
                    .type(TextQueryType.BestFields)
                    .fuzziness("AUTO")
                    .prefixLength(1)
                    .tieBreaker(0.3))));
            ranking.add(Query.of(
                    q -> q.matchPhrasePrefix(m -> m.field("title").query(text).boost(2.0f))));
        }
        if (query.sort() == Sort.FORKS) {
            // no scripts on every server: the fork counts become constant scores, one clause per forked benchmark
            forkCounts(viewer, null, MAX_RANKED_BY_FORKS)
                    .forEach((id, n) -> ranking.add(Query.of(q -> q.constantScore(c ->
                            c.filter(f -> f.term(t -> t.field("id").value(id))).boost(n.floatValue())))));
        }
        Query main = Query.of(q -> q.bool(b -> {
            b.filter(filters);
            if (!matching.isEmpty())
                b.must(m -> m.bool(inner -> inner.should(matching).minimumShouldMatch("1")));
            if (!ranking.isEmpty()) b.should(ranking);
            return b;
        }));

        List<SortOptions> sort = sortOf(query);
        List<FieldValue> after = null;
        if (query.cursor() != null) {
            after = new ArrayList<>();
            for (Object v : SearchCursor.decode(query.cursor(), ENGINE, query.sort(), sort.size())) {
                switch (v) {
                    case null -> throw new SearchCursor.InvalidCursor("not a cursor of this API");
                    case Long l -> after.add(FieldValue.of(l));
                    case Double d -> after.add(FieldValue.of(d));
                    case String s -> after.add(FieldValue.of(s));
                    default -> throw new SearchCursor.InvalidCursor("not a cursor of this API");
                }
            }
        }
        List<FieldValue> searchAfter = after;
        int from = query.cursor() != null ? 0 : query.page() * query.size();
        var terms = List.of(NamedValue.of("_count", SortOrder.Desc), NamedValue.of("_key", SortOrder.Asc));
        boolean firstPage = query.cursor() == null;
        // the library's home page: its total and facets are the same for every caller but their own private benchmarks,
        // so they come from LibraryCounts instead of counting and aggregating every public document with each request
        boolean home = firstPage && LibraryCounts.unfiltered(query);
        SearchResponse<IndexedBenchmark> response = client.search(
                s -> {
                    s.index(alias)
                            .ignoreUnavailable(true)
                            .allowNoIndices(true)
                            .query(main)
                            .size(query.size())
                            .from(from)
                            .sort(sort)
                            .source(src -> src.filter(f -> f.includes(List.of(SOURCE_FIELDS))));
                    if (firstPage && !home) {
                        // counted exactly up to the cap, a lower bound above it; facets only where the result's first
                        // page is
                        s.trackTotalHits(t -> t.count(exactTotalUpTo))
                                .aggregations(
                                        "tags",
                                        a -> a.terms(
                                                t -> t.field("tags").size(20).order(terms)))
                                .aggregations(
                                        "category",
                                        a -> a.terms(t ->
                                                t.field("category").size(20).order(terms)));
                    } else {
                        s.trackTotalHits(t -> t.enabled(false));
                    }
                    if (searchAfter != null) s.searchAfter(searchAfter);
                    if (query.hasText()) {
                        s.highlight(h -> h.preTags("<em>")
                                .postTags("</em>")
                                .encoder(HighlighterEncoder.Html)
                                .requireFieldMatch(true)
                                .fields("title", f -> f.numberOfFragments(0))
                                .fields(
                                        "description",
                                        f -> f.numberOfFragments(2).fragmentSize(150)));
                    }
                    return s;
                },
                IndexedBenchmark.class);

        List<Hit<IndexedBenchmark>> hits = response.hits().hits();
        List<String> ids = hits.stream().map(Hit::id).toList();
        Map<String, Long> forks = ids.isEmpty() ? Map.of() : forkCounts(viewer, ids, ids.size());
        Map<String, Long> runs = ids.isEmpty() ? Map.of() : runCounts.of(ids);
        var items = new ArrayList<LibraryItem>();
        var highlights = new LinkedHashMap<String, Map<String, List<String>>>();
        for (Hit<IndexedBenchmark> hit : hits) {
            IndexedBenchmark b = hit.source();
            if (b == null) continue;
            List<String> flagged = b.flaggedModels() == null ? List.of() : b.flaggedModels();
            items.add(new LibraryItem(
                    b.id(),
                    b.title(),
                    b.description(),
                    b.tags() == null ? List.of() : b.tags(),
                    b.category(),
                    b.ownerId(),
                    b.visibility(),
                    orZero(b.caseCount()),
                    runs.getOrDefault(b.id(), 0L).intValue(),
                    forks.getOrDefault(b.id(), 0L),
                    Boolean.TRUE.equals(b.verified()),
                    Boolean.TRUE.equals(b.contaminationFlagged()),
                    flagged.size(),
                    flagged,
                    b.topModel(),
                    b.topScore(),
                    b.updatedAt() == null ? null : Instant.parse(b.updatedAt())));
            if (hit.highlight() != null && !hit.highlight().isEmpty())
                highlights.put(b.id(), new LinkedHashMap<>(hit.highlight()));
        }
        String next = null;
        if (hits.size() == query.size()) {
            var values = new ArrayList<Object>();
            for (FieldValue v : hits.getLast().sort()) values.add(v._get());
            next = SearchCursor.encode(ENGINE, query.sort(), values);
        }
        if (!firstPage) {
            return new LibraryPage(items, query.page(), query.size(), null, null, null, next, highlights);
        }
        if (home) return libraryCounts.firstPage(query, viewer, exactTotalUpTo, items, next, highlights);
        TotalHits hitsTotal = response.hits().total();
        long total = hitsTotal == null ? items.size() : hitsTotal.value();
        TotalRelation relation = hitsTotal != null && hitsTotal.relation() == TotalHitsRelation.Gte
                ? TotalRelation.GTE
                : TotalRelation.EQ;
        return new LibraryPage(
                items,
                query.page(),
                query.size(),
                total,
                relation,
                Map.of(
                        "tags",
                        facet(response.aggregations().get("tags")),
                        "category",
                        facet(response.aggregations().get("category"))),
                next,
                highlights);
    }

    /** Sort keys, ending with the id so the order is total and {@code search_after} never skips or repeats. */
    private static List<SortOptions> sortOf(SearchQuery query) {
        var sort = new ArrayList<SortOptions>();
        switch (query.sort()) {
            case RELEVANCE -> {
                if (query.hasText()) sort.add(SortOptions.of(o -> o.score(s -> s.order(SortOrder.Desc))));
            }
            case FORKS -> sort.add(SortOptions.of(o -> o.score(s -> s.order(SortOrder.Desc))));
            case RUNS -> sort.add(field("runCount"));
            case SCORE ->
                sort.add(SortOptions.of(o ->
                        o.field(f -> f.field("topScore").order(SortOrder.Desc).missing("_last"))));
            case RECENT -> {}
        }
        sort.add(field("updatedAt"));
        sort.add(field("id"));
        return sort;
    }

    private static SortOptions field(String name) {
        return SortOptions.of(o -> o.field(f -> f.field(name).order(SortOrder.Desc)));
    }

    /**
     * Visible forks per source benchmark: of {@code sources} (or of any, ranked, when null). Counted at
     * query time over the fork documents' {@code forkedFrom}, so a private fork counts for its owner only.
     */
    private Map<String, Long> forkCounts(Viewer viewer, List<String> sources, int size) throws IOException {
        var filters = new ArrayList<Query>();
        filters.add(visibleTo(viewer));
        if (sources != null) {
            filters.add(Query.of(q -> q.terms(t -> t.field("forkedFrom")
                    .terms(v -> v.value(sources.stream().map(FieldValue::of).toList())))));
        } else {
            filters.add(Query.of(q -> q.exists(e -> e.field("forkedFrom"))));
        }
        var response = client.search(
                s -> s.index(alias)
                        .ignoreUnavailable(true)
                        .allowNoIndices(true)
                        .size(0)
                        .query(q -> q.bool(b -> b.filter(filters)))
                        .aggregations(
                                "forks", a -> a.terms(t -> t.field("forkedFrom").size(size))),
                Void.class);
        var counts = new HashMap<String, Long>();
        for (StringTermsBucket bucket :
                response.aggregations().get("forks").sterms().buckets().array()) {
            counts.put(bucket.key().stringValue(), bucket.docCount());
        }
        return counts;
    }

    @Override
    public List<Suggestion> suggest(String prefix, int size, Viewer viewer) {
        String text = prefix.strip();
        if (text.isEmpty()) return List.of();
        List<CompletionContext> contexts = accessOf(viewer).stream()
                .map(a -> CompletionContext.of(c -> c.context(x -> x.category(a))))
                .toList();
        try {
            var response = client.search(
                    s -> s.index(alias)
                            .ignoreUnavailable(true)
                            .allowNoIndices(true)
                            .size(0)
                            .source(src -> src.filter(f -> f.includes("id", "title")))
                            .suggest(sg -> sg.suggesters(
                                    "titles",
                                    x -> x.prefix(text)
                                            .completion(c -> c.field("suggest")
                                                    .size(size)
                                                    .skipDuplicates(false)
                                                    .contexts("access", contexts)))),
                    IndexedBenchmark.class);
            var suggestions = new ArrayList<Suggestion>();
            var seen = new java.util.HashSet<String>();
            for (var suggestion : response.suggest().get("titles")) {
                for (var option : suggestion.completion().options()) {
                    IndexedBenchmark b = option.source();
                    if (b != null && seen.add(b.id())) suggestions.add(new Suggestion(b.id(), b.title()));
                }
            }
            return suggestions;
        } catch (IOException e) {
            throw new UncheckedIOException("library suggestions on Elasticsearch failed", e);
        }
    }

    private static List<FacetValue> facet(Aggregate aggregate) {
        if (aggregate == null) return List.of();
        return aggregate.sterms().buckets().array().stream()
                .map(b -> new FacetValue(b.key().stringValue(), b.docCount()))
                .toList();
    }

    private static int orZero(Integer n) {
        return n == null ? 0 : n;
    }
}
