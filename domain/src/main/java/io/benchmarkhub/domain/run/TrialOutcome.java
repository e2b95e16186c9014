package io.benchmarkhub.domain.run;

/**
 * A settled trial as the statistics need it.
 *
 * @param score           the {@link TrialScoring} score, or null when nothing scored it
 * @param passed          null when {@code score} is null
 * @param latencyMs       null for a failed call
 * @param costMicros      the candidate call's API cost
 * @param judgeCostMicros the judge calls' API cost for this trial
 */
public record TrialOutcome(
        String caseId,
        int repeat,
        boolean failedCall,
        Double score,
        Boolean passed,
        Long latencyMs,
        long costMicros,
        long judgeCostMicros) {}
