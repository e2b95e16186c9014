package io.benchmarkhub.query.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.Visibility;
import io.benchmarkhub.domain.benchmark.events.BenchmarkUnpublished;
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
import java.nio.charset.StandardCharsets;
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
    private final LeaderboardQueries queries = node();
    private final String prefix = "lb-" + UUID.randomUUID().toString().substring(0, 8) + "/";
    private final BenchmarkId benchmark =
            new BenchmarkId("bm_" + UUID.randomUUID().toString().replace("-", ""));
    private final String hash = "sha256:" + benchmark.value();

    /** The benchmark's own stream, so a later event of it follows its creation. */
    private final EventHistory benchmarkEvents = new EventHistory();

    /** The query side of one application instance: each keeps its own boards. */
    private static LeaderboardQueries node() {
        return new LeaderboardQueries(
                ReadSide.named(),
                ReadSide.MAPPER,
                new ContaminationQueries(ReadSide.named()),
                new ProjectionPositions(ReadSide.jdbc()),
                new LeaderboardProperties(3));
    }

    /**
     * What the leaderboards processor does in the transaction of every batch it handles: store its new position. The
     * handlers here run without a processor, so the tests move it themselves after handing events to the projection.
     */
    private static void leaderboardsPositionMoved() {
        ReadSide.jdbc().update("""
                        INSERT INTO token_entry (processor_name, segment, token, token_type) VALUES ('leaderboards', 0, ?, 'test')
                        ON CONFLICT (processor_name, segment) DO UPDATE SET token = EXCLUDED.token""", (Object) UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
    }

    private void publicBenchmark() {
        benchmarkEvents
                .append(BenchmarkEvents.created(benchmark, "owner", "Board", Visibility.PUBLIC))
                .applyTo(benchmarks);
    }

    private void completed(String user, List<String> overrides, Result... results) {
        completedUnseen(user, overrides, results);
        leaderboardsPositionMoved();
    }

    /** A run handed to the projection's handlers without the position that would be stored with it. */
    private void completedUnseen(String user, List<String> overrides, Result... results) {
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
        leaderboardsPositionMoved();
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
    void a_board_is_computed_once_per_position_of_the_leaderboards_projection_on_every_node() {
        publicBenchmark();
        LeaderboardQueries other = node();
        String a = prefix + "a";
        String b = prefix + "b";
        completed("bob", List.of(), Result.of(a, 0.8, 0.05, 10));
        assertThat(models(queries)).containsExactly(a);
        assertThat(models(other)).containsExactly(a);

        // rows without a new position: both nodes answer the board they keep, computed at that position
        completedUnseen("carol", List.of(), Result.of(b, 0.6, 0.05, 10));
        assertThat(models(queries)).containsExactly(a);
        assertThat(models(other)).containsExactly(a);

        // the position moves (as it does in the transaction of the processor's batch, whichever node handled it):
        // every node computes the board again at once, not after some time
        leaderboardsPositionMoved();
        assertThat(models(queries)).containsExactly(a, b);
        assertThat(models(other)).containsExactly(a, b);
    }

    @Test
    void a_kept_board_is_answered_only_to_those_who_may_see_the_benchmark_now() {
        publicBenchmark();
        completed("bob", List.of(), Result.of(prefix + "a", 0.8, 0.05, 10));
        var owner = new Viewer(new io.benchmarkhub.domain.user.UserId("owner"));
        assertThat(queries.benchmark(benchmark.value(), null, false, Viewer.ANONYMOUS))
                .isPresent();

        // unpublished: benchmark-detail moves, the leaderboards position does not, and the kept board is the owner's
        // only
        benchmarkEvents
                .append(new BenchmarkUnpublished(benchmark, new io.benchmarkhub.domain.user.UserId("owner"), 1))
                .applyTo(benchmarks);
        assertThat(queries.benchmark(benchmark.value(), null, false, Viewer.ANONYMOUS))
                .isEmpty();
        assertThat(queries.benchmark(
                        benchmark.value(), null, false, new Viewer(new io.benchmarkhub.domain.user.UserId("bob"))))
                .as("not even to the user whose run it pools")
                .isEmpty();
        assertThat(queries.benchmark(benchmark.value(), null, false, owner)
                        .orElseThrow()
                        .entries())
                .hasSize(1);
    }

    private List<String> models(LeaderboardQueries node) {
        return node.benchmark(benchmark.value(), null, false, Viewer.ANONYMOUS).orElseThrow().entries().stream()
                .map(Entry::model)
                .toList();
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
