package io.benchmarkhub.domain.run.commands;

import io.benchmarkhub.domain.run.RunId;

/** Commands to a run. Only {@link CancelRun} and {@link RecordHumanGrade} come from users; the rest from the executor. */
public sealed interface RunCommand
        permits RequestRun, StartRun, RecordRunResults, CompleteRun, FailRun, CancelRun, RecordHumanGrade {

    RunId runId();
}
