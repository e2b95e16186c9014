package io.benchmarkhub.domain.run.events;

import io.benchmarkhub.domain.run.ProviderGeneration;
import io.benchmarkhub.domain.run.RunId;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * One judge's verdict on one answered trial for the LLM-judge grader at {@code graderIndex}.
 * A judge whose output could not be parsed after retries (or whose call failed) gets a failed
 * verdict: {@code score} null and {@code failure} saying why; a score is never guessed.
 *
 * @param score          in [0,1], or null when the verdict failed
 * @param selfPreference the judge is from the candidate's vendor, so its verdict may favour it
 * @param costMicros     what the judge calls cost, in integer micro-dollars
 * @param attempts       judge calls made for this verdict
 * @param generations    every call the provider answered for this verdict (an unparsable answer is asked
 *                       again), each with its cost; their costs add up to {@code costMicros}. {@code generationId}
 *                       is the last of them.
 */
@Revision("1")
public record JudgeVerdictRecorded(
        RunId runId,
        String caseId,
        String model,
        int repeat,
        int graderIndex,
        String judgeModel,
        Double score,
        String rationale,
        String failure,
        boolean selfPreference,
        long costMicros,
        String generationId,
        int attempts,
        List<ProviderGeneration> generations)
        implements RunEvent.TrialResult {

    public JudgeVerdictRecorded {
        generations = generations == null ? List.of() : List.copyOf(generations);
    }

    public boolean failed() {
        return score == null;
    }
}
