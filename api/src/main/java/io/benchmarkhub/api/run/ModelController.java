package io.benchmarkhub.api.run;

import io.benchmarkhub.query.models.ModelCatalogueQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The models runs can use, as the providers last listed them (refreshed by a Quartz job). */
@RestController
@Tag(name = "Runs")
public class ModelController {

    public record Models(List<ModelCatalogueQueries.Model> models) {
    }

    private final ModelCatalogueQueries catalogue;

    public ModelController(ModelCatalogueQueries catalogue) {
        this.catalogue = catalogue;
    }

    @GetMapping("/api/models")
    @Operation(summary = "The model catalogue: ids to run, prices in micro-dollars per million tokens, simulated or real")
    public Models models(@RequestParam(required = false) String provider, @RequestParam(required = false) Boolean simulated) {
        return new Models(catalogue.models(provider, simulated));
    }
}
