package io.benchmarkhub.api.admin;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.api.credits.FinanceHistory;
import io.benchmarkhub.api.leaderboard.LeaderboardHistory;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.commands.ClearContamination;
import io.benchmarkhub.domain.benchmark.commands.FlagContamination;
import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.credits.LotUse;
import io.benchmarkhub.domain.credits.ModelCost;
import io.benchmarkhub.domain.credits.events.CreditsGranted;
import io.benchmarkhub.domain.credits.events.CreditsPurchased;
import io.benchmarkhub.domain.credits.events.CreditsRefunded;
import io.benchmarkhub.domain.credits.events.CreditsReserved;
import io.benchmarkhub.domain.credits.events.ReservationReleased;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.run.Billing;
import io.benchmarkhub.domain.run.JudgePanel;
import io.benchmarkhub.domain.run.ProviderGeneration;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.run.events.RunRequested;
import io.benchmarkhub.domain.user.UserId;
import io.benchmarkhub.projections.benchmark.BenchmarkDetailProjection;
import io.benchmarkhub.projections.credits.CreditLedgerProjection;
import io.benchmarkhub.projections.credits.FinanceProjection;
import io.benchmarkhub.projections.forks.ForkTreeProjection;
import io.benchmarkhub.projections.kpi.KpiProjection;
import io.benchmarkhub.projections.leaderboard.LeaderboardProjection;
import io.benchmarkhub.projections.library.LibraryProjection;
import io.benchmarkhub.projections.run.RunProjection;
import io.benchmarkhub.testsupport.CompletedRuns;
import io.benchmarkhub.testsupport.RunScript;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Read models are rebuildable and idempotent: replaying from position 0, or redelivering events, gives the same rows. */
class ProjectionRebuildTest extends ApiTestBase {

    /** The tables of the credit-ledger and finance projections. */
    private static final Map<String, String> FINANCE_TABLES = Map.of(
            "credit_ledger", "SELECT * FROM credit_ledger ORDER BY account_id, seq",
            "credit_account", "SELECT * FROM credit_account ORDER BY account_id",
            "finance_charge_line", "SELECT * FROM finance_charge_line ORDER BY account_id, seq, model, currency",
            "finance_run", "SELECT * FROM finance_run ORDER BY run_id",
            "finance_generation", "SELECT * FROM finance_generation ORDER BY generation_id");

    private static final List<String> FINANCE_PROJECTIONS =
            List.of(CreditLedgerProjection.NAME, FinanceProjection.NAME);
    /** The projections whose read models are PostgreSQL tables. */
    private static final List<String> TABLE_PROJECTIONS = List.of(
            BenchmarkDetailProjection.NAME,
            ForkTreeProjection.NAME,
            LibraryProjection.NAME,
            RunProjection.NAME,
            LeaderboardProjection.NAME,
            CreditLedgerProjection.NAME,
            FinanceProjection.NAME,
            KpiProjection.NAME);

    /** Every read table, ordered by its key so two snapshots compare row by row. */
    private static final Map<String, String> TABLES = Map.ofEntries(
            entry("benchmark", "SELECT * FROM benchmark ORDER BY id"),
            entry("benchmark_case", "SELECT * FROM benchmark_case ORDER BY benchmark_id, case_id, valid_from"),
            entry("benchmark_version", "SELECT * FROM benchmark_version ORDER BY benchmark_id, version"),
            entry("benchmark_fork", "SELECT * FROM benchmark_fork ORDER BY fork_id"),
            entry("library_entry", "SELECT * FROM library_entry ORDER BY id"),
            entry("run", "SELECT * FROM run ORDER BY id"),
            entry("run_trial", "SELECT * FROM run_trial ORDER BY run_id, model, case_id, repeat"),
            entry(
                    "run_verdict",
                    "SELECT * FROM run_verdict ORDER BY run_id, model, case_id, repeat, grader_index, judge_model"),
            entry("run_human_grade", "SELECT * FROM run_human_grade ORDER BY run_id, model, case_id, graded_by"),
            entry("failure_mode_tag", "SELECT * FROM failure_mode_tag ORDER BY run_id, seq"),
            entry("leaderboard_run", "SELECT * FROM leaderboard_run ORDER BY run_id"),
            entry("leaderboard_result", "SELECT * FROM leaderboard_result ORDER BY run_id, model"),
            entry("contamination_flag", "SELECT * FROM contamination_flag ORDER BY benchmark_id, model"),
            entry("credit_ledger", FINANCE_TABLES.get("credit_ledger")),
            entry("credit_account", FINANCE_TABLES.get("credit_account")),
            entry("finance_charge_line", FINANCE_TABLES.get("finance_charge_line")),
            entry("finance_run", FINANCE_TABLES.get("finance_run")),
            entry("finance_generation", FINANCE_TABLES.get("finance_generation")),
            entry("kpi_run", "SELECT * FROM kpi_run ORDER BY run_id"),
            entry("kpi_model_day", "SELECT * FROM kpi_model_day ORDER BY day, model"),
            entry("kpi_public_benchmark", "SELECT * FROM kpi_public_benchmark ORDER BY benchmark_id"),
            entry("kpi_fork", "SELECT * FROM kpi_fork ORDER BY fork_id"),
            entry(
                    "kpi_verdict",
                    "SELECT * FROM kpi_verdict ORDER BY run_id, case_id, model, repeat, grader_index, judge_model"),
            entry("kpi_human_grade", "SELECT * FROM kpi_human_grade ORDER BY run_id, case_id, model, graded_by"),
            entry("kpi_charge", "SELECT * FROM kpi_charge ORDER BY run_id"));

