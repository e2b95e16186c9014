package io.benchmarkhub.api.golden;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code benchmarkhub.golden-library.*}: the public benchmarks loaded on the first start (docs/library.md).
 *
 * @param enabled       load the golden benchmarks a database does not have yet when the app starts
 * @param sourceBaseUrl where the files are published; a benchmark's verified-badge source is this plus its file name
 */
@Validated
@ConfigurationProperties("benchmarkhub.golden-library")
record GoldenLibraryProperties(
        @DefaultValue("true") boolean enabled,

        @NotBlank @DefaultValue("https://github.com/benchmarkhub/benchmarkhub/blob/main/golden/benchmarks/")
        String sourceBaseUrl) {}
