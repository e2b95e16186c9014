package io.benchmarkhub.domain.run.commands;

import io.benchmarkhub.domain.run.RunId;

/** Commands to a run. {@link CancelRun}, {@link ResumeRun} and {@link RecordHumanGrade} come from users; the rest from the executor. */
public sealed interface RunCommand
        permits RequestRun,
                StartRun,
                RecordRunResults,
                CompleteRun,
                FailRun,
                SuspendRun,
                ResumeRun,
                CancelRun,
                RecordHumanGrade,
                TagFailureMode {

    RunId runId();
}
