package io.benchmarkhub.query.run;

import static io.benchmarkhub.testsupport.RunScript.miss;
import static io.benchmarkhub.testsupport.RunScript.pass;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchmarkhub.domain.benchmark.Visibility;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.run.RunStatus;
import io.benchmarkhub.domain.run.events.RunStarted;
import io.benchmarkhub.domain.user.UserId;
import io.benchmarkhub.projections.benchmark.BenchmarkDetailProjection;
import io.benchmarkhub.projections.run.RunProjection;
import io.benchmarkhub.query.InvalidQuery;
import io.benchmarkhub.query.ReadSide;
import io.benchmarkhub.query.Viewer;
import io.benchmarkhub.query.failuremode.FailureModeQueries;
import io.benchmarkhub.query.run.RunQueries.ResultsQuery;
import io.benchmarkhub.query.run.RunViews.FailureMode;
import io.benchmarkhub.query.run.RunViews.TrialView;
import io.benchmarkhub.testsupport.BenchmarkEvents;
import io.benchmarkhub.testsupport.EventHistory;
import io.benchmarkhub.testsupport.RunScript;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Run events → the runs projection's handlers → rows → RunQueries' answers, on one embedded PostgreSQL. */
class RunReadSideTest {

    private final RunProjection projection = new RunProjection(ReadSide.batch(), ReadSide.json());
    private final BenchmarkDetailProjection benchmarks =
            new BenchmarkDetailProjection(ReadSide.batch(), ReadSide.json(), ReadSide.NO_LISTENERS);
    private final RunQueries queries = new RunQueries(
            ReadSide.named(),
            ReadSide.columns(),
            ReadSide.MAPPER,
            new FailureModeQueries(ReadSide.named(), ReadSide.columns()));
    private final String owner = "user_" + UUID.randomUUID();
    private final Viewer viewer = new Viewer(new UserId(owner));

    /**
     * Baseline m and candidate n on c1..c3: n misses the exact grader on c1 where m passed, its call fails on c2 where m
     * answered, and both pass c3.
     */
    private RunScript comparedRun() {
        var script = RunScript.simple(
                owner,
                List.of("m", "n"),
                List.of("c1", "c2", "c3"),
                1,
                List.of(new Grader.Exact(null, null)),
                List.of());
        new EventHistory()
                .append(BenchmarkEvents.created(script.request.benchmarkId(), owner, "Sums", Visibility.PRIVATE))
                .applyTo(benchmarks);
        script.history(script.request, new RunStarted(script.id));
        for (String c : List.of("c1", "c2", "c3")) {
            script.history(script.answer(c, "m", 1, "4", 100, 10), script.grade(c, "m", 1, pass(0, "exact")));
        }
        script.history(
                script.answer("c1", "n", 1, "5", 120, 20),
                script.grade("c1", "n", 1, miss(0, "exact")),
                script.fail("c2", "n", 1, "SERVER_ERROR"),
                script.answer("c3", "n", 1, "4", 90, 20),
                script.grade("c3", "n", 1, pass(0, "exact")));
        script.history().applyTo(projection);
        return script;
    }

