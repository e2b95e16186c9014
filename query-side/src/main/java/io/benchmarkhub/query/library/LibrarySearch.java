package io.benchmarkhub.query.library;

import io.benchmarkhub.query.Viewer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The library search port: full text, filters, sorts, facets, cursor paging, highlighting and
 * type-ahead over the benchmarks a viewer may see. Two adapters serve it: {@link ElasticsearchLibrarySearch}
 * when Elasticsearch is configured, {@link PostgresLibrarySearch} otherwise (docs/library-search.md).
 * Every number and every string an adapter returns (hits, totals, facet counts, fork counts,
 * suggestions, highlights) is computed over benchmarks the viewer may see.
 */
public interface LibrarySearch {

    enum Sort {
        RELEVANCE,
        RUNS,
        FORKS,
        RECENT,
        SCORE
    }

    /**
     * One search. Filters are ANDed ({@code tags}: every tag); null means "no filter". With a
     * {@code cursor} (a previous page's {@code nextCursor}) the page continues after that page's
     * last item and {@code page} is ignored; without one, {@code page} * {@code size} items are skipped.
     * {@code workspaceId} keeps the workspace's benchmarks (public and private); the caller checks membership first.
     */
    record SearchQuery(
            String q,
            List<String> tags,
            String category,
            Boolean verified,
            Boolean contaminationFlagged,
            String ownerId,
            String workspaceId,
            Sort sort,
            int page,
            int size,
            String cursor) {
        public SearchQuery {
            tags = tags == null ? List.of() : List.copyOf(tags);
            sort = sort == null ? Sort.RELEVANCE : sort;
        }

        public boolean hasText() {
            return q != null && !q.isBlank();
        }
    }

    /**
     * One benchmark of a page.
     *
     * @param contaminationFlagged whether any model has an open contamination flag on it
     * @param contaminationFlags   how many models do
     * @param flaggedModels        those models, sorted
     */
    record LibraryItem(
            String id,
            String title,
            String description,
            List<String> tags,
            String category,
            String ownerId,
            String visibility,
            int caseCount,
            int runCount,
            long forkCount,
            boolean verified,
            boolean contaminationFlagged,
            int contaminationFlags,
            List<String> flaggedModels,
            String topModel,
            Double topScore,
            Instant updatedAt) {}

    record FacetValue(String value, long count) {}

    /**
     * Totals are counted exactly up to this many matches; above it {@code total} is this number and
     * {@code totalRelation} is {@link TotalRelation#GTE} (a lower bound), so a broad query does not count every match.
     */
    int EXACT_TOTAL_UP_TO = 10_000;

    /** Whether a page's {@code total} is the exact count ({@code eq}) or a lower bound ({@code gte}). */
    enum TotalRelation {
        EQ,
        GTE;

        @com.fasterxml.jackson.annotation.JsonValue
        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One page: {@code {items, page, size, total, totalRelation, facets}} as API.md has it, plus {@code nextCursor}
     * (null on the last page) and {@code highlights}: item id → field → fragments, matches in {@code <em>}
     * (the text around them HTML-escaped). {@code total}, {@code totalRelation} and {@code facets} describe the whole
     * result and are answered by a first page (one without a cursor); a cursor page continues a result whose first page
     * had them and answers null for all three.
     */
    record LibraryPage(
            List<LibraryItem> items,
            int page,
            int size,
            Long total,
            TotalRelation totalRelation,
            Map<String, List<FacetValue>> facets,
            String nextCursor,
            Map<String, Map<String, List<String>>> highlights) {}

    record Suggestion(String id, String title) {}

    LibraryPage search(SearchQuery query, Viewer viewer);

    /** Up to {@code size} visible benchmarks whose title has a word starting with {@code prefix}. */
    List<Suggestion> suggest(String prefix, int size, Viewer viewer);

    /** Which adapter serves: {@code postgresql} or {@code elasticsearch}. */
    String engine();
}
