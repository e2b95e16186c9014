package io.benchmarkhub.query.run;

import java.time.Instant;
import java.util.Set;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * The run history a viewer sees (ADR 0042): a run of a benchmark that is not public, requested before {@code from}, is
 * left out of run lists unless its billing space (the requester's personal space, or its workspace) sees full history:
 * {@code personal} for the viewer's own space, {@code workspaces} for those of the viewer's workspaces on Team. Nothing
 * is deleted: the same run shows again once the plan allows it.
 */
public record HistoryWindow(Instant from, boolean personal, Set<String> workspaces) {

    public HistoryWindow {
        workspaces = Set.copyOf(workspaces);
    }

    /** SQL condition on a run alias {@code r} that keeps the runs inside the window; adds its parameters. */
    String keeps(MapSqlParameterSource params) {
        params.addValue("historyFrom", java.sql.Timestamp.from(from));
        params.addValue("historyPersonal", personal);
        // an empty IN () is not SQL: no workspace id is blank
        params.addValue("historyWorkspaces", workspaces.isEmpty() ? Set.of("") : workspaces);
        return """
                (r.requested_at >= :historyFrom
                 OR EXISTS (SELECT 1 FROM benchmark hb WHERE hb.id = r.benchmark_id AND hb.visibility = 'PUBLIC')
                 OR (r.workspace_id IS NULL AND :historyPersonal)
                 OR r.workspace_id IN (:historyWorkspaces))""";
    }
}
