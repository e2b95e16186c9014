package io.benchmarkhub.query.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.kpi.KpiPeriod;
import io.benchmarkhub.domain.kpi.PeriodKpis;
import io.benchmarkhub.domain.kpi.PeriodKpis.Share;
import io.benchmarkhub.domain.run.events.RunStarted;
import io.benchmarkhub.projections.kpi.KpiProjection;
import io.benchmarkhub.query.ReadSide;
import io.benchmarkhub.query.support.ProjectionPositions;
import io.benchmarkhub.testsupport.EventHistory;
import io.benchmarkhub.testsupport.RunScript;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** Run events at chosen times → the KPI projection's handlers → fact rows → the KPIs of each day, on one embedded PostgreSQL. */
class KpiReadSideTest {

    private final KpiProjection projection = new KpiProjection(ReadSide.batch());
    private final KpiQueries queries = new KpiQueries(ReadSide.named(), new ProjectionPositions(ReadSide.jdbc()));
    /** KPIs count every run of a period, so the test takes days of its own in a year nobody else uses. */
    private final LocalDate day =
            LocalDate.of(2100 + ThreadLocalRandom.current().nextInt(200), 6, 10);

    private Instant at(int dayOffset, int hour) {
        return day.plusDays(dayOffset).atTime(hour, 0).toInstant(ZoneOffset.UTC);
    }

    private RunScript run(String user) {
        return RunScript.simple(
                user, List.of("vendor/model"), List.of("c1"), 1, List.of(new Grader.Exact(null, null)), List.of());
    }

    @Test
    void a_run_counts_on_the_day_it_was_requested_and_succeeds_only_if_no_call_failed() {
        String alice = "user_" + UUID.randomUUID();
        RunScript clean = run(alice);
        RunScript failing = run(alice);
        var history = new EventHistory();
        history.appendAt(at(0, 9), clean.request)
                .appendAt(at(0, 9), new RunStarted(clean.id))
                .appendAt(at(0, 9), clean.answer("c1", "vendor/model", 1, "4", 100, 10))
                .appendAt(at(0, 10), clean.completed());
        history.appendAt(at(0, 11), failing.request)
                .appendAt(at(0, 11), new RunStarted(failing.id))
                .appendAt(at(0, 11), failing.fail("c1", "vendor/model", 1, "SERVER_ERROR"))
                .appendAt(at(1, 1), failing.completed());
        history.applyTo(projection);

        List<PeriodKpis> kpis = queries.kpis(KpiPeriod.DAY, at(0, 0), at(2, 0));

        assertThat(kpis).hasSize(2);
        assertThat(kpis.get(0).runsRequested()).isEqualTo(2);
        assertThat(kpis.get(0).runSuccess()).isEqualTo(new Share(1, 1, 1.0));
        assertThat(kpis.get(0).modelsIntegrated()).isEqualTo(1);
        assertThat(kpis.get(1).runsRequested()).isZero();
        assertThat(kpis.get(1).runSuccess())
                .as("ended the next day, with a failed call")
                .isEqualTo(new Share(0, 1, 0.0));
        // an hour from request to result on the first day
        assertThat(kpis.get(0).p95TimeToResultsMs()).isEqualTo(3_600_000.0);
    }
}
