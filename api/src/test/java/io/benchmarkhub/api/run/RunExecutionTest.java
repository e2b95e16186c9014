package io.benchmarkhub.api.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.domain.run.events.GradeRecorded;
import io.benchmarkhub.domain.run.events.JudgeVerdictRecorded;
import io.benchmarkhub.domain.run.events.ModelCallFailed;
import io.benchmarkhub.domain.run.events.ModelResponseRecorded;
import io.benchmarkhub.domain.run.events.RunCancelled;
import io.benchmarkhub.domain.run.events.RunCompleted;
import io.benchmarkhub.domain.run.events.RunEvent;
import io.benchmarkhub.domain.run.events.RunRequested;
import io.benchmarkhub.domain.run.events.RunStarted;
import io.benchmarkhub.domain.run.events.RunTimedOut;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Runs end to end: POST /api/runs, the executor calling models over real HTTP (the local provider
 * server) or the simulated provider, and what ends up in the run's events — checked from the event
 * store itself, so "nothing lost or doubled" is about the record, not about a view of it.
 */
class RunExecutionTest extends ApiTestBase {

    /** Runs against the fake provider bring a key: its models have no catalogue price to reserve credits by. */
    private static final String[] BYOK_KEY = {"X-Provider-Key", "sk-test-byok"};

    @Autowired
    EventStore eventStore;

    private String benchmarkWithJudge(int cases) {
        var items = new ArrayList<String>();
        for (int i = 1; i <= cases; i++)
            items.add("{\"input\": \"question " + i + "\", \"expected\": \"question " + i + "\"}");
        return createBenchmark(alice, """
                {"title": "Run me", "visibility": "PRIVATE", "promptTemplate": "{{input}}",
                 "cases": [%s],
                 "graders": [{"type": "contains"}, {"type": "llm-judge", "rubric": "Does the answer repeat the question?"}]}""".formatted(String.join(",", items)));
    }

    private String startRun(String json, String... headers) {
        Response started = send("POST", "/api/runs", alice, json, headers);
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        assertThat(started.body().path("links").path("events").asText()).endsWith("/events");
        String id = started.body().get("id").asText();
        assertThat(get("/api/runs/" + id, alice).status())
                .as("readable once accepted")
                .isEqualTo(200);
        return id;
    }

    private List<DomainEventMessage<?>> events(String runId) {
        var list = new ArrayList<DomainEventMessage<?>>();
        eventStore.readEvents(runId).asStream().forEach(list::add);
        return list;
    }

    private List<Object> payloads(String runId) {
        return events(runId).stream().map(m -> (Object) m.getPayload()).toList();
    }

    private void awaitEnd(String runId) {
        eventually(
                () -> payloads(runId).stream()
                        .anyMatch(p -> p instanceof RunCompleted
                                || p instanceof RunCancelled
                                || p instanceof RunTimedOut
                                || p instanceof io.benchmarkhub.domain.run.events.RunFailed),
                "run " + runId + " ends");
    }

    private static String trial(RunEvent.TrialResult r) {
        return r.caseId() + "|" + r.model() + "|" + r.repeat();
    }

    /** Every trial settled exactly once: one response or one failed call. */
    private static void assertEachTrialSettledOnce(List<Object> payloads, int expectedTrials) {
        Map<String, Long> settles = payloads.stream()
                .filter(p -> p instanceof ModelResponseRecorded || p instanceof ModelCallFailed)
                .collect(Collectors.groupingBy(p -> trial((RunEvent.TrialResult) p), Collectors.counting()));
        assertThat(settles).hasSize(expectedTrials);
        assertThat(settles.values()).containsOnly(1L);
    }

