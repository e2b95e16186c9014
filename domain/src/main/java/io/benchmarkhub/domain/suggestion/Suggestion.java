package io.benchmarkhub.domain.suggestion;

import io.benchmarkhub.domain.benchmark.TestCase;
import java.util.Objects;

/**
 * One drafted case, as the model proposed it and the checks passed it. It is not a case of the benchmark until a person
 * accepts it.
 *
 * @param id           {@code <jobId>.<n>}, so the job it belongs to is known from the id alone
 * @param testCase     input, expected and tags, without id or weight
 * @param persona      the persona it was drafted for, or null
 * @param edgeCaseType the edge-case type the model says it covers, or null
 */
public record Suggestion(String id, TestCase testCase, String persona, String edgeCaseType) {

    public Suggestion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(testCase, "testCase");
    }

    /** The job id of a suggestion id, or null when the id has no job part. */
    public static String jobOf(String suggestionId) {
        if (suggestionId == null) return null;
        int dot = suggestionId.lastIndexOf('.');
        return dot > 0 ? suggestionId.substring(0, dot) : null;
    }
}
