package io.benchmarkhub.domain.run.events;

import io.benchmarkhub.domain.run.RunId;

/**
 * Everything that happens to a run. A run is requested, started, collects one result event per
 * trial (a response or a failed call), one {@link GradeRecorded} per answered trial and one
 * {@link JudgeVerdictRecorded} per judge and LLM-judge grader, may wait for its requester between
 * {@link RunSuspended} and {@link RunResumed} (a BYOK run whose key was lost), and ends in exactly one of
 * {@link RunCompleted}, {@link RunFailed}, {@link RunCancelled} or {@link RunTimedOut}.
 */
public sealed interface RunEvent
        permits RunRequested,
                RunStarted,
                RunEvent.TrialResult,
                HumanGradeRecorded,
                FailureModeTagged,
                RunSuspended,
                RunResumed,
                RunCompleted,
                RunFailed,
                RunCancelled,
                RunTimedOut {

    RunId runId();

    /** The events the executor records about trials, many per unit of work. */
    sealed interface TrialResult extends RunEvent
            permits ModelResponseRecorded, ModelCallFailed, GradeRecorded, JudgeVerdictRecorded {

        String caseId();

        String model();

        int repeat();
    }
}
