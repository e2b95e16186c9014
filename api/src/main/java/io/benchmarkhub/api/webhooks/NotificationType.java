package io.benchmarkhub.api.webhooks;

import java.util.Arrays;
import java.util.Optional;

/** What a webhook can be told about, by the name it carries in a delivery's {@code type} and in {@code events[]}. */
public enum NotificationType {
    /** A run the owner requested completed. */
    RUN_COMPLETED("run.completed"),
    /** A run the owner requested failed or timed out. */
    RUN_FAILED("run.failed"),
    /** Every benchmark of a release report of the owner's watcher has its outcome (run ended, or not run). */
    RELEASE_REPORT_READY("release_report.ready"),
    /** The contamination detector flagged a model on a benchmark the owner owns. */
    CONTAMINATION_FLAGGED("contamination.flagged"),
    /** A schedule of the owner skipped a fire because its monthly credit cap is used up (once per schedule and month). */
    SCHEDULE_BUDGET_REACHED("schedule.budget_reached");

    private final String wire;

    NotificationType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<NotificationType> of(String wire) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(wire)).findFirst();
    }
}
