package io.benchmarkhub.domain.run.events;

import io.benchmarkhub.domain.run.ModelSummary;
import io.benchmarkhub.domain.run.RunId;
import java.util.List;
import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * Every trial was answered or failed and every verdict recorded; {@code summaries} has one entry per model, in request order.
 *
 * @param caseMeans per model, each case's mean score over its scored trials (its repeats averaged), in the order of
 *                  the run's case ids sorted by {@link String#compareTo} (the order its bootstrap resamples in); null
 *                  for a case no trial scored. What public leaderboards pool across runs. Revision 2; null in an older
 *                  event: not recorded (docs/leaderboards.md)
 */
@Revision("2")
public record RunCompleted(
        RunId runId, List<ModelSummary> summaries, Double judgeAgreement, Map<String, List<Double>> caseMeans)
        implements RunEvent {

    /** A completion without per-case means (as before revision 2). */
    public RunCompleted(RunId runId, List<ModelSummary> summaries, Double judgeAgreement) {
        this(runId, summaries, judgeAgreement, null);
    }
}
