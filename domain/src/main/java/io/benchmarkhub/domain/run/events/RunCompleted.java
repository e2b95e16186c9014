package io.benchmarkhub.domain.run.events;

import io.benchmarkhub.domain.run.ModelSummary;
import io.benchmarkhub.domain.run.RunId;
import org.axonframework.serialization.Revision;

import java.util.List;

/** Every trial was answered or failed and every verdict recorded; {@code summaries} has one entry per model, in request order. */
@Revision("1")
public record RunCompleted(RunId runId, List<ModelSummary> summaries, Double judgeAgreement) implements RunEvent {
}
