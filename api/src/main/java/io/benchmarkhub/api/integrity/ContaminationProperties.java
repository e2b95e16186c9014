package io.benchmarkhub.api.integrity;

import io.benchmarkhub.domain.integrity.ContaminationDetector.Evidence;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code benchmarkhub.contamination.*}: when the contamination policy raises a flag (docs/leaderboards.md).
 *
 * @param enabled               false: the policy never runs (flags already raised stay)
 * @param minCases              cases the flagged leaderboard entry must have a mean for
 * @param minBenchmarksPerModel public benchmarks the model must have scores on
 * @param minModelsPerBenchmark models that must have scores on the benchmark
 * @param zThreshold            a pair is flagged when its z is above this
 * @param zClear                an open flag is cleared when the pair's z is at or below this (below zThreshold)
 */
@Validated
@ConfigurationProperties("benchmarkhub.contamination")
public record ContaminationProperties(
        @DefaultValue("true") boolean enabled,
        @Min(1) @DefaultValue("20") int minCases,
        @Min(2) @DefaultValue("5") int minBenchmarksPerModel,
        @Min(2) @DefaultValue("3") int minModelsPerBenchmark,

        @DecimalMin(value = "0", inclusive = false) @DefaultValue("3.0")
        double zThreshold,

        @DefaultValue("2.0") double zClear) {

    public ContaminationProperties {
        if (!(zClear < zThreshold)) {
            throw new IllegalArgumentException(
                    "benchmarkhub.contamination.z-clear must be below z-threshold (hysteresis)");
        }
    }

    public Evidence evidence() {
        return new Evidence(minCases, minBenchmarksPerModel, minModelsPerBenchmark, zThreshold, zClear);
    }
}
