package io.benchmarkhub.api.library;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code benchmarkhub.library-search.*}: used only when Elasticsearch is configured.
 *
 * @param index the alias searches read; physical indices are named {@code <index>-v…} and a rebuild
 *              under way is marked by the alias {@code <index>-building}
 * @param apiKey an Elasticsearch API key (the base64 "encoded" form), sent as {@code Authorization: ApiKey …};
 *               Spring Boot has username/password ({@code spring.elasticsearch.*}) but no API key setting
 */
@Validated
@ConfigurationProperties("benchmarkhub.library-search")
record LibrarySearchProperties(
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9_.-]*") @DefaultValue("library")
        String index,

        String apiKey) {}