    @Test
    void a_simulated_run_answers_grades_and_judges_every_trial_once_and_completes_with_summaries() {
        String benchmark = benchmarkWithJudge(4);
        String runId = startRun("""
                {"benchmarkId": "%s", "models": ["sim/echo", "sim/upper"], "repeats": 2, "billing": "CREDITS"}""".formatted(benchmark));
        awaitEnd(runId);

        List<Object> payloads = payloads(runId);
        var request = (RunRequested) payloads.getFirst();
        assertThat(request.benchmarkVersion()).isEqualTo(1);
        assertThat(request.contentHash()).startsWith("sha256:");
        assertThat(request.simulatedModels()).containsExactly("sim/echo", "sim/upper");
        assertThat(request.judgePanels())
                .singleElement()
                .satisfies(p -> assertThat(p.judges()).containsExactly("sim/judge-1", "sim/judge-2", "sim/judge-3"));
        assertThat(payloads).filteredOn(RunStarted.class::isInstance).hasSize(1);
        assertEachTrialSettledOnce(payloads, 4 * 2 * 2);
        assertThat(payloads).filteredOn(ModelCallFailed.class::isInstance).isEmpty();
        assertThat(payloads).filteredOn(GradeRecorded.class::isInstance).hasSize(16);
        var verdicts = payloads.stream()
                .filter(JudgeVerdictRecorded.class::isInstance)
                .map(JudgeVerdictRecorded.class::cast)
                .toList();
        assertThat(verdicts)
                .hasSize(16 * 3)
                .allSatisfy(v -> assertThat(v.score()).isBetween(0.0, 1.0));

        var completed = (RunCompleted) payloads.getLast();
        assertThat(completed.summaries()).extracting(s -> s.model()).containsExactly("sim/echo", "sim/upper");
        var echo = completed.summaries().get(0);
        var upper = completed.summaries().get(1);
        assertThat(echo.trials()).isEqualTo(8);
        assertThat(echo.simulated()).isTrue();
        // the echo model repeats the question, so "contains expected" passes; upper-casing it does not
        assertThat(echo.score()).isGreaterThan(upper.score());
        assertThat(echo.scoreLow()).isLessThanOrEqualTo(echo.score());
        assertThat(echo.scoreHigh()).isGreaterThanOrEqualTo(echo.score());
        assertThat(echo.passHatK()).isNotNull();
        assertThat(echo.costMicros())
                .isEqualTo(payloads.stream()
                        .filter(ModelResponseRecorded.class::isInstance)
                        .map(ModelResponseRecorded.class::cast)
                        .filter(r -> r.model().equals("sim/echo"))
                        .mapToLong(ModelResponseRecorded::costMicros)
                        .sum());
        // the read side shows the same numbers the run completed with
        eventually(
                () -> "COMPLETED"
                        .equals(get("/api/runs/" + runId, alice)
                                .body()
                                .path("status")
                                .asText()),
                "the run reads as completed");
        JsonNode run = get("/api/runs/" + runId, alice).body();
        assertThat(run.path("progress").path("done").asInt()).isEqualTo(16);
        assertThat(run.path("progress").path("total").asInt()).isEqualTo(16);
        assertThat(run.path("models").get(0).path("score").asDouble()).isEqualTo(echo.score());
        assertThat(run.path("models").get(0).path("ci95").get(0).asDouble()).isEqualTo(echo.scoreLow());
        JsonNode compare = get("/api/runs/" + runId + "/compare?baseline=sim/upper&candidate=sim/echo", alice)
                .body();
        assertThat(compare.path("difference").path("mean").asDouble()).isPositive();
        assertThat(compare.path("verdict").asText()).isIn("SHIP", "SHIP_WITH_CAVEATS");
        assertThat(get("/api/runs/" + runId + "/results?model=sim/echo&limit=200", alice)
                        .body()
                        .path("items"))
                .hasSize(8);

        // results are recorded in batches: fewer units of work than result events
        long unitsOfWork = events(runId).stream()
                .filter(m -> m.getPayload() instanceof RunEvent.TrialResult)
                .map(m -> m.getMetaData().get("correlationId"))
                .distinct()
                .count();
        assertThat(payloads.stream()
                        .filter(RunEvent.TrialResult.class::isInstance)
                        .count())
                .isGreaterThan(unitsOfWork);
    }

