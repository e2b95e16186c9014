package io.benchmarkhub.api.credits;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.command.run.provider.FakeOpenRouterServer;
import io.benchmarkhub.domain.credits.events.CreditsCharged;
import io.benchmarkhub.domain.run.events.JudgeVerdictRecorded;
import io.benchmarkhub.domain.run.events.RunCompleted;
import io.benchmarkhub.domain.run.events.RunFailed;
import io.benchmarkhub.domain.run.events.RunRequested;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A CREDITS run on the platform's provider key never sends a call to a paid model that its reservation does not
 * cover: not with a cap of 0 credits, not when the cap covers a few calls only (the check is before each call,
 * candidates and judges alike), and not with a completion cap above what the model or the configuration allows.
 * Against the local OpenRouter-protocol server, whose catalogue prices openai/gpt-4o at $2.5/M prompt and $10/M
 * completion tokens and answers every call with 10 prompt and 5 completion tokens (75 µ$).
 */
class CreditsBudgetTest extends ApiTestBase {

    private static final String PAID = "openai/gpt-4o";
    private static final String CHEAP = "meta-llama/llama-3.1-8b-instruct";

    @Autowired
    EventStore eventStore;

    /** Marks this test's prompts, so the calls it caused can be told from other tests' calls to the shared server. */
    private String marker;

    @BeforeEach
    void catalogueIsSynced() {
        marker = UUID.randomUUID().toString().substring(0, 8);
        awaitCatalogue(PAID);
    }

    @Test
    void a_user_without_credits_and_a_cap_of_zero_gets_402_and_the_provider_gets_no_call() {
        String benchmark = benchmark(alice, 50, null);

        Response refused = send("POST", "/api/runs", alice, """
                {"benchmarkId": "%s", "billing": "CREDITS", "maxCostCredits": 0, "models": ["%s", "%s"]}""".formatted(benchmark, PAID, CHEAP));

        assertThat(refused.status()).as(refused.text()).isEqualTo(402);
        assertThat(refused.header("Content-Type")).contains("application/problem+json");
        assertThat(refused.body().path("available").asLong()).isZero();
        // one gpt-4o call: (13 prompt bytes + 8) × $2.5/M + 1,024 × $10/M = 10,293 µ$ × 1.3 → 14 credits
        assertThat(refused.body().path("needed").asLong()).isEqualTo(14);
        assertThat(refused.body().path("detail").asText()).contains("maxCostCredits");
        assertThat(eventCount("acct_" + alice.id())).as("nothing reserved").isZero();
        assertThat(runsOf(benchmark)).as("no run recorded").isZero();
        assertThat(callsOfThisTest()).isEmpty();
    }

    @Test
    void a_cap_that_covers_a_few_calls_stops_the_run_before_the_first_call_it_cannot_cover() {
        grant(alice, 1_000);
        String benchmark = benchmark(alice, 20, null);

        Response started = send("POST", "/api/runs", alice, """
                {"benchmarkId": "%s", "billing": "CREDITS", "maxCostCredits": 14, "models": ["%s"]}""".formatted(benchmark, PAID));
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        String runId = started.body().path("id").asText();
        eventually(() -> events(runId).getLast() instanceof RunFailed, "the run stops");

        // each call is bounded by 10,293 µ$ and costs 75 µ$; 14 credits are 10,769 µ$: a call is sent only while
        // 75 × (calls so far) + 10,293 ≤ 10,769, so 7 calls, and never one more on the strength of an answer to come
        assertThat(callsOfThisTest()).hasSize(7);
        assertThat(((RunFailed) events(runId).getLast()).reason()).contains("14 credits reserved");
        eventually(() -> charge(alice, runId) != null, "the run is charged");
        CreditsCharged charge = charge(alice, runId);
        assertThat(charge.apiCostMicros()).isEqualTo(7 * 75);
        assertThat(charge.uncoveredCostMicros()).isZero();
        assertThat(charge.credits()).as("⌈525 × 1.3 ÷ 1,000⌉").isEqualTo(1);
    }

