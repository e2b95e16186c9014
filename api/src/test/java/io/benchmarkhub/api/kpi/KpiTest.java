package io.benchmarkhub.api.kpi;

import static io.benchmarkhub.api.kpi.KpiHistory.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.Visibility;
import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.credits.LotUse;
import io.benchmarkhub.domain.credits.events.CreditsCharged;
import io.benchmarkhub.domain.credits.events.CreditsPurchased;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.run.events.HumanGradeRecorded;
import io.benchmarkhub.domain.run.events.JudgeVerdictRecorded;
import io.benchmarkhub.domain.run.events.ModelCallFailed;
import io.benchmarkhub.domain.run.events.ModelResponseRecorded;
import io.benchmarkhub.domain.run.events.RunCancelled;
import io.benchmarkhub.domain.run.events.RunCompleted;
import io.benchmarkhub.domain.run.events.RunRequested;
import io.benchmarkhub.domain.user.UserId;
import io.benchmarkhub.testsupport.BenchmarkEvents;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * GET /api/kpis over HTTP on a hand-built history in March–April 2019 (event times chosen by the test, far from every
 * other test's "now"), with every figure computed by hand.
 */
class KpiTest extends ApiTestBase {

    private static final String RANGE = "/api/kpis?from=2019-03-04&to=2019-04-15&period=week";

    @Autowired
    EventStore eventStore;

    @Test
    void the_kpis_of_a_hand_built_history_are_the_hand_computed_ones() {
        buildHistory();
        JsonNode report = get(RANGE, analyst()).body();

        JsonNode periods = report.get("periods");
        assertThat(periods).hasSize(6);
        JsonNode w1 = periods.get(0), w2 = periods.get(1);
        assertThat(w1.get("start").asText()).isEqualTo("2019-03-04T00:00:00Z");
        assertThat(w1.get("end").asText()).isEqualTo("2019-03-11T00:00:00Z");
        assertThat(w1.get("runsRequested").asLong()).isEqualTo(3);
        // ended in week 1: r1 completed cleanly, r2 completed with a failed call, r3 cancelled
        assertThat(w1.at("/runSuccess/count").asLong()).isEqualTo(1);
        assertThat(w1.at("/runSuccess/of").asLong()).isEqualTo(3);
        // 10 s, 20 s, 40 s: h = 1.9 → 20 + 0.9 × 20 = 38 s
        assertThat(w1.get("p95TimeToResultsMs").asDouble()).isEqualTo(38_000.0);
        // openai/gpt-4o answered; sim/echo is simulated and does not count
        assertThat(w1.get("modelsIntegrated").asInt()).isEqualTo(1);
        assertThat(w1.get("publicBenchmarksCreated").asLong()).isEqualTo(1);
        assertThat(w1.at("/forkRate/count").asLong()).isZero();
        assertThat(w1.at("/forkRate/of").asLong()).isEqualTo(1);
        // alice ran again 32 days after her first run, bob never: 1 of 2 (week 1 ended 35 days before `to`)
        assertThat(w1.at("/d30Retention/count").asLong()).isEqualTo(1);
        assertThat(w1.at("/d30Retention/of").asLong()).isEqualTo(2);
        // human (0.2, 0.5, 0.9) vs judges (0.1, 0.6, 0.8): numpy.corrcoef gives 0.9476966276867815; same ranks → ρ = 1
        assertThat(w1.at("/judgeHumanCorrelation/n").asInt()).isEqualTo(3);
        assertThat(w1.at("/judgeHumanCorrelation/pearson").asDouble()).isCloseTo(0.9476966276867815, within(1e-12));
        assertThat(w1.at("/judgeHumanCorrelation/spearman").asDouble()).isEqualTo(1.0);
        // 100 cents recognised = 1,000,000 µ$ against 600,000 µ$ of API cost
        assertThat(w1.at("/creditMargin/revenueMicros").asLong()).isEqualTo(1_000_000);
        assertThat(w1.at("/creditMargin/apiCostMicros").asLong()).isEqualTo(600_000);
        assertThat(w1.at("/creditMargin/margin").asDouble()).isCloseTo(0.4, within(1e-12));

        assertThat(w2.get("runsRequested").asLong()).isZero();
        assertThat(w2.at("/runSuccess/rate").isNull()).isTrue();
        assertThat(w2.get("publicBenchmarksCreated").asLong()).isEqualTo(1); // the private one, published in week 2
        assertThat(w2.at("/forkRate/count").asLong()).isEqualTo(1);
        assertThat(w2.at("/forkRate/of").asLong()).isEqualTo(2);
        assertThat(w2.at("/creditMargin/margin").isNull()).isTrue();
        // week 6 (April 8th) ended after `to` − 30 days: too young for a D30 figure
        assertThat(periods.get(5).get("d30Retention").isNull()).isTrue();
        assertThat(periods.get(4).get("runsRequested").asLong()).isEqualTo(1);

        JsonNode months = get("/api/kpis?from=2019-03-01T00:00:00Z&to=2019-05-01&granularity=month", analyst())
                .body()
                .get("periods");
        assertThat(months).hasSize(2);
        assertThat(months.get(0).get("runsRequested").asLong()).isEqualTo(3);
        assertThat(months.get(1).get("runsRequested").asLong()).isEqualTo(1);
        assertThat(get("/api/kpis?from=2019-03-04&to=2019-03-05&period=day", ADMIN_TOKEN)
                        .body()
                        .at("/periods/0/runsRequested")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void kpis_are_for_admins_and_analysts_only_and_bad_parameters_are_400() {
        assertThat(get(RANGE, alice).status()).isEqualTo(403);
        assertThat(get(RANGE, (String) null).status()).isEqualTo(401);
        assertThat(get(RANGE, ADMIN_TOKEN).status()).isEqualTo(200);
        assertThat(get("/api/kpis?period=fortnight", analyst()).status()).isEqualTo(400);
        assertThat(get("/api/kpis?from=2019-03-05&to=2019-03-04", analyst()).status())
                .isEqualTo(400);
        assertThat(get("/api/kpis?from=yesterday", analyst()).status()).isEqualTo(400);
        assertThat(get("/api/kpis?from=2000-01-01&to=2019-01-01&period=day", analyst())
                        .status())
                .isEqualTo(400);
        assertThat(get("/api/kpis", analyst()).body().get("periods")).hasSizeGreaterThanOrEqualTo(12);
    }

    /** A new ANALYST's token. */
    private String analyst() {
        String handle = "analyst-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Response created =
                send("POST", "/api/users", ADMIN_TOKEN, "{\"handle\":\"" + handle + "\", \"role\": \"ANALYST\"}");
        assertThat(created.status()).isEqualTo(201);
        return created.body().get("token").asText();
    }

    private Response get(String path, String token) {
        return send("GET", path, token, null);
    }

    @Test
    void an_answer_kept_between_changes_follows_a_new_run() {
        // answers are computed once per position of the kpis projection (ADR 0015); a new event moves it
        var history = new KpiHistory(eventStore, jdbc);
        String range = "/api/kpis?from=2016-02-01&to=2016-02-08&period=week";
        String model = "openai/gpt-4o";
        RunId first = RunId.generate();
        history.run(
                first, at("2016-02-01T10:00:00Z", KpiHistory.request(first, alice.id(), List.of(model), List.of())));
        eventually(
                () -> get(range, analyst())
                                .body()
                                .at("/periods/0/runsRequested")
                                .asLong()
                        == 1,
                "the first run counts");
        JsonNode kept = get(range, analyst()).body();
        assertThat(get(range, analyst()).body()).isEqualTo(kept);

        RunId second = RunId.generate();
        history.run(
                second, at("2016-02-02T10:00:00Z", KpiHistory.request(second, bob.id(), List.of(model), List.of())));
        eventually(
                () -> get(range, analyst())
                                .body()
                                .at("/periods/0/runsRequested")
                                .asLong()
                        == 2,
                "the second run counts too");
    }

    private void buildHistory() {
        var history = new KpiHistory(eventStore, jdbc);
        String real = "openai/gpt-4o";

        RunId r1 = RunId.generate();
        RunRequested req1 = KpiHistory.request(r1, alice.id(), List.of(real, "sim/echo"), List.of("sim/echo"));
        history.run(
                r1,
                at("2019-03-04T10:00:00Z", req1),
                at("2019-03-04T10:00:01Z", answer(r1, "c1", real, false)),
                at("2019-03-04T10:00:01Z", answer(r1, "c2", real, false)),
                at("2019-03-04T10:00:01Z", answer(r1, "c3", real, false)),
                at("2019-03-04T10:00:01Z", answer(r1, "c1", "sim/echo", true)),
                at("2019-03-04T10:00:02Z", verdict(r1, "c1", real, 0.1)),
                at("2019-03-04T10:00:02Z", verdict(r1, "c2", real, 0.6)),
                at("2019-03-04T10:00:02Z", failedVerdict(r1, "c2", real)),
                at("2019-03-04T10:00:02Z", verdict(r1, "c3", real, 0.8)),
                at("2019-03-04T10:00:10Z", new RunCompleted(r1, List.of(), null)),
                at("2019-03-08T09:00:00Z", new HumanGradeRecorded(r1, "c1", real, 0.3, null, new UserId(alice.id()))),
                at(
                        "2019-03-08T09:01:00Z",
                        new HumanGradeRecorded(r1, "c1", real, 0.2, "second thoughts", new UserId(alice.id()))),
                at("2019-03-08T09:02:00Z", new HumanGradeRecorded(r1, "c2", real, 0.4, null, new UserId(alice.id()))),
                at("2019-03-08T09:03:00Z", new HumanGradeRecorded(r1, "c2", real, 0.6, null, new UserId(bob.id()))),
                at("2019-03-08T09:04:00Z", new HumanGradeRecorded(r1, "c3", real, 0.9, null, new UserId(alice.id()))));

        RunId r2 = RunId.generate();
        history.run(
                r2,
                at("2019-03-05T10:00:00Z", KpiHistory.request(r2, bob.id(), List.of(real), List.of())),
                at(
                        "2019-03-05T10:00:05Z",
                        new ModelCallFailed(
                                r2, "c1", real, 1, "SERVER_ERROR", "server error after 4 attempts", 503, 4)),
                at("2019-03-05T10:00:20Z", new RunCompleted(r2, List.of(), null)));

        RunId r3 = RunId.generate();
        history.run(
                r3,
                at("2019-03-06T10:00:00Z", KpiHistory.request(r3, bob.id(), List.of(real), List.of())),
                at("2019-03-06T10:00:40Z", new RunCancelled(r3, new UserId(bob.id()))));

        RunId r4 = RunId.generate();
        history.run(r4, at("2019-04-05T10:00:00Z", KpiHistory.request(r4, alice.id(), List.of(real), List.of())));

        var account = new AccountId("acct_" + alice.id());
        history.append(
                "CreditAccount",
                account.value(),
                at("2019-03-01T00:00:00Z", new CreditsPurchased(account, "lot_kpi", 1000, 1000, "usd", "kpi")),
                at(
                        "2019-03-04T10:00:11Z",
                        new CreditsCharged(
                                account,
                                r1,
                                100,
                                600_000,
                                0,
                                List.of(new LotUse("lot_kpi", 100, 100, "usd")),
                                List.of())));

        BenchmarkId open = BenchmarkId.generate(), closed = BenchmarkId.generate(), fork = BenchmarkId.generate();
        history.append(
                "Benchmark",
                open.value(),
                at("2019-03-04T09:00:00Z", BenchmarkEvents.created(open, alice.id(), "KPI open", Visibility.PUBLIC)));
        history.append(
                "Benchmark",
                closed.value(),
                at(
                        "2019-03-04T09:00:00Z",
                        BenchmarkEvents.created(closed, alice.id(), "KPI closed", Visibility.PRIVATE)),
                at("2019-03-12T09:00:00Z", BenchmarkEvents.published(closed, alice.id(), 2)));
        history.append(
                "Benchmark",
                fork.value(),
                at("2019-03-13T09:00:00Z", BenchmarkEvents.forked(fork, bob.id(), open, Visibility.PRIVATE)));

        eventually(
                () -> count(
                                        "SELECT count(*) FROM kpi_run WHERE run_id IN (?, ?, ?, ?)",
                                        r1.value(),
                                        r2.value(),
                                        r3.value(),
                                        r4.value())
                                == 4
                        && count(
                                        "SELECT count(*) FROM kpi_run WHERE ended_at IS NOT NULL AND run_id IN (?, ?, ?)",
                                        r1.value(),
                                        r2.value(),
                                        r3.value())
                                == 3
                        && count("SELECT count(*) FROM kpi_human_grade WHERE run_id = ? AND seq = 14", r1.value()) == 1
                        && count("SELECT count(*) FROM kpi_charge WHERE run_id = ?", r1.value()) == 1
                        && count("SELECT count(*) FROM kpi_fork WHERE fork_id = ?", fork.value()) == 1
                        && count("SELECT count(*) FROM kpi_public_benchmark WHERE benchmark_id = ?", closed.value())
                                == 1,
                "the kpis projection has applied the history");
    }

    private long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }

    private static ModelResponseRecorded answer(RunId run, String caseId, String model, boolean simulated) {
        return new ModelResponseRecorded(run, caseId, model, 1, "4", 100, 10, 5, 9, null, simulated, 1);
    }

    private static JudgeVerdictRecorded verdict(RunId run, String caseId, String model, double score) {
        return new JudgeVerdictRecorded(
                run, caseId, model, 1, 1, "j1", score, "because", null, false, 4, null, 1, List.of());
    }

    private static JudgeVerdictRecorded failedVerdict(RunId run, String caseId, String model) {
        return new JudgeVerdictRecorded(
                run, caseId, model, 1, 1, "j2", null, null, "unparseable judge output", false, 4, null, 3, List.of());
    }
}