    /** The days around now: the history below is written with the events' real times. */
    private static final String KPIS =
            "/api/kpis?period=day&from=" + LocalDate.now(ZoneOffset.UTC).minusDays(1) + "&to="
                    + LocalDate.now(ZoneOffset.UTC).plusDays(2);

    @Autowired
    EventStore eventStore;

    @Autowired
    DataSource dataSource;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    BenchmarkDetailProjection detail;

    @Autowired
    ForkTreeProjection forks;

    @Autowired
    LibraryProjection library;

    @Autowired
    RunProjection runs;

    @Autowired
    LeaderboardProjection leaderboards;

    @Autowired
    KpiProjection kpis;

    @Autowired
    CommandGateway commands;

    @Autowired
    CreditLedgerProjection creditLedger;

    @Autowired
    FinanceProjection finance;

    @Test
    void read_models_rebuilt_by_replay_equal_the_live_ones() {
        String id = buildHistory();
        RunScript run = buildRun(id);
        AccountId account = buildCredits(run.id, Instant.now());
        Map<String, List<Map<String, Object>>> live = snapshot();
        assertThat(live.get("benchmark")).isNotEmpty();
        assertThat(live.get("credit_ledger")).isNotEmpty();
        assertThat(live.get("finance_generation")).isNotEmpty();
        assertThat(live.get("benchmark_fork")).isNotEmpty();
        assertThat(live.get("run_human_grade")).isNotEmpty();
        assertThat(live.get("failure_mode_tag")).isNotEmpty();
        assertThat(live.get("leaderboard_result")).isNotEmpty();
        assertThat(live.get("contamination_flag")).isNotEmpty();
        JsonNode liveBoard =
                get("/api/benchmarks/" + id + "/leaderboard", alice).body();
        assertThat(liveBoard.get("contamination").findValuesAsText("status")).containsExactly("OPEN", "CLEARED");
        assertThat(get("/api/benchmarks/" + id, alice).body().get("verified").asBoolean())
                .isTrue();
        JsonNode liveDetail = get("/api/benchmarks/" + id, alice).body();
        JsonNode liveFlags = get("/api/integrity/contamination", alice).body();
        assertThat(live.get("kpi_human_grade")).isNotEmpty();
        JsonNode liveKpis = get(KPIS, ADMIN_TOKEN).body();
        // damage every read model, so only a real rebuild can bring the live rows back
        jdbc.update("UPDATE benchmark SET title = 'damaged' WHERE id = ?", id);
        jdbc.update("DELETE FROM benchmark_case WHERE benchmark_id = ?", id);
        jdbc.update("DELETE FROM benchmark_fork WHERE source_id = ?", id);
        jdbc.update("UPDATE library_entry SET case_count = -1 WHERE id = ?", id);
        jdbc.update("UPDATE run SET status = 'FAILED' WHERE id = ?", run.id.value());
        jdbc.update("DELETE FROM run_trial WHERE run_id = ?", run.id.value());
        jdbc.update("UPDATE run_verdict SET score = 0 WHERE run_id = ?", run.id.value());
        jdbc.update("DELETE FROM run_human_grade WHERE run_id = ?", run.id.value());
        jdbc.update("UPDATE failure_mode_tag SET note = 'damaged' WHERE run_id = ?", run.id.value());
        jdbc.update("UPDATE leaderboard_result SET score = 0 WHERE benchmark_id = ?", id);
        jdbc.update("DELETE FROM contamination_flag WHERE benchmark_id = ?", id);
        jdbc.update(
                "UPDATE library_entry SET verified = FALSE, flagged_models = '[]', contamination_flagged = FALSE WHERE id = ?",
                id);
        jdbc.update("UPDATE benchmark SET verification_status = NULL WHERE id = ?", id);
        damageFinance(account, run.id);
        jdbc.update("UPDATE kpi_run SET ended_at = NULL WHERE run_id = ?", run.id.value());
        jdbc.update("DELETE FROM kpi_public_benchmark WHERE benchmark_id = ?", id);

        Map<String, JsonNode> damaged = replay(TABLE_PROJECTIONS);

        Map<String, List<Map<String, Object>>> rebuilt = snapshot();
        for (String table : TABLES.keySet()) {
            assertThat(rebuilt.get(table)).as(table).isEqualTo(live.get(table));
        }
        assertThat(get("/api/benchmarks/" + id, alice).body().get("version").asLong())
                .isEqualTo(6);
        assertThat(get("/api/runs/" + run.id.value(), alice)
                        .body()
                        .get("status")
                        .asText())
                .isEqualTo("COMPLETED");
        assertThat(get("/api/benchmarks/" + id + "/leaderboard", alice).body()).isEqualTo(liveBoard);
        ObjectNode asOfNow = get("/api/benchmarks/" + id + "/leaderboard?asOf=" + Instant.now(), alice)
                .body()
                .deepCopy();
        asOfNow.remove("asOf");
        assertThat(asOfNow).as("the rebuilt board as of now").isEqualTo(liveBoard);
        assertThat(get("/api/integrity/contamination", alice).body()).isEqualTo(liveFlags);
        assertThat(get("/api/benchmarks/" + id, alice).body()).isEqualTo(liveDetail);
        assertThat(get(KPIS, ADMIN_TOKEN).body()).isEqualTo(liveKpis);
        // each rebuild named the tables it found damaged, and replaced them
        assertThat(differing(damaged.get(BenchmarkDetailProjection.NAME)))
                .containsExactlyInAnyOrder("benchmark", "benchmark_case");
        assertThat(differing(damaged.get(ForkTreeProjection.NAME))).containsExactly("benchmark_fork");
        assertThat(differing(damaged.get(LibraryProjection.NAME))).containsExactly("library_entry");
        assertThat(differing(damaged.get(RunProjection.NAME)))
                .containsExactlyInAnyOrder("run", "run_trial", "run_verdict", "run_human_grade", "failure_mode_tag");
        assertThat(differing(damaged.get(LeaderboardProjection.NAME)))
                .containsExactlyInAnyOrder("leaderboard_result", "contamination_flag");
        assertThat(differing(damaged.get(CreditLedgerProjection.NAME)))
                .containsExactlyInAnyOrder("credit_ledger", "credit_account");
        assertThat(differing(damaged.get(FinanceProjection.NAME)))
                .containsExactlyInAnyOrder("finance_charge_line", "finance_run", "finance_generation");
        assertThat(differing(damaged.get(KpiProjection.NAME)))
                .containsExactlyInAnyOrder("kpi_run", "kpi_public_benchmark");
    }