    @Test
    void judge_calls_are_sent_only_when_the_reservation_covers_them() {
        grant(alice, 1_000);
        String benchmark = benchmark(alice, 40, "Is the answer right?");
        String request = """
                {"benchmarkId": "%s", "billing": "CREDITS", "maxCostCredits": %d, "models": ["sim/echo"], "judges": ["%s"]}""";

        Response tooSmall = send("POST", "/api/runs", alice, request.formatted(benchmark, 0, PAID));
        assertThat(tooSmall.status()).as(tooSmall.text()).isEqualTo(402);
        long oneTrial = tooSmall.body().path("needed").asLong();
        assertThat(oneTrial).as("the bound of one judge call").isPositive();
        assertThat(callsOfThisTest()).isEmpty();

        Response started = send("POST", "/api/runs", alice, request.formatted(benchmark, oneTrial, PAID));
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        String runId = started.body().path("id").asText();
        eventually(() -> events(runId).getLast() instanceof RunFailed, "the run stops");

        // gpt-4o answers with prose, so each verdict asks up to 3 times: 120 judge calls if nothing held them back
        List<FakeOpenRouterServer.Recorded> judgeCalls = callsOfThisTest();
        assertThat(judgeCalls)
                .isNotEmpty()
                .allSatisfy(
                        call -> assertThat(call.body().path("model").asText()).isEqualTo(PAID));
        assertThat(judgeCalls.size()).isLessThan(120);
        assertThat(((RunFailed) events(runId).getLast()).reason())
                .contains(oneTrial + " credits reserved")
                .contains(PAID);
        eventually(() -> charge(alice, runId) != null, "the run is charged");
        CreditsCharged charge = charge(alice, runId);
        assertThat(charge.apiCostMicros()).isEqualTo(75L * judgeCalls.size());
        assertThat(charge.uncoveredCostMicros()).isZero();
        assertThat(charge.credits()).isLessThanOrEqualTo(oneTrial);
    }

    @Test
    void a_panel_asked_at_once_sends_only_the_judge_calls_the_reservation_covers() {
        grant(alice, 1_000);
        String benchmark = benchmark(alice, 40, "Is the answer right?");
        String request = """
                {"benchmarkId": "%s", "billing": "CREDITS", "maxCostCredits": %d, "models": ["sim/echo"], "judges": ["%s", "%s"]}""";

        Response tooSmall = send("POST", "/api/runs", alice, request.formatted(benchmark, 0, PAID, CHEAP));
        assertThat(tooSmall.status()).as(tooSmall.text()).isEqualTo(402);
        long oneTrial = tooSmall.body().path("needed").asLong();

        // a cap of one trial's bound: both judges of an answer are asked at the same time, each call holding its own
        // bound
        Response started = send("POST", "/api/runs", alice, request.formatted(benchmark, oneTrial, PAID, CHEAP));
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        String runId = started.body().path("id").asText();
        eventually(() -> events(runId).getLast() instanceof RunFailed, "the run stops");

        // both answer prose, so each verdict asks up to 3 times: 240 judge calls if nothing held them back
        List<FakeOpenRouterServer.Recorded> judgeCalls = callsOfThisTest();
        assertThat(judgeCalls)
                .extracting(call -> call.body().path("model").asText())
                .contains(PAID, CHEAP);
        assertThat(judgeCalls.size()).isLessThan(240);
        assertThat(((RunFailed) events(runId).getLast()).reason()).contains(oneTrial + " credits reserved");
        eventually(() -> charge(alice, runId) != null, "the run is charged");
        CreditsCharged charge = charge(alice, runId);
        assertThat(charge.apiCostMicros())
                .as("every gpt-4o call costs 75 µ$")
                .isGreaterThanOrEqualTo(75L
                        * judgeCalls.stream()
                                .filter(call ->
                                        call.body().path("model").asText().equals(PAID))
                                .count());
        assertThat(charge.uncoveredCostMicros())
                .as("no call was sent that the reservation did not cover")
                .isZero();
        assertThat(charge.credits()).isLessThanOrEqualTo(oneTrial);
        // each verdict is its own event, once per (trial, judge)
        var verdicts = events(runId).stream()
                .filter(JudgeVerdictRecorded.class::isInstance)
                .map(JudgeVerdictRecorded.class::cast)
                .toList();
        assertThat(verdicts.stream()
                        .map(v -> v.caseId() + "|" + v.judgeModel())
                        .distinct()
                        .count())
                .isEqualTo(verdicts.size());
    }

