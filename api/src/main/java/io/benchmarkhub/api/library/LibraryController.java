package io.benchmarkhub.api.library;

import static io.benchmarkhub.api.auth.CurrentUser.viewerOf;

import io.benchmarkhub.api.auth.CurrentUser;
import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.api.web.ProblemResponse;
import io.benchmarkhub.api.workspace.Workspaces;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.query.library.LibrarySearch;
import io.benchmarkhub.query.library.LibrarySearch.LibraryPage;
import io.benchmarkhub.query.library.LibrarySearch.SearchQuery;
import io.benchmarkhub.query.library.LibrarySearch.Sort;
import io.benchmarkhub.query.library.LibrarySearch.Suggestion;
import io.benchmarkhub.query.library.SearchCursor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public benchmark library: what the caller may see, searched, filtered, sorted and paged,
 * with facet counts, highlights and type-ahead. Served by Elasticsearch or PostgreSQL ({@link LibrarySearch}).
 */
@RestController
@RequestMapping("/api/library")
@Tag(name = "Library")
class LibraryController {

    private static final int MAX_PAGE_SIZE = 100;
    private static final int MAX_QUERY_CHARS = 500;
    private static final int MAX_SUGGESTIONS = 20;

    public record Suggestions(List<Suggestion> items) {}

    private final LibrarySearch library;

    public LibraryController(LibrarySearch library) {
        this.library = library;
    }

    @GetMapping
    @Operation(
            summary = "Search the library; anonymous callers see public benchmarks only",
            description =
                    "Full text over title, tags, category, description and case inputs, typo-tolerant. "
                            + "Page with page/size, or follow nextCursor for deep pages (stable under concurrent writes). "
                            + "highlights: item id -> field -> fragments with <em> around matches. Each item has verified, "
                            + "contaminationFlagged, contaminationFlags (models with an open flag) and flaggedModels. "
                            + "total is exact when totalRelation is eq; above 10,000 matches it is 10,000 and totalRelation is gte "
                            + "(at least that many). A page without a cursor answers total, totalRelation and the facets (exact "
                            + "counts); a cursor page continues a result whose first page had them and answers null for all three.")
    @ProblemResponse(status = "400", description = "paging, q, sort or cursor is not valid (the problem names it)")
    @ProblemResponse(status = "404", description = "workspace names a workspace the caller is not a member of")
    public LibraryPage search(
            @RequestParam(required = false) String q,
            @RequestParam(required = false) List<String> tags,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) Boolean verified,
            @Parameter(description = "true: only benchmarks with an open contamination flag; false: only those without")
                    @RequestParam(required = false)
                    Boolean contaminationFlagged,
            @RequestParam(required = false) String owner,
            @Parameter(
                            description =
                                    "a workspace's benchmarks, public and private; its members only (404 for anyone else)")
                    @RequestParam(required = false)
                    String workspace,
            @RequestParam(defaultValue = "relevance") String sort,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size,
            @Parameter(description = "nextCursor of the previous page; page is then ignored")
                    @RequestParam(required = false)
                    String cursor,
            @AuthenticationPrincipal CurrentUser user) {
        if (page < 0) throw new BadRequest("Bad paging.", List.of(new Violation("page", "must be 0 or more")));
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new BadRequest(
                    "Bad paging.", List.of(new Violation("size", "must be between 1 and " + MAX_PAGE_SIZE)));
        }
        if (q != null && q.length() > MAX_QUERY_CHARS) {
            throw new BadRequest(
                    "Query too long.",
                    List.of(new Violation("q", "must be at most " + MAX_QUERY_CHARS + " characters")));
        }
        if (workspace != null && !workspace.isBlank()) Workspaces.requireMember(user, workspace);
        Sort order = Arrays.stream(Sort.values())
                .filter(s -> s.name().equalsIgnoreCase(sort))
                .findFirst()
                .orElseThrow(() -> new BadRequest(
                        "Unknown sort.",
                        List.of(new Violation(
                                "sort",
                                "must be one of "
                                        + Arrays.stream(Sort.values())
                                                .map(s -> s.name().toLowerCase(Locale.ROOT))
                                                .toList()))));
        var query = new SearchQuery(
                q,
                tags,
                category,
                verified,
                contaminationFlagged,
                owner,
                workspace == null || workspace.isBlank() ? null : workspace,
                order,
                page,
                size,
                cursor == null || cursor.isBlank() ? null : cursor);
        try {
            return library.search(query, viewerOf(user));
        } catch (SearchCursor.InvalidCursor e) {
            throw new BadRequest("Bad cursor.", List.of(new Violation("cursor", e.getMessage())));
        }
    }

    @GetMapping("/suggest")
    @Operation(summary = "Type-ahead: visible benchmarks with a title word starting with the prefix")
    public Suggestions suggest(
            @RequestParam String prefix,
            @RequestParam(defaultValue = "10") int size,
            @AuthenticationPrincipal CurrentUser user) {
        if (prefix.isBlank() || prefix.length() > 100) {
            throw new BadRequest("Bad prefix.", List.of(new Violation("prefix", "must be 1 to 100 characters")));
        }
        if (size < 1 || size > MAX_SUGGESTIONS) {
            throw new BadRequest(
                    "Bad size.", List.of(new Violation("size", "must be between 1 and " + MAX_SUGGESTIONS)));
        }
        return new Suggestions(library.suggest(prefix, size, viewerOf(user)));
    }
}