    /** The proof: a replay of every projection yields identical checksums, table by table. */
    @Test
    void a_replay_of_every_projection_yields_identical_checksums() {
        String id = buildHistory();
        RunScript run = buildRun(id);
        buildCredits(run.id, Instant.now());
        Map<String, JsonNode> before = new LinkedHashMap<>();
        for (String projection : TABLE_PROJECTIONS)
            before.put(
                    projection,
                    get("/api/admin/projections/" + projection + "/checksum", ADMIN_TOKEN)
                            .body());
        assertThat(before.get(RunProjection.NAME).get("tables").findValuesAsText("table"))
                .containsExactly("run", "run_trial", "run_verdict", "run_human_grade", "failure_mode_tag");

        Map<String, JsonNode> reports = replay(TABLE_PROJECTIONS);

        for (String projection : TABLE_PROJECTIONS) {
            JsonNode comparison = reports.get(projection).get("comparison");
            assertThat(comparison.get("identical").asBoolean())
                    .as(projection + ": " + comparison)
                    .isTrue();
            assertThat(comparison.get("tables")).isNotEmpty().allSatisfy(t -> {
                assertThat(t.get("rebuiltChecksum")).isEqualTo(t.get("liveChecksum"));
                assertThat(t.get("rebuiltRows")).isEqualTo(t.get("liveRows"));
            });
            JsonNode after = get("/api/admin/projections/" + projection + "/checksum", ADMIN_TOKEN)
                    .body();
            assertThat(after.get("tables"))
                    .as(projection)
                    .isEqualTo(before.get(projection).get("tables"));
        }
    }

