package io.benchmarkhub.domain.run;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Sampling settings sent with every candidate call; null means the provider's default. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunParams(Double temperature, Integer maxTokens) {

    public static final RunParams DEFAULTS = new RunParams(null, null);
}