    @Test
    void a_running_run_shows_its_progress_and_live_summaries_to_its_owner_only() {
        RunScript script = comparedRun();

        var view = queries.find(script.id.value(), viewer).orElseThrow();

        assertThat(view.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(view.progress().done()).isEqualTo(6);
        assertThat(view.progress().total()).isEqualTo(6);
        assertThat(view.models()).extracting(RunViews.ModelView::model).containsExactly("m", "n");
        assertThat(view.models().get(0).score()).isEqualTo(1.0);
        assertThat(view.models().get(1).failedCalls()).isEqualTo(1);
        assertThat(queries.find(script.id.value(), new Viewer(new UserId("someone-else"))))
                .isEmpty();
        assertThat(queries.progress(script.id.value(), viewer).orElseThrow().done())
                .isEqualTo(6);
    }

    @Test
    void a_running_runs_statistics_are_answered_again_for_ten_times_their_cost_while_its_progress_stays_fresh() {
        // every reading of this clock moves it 100 ms: computing the statistics "takes" 100 ms, so they are kept 1 s
        var now = new AtomicLong();
        var timed = new RunQueries(
                ReadSide.named(),
                ReadSide.columns(),
                ReadSide.MAPPER,
                new FailureModeQueries(ReadSide.named(), ReadSide.columns()),
                () -> now.addAndGet(100_000_000L));
        var script = RunScript.simple(
                owner, List.of("m"), List.of("c1", "c2"), 1, List.of(new Grader.Exact(null, null)), List.of());
        new EventHistory()
                .append(BenchmarkEvents.created(script.request.benchmarkId(), owner, "Sums", Visibility.PRIVATE))
                .applyTo(benchmarks);
        script.history(
                        script.request,
                        new RunStarted(script.id),
                        script.answer("c1", "m", 1, "4", 100, 10),
                        script.grade("c1", "m", 1, pass(0, "exact")))
                .applyTo(projection);
        String id = script.id.value();
        assertThat(timed.find(id, viewer).orElseThrow().models().getFirst().trials())
                .isEqualTo(1);

        script.history(script.answer("c2", "m", 1, "5", 100, 10), script.grade("c2", "m", 1, miss(0, "exact")))
                .applyTo(projection);
        var soon = timed.find(id, viewer).orElseThrow();
        assertThat(soon.progress().done()).as("progress is read fresh").isEqualTo(2);
        assertThat(soon.models().getFirst().trials())
                .as("the statistics computed 100 ms ago are answered again")
                .isEqualTo(1);
        assertThat(timed.find(id, new Viewer(new UserId("someone-else")))).isEmpty();

        now.addAndGet(2_000_000_000L);
        var later = timed.find(id, viewer).orElseThrow();
        assertThat(later.models().getFirst().trials()).isEqualTo(2);
        assertThat(later.models().getFirst().score()).isEqualTo(0.5);
    }

    @Test
    void the_comparison_names_the_grader_and_the_call_failure_the_candidate_has_and_the_baseline_has_not() {
        RunScript script = comparedRun();

        var comparison = queries.compare(script.id.value(), "m", "n", viewer).orElseThrow();

        assertThat(comparison.casesLost()).isEqualTo(2);
        assertThat(comparison.casesTied()).isEqualTo(1);
        assertThat(comparison.casesWon()).isZero();
        assertThat(comparison.failureModes())
                .containsExactly(
                        new FailureMode("GRADER", 0, "exact", null, 1, List.of("c1")),
                        new FailureMode("CALL_FAILURE", null, null, "SERVER_ERROR", 1, List.of("c2")));
        assertThat(queries.compare(script.id.value(), "n", "m", viewer)
                        .orElseThrow()
                        .failureModes())
                .as("the baseline's own failures are not the candidate's")
                .isEmpty();
        assertThatThrownBy(() -> queries.compare(script.id.value(), "m", "x", viewer))
                .isInstanceOf(InvalidQuery.class);
    }

    @Test
    void across_runs_the_comparison_pairs_the_cases_both_runs_scored_and_refuses_a_run_of_another_benchmark() {
        RunScript base = comparedRun();
        // the same benchmark run again with m alone: it now misses c2 and never reaches c3
        var again = new RunScript(
                owner,
                base.request.benchmarkId().value(),
                List.of("m"),
                List.of(),
                List.of("c1", "c2", "c3"),
                1,
                List.of(new Grader.Exact(null, null)),
                List.of(),
                List.of());
        again.history(
                        again.request,
                        new RunStarted(again.id),
                        again.answer("c1", "m", 1, "4", 100, 10),
                        again.grade("c1", "m", 1, pass(0, "exact")),
                        again.answer("c2", "m", 1, "5", 100, 10),
                        again.grade("c2", "m", 1, miss(0, "exact")))
                .applyTo(projection);

        var comparison = queries.compareAcross(again.id.value(), base.id.value(), "m", "m", viewer)
                .orElseThrow();

        assertThat(comparison.difference().n()).isEqualTo(2);
        assertThat(comparison.difference().mean()).isEqualTo(-0.5);
        assertThat(List.of(comparison.casesWon(), comparison.casesLost(), comparison.casesTied()))
                .containsExactly(0, 1, 1);
        assertThat(comparison.failureModes()).as("not compared across runs").isEmpty();
        RunScript elsewhere = RunScript.simple(
                owner, List.of("m"), List.of("c1"), 1, List.of(new Grader.Exact(null, null)), List.of());
        elsewhere.history(elsewhere.request).applyTo(projection);
        assertThatThrownBy(() -> queries.compareAcross(again.id.value(), elsewhere.id.value(), "m", "m", viewer))
                .isInstanceOf(InvalidQuery.class)
                .hasMessageContaining("another benchmark");
    }

    @Test
    void failed_results_come_in_key_order_a_page_at_a_time_behind_an_opaque_cursor() {
        RunScript script = comparedRun();

        var first = queries.results(script.id.value(), new ResultsQuery(null, null, true, false, null, 1), viewer)
                .orElseThrow();
        var second = queries.results(
                        script.id.value(), new ResultsQuery(null, null, true, false, first.nextCursor(), 1), viewer)
                .orElseThrow();

        assertThat(first.items())
                .extracting(TrialView::model, TrialView::caseId)
                .containsExactly(tuple("n", "c1"));
        assertThat(second.items())
                .extracting(TrialView::model, TrialView::caseId)
                .containsExactly(tuple("n", "c2"));
        assertThat(second.nextCursor()).isNull();
        assertThat(second.items().getFirst().failure().kind()).isEqualTo("SERVER_ERROR");
        assertThatThrownBy(() -> queries.results(
                        script.id.value(), new ResultsQuery(null, null, true, false, "bm90LWEtY3Vyc29y", 1), viewer))
                .isInstanceOf(InvalidQuery.class)
                .hasMessageContaining("cursor");
    }

    @Test
    void a_known_failure_mode_is_still_shown_by_the_model_that_fails_its_cases() {
        RunScript script = comparedRun();
        script.history(script.failureModeTagged("Wrong sums", "adds one", new UserId(owner), "c1", "c2"))
                .applyTo(projection);

        var modes = queries.failureModes(script.id.value(), viewer).orElseThrow();

        assertThat(modes.items()).hasSize(1);
        assertThat(modes.items().getFirst().models())
                .extracting(RunViews.FailureModeStatus::model, s -> s.status().name())
                .containsExactly(tuple("m", "FIXED"), tuple("n", "STILL_SHOWS"));
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }
}