    /**
     * While a rebuild runs, reads answer from the live tables, complete (here with a damaged title, as before the
     * rebuild); the rebuilt copy is complete before the swap. The rebuild is held just before its swap by holding the
     * processor's token rows, which the swap must take.
     */
    @Test
    void reads_serve_the_old_complete_read_model_until_the_rebuild_swaps_in() throws Exception {
        String id = buildHistory();
        jdbc.update("UPDATE benchmark SET title = 'damaged' WHERE id = ?", id);
        long liveRows = count("SELECT count(*) FROM benchmark");
        JsonNode rebuilt;
        try (var held = holdTokens(BenchmarkDetailProjection.NAME)) {
            Response started = send(
                    "POST", "/api/admin/projections/" + BenchmarkDetailProjection.NAME + "/replay", ADMIN_TOKEN, null);
            assertThat(started.status()).isEqualTo(202);
            assertThat(started.body().get("state").asText()).isEqualTo("REPLAYING");
            eventually(
                    () -> "SWAPPING"
                            .equals(replayOf(BenchmarkDetailProjection.NAME)
                                    .get("phase")
                                    .asText()),
                    "the copy has caught up");

            assertThat(get("/api/benchmarks/" + id, alice).body().get("title").asText())
                    .isEqualTo("damaged");
            assertThat(count("SELECT count(*) FROM benchmark")).isEqualTo(liveRows);
            assertThat(jdbc.queryForObject(
                            "SELECT title FROM rebuild_benchmark_detail.benchmark WHERE id = ?", String.class, id))
                    .isEqualTo("History v2");
            assertThat(count("SELECT count(*) FROM rebuild_benchmark_detail.benchmark"))
                    .isEqualTo(liveRows);
            assertThat(state(BenchmarkDetailProjection.NAME)).isEqualTo("REPLAYING");

            Response second = send(
                    "POST", "/api/admin/projections/" + BenchmarkDetailProjection.NAME + "/replay", ADMIN_TOKEN, null);
            assertThat(second.status()).isEqualTo(409);
            assertThat(second.header("Content-Type")).startsWith("application/problem+json");
            assertThat(second.body().get("detail").asText()).contains("under way");
        }
        eventually(
                () -> !"RUNNING"
                        .equals(replayOf(BenchmarkDetailProjection.NAME)
                                .get("outcome")
                                .asText()),
                "the rebuild has swapped");
        rebuilt = replayOf(BenchmarkDetailProjection.NAME);
        assertThat(rebuilt.get("outcome").asText()).isEqualTo("SWAPPED");
        assertThat(rebuilt.get("comparison").get("identical").asBoolean()).isFalse();
        assertThat(differing(rebuilt)).containsExactly("benchmark");
        assertThat(rebuilt.get("events").asLong()).isPositive();
        assertThat(rebuilt.get("eventsPerSecond").asDouble()).isPositive();
        assertThat(get("/api/benchmarks/" + id, alice).body().get("title").asText())
                .isEqualTo("History v2");
        assertThat(count("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'rebuild_benchmark_detail%'"))
                .isZero();
        eventually(this::allCaughtUp, "the detail projection is live again");
        // the live processor goes on from where the copy was: a new write is applied once, to the swapped-in tables
        send("PATCH", "/api/benchmarks/" + id, alice, "{\"title\": \"After the swap\"}");
        assertThat(get("/api/benchmarks/" + id, alice).body().get("title").asText())
                .isEqualTo("After the swap");
    }

    @Test
    void a_rebuild_that_fails_leaves_the_live_read_model_as_it_was() throws Exception {
        String id = buildHistory();
        Map<String, List<Map<String, Object>>> live = snapshot(Map.of("benchmark_fork", TABLES.get("benchmark_fork")));
        try (var held = holdTokens(ForkTreeProjection.NAME)) {
            assertThat(send("POST", "/api/admin/projections/" + ForkTreeProjection.NAME + "/replay", ADMIN_TOKEN, null)
                            .status())
                    .isEqualTo(202);
            eventually(
                    () -> "SWAPPING"
                            .equals(replayOf(ForkTreeProjection.NAME)
                                    .get("phase")
                                    .asText()),
                    "the copy has caught up");
            jdbc.execute("DROP TABLE rebuild_benchmark_forks.benchmark_fork"); // the copy breaks before the swap
        }
        eventually(
                () -> !"RUNNING"
                        .equals(replayOf(ForkTreeProjection.NAME).get("outcome").asText()),
                "the rebuild has ended");
        JsonNode failed = replayOf(ForkTreeProjection.NAME);
        assertThat(failed.get("outcome").asText()).isEqualTo("FAILED");
        assertThat(failed.get("error").asText()).contains("benchmark_fork");
        assertThat(snapshot(Map.of("benchmark_fork", TABLES.get("benchmark_fork"))))
                .isEqualTo(live);
        assertThat(count("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'rebuild_benchmark_forks%'"))
                .isZero();
        eventually(this::allCaughtUp, "the forks projection is live again");
        send("POST", "/api/benchmarks/" + id + "/forks", bob, "{}");
        eventually(
                () -> count("SELECT count(*) FROM benchmark_fork WHERE source_id = '" + id + "'") == 3,
                "a new fork is projected");
    }

    /** Another instance rebuilding the same projection holds its advisory lock: this one refuses. */
    @Test
    void a_rebuild_under_way_on_another_instance_is_refused() throws Exception {
        try (Connection other = dataSource.getConnection()) {
            advisoryLock(other, "pg_advisory_lock");
            try {
                Response refused =
                        send("POST", "/api/admin/projections/" + KpiProjection.NAME + "/replay", ADMIN_TOKEN, null);
                assertThat(refused.status()).isEqualTo(409);
                assertThat(refused.body().get("detail").asText()).contains("another instance");
            } finally {
                advisoryLock(
                        other, "pg_advisory_unlock"); // a pooled connection keeps its session, and the lock with it
            }
        }
        assertThat(replay(List.of(KpiProjection.NAME))
                        .get(KpiProjection.NAME)
                        .get("outcome")
                        .asText())
                .isEqualTo("SWAPPED");
    }

