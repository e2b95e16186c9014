package io.benchmarkhub.domain.run.events;

import io.benchmarkhub.domain.run.RunId;
import org.axonframework.serialization.Revision;

/**
 * A candidate model answered a trial.
 *
 * @param costMicros   API cost in integer micro-dollars
 * @param generationId the provider's id for the generation (reconciliation), or null
 * @param attempts     calls made for this answer, retries included
 */
@Revision("1")
public record ModelResponseRecorded(
        RunId runId,
        String caseId,
        String model,
        int repeat,
        String output,
        long latencyMs,
        long promptTokens,
        long completionTokens,
        long costMicros,
        String generationId,
        boolean simulated,
        int attempts)
        implements RunEvent.TrialResult {}
