package io.benchmarkhub.domain.run;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One model's results in a run. Nulls mean "nothing to estimate from" (no scored trial, no answer).
 *
 * @param trials            trials settled: answered or failed
 * @param failedCalls       trials whose model call failed after retries (each scores 0)
 * @param scored            trials with a score (failed calls included)
 * @param score             mean of the per-case mean score, with a seeded bootstrap 95% interval over cases
 * @param passRate          share of scored trials that passed, with a Wilson 95% interval
 * @param latencyP50Ms      percentiles over answered trials
 * @param costMicros        the candidate's API cost, integer micro-dollars
 * @param costPerCaseMicros {@code costMicros / cases}, rounded half up
 * @param judgeCostMicros   what judging this model's answers cost
 * @param passHatK          with repeats k &gt; 1: pass^k, the chance that all k tries of a case pass
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelSummary(
        String model,
        boolean simulated,
        int trials,
        int failedCalls,
        int scored,
        Double score,
        Double scoreLow,
        Double scoreHigh,
        Double passRate,
        Double passRateLow,
        Double passRateHigh,
        Double latencyP50Ms,
        Double latencyP95Ms,
        Double latencyP99Ms,
        long costMicros,
        long costPerCaseMicros,
        long judgeCostMicros,
        Double passHatK) {}
