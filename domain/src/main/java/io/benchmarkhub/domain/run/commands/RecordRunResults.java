package io.benchmarkhub.domain.run.commands;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.run.events.RunEvent;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A batch of trial results in one unit of work. Results already recorded (a resumed executor, a
 * redelivered batch) are skipped, so a trial is never recorded twice; the answer is how many were new.
 */
public record RecordRunResults(
        @TargetAggregateIdentifier RunId runId,
        @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS) List<RunEvent.TrialResult> results)
        implements RunCommand {

    public RecordRunResults {
        results = List.copyOf(results);
    }
}