    @Test
    void max_tokens_is_capped_by_the_configured_maximum_and_by_the_models_catalogue_limit() {
        grant(alice, 100_000);
        String benchmark = benchmark(alice, 2, "Is the answer right?");

        Response tooMany = send("POST", "/api/runs", alice, """
                {"benchmarkId": "%s", "billing": "CREDITS", "models": ["%s"], "judges": ["%s"], "params": {"maxTokens": 40000}}""".formatted(benchmark, PAID, CHEAP));
        assertThat(tooMany.status()).as(tooMany.text()).isEqualTo(400);
        assertThat(tooMany.body().path("errors").findValuesAsText("field")).containsExactly("params.maxTokens");

        // gpt-4o completes at most 16,384 tokens and the cheap judge 256 (their catalogue entries)
        Response started = send("POST", "/api/runs", alice, """
                {"benchmarkId": "%s", "billing": "CREDITS", "models": ["%s"], "judges": ["%s"], "params": {"maxTokens": 20000}}""".formatted(benchmark, PAID, CHEAP));
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        String runId = started.body().path("id").asText();
        eventually(() -> events(runId).getLast() instanceof RunCompleted, "the run completes");

        List<FakeOpenRouterServer.Recorded> calls = callsOfThisTest();
        assertThat(calls)
                .filteredOn(c -> c.body().path("model").asText().equals(PAID))
                .hasSize(2)
                .allSatisfy(c -> assertThat(c.body().path("max_tokens").asInt()).isEqualTo(16_384));
        assertThat(calls)
                .filteredOn(c -> c.body().path("model").asText().equals(CHEAP))
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.body().path("max_tokens").asInt()).isEqualTo(256));
        // the reservation is bounded with the capped completions: 2 × (21 × 2.5 + 16,384 × 10) µ$ = 327,786 µ$ for
        // gpt-4o, 427 credits, plus about 1 for the judge; 20,000-token completions would have been 521 credits
        long reserved = ((RunRequested) events(runId).getFirst()).reservedCredits();
        assertThat(reserved).isBetween(427L, 430L);
    }

    // --- helpers -------------------------------------------------------------------------------

    /** A benchmark of {@code cases} cases whose inputs are 13 bytes each ({@code m-<marker>-NN}), with an optional judge. */
    private String benchmark(Caller owner, int cases, String rubric) {
        var items = new ArrayList<String>();
        for (int i = 1; i <= cases; i++) {
            String input = "m-%s-%02d".formatted(marker, i);
            items.add("{\"input\": \"" + input + "\", \"expected\": \"" + input + "\"}");
        }
        String graders = rubric == null
                ? "[{\"type\": \"contains\"}]"
                : "[{\"type\": \"contains\"}, {\"type\": \"llm-judge\", \"rubric\": \"" + rubric + "\"}]";
        return createBenchmark(owner, """
                {"title": "Budget %s", "cases": [%s], "graders": %s}""".formatted(marker, String.join(",", items), graders));
    }

    private List<FakeOpenRouterServer.Recorded> callsOfThisTest() {
        return PROVIDER.requests().stream()
                .filter(r -> r.path().endsWith("/chat/completions")
                        && r.body().path("messages").toString().contains(marker))
                .toList();
    }

    /** Runs recorded for the benchmark, from the event store itself. */
    private long runsOf(String benchmark) {
        Long n = jdbc.queryForObject("""
                SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%RunRequested' AND convert_from(payload, 'UTF8') LIKE ?""", Long.class, "%" + benchmark + "%");
        return n == null ? 0 : n;
    }

    private void grant(Caller caller, long credits) {
        Response granted = send("POST", "/api/admin/credits/grants", ADMIN_TOKEN, """
                {"accountId": "acct_%s", "credits": %d, "reason": "budget test"}""".formatted(caller.id(), credits));
        assertThat(granted.status()).as(granted.text()).isEqualTo(201);
    }

    private List<Object> events(String aggregateId) {
        return eventStore
                .readEvents(aggregateId)
                .asStream()
                .map(m -> (Object) m.getPayload())
                .toList();
    }

    private CreditsCharged charge(Caller caller, String runId) {
        return events("acct_" + caller.id()).stream()
                .filter(CreditsCharged.class::isInstance)
                .map(CreditsCharged.class::cast)
                .filter(c -> c.runId().value().equals(runId))
                .findFirst()
                .orElse(null);
    }
}