    @Test
    void failing_providers_are_retried_and_what_still_fails_is_recorded_with_its_reason_and_nothing_is_doubled() {
        String benchmark = benchmarkWithJudge(3);
        String runId = startRun("""
                {"benchmarkId": "%s", "models": ["fake/jitter", "fake/flaky", "fake/limited", "fake/broken", "fake/empty", "fake/hang"],
                 "judges": ["fake/judge-a", "fake/judge-b", "fake/garbled"], "billing": "BYOK"}""".formatted(benchmark), BYOK_KEY);
        awaitEnd(runId);

        List<Object> payloads = payloads(runId);
        assertThat(payloads.getLast()).isInstanceOf(RunCompleted.class);
        assertEachTrialSettledOnce(payloads, 3 * 6);
        Map<String, List<String>> failureKinds = new HashMap<>();
        payloads.stream()
                .filter(ModelCallFailed.class::isInstance)
                .map(ModelCallFailed.class::cast)
                .forEach(f -> failureKinds
                        .computeIfAbsent(f.model(), m -> new ArrayList<>())
                        .add(f.kind()));
        assertThat(failureKinds).containsOnlyKeys("fake/broken", "fake/empty", "fake/hang");
        assertThat(failureKinds.get("fake/broken"))
                .containsOnly("MALFORMED_RESPONSE")
                .hasSize(3);
        assertThat(failureKinds.get("fake/empty"))
                .containsOnly("MALFORMED_RESPONSE")
                .hasSize(3);
        assertThat(failureKinds.get("fake/hang")).containsOnly("TIMEOUT").hasSize(3);
        assertThat(payloads)
                .filteredOn(ModelCallFailed.class::isInstance)
                .map(ModelCallFailed.class::cast)
                .allSatisfy(f -> assertThat(f.reason())
                        .isNotBlank()
                        .doesNotContain("test-server-key")
                        .doesNotContain("sk-test-byok"));
        // flaky (500) and limited (429 + Retry-After) needed retries but every answer arrived
        var responses = payloads.stream()
                .filter(ModelResponseRecorded.class::isInstance)
                .map(ModelResponseRecorded.class::cast)
                .toList();
        assertThat(responses)
                .extracting(ModelResponseRecorded::model)
                .containsOnly("fake/jitter", "fake/flaky", "fake/limited")
                .hasSize(9);
        assertThat(responses)
                .filteredOn(r -> r.model().equals("fake/flaky"))
                .anySatisfy(r -> assertThat(r.attempts()).isGreaterThan(1));

        var verdicts = payloads.stream()
                .filter(JudgeVerdictRecorded.class::isInstance)
                .map(JudgeVerdictRecorded.class::cast)
                .toList();
        assertThat(verdicts).hasSize(9 * 3);
        assertThat(verdicts)
                .filteredOn(v -> v.judgeModel().equals("fake/garbled"))
                .hasSize(9)
                .allSatisfy(v -> {
                    assertThat(v.failed()).isTrue();
                    assertThat(v.failure()).contains("not a verdict").contains("3 attempt");
                    assertThat(v.attempts()).isEqualTo(3);
                });
        assertThat(verdicts)
                .filteredOn(v -> !v.judgeModel().equals("fake/garbled"))
                .allSatisfy(v -> assertThat(v.failed()).isFalse());
        // the same vendor judging its own model is flagged
        assertThat(verdicts).allSatisfy(v -> assertThat(v.selfPreference()).isTrue());

        var summaries = ((RunCompleted) payloads.getLast()).summaries();
        assertThat(summaries)
                .filteredOn(s -> s.model().equals("fake/broken"))
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.failedCalls()).isEqualTo(3);
                    assertThat(s.score()).isZero();
                });
    }

    @Test
    void a_trial_asks_every_judge_of_its_panel_at_the_same_time_and_records_one_verdict_each() {
        // the panel judges answer only once their whole panel is in flight for that trial (or after a patience shorter
        // than
        // the request timeout): asked one after another, no trial ever has two of them in flight at once
        FakeModels.PANEL.reset(3);
        String benchmark = benchmarkWithJudge(4);
        String runId = startRun("""
                {"benchmarkId": "%s", "models": ["fake/steady"], "judges": ["fake/panel-judge-a", "fake/panel-judge-b", "fake/panel-judge-c"],
                 "billing": "BYOK"}""".formatted(benchmark), "X-Provider-Key", "sk-test-panel");
        awaitEnd(runId);

        List<Object> payloads = payloads(runId);
        assertThat(payloads.getLast()).isInstanceOf(RunCompleted.class);
        assertThat(FakeModels.PANEL.maxAtOnce())
                .as("judges of one trial in flight at once")
                .isEqualTo(3);
        assertThat(FakeModels.PANEL.asked()).as("one call per verdict").isEqualTo(4 * 3);
        var verdicts = payloads.stream()
                .filter(JudgeVerdictRecorded.class::isInstance)
                .map(JudgeVerdictRecorded.class::cast)
                .toList();
        assertThat(verdicts).hasSize(4 * 3).allSatisfy(v -> {
            assertThat(v.failed()).isFalse();
            assertThat(v.attempts()).isEqualTo(1);
        });
        assertThat(verdicts.stream()
                        .collect(Collectors.groupingBy(v -> v.caseId() + "|" + v.judgeModel(), Collectors.counting()))
                        .values())
                .as("one verdict per judge and trial")
                .hasSize(4 * 3)
                .containsOnly(1L);
    }

    @Test
    void a_cancelled_run_stops_and_records_nothing_after_the_cancellation() {
        String benchmark = benchmarkWithJudge(40);
        String runId = startRun("""
                {"benchmarkId": "%s", "models": ["fake/slow-1", "fake/slow-2"], "judges": ["fake/judge-a"], "billing": "BYOK"}""".formatted(benchmark), BYOK_KEY);
        eventually(() -> payloads(runId).stream().anyMatch(ModelResponseRecorded.class::isInstance), "a first answer");

        Response cancelled = send("POST", "/api/runs/" + runId + "/cancel", alice, "");
        assertThat(cancelled.status()).as(cancelled.text()).isEqualTo(200);
        assertThat(get("/api/runs/" + runId, alice).body().path("status").asText())
                .as("read your writes")
                .isEqualTo("CANCELLED");
        awaitEnd(runId);
        assertThat(send("POST", "/api/runs/" + runId + "/cancel", alice, "").status())
                .isEqualTo(409);

        List<DomainEventMessage<?>> events = events(runId);
        long cancelledAt = events.stream()
                .filter(m -> m.getPayload() instanceof RunCancelled)
                .findFirst()
                .orElseThrow()
                .getSequenceNumber();
        // a moment later, still nothing after the cancellation
        eventually(() -> true, "");
        assertThat(events(runId))
                .allSatisfy(m -> assertThat(m.getSequenceNumber()).isLessThanOrEqualTo(cancelledAt));
        assertThat(events.stream()
                        .filter(m -> m.getPayload() instanceof ModelResponseRecorded)
                        .count())
                .isLessThan(80);
    }

    @Test
    void a_run_past_its_deadline_is_timed_out_by_the_quartz_deadline() {
        // each call hangs until the 1 s request timeout, three attempts each: far longer than the 2 s deadline
        String benchmark = benchmarkWithJudge(40);
        String runId = startRun("""
                {"benchmarkId": "%s", "models": ["fake/hang"], "judges": ["fake/judge-a"], "billing": "BYOK", "timeoutSeconds": 2}""".formatted(benchmark), BYOK_KEY);
        awaitEnd(runId);
        List<Object> payloads = payloads(runId);
        assertThat(payloads.getLast())
                .isInstanceOfSatisfying(
                        RunTimedOut.class, t -> assertThat(t.timeoutSeconds()).isEqualTo(2));
    }

    @Test
    void only_the_requester_may_cancel_or_grade_a_run_and_others_cannot_tell_it_exists() {
        String benchmark = benchmarkWithJudge(2);
        String runId = startRun("""
                {"benchmarkId": "%s", "models": ["sim/echo"], "billing": "CREDITS"}""".formatted(benchmark));
        awaitEnd(runId);
        assertThat(send("POST", "/api/runs/" + runId + "/cancel", bob, "").status())
                .isEqualTo(404);
        assertThat(send("POST", "/api/runs/" + runId + "/human-grades", bob, """
                {"caseId": "c1", "model": "sim/echo", "score": 1}""")
                        .status())
                .isEqualTo(404);
        assertThat(send("POST", "/api/runs/run_doesnotexist/cancel", alice, "").status())
                .isEqualTo(404);

        Response graded = send("POST", "/api/runs/" + runId + "/human-grades", alice, """
                {"caseId": "c1", "model": "sim/echo", "score": 0.75, "comment": "fine"}""");
        assertThat(graded.status()).as(graded.text()).isEqualTo(201);
        assertThat(send("POST", "/api/runs/" + runId + "/human-grades", alice, """
                {"caseId": "c2", "model": "sim/echo", "score": 0.25}""")
                        .status())
                .isEqualTo(201);
        eventually(
                () -> get("/api/runs/" + runId, alice)
                                .body()
                                .path("humanAgreement")
                                .path("n")
                                .asInt()
                        == 2,
                "human agreement shows");
        assertThat(get("/api/runs/" + runId, bob).status()).isEqualTo(404);
        Response bad = send("POST", "/api/runs/" + runId + "/human-grades", alice, """
                {"caseId": "nope", "model": "sim/echo", "score": 1.5}""");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("errors").findValuesAsText("field")).contains("score", "caseId");
    }

    @Test
    void bad_run_requests_get_a_clear_400_and_record_nothing() {
        String benchmark = benchmarkWithJudge(2);
        long before = totalEvents();
        Response noModels = send("POST", "/api/runs", alice, """
                {"benchmarkId": "%s", "models": [], "repeats": 0}""".formatted(benchmark));
        assertThat(noModels.status()).isEqualTo(400);
        assertThat(noModels.body().path("errors").findValuesAsText("field")).contains("models", "repeats");
        Response unknownSim = send("POST", "/api/runs", alice, """
                {"benchmarkId": "%s", "models": ["sim/echo", "sim/oracle"], "judges": ["sim/judge-1", "sim/judge-1"]}""".formatted(benchmark));
        assertThat(unknownSim.status()).isEqualTo(400);
        assertThat(unknownSim.body().path("errors").findValuesAsText("field")).contains("models[1]", "judges");
        assertThat(unknownSim.text()).contains("sim has no model \\\"oracle\\\"");

        Response needsKey = send("POST", "/api/runs", bob, """
                {"benchmarkId": "%s", "models": ["sim/echo"]}""".formatted(benchmark));
        assertThat(needsKey.status())
                .as("bob may not see alice's private benchmark")
                .isEqualTo(404);

        Response unknownField = send("POST", "/api/runs", alice, """
                {"benchmarkId": "%s", "models": ["sim/echo"], "colour": "red"}""".formatted(benchmark));
        assertThat(unknownField.status()).isEqualTo(400);
        Response badVersion = send("POST", "/api/runs", alice, """
                {"benchmarkId": "%s", "benchmarkVersion": 9, "models": ["sim/echo"]}""".formatted(benchmark));
        assertThat(badVersion.status()).isEqualTo(400);
        assertThat(totalEvents()).isEqualTo(before);
    }

    @Test
    void a_byok_key_is_sent_to_the_provider_and_never_stored() {
        String benchmark = benchmarkWithJudge(2);
        String runId = startRun("""
                {"benchmarkId": "%s", "models": ["fake/steady"], "judges": ["fake/judge-a"], "billing": "BYOK"}""".formatted(benchmark), "X-Provider-Key", "sk-byok-secret-123");
        awaitEnd(runId);
        assertThat(PROVIDER.requests())
                .anySatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer sk-byok-secret-123"));
        Integer stored = jdbc.queryForObject("""
                SELECT count(*) FROM domain_event_entry WHERE position('sk-byok-secret-123' in convert_from(payload, 'UTF8')) > 0
                   OR position('sk-byok-secret-123' in convert_from(coalesce(meta_data, ''::bytea), 'UTF8')) > 0""", Integer.class);
        assertThat(stored).isZero();
    }

    @Test
    void the_model_catalogue_lists_simulated_and_provider_models() {
        eventually(
                () -> {
                    JsonNode models = get("/api/models", alice).body().path("models");
                    return models.findValuesAsText("id").contains("sim/echo");
                },
                "the catalogue job has run");
        JsonNode sims = get("/api/models?simulated=true", null).body().path("models");
        assertThat(sims.findValuesAsText("id")).contains("sim/echo", "sim/judge");
        assertThat(sims.findValues("simulated"))
                .allSatisfy(v -> assertThat(v.asBoolean()).isTrue());
    }
}
