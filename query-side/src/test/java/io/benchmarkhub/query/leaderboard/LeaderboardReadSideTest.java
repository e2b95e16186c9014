package io.benchmarkhub.query.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.Visibility;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.run.events.RunRequested;
import io.benchmarkhub.domain.statistics.WilsonInterval;
import io.benchmarkhub.projections.benchmark.BenchmarkDetailProjection;
import io.benchmarkhub.projections.leaderboard.LeaderboardProjection;
import io.benchmarkhub.query.ReadSide;
import io.benchmarkhub.query.Viewer;
import io.benchmarkhub.query.leaderboard.LeaderboardViews.Entry;
import io.benchmarkhub.query.support.ProjectionPositions;
import io.benchmarkhub.testsupport.BenchmarkEvents;
import io.benchmarkhub.testsupport.CompletedRuns;
import io.benchmarkhub.testsupport.CompletedRuns.Result;
import io.benchmarkhub.testsupport.EventHistory;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Completed runs → the leaderboards projection's handlers → rows → a benchmark's leaderboard, on one embedded PostgreSQL. */
class LeaderboardReadSideTest {

    private final BenchmarkDetailProjection benchmarks =
            new BenchmarkDetailProjection(ReadSide.batch(), ReadSide.json(), ReadSide.NO_LISTENERS);
    private final LeaderboardProjection leaderboards =
            new LeaderboardProjection(ReadSide.batch(), ReadSide.NO_LISTENERS);
    private final LeaderboardQueries queries = new LeaderboardQueries(
            ReadSide.named(),
            ReadSide.MAPPER,
            new ContaminationQueries(ReadSide.named()),
            new ProjectionPositions(ReadSide.jdbc()),
            new LeaderboardProperties(3));
    private final String prefix = "lb-" + UUID.randomUUID().toString().substring(0, 8) + "/";
    private final BenchmarkId benchmark =
            new BenchmarkId("bm_" + UUID.randomUUID().toString().replace("-", ""));
    private final String hash = "sha256:" + benchmark.value();

    private void publicBenchmark() {
        new EventHistory()
                .append(BenchmarkEvents.created(benchmark, "owner", "Board", Visibility.PUBLIC))
                .applyTo(benchmarks);
    }

    private void completed(String user, List<String> overrides, Result... results) {
        new EventHistory()
                .append(CompletedRuns.events(
                                RunId.generate(), user, benchmark.value(), 1, hash, 30, List.of(results), overrides)
                        .toArray())
                .applyTo(leaderboards);
    }

    @Test
    void a_public_board_pools_each_models_canonical_runs_best_first_with_rank_ranges() {
        publicBenchmark();
        String a = prefix + "a";
        String b = prefix + "b";
        completed("bob", List.of(), Result.of(a, 0.8, 0.05, 10), Result.of(b, 0.4, 0.05, 20));
        completed("alice", List.of(), Result.of(a, 0.8, 0.05, 10));

        var board = queries.benchmark(benchmark.value(), null, false, Viewer.ANONYMOUS)
                .orElseThrow();

        assertThat(board.entries())
                .extracting(Entry::model, Entry::runCount, Entry::userCount)
                .containsExactly(tuple(a, 2, 2), tuple(b, 1, 1));
        assertThat(board.entries().getFirst().score()).isEqualTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(board.entries().getFirst().rank()).isEqualTo(new LeaderboardViews.Rank(1, 1));
        assertThat(board.entries().getFirst().ci95()).hasSize(2);
        assertThat(board.contentHash()).isEqualTo(hash);
    }

    /** One run of {@code user}'s on 10 cases, completed {@code minute} minutes into the day: the cap counts runs in that order. */
    private void completedAt(int minute, String user, Result result) {
        new EventHistory()
                .at(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(60L * minute))
                .append(CompletedRuns.events(
                                RunId.generate(), user, benchmark.value(), 1, hash, 10, List.of(result), List.of())
                        .toArray())
                .applyTo(leaderboards);
    }

    private Entry onlyEntry() {
        var entries = queries.benchmark(benchmark.value(), null, false, Viewer.ANONYMOUS)
                .orElseThrow()
                .entries();
        assertThat(entries).hasSize(1);
        return entries.getFirst();
    }

    @Test
    void one_user_counts_with_at_most_three_runs_and_the_board_says_how_many_runs_and_users_stand_behind_an_entry() {
        publicBenchmark();
        String m = prefix + "m";
        // carol's first three runs count, then bob's; carol's two later runs (scoring 0) are past her cap and change
        // nothing
        for (int i = 0; i < 3; i++) {
            completedAt(i, "carol", Result.constant(m, 1.0));
            assertThat(onlyEntry().runCount())
                    .as("carol's run %d counts", i + 1)
                    .isEqualTo(i + 1);
        }
        completedAt(3, "bob", Result.constant(m, 0.0));
        Entry before = onlyEntry();
        assertThat(before.runCount()).as("bob's run counts").isEqualTo(4);
        for (int i = 1; i <= 2; i++) {
            completedAt(3 + i, "carol", Result.constant(m, 0.0));
            assertThat(onlyEntry().cappedRuns())
                    .as("carol's run past her cap is left out")
                    .isEqualTo(i);
        }

        Entry entry = onlyEntry();
        assertThat(entry.score()).isEqualTo(0.75);
        assertThat(entry.runCount()).isEqualTo(4);
        assertThat(entry.userCount()).isEqualTo(2);
        assertThat(entry.cappedRuns()).isEqualTo(2);
        assertThat(entry.trials()).isEqualTo(40);
        assertThat(entry.passRate()).isEqualTo(0.75);
        var wilson = WilsonInterval.of(30, 40);
        assertThat(entry.passRateCi95()).containsExactly(wilson.lower(), wilson.upper());
        assertThat(entry)
                .as("carol's later runs changed nothing but the count of runs left out")
                .usingRecursiveComparison()
                .ignoringFields("cappedRuns")
                .isEqualTo(before);
    }

    @Test
    void a_run_with_its_own_parameters_stays_off_the_public_board() {
        publicBenchmark();
        String a = prefix + "a";
        completed("bob", List.of(RunRequested.TEMPERATURE), Result.of(a, 0.9, 0.05, 10));

        var board = queries.benchmark(benchmark.value(), null, false, Viewer.ANONYMOUS)
                .orElseThrow();

        assertThat(board.entries()).isEmpty();
    }

    @Test
    void a_private_benchmarks_board_does_not_exist_for_others() {
        new EventHistory()
                .append(BenchmarkEvents.created(benchmark, "owner", "Private", Visibility.PRIVATE))
                .applyTo(benchmarks);
        completed("owner", List.of(), Result.of(prefix + "a", 0.5, 0.05, 10));

        assertThat(queries.benchmark(benchmark.value(), null, false, Viewer.ANONYMOUS))
                .isEmpty();
        assertThat(queries.benchmark(
                                benchmark.value(),
                                null,
                                false,
                                new Viewer(new io.benchmarkhub.domain.user.UserId("owner")))
                        .orElseThrow()
                        .entries())
                .hasSize(1);
    }
}