    /** The swap needs every segment of the processor: a segment another instance holds makes the request a 409. */
    @Test
    void a_rebuild_is_refused_while_another_instance_holds_segments() {
        StreamingEventProcessor processor = processing
                .eventProcessor(LeaderboardProjection.NAME, StreamingEventProcessor.class)
                .orElseThrow();
        processor.shutDown();
        try {
            jdbc.update(
                    "UPDATE token_entry SET owner = 'node-elsewhere' WHERE processor_name = ? AND segment = 0",
                    LeaderboardProjection.NAME);
            Response refused =
                    send("POST", "/api/admin/projections/" + LeaderboardProjection.NAME + "/replay", ADMIN_TOKEN, null);
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.body().get("detail").asText()).contains("node-elsewhere");
        } finally {
            jdbc.update("UPDATE token_entry SET owner = NULL WHERE processor_name = ?", LeaderboardProjection.NAME);
            processor.start();
        }
        eventually(this::allCaughtUp, "the leaderboards projection is live again");
    }

    private static void advisoryLock(Connection connection, String function) throws SQLException {
        try (var lock =
                connection.prepareStatement("SELECT " + function + "(hashtext('projection-rebuild'), hashtext(?))")) {
            lock.setString(1, KpiProjection.NAME);
            lock.execute();
        }
    }

    @Test
    void redelivering_a_whole_history_to_every_projection_changes_no_row() {
        String id = buildHistory();
        RunScript run = buildRun(id);
        AccountId account = buildCredits(run.id, Instant.now());
        Map<String, List<Map<String, Object>>> before = snapshot();

        List<DomainEventMessage<?>> history =
                new ArrayList<>(eventStore.readEvents(id).asStream().toList());
        assertThat(history).hasSizeGreaterThanOrEqualTo(6);
        history.addAll(eventStore.readEvents(run.id.value()).asStream().toList());
        history.addAll(eventStore.readEvents(account.value()).asStream().toList());
        for (Object projection : List.of(detail, forks, library, runs, leaderboards, creditLedger, finance, kpis)) {
            var adapter = new AnnotationEventHandlerAdapter(projection);
            for (DomainEventMessage<?> event : history) {
                try {
                    adapter.handle(event);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void the_projection_list_shows_position_lag_and_state() {
        createBenchmark(alice, "Listed", "PRIVATE");
        JsonNode list = get("/api/admin/projections", ADMIN_TOKEN).body();
        assertThat(list.findValuesAsText("name"))
                .contains(
                        BenchmarkDetailProjection.NAME,
                        ForkTreeProjection.NAME,
                        LibraryProjection.NAME,
                        RunProjection.NAME,
                        LeaderboardProjection.NAME,
                        CreditLedgerProjection.NAME,
                        FinanceProjection.NAME,
                        KpiProjection.NAME);
        assertThat(get("/api/admin/projections", alice).status()).isEqualTo(403);
        assertThat(send("POST", "/api/admin/projections/nope/replay", ADMIN_TOKEN, null)
                        .status())
                .isEqualTo(404);
        assertThat(send("POST", "/api/admin/projections/audit-chain/replay", ADMIN_TOKEN, null)
                        .status())
                .isEqualTo(404);
        assertThat(get("/api/admin/projections/nope/checksum", ADMIN_TOKEN).status())
                .isEqualTo(404);
        for (JsonNode p : list) {
            assertThat(p.get("rebuildable").asBoolean())
                    .as(p.get("name").asText())
                    .isEqualTo(TABLE_PROJECTIONS.contains(p.get("name").asText())
                            || p.get("name").asText().equals("library-search"));
        }
    }

    /** The words. The charge and the run's calls are put on a day of their own, so the margin and reconciliation are theirs. */
    @Test
    void balances_ledgers_and_margins_are_identical_after_replaying_the_finance_projections() {
        LocalDate day = FinanceHistory.freshMonth().atDay(12);
        Instant at = day.atTime(9, 30).toInstant(ZoneOffset.UTC);
        RunId run = buildBilledRun(at);
        AccountId account = buildCredits(run, at);
        send(
                "POST",
                "/api/finance/provider-costs",
                ADMIN_TOKEN,
                "[{\"generationId\": \"%s-a\", \"costMicros\": 50000}]".formatted(run.value()));
        String period = "from=" + day + "&to=" + day.plusDays(1);
        List<String> reads = List.of(
                "/api/credits/balance",
                "/api/credits/ledger?limit=4",
                "/api/credits/ledger",
                "/api/finance/margin?" + period,
                "/api/finance/margin?groupBy=model&" + period,
                "/api/finance/margin?groupBy=month&" + period,
                "/api/finance/reconciliation?" + period);
        Map<String, JsonNode> live = answers(reads);
        assertThat(live.get("/api/credits/balance").get("balance").asLong()).isEqualTo(100);
        assertThat(live.get("/api/credits/ledger").get("items")).hasSize(6);
        assertThat(live.get("/api/finance/margin?groupBy=model&" + period)
                        .get("rows")
                        .findValuesAsText("key"))
                .containsExactly("j1", "m");
        assertThat(live.get("/api/finance/margin?" + period)
                        .get("totals")
                        .get(0)
                        .get("revenueMinor")
                        .asLong())
                .isEqualTo(70);
        assertThat(live.get("/api/finance/reconciliation?" + period)
                        .get("matched")
                        .get("count")
                        .asLong())
                .isEqualTo(1);
        assertThat(live.get("/api/finance/reconciliation?" + period)
                        .get("missing")
                        .get("count")
                        .asLong())
                .isEqualTo(2);
        Map<String, List<Map<String, Object>>> liveRows = snapshot(FINANCE_TABLES);

        damageFinance(account, run);
        assertThat(answers(reads)).isNotEqualTo(live);
        replay(FINANCE_PROJECTIONS);

        assertThat(snapshot(FINANCE_TABLES)).isEqualTo(liveRows);
        assertThat(answers(reads)).isEqualTo(live);
    }

    /** Replays each projection and waits until every one has swapped in and is live at the head; returns each rebuild's report. */
    private Map<String, JsonNode> replay(List<String> projections) {
        for (String projection : projections) {
            Response started = send("POST", "/api/admin/projections/" + projection + "/replay", ADMIN_TOKEN, null);
            assertThat(started.status()).as(started.text()).isEqualTo(202);
        }
        eventually(
                () -> projections.stream()
                                .noneMatch(p -> "RUNNING"
                                        .equals(replayOf(p).get("outcome").asText()))
                        && allCaughtUp(),
                "every rebuild has swapped in and every projection is live at the head of the stream");
        var reports = new LinkedHashMap<String, JsonNode>();
        for (String projection : projections) {
            JsonNode report = replayOf(projection);
            assertThat(report.get("outcome").asText())
                    .as(projection + ": " + report)
                    .isEqualTo("SWAPPED");
            reports.put(projection, report);
        }
        return reports;
    }

    private JsonNode replayOf(String projection) {
        return projection(projection).get("replay");
    }

    private String state(String projection) {
        return projection(projection).get("state").asText();
    }

    private JsonNode projection(String name) {
        for (JsonNode p : get("/api/admin/projections", ADMIN_TOKEN).body()) {
            if (p.get("name").asText().equals(name)) return p;
        }
        throw new AssertionError("no projection " + name);
    }

    private static List<String> differing(JsonNode report) {
        var tables = new ArrayList<String>();
        report.get("comparison").get("differingTables").forEach(t -> tables.add(t.asText()));
        return tables;
    }

    private long count(String sql) {
        Long n = jdbc.queryForObject(sql, Long.class);
        return n == null ? 0 : n;
    }

    /** Holds the token rows of {@code processor} in an open transaction until closed: a rebuild's swap waits for them. */
    private AutoCloseable holdTokens(String processor) throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        try (PreparedStatement lock =
                connection.prepareStatement("SELECT segment FROM token_entry WHERE processor_name = ? FOR UPDATE")) {
            lock.setString(1, processor);
            lock.executeQuery().close();
        }
        return () -> {
            connection.rollback();
            connection.close();
        };
    }

    private Response get(String path, String token) {
        return send("GET", path, token, null);
    }

    /** A benchmark with every kind of change, a public fork and a private fork. */
    private String buildHistory() {
        String id = createBenchmark(alice, "History", "PRIVATE");
        send(
                "PATCH",
                "/api/benchmarks/" + id,
                alice,
                "{\"title\": \"History v2\", \"promptTemplate\": \"Q: {{input}}\"}");
        send(
                "POST",
                "/api/benchmarks/" + id + "/cases",
                alice,
                "[{\"input\": \"a\", \"metadata\": {\"k\": 1}}, {\"input\": \"b\", \"tags\": [\"x\"]}]");
        send("PUT", "/api/benchmarks/" + id + "/cases/c1", alice, "{\"input\": \"2+2\", \"expected\": \"four\"}");
        send("DELETE", "/api/benchmarks/" + id + "/cases/c2", alice, null);
        send("POST", "/api/benchmarks/" + id + "/publish", alice, null);
        send("POST", "/api/benchmarks/" + id + "/forks", bob, "{}");
        send("POST", "/api/benchmarks/" + id + "/forks", bob, "{\"visibility\": \"PRIVATE\", \"title\": \"Mine\"}");
        eventually(
                () -> jdbc.queryForObject("SELECT count(*) FROM benchmark_fork WHERE source_id = ?", Long.class, id)
                                == 2
                        && jdbc.queryForObject(
                                        "SELECT count(*) FROM library_entry WHERE id = ? AND visibility = 'PUBLIC'",
                                        Long.class,
                                        id)
                                == 1
                        && jdbc.queryForObject(
                                        "SELECT count(*) FROM library_entry WHERE id IN (SELECT fork_id FROM benchmark_fork WHERE source_id = ?)",
                                        Long.class,
                                        id)
                                == 2,
                "the forks and the library have caught up");
        return id;
    }

    /**
     * A completed run of the benchmark with one of every kind of run event, as alice's, applied by the runs projection;
     * a completed run of its current content by bob and a contamination flag, applied by the leaderboards projection.
     */
    private RunScript buildRun(String benchmarkId) {
        var script = new RunScript(
                alice.id(),
                benchmarkId,
                List.of("m"),
                List.of(),
                List.of("c1", "c2"),
                1,
                List.of(new Grader.Exact(null, null), new Grader.LlmJudge("right?", List.of("j1", "j2"), null)),
                List.of(new JudgePanel(1, List.of("j1", "j2"))),
                List.of());
        script.appendTo(eventStore, script.everyKind(new UserId(bob.id())));
        script.appendTo(
                eventStore, script.failureModeTagged("Says four", "spells the number", new UserId(alice.id()), "c1"));
        eventually(
                () -> "COMPLETED"
                                .equals(jdbc.query(
                                        "SELECT status FROM run WHERE id = ?",
                                        rs -> rs.next() ? rs.getString(1) : null,
                                        script.id.value()))
                        && jdbc.queryForObject(
                                        "SELECT count(*) FROM run_human_grade WHERE run_id = ?",
                                        Long.class,
                                        script.id.value())
                                == 1
                        && jdbc.queryForObject(
                                        "SELECT count(*) FROM failure_mode_tag WHERE run_id = ?",
                                        Long.class,
                                        script.id.value())
                                == 1,
                "the runs projection has caught up");
        // on the board (the script's run had a failed call, so it counts on none): bob's canonical runs, pooled, the
        // fourth one past his cap; an override run, which is kept out
        String hash = get("/api/benchmarks/" + benchmarkId, alice)
                .body()
                .get("contentHash")
                .asText();
        var history = new LeaderboardHistory(eventStore, jdbc);
        history.completedRun(
                bob.id(),
                benchmarkId,
                6,
                hash,
                30,
                List.of(CompletedRuns.Result.of("m1", 0.8, 0.05, 20), CompletedRuns.Result.of("m2", 0.6, 0.05, 10)));
        for (double score : new double[] {0.7, 0.9, 0.1}) {
            history.completedRun(
                    bob.id(), benchmarkId, 6, hash, 30, List.of(CompletedRuns.Result.of("m1", score, 0.05, 20)));
        }
        history.completedRun(
                alice.id(),
                benchmarkId,
                6,
                hash,
                30,
                List.of(CompletedRuns.Result.of("m2", 0.99, 0.01, 10)),
                List.of(RunRequested.TEMPERATURE));
        eventually(
                () -> get("/api/benchmarks/" + benchmarkId + "/leaderboard", alice)
                                        .body()
                                        .at("/entries/0/cappedRuns")
                                        .asInt()
                                == 1
                        && jdbc.queryForObject(
                                        "SELECT count(*) FROM leaderboard_result WHERE benchmark_id = ?",
                                        Long.class,
                                        benchmarkId)
                                == 5,
                "the leaderboard shows bob's runs");
        commands.sendAndWait(new FlagContamination(new BenchmarkId(benchmarkId), "m", 0.9, 0.5, 0.07, 5.7, 2, 5, 3));
        // a second flag, withdrawn by later evidence, and a verified badge
        commands.sendAndWait(new FlagContamination(new BenchmarkId(benchmarkId), "m1", 0.8, 0.5, 0.07, 4.3, 30, 5, 3));
        commands.sendAndWait(
                new ClearContamination(new BenchmarkId(benchmarkId), "m1", 0.62, 0.55, 0.07, 1.0, 30, 6, 3));
        assertThat(send(
                                "POST",
                                "/api/benchmarks/" + benchmarkId + "/verification",
                                alice,
                                "{\"licence\": \"MIT\", \"sourceUrl\": \"https://example.org/history\"}")
                        .status())
                .isEqualTo(200);
        assertThat(send("POST", "/api/admin/benchmarks/" + benchmarkId + "/verification/approve", ADMIN_TOKEN, null)
                        .status())
                .isEqualTo(200);
        eventually(
                () -> jdbc.queryForObject(
                                        "SELECT count(*) FROM contamination_flag WHERE benchmark_id = ? AND status = 'OPEN'",
                                        Long.class,
                                        benchmarkId)
                                == 1
                        && jdbc.queryForObject(
                                        "SELECT count(*) FROM contamination_flag WHERE benchmark_id = ? AND status = 'CLEARED'",
                                        Long.class,
                                        benchmarkId)
                                == 1
                        && jdbc.queryForObject(
                                        "SELECT count(*) FROM library_entry WHERE id = ? AND verified AND flagged_models = '[\"m\"]'",
                                        Long.class,
                                        benchmarkId)
                                == 1,
                "the flags and the badge are projected");
        // the flag's event reaches benchmark-detail independently of the leaderboards projection waited for above
        eventually(this::allCaughtUp, "every projection is live at the head of the stream");
        return script;
    }

    /**
     * Alice's credits: $5.00 for 500 credits, 100 granted, a reservation of 200 for the run, a charge of 70 credits (70
     * cents) split between its model and its judge, the other 130 released, and the bought lot's 430 unused credits
     * refunded: 100 left.
     */
    private AccountId buildCredits(RunId run, Instant at) {
        var account = AccountId.of(new UserId(alice.id()));
        var credits = new FinanceHistory(eventStore, jdbc);
        Instant now = at.truncatedTo(ChronoUnit.MICROS);
        credits.credit(now, new CreditsPurchased(account, "lot_cs_r", 500, 500, "usd", "cs_r"));
        credits.credit(now, new CreditsGranted(account, "lot_grant_r", 100, "replay", new UserId(bob.id())));
        credits.credit(now, new CreditsReserved(account, run, 200));
        credits.credit(
                now,
                FinanceHistory.charge(
                        account,
                        run,
                        70,
                        53_000,
                        List.of(new LotUse("lot_cs_r", 70, 70, "usd")),
                        new ModelCost("m", 50_000),
                        new ModelCost("j1", 3_000)));
        credits.credit(now, new ReservationReleased(account, run, 130));
        credits.credit(
                now, new CreditsRefunded(account, new LotUse("lot_cs_r", 430, 430, "usd"), new UserId(bob.id())));
        awaitFinance();
        return account;
    }

    /** A CREDITS run of alice's whose answer and judge calls are generations {@code <run>-a}, {@code -b} and {@code -c}. */
    private RunId buildBilledRun(Instant at) {
        RunId run = RunId.generate();
        var events = new FinanceHistory(eventStore, jdbc);
        events.run(at, FinanceHistory.request(run, alice.id(), Billing.CREDITS, "m"));
        events.run(at, FinanceHistory.answer(run, "c1", "m", 50_000, run.value() + "-a"));
        events.run(
                at,
                FinanceHistory.verdict(
                        run,
                        "c1",
                        "m",
                        "j1",
                        new ProviderGeneration(run.value() + "-b", 1_000),
                        new ProviderGeneration(run.value() + "-c", 2_000)));
        awaitFinance();
        return run;
    }

    private void awaitFinance() {
        Long last = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        eventually(() -> allAt(last), "the finance projections and the KPIs have caught up");
    }

    private void damageFinance(AccountId account, RunId run) {
        jdbc.update("UPDATE credit_account SET balance = -1 WHERE account_id = ?", account.value());
        jdbc.update("DELETE FROM credit_ledger WHERE account_id = ? AND seq > 2", account.value());
        jdbc.update("UPDATE finance_charge_line SET revenue_minor = 0 WHERE account_id = ?", account.value());
        jdbc.update("DELETE FROM finance_generation WHERE run_id = ?", run.value());
        jdbc.update("DELETE FROM finance_run WHERE run_id = ?", run.value());
    }

    private boolean allAt(long position) {
        for (JsonNode p : get("/api/admin/projections", ADMIN_TOKEN).body()) {
            // the KPIs' kpi_charge is written from the same credit events, and the snapshots compare it too
            boolean readsCredits = FINANCE_PROJECTIONS.contains(p.get("name").asText())
                    || KpiProjection.NAME.equals(p.get("name").asText());
            if (readsCredits
                    && (!p.get("state").asText().equals("LIVE")
                            || p.get("position").asLong() < position
                            || p.get("segments").asInt() != tokens(p))) {
                return false;
            }
        }
        return true;
    }

    private Map<String, JsonNode> answers(List<String> paths) {
        var result = new LinkedHashMap<String, JsonNode>();
        for (String path : paths) {
            Response response = get(path, path.startsWith("/api/finance") ? ADMIN_TOKEN : alice.token());
            assertThat(response.status()).as(path + ": " + response.text()).isEqualTo(200);
            result.put(path, response.body());
        }
        return result;
    }

    /** Every projection is live at the head, with every segment claimed again (a segment not yet claimed after a restart is not listed). */
    private boolean allCaughtUp() {
        JsonNode list = get("/api/admin/projections", ADMIN_TOKEN).body();
        for (JsonNode p : list) {
            if (!p.get("state").asText().equals("LIVE")
                    || p.get("lag").asLong() > 0
                    || p.get("segments").asInt() != tokens(p)) return false;
        }
        return true;
    }

    private int tokens(JsonNode projection) {
        Integer n = jdbc.queryForObject(
                "SELECT count(*) FROM token_entry WHERE processor_name = ?",
                Integer.class,
                projection.get("name").asText());
        return n == null ? 0 : n;
    }

    private Map<String, List<Map<String, Object>>> snapshot() {
        return snapshot(TABLES);
    }

    private Map<String, List<Map<String, Object>>> snapshot(Map<String, String> tables) {
        var result = new LinkedHashMap<String, List<Map<String, Object>>>();
        tables.forEach((table, sql) -> result.put(
                table,
                jdbc.queryForList(sql).stream()
                        .map(ProjectionRebuildTest::comparable)
                        .toList()));
        return result;
    }

    /** A row whose SQL arrays (which compare by identity) are read into lists. */
    private static Map<String, Object> comparable(Map<String, Object> row) {
        var copy = new LinkedHashMap<String, Object>();
        row.forEach((column, value) -> {
            try {
                copy.put(
                        column,
                        value instanceof java.sql.Array array ? Arrays.asList((Object[]) array.getArray()) : value);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        return copy;
    }
}
