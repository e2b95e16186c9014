package io.benchmarkhub.api.run;

import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.query.catalogue.ModelCatalogueQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The models runs can use, as the providers last listed them (refreshed by a Quartz job). */
@RestController
@Tag(name = "Runs")
class ModelController {

    public record Models(List<ModelCatalogueQueries.Model> models) {}

    /** A page of catalogue changes; {@code nextCursor} is the {@code after} of the next page, null on the last one. */
    public record Changes(List<ModelCatalogueQueries.Change> items, String nextCursor) {}

    static final int MAX_LIMIT = 1000;
    private static final Set<String> KINDS =
            Set.of("APPEARED", "PRICES_CHANGED", "CONTEXT_LENGTH_CHANGED", "DISAPPEARED");

    private final ModelCatalogueQueries catalogue;

    public ModelController(ModelCatalogueQueries catalogue) {
        this.catalogue = catalogue;
    }

    @GetMapping("/api/models")
    @Operation(
            summary = "The model catalogue: ids to run, prices in micro-dollars per million tokens, simulated or real")
    public Models models(
            @RequestParam(required = false) String provider, @RequestParam(required = false) Boolean simulated) {
        return new Models(catalogue.models(provider, simulated));
    }

    @GetMapping("/api/models/changes")
    @Operation(
            summary =
                    "The catalogue's history: models that appeared, changed prices or context length, or disappeared, oldest first",
            description =
                    "Every change the catalogue sync found, recorded once however many nodes sync. `since` is an ISO-8601 instant; "
                            + "`after` is the `nextCursor` of the previous page. `initial` marks models seen at a provider's first sync.")
    public Changes changes(
            @RequestParam(required = false) Instant since,
            @RequestParam(required = false) String after,
            @RequestParam(required = false) String provider,
            @RequestParam(required = false) String vendor,
            @RequestParam(required = false) String kind,
            @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequest(
                    "limit must be between 1 and " + MAX_LIMIT,
                    List.of(new Violation("limit", "must be between 1 and " + MAX_LIMIT)));
        }
        long cursor = 0;
        if (after != null && !after.isBlank()) {
            try {
                cursor = Long.parseLong(after.strip());
            } catch (NumberFormatException e) {
                cursor = -1;
            }
            if (cursor < 0)
                throw new BadRequest(
                        "after is not a cursor this endpoint gave", List.of(new Violation("after", "not a cursor")));
        }
        if (kind != null && !kind.isBlank() && !KINDS.contains(kind)) {
            throw new BadRequest(
                    "kind must be one of " + new TreeSet<>(KINDS),
                    List.of(new Violation("kind", "must be one of " + new TreeSet<>(KINDS))));
        }
        var items =
                catalogue.changes(since, cursor, blankToNull(provider), blankToNull(vendor), blankToNull(kind), limit);
        return new Changes(items, items.size() < limit ? null : items.getLast().id());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
