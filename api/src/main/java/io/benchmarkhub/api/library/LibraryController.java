package io.benchmarkhub.api.library;

import io.benchmarkhub.api.auth.CurrentUser;
import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.query.library.LibraryQueries;
import io.benchmarkhub.query.library.LibraryQueries.LibraryPage;
import io.benchmarkhub.query.library.LibraryQueries.LibraryQuery;
import io.benchmarkhub.query.library.LibraryQueries.Sort;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static io.benchmarkhub.api.auth.CurrentUser.viewerOf;

/** The public benchmark library: what the caller may see, filtered, sorted and paged, with facet counts. */
@RestController
@RequestMapping("/api/library")
@Tag(name = "Library")
public class LibraryController {

    private static final int MAX_PAGE_SIZE = 100;

    private final LibraryQueries library;

    public LibraryController(LibraryQueries library) {
        this.library = library;
    }

    @GetMapping
    @Operation(summary = "Search the library; anonymous callers see public benchmarks only")
    public LibraryPage search(@RequestParam(required = false) String q,
                              @RequestParam(required = false) List<String> tags,
                              @RequestParam(required = false) String category,
                              @RequestParam(required = false) Boolean verified,
                              @RequestParam(required = false) String owner,
                              @RequestParam(defaultValue = "relevance") String sort,
                              @RequestParam(defaultValue = "0") int page,
                              @RequestParam(defaultValue = "20") int size,
                              @AuthenticationPrincipal CurrentUser user) {
        if (page < 0) throw new BadRequest("Bad paging.", List.of(new Violation("page", "must be 0 or more")));
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new BadRequest("Bad paging.", List.of(new Violation("size", "must be between 1 and " + MAX_PAGE_SIZE)));
        }
        Sort order = Arrays.stream(Sort.values()).filter(s -> s.name().equalsIgnoreCase(sort)).findFirst()
                .orElseThrow(() -> new BadRequest("Unknown sort.", List.of(new Violation("sort",
                        "must be one of " + Arrays.stream(Sort.values()).map(s -> s.name().toLowerCase(Locale.ROOT)).toList()))));
        return library.search(new LibraryQuery(q, tags, category, verified, owner, order, page, size), viewerOf(user));
    }
}
