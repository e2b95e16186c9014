package io.benchmarkhub.domain.run;

/**
 * Where a run is in its life. The last four are final: nothing is recorded after them. A SUSPENDED run waits for its
 * requester to resume it ({@code POST /api/runs/{id}/resume} with the BYOK key again).
 */
public enum RunStatus {
    REQUESTED,
    RUNNING,
    SUSPENDED,
    COMPLETED,
    FAILED,
    CANCELLED,
    TIMED_OUT;

    public boolean terminal() {
        return this != REQUESTED && this != RUNNING && this != SUSPENDED;
    }
}
