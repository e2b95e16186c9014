package io.benchmarkhub.domain.run;

/** Where a run is in its life. The last four are final: nothing is recorded after them. */
public enum RunStatus {
    REQUESTED, RUNNING, COMPLETED, FAILED, CANCELLED, TIMED_OUT;

    public boolean terminal() {
        return this != REQUESTED && this != RUNNING;
    }
}
