package io.benchmarkhub.api.suggestion;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.api.run.FakeModels;
import io.benchmarkhub.command.run.provider.FakeOpenRouterServer;
import io.benchmarkhub.domain.credits.events.CreditsCharged;
import io.benchmarkhub.domain.credits.events.CreditsReserved;
import io.benchmarkhub.domain.credits.events.ReservationReleased;
import io.benchmarkhub.command.credits.CreditsProperties;
import io.benchmarkhub.command.credits.RunReservations;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.run.Billing;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.suggestion.Suggestion;
import io.benchmarkhub.domain.suggestion.commands.SuggestionCommands;
import io.benchmarkhub.domain.suggestion.events.SuggestionBatchRecorded;
import io.benchmarkhub.domain.suggestion.events.SuggestionJobRequested;
import io.benchmarkhub.domain.user.UserId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.transaction.support.TransactionTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Suggestions over the real app: a model on the local OpenAI-compatible server (scripted by a marker in the benchmark's
 * title) drafts cases; the checks skip and count what cannot be used; nothing enters the benchmark until its owner
 * accepts a suggestion, which is an ordinary edit with If-Match.
 */
class SuggestionsTest extends ApiTestBase {

    private static final String PAID = "openai/gpt-4o";

    @Autowired
    EventStore eventStore;
    @Autowired
    SuggestionJobs jobs;
    @Autowired
    RunReservations reservations;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    CommandGateway commands;
    @Autowired
    CreditsProperties credits;

    private String marker;

    @BeforeEach
    void marker() {
        marker = "mk" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void unscript() {
        FakeModels.SCRIPTS.remove(marker);
    }

    private String arithmetic(String visibility) {
        return createBenchmark(alice, """
                {"title": "Arithmetic %s", "description": "word problems", "tags": ["math"], "category": "qa", "visibility": "%s",
                 "promptTemplate": "Answer with the number only: {{input}}",
                 "cases": [{"input": "2+2", "expected": "4"}, {"input": "3+3", "expected": "6"}],
                 "graders": [{"type": "exact"}]}""".formatted(marker, visibility));
    }

    private static String cases(String... cases) {
        return "{\"cases\": [" + String.join(", ", cases) + "]}";
    }

    private static String proposal(String input, String expected) {
        return "{\"input\": \"" + input + "\", \"expected\": \"" + expected + "\", \"tags\": [\"drafted\"], \"edgeCaseType\": \"boundary\"}";
    }

    private JsonNode awaitEnd(String jobId, Caller caller) {
        JsonNode[] last = new JsonNode[1];
        eventually(() -> {
            Response job = get("/api/suggestion-jobs/" + jobId, caller);
            last[0] = job.body();
            return job.status() == 200 && !job.body().path("status").asText().equals("RUNNING");
        }, "suggestion job " + jobId + " ends");
        return last[0];
    }

    private JsonNode benchmark(String id) {
        Response read = get("/api/benchmarks/" + id, alice);
        assertThat(read.status()).as(read.text()).isEqualTo(200);
        return read.body();
    }

    @Test
    void good_malformed_duplicate_and_cut_off_answers_are_counted_exactly_and_nothing_enters_the_benchmark_before_acceptance() {
        String id = arithmetic("PRIVATE");
        FakeModels.script(marker,
                // 10 proposals: 7 usable, one duplicates an existing case (normalised), one nearly duplicates another
                // proposal, one has no expected answer although the exact grader needs one
                FakeOpenRouterServer.reply(cases(
                        proposal("A train leaves at 3 pm and arrives at 5 pm; how many hours?", "2"),
                        proposal("What is 17 minus 9?", "8"),
                        proposal("How many legs do three spiders have?", "24"),
                        proposal("Seven boxes hold five apples each. How many apples?", "35"),
                        proposal("What is zero divided by four?", "0"),
                        proposal("Half of one hundred and ten", "55"),
                        proposal("A dozen eggs minus a third of them", "8"),
                        proposal(" 2 + 2 ", "4"),
                        proposal("What is 17 minus 9 ?!", "8"),
                        "{\"input\": \"What is the square root of 81?\"}")),
                FakeOpenRouterServer.reply("Sure! Here are ten great test cases for your benchmark."),
                FakeOpenRouterServer.status(200, "{\"id\": \"gen-cut\", \"choices\": [{\"index\": 0, \"finish_reason\": \"length\", "
                        + "\"message\": {\"role\": \"assistant\", \"content\": \"{\\\"cases\\\": [{\\\"input\\\": \\\"What is 9 times\"}}], "
                        + "\"usage\": {\"prompt_tokens\": 10, \"completion_tokens\": 4096}}"),
                FakeOpenRouterServer.reply("```json\n" + cases(
                        proposal("How many sides do two hexagons have together?", "12"),
                        proposal("How many legs do three spiders have?", "24"),
                        proposal("What is one thousand minus one?", "999")) + "\n```"));

        Response started = send("POST", "/api/benchmarks/" + id + "/suggestions", alice, """
                {"count": 40, "instructions": "vary the wording", "edgeCaseTypes": ["boundary", "typos"],
                 "model": "fake/drafter", "billing": "BYOK"}""", "X-Provider-Key", "sk-test-byok-suggest");
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        String jobId = started.body().path("jobId").asText();
        assertThat(jobId).startsWith("sgj_");

        JsonNode job = awaitEnd(jobId, alice);
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("COMPLETED");
        JsonNode report = job.path("report");
        assertThat(report.path("requested").asInt()).isEqualTo(40);
        assertThat(report.path("calls").asInt()).isEqualTo(4);
        assertThat(report.path("callsMade").asInt()).isEqualTo(4);
        assertThat(report.path("proposed").asLong()).isEqualTo(9);
        assertThat(report.path("skippedMalformed").asLong()).as("one unreadable proposal, one prose answer, one cut-off answer").isEqualTo(3);
        assertThat(report.path("skippedDuplicates").asLong()).isEqualTo(3);
        assertThat(report.path("pending").asLong()).isEqualTo(9);
        assertThat(report.path("accepted").asLong()).isZero();
        assertThat(report.has("reservedCredits")).as("BYOK reserves nothing").isFalse();
        assertThat(job.path("problems").toString()).contains("not JSON").contains("duplicates");

        // the prompt carried the benchmark, its examples and the steering; the key was sent and stored nowhere
        var calls = PROVIDER.requests().stream().filter(r -> r.body().toString().contains(marker)).toList();
        assertThat(calls).hasSize(4);
        assertThat(calls.getFirst().body().toString()).contains("Answer with the number only").contains("3+3").contains("typos")
                .contains("vary the wording");
        assertThat(calls.getFirst().authorization()).isEqualTo("Bearer sk-test-byok-suggest");
        Long leaked = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE convert_from(payload, 'UTF8') LIKE '%sk-test-byok%'", Long.class);
        assertThat(leaked).isZero();

        // nothing entered the benchmark
        JsonNode before = benchmark(id);
        assertThat(before.path("version").asLong()).isEqualTo(1);
        assertThat(before.path("cases")).hasSize(2);

        Response pending = get("/api/benchmarks/" + id + "/suggestions?status=PENDING", alice);
        assertThat(pending.status()).as(pending.text()).isEqualTo(200);
        JsonNode items = pending.body().path("items");
        assertThat(items).hasSize(9);
        assertThat(items.get(0).path("input").asText()).startsWith("A train leaves");
        assertThat(items.get(0).path("edgeCaseType").asText()).isEqualTo("boundary");
        List<String> ids = new ArrayList<>();
        items.forEach(i -> ids.add(i.path("id").asText()));

        // accepting needs If-Match; a stale one changes nothing
        Response noIfMatch = send("POST", "/api/suggestions/" + ids.get(0) + "/accept", alice, "{}");
        assertThat(noIfMatch.status()).as(noIfMatch.text()).isEqualTo(400);
        assertThat(noIfMatch.text()).contains("If-Match");
        Response stale = send("POST", "/api/suggestions/" + ids.get(0) + "/accept", alice, "{}", "If-Match", "\"7\"");
        assertThat(stale.status()).as(stale.text()).isEqualTo(412);
        assertThat(benchmark(id).path("version").asLong()).isEqualTo(1);

        Response accepted = send("POST", "/api/suggestions/" + ids.get(0) + "/accept", alice, null, "If-Match", "\"1\"");
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(200);
        assertThat(accepted.body().path("version").asLong()).isEqualTo(2);
        assertThat(accepted.header("ETag")).isEqualTo("\"2\"");
        String caseId = accepted.body().path("caseId").asText();

        Response again = send("POST", "/api/suggestions/" + ids.get(0) + "/accept", alice, "{}", "If-Match", "\"2\"");
        assertThat(again.status()).as(again.text()).isEqualTo(409);

        Response badEdit = send("POST", "/api/suggestions/" + ids.get(1) + "/accept", alice,
                "{\"edited\": {\"input\": \"What is 17 minus 10?\", \"expected\": \" \"}}", "If-Match", "\"2\"");
        assertThat(badEdit.status()).as(badEdit.text()).isEqualTo(400);
        assertThat(badEdit.text()).contains("edited.expected");
        Response edited = send("POST", "/api/suggestions/" + ids.get(1) + "/accept", alice,
                "{\"edited\": {\"input\": \"What is 17 minus 10?\", \"expected\": \"7\"}}", "If-Match", "\"2\"");
        assertThat(edited.status()).as(edited.text()).isEqualTo(200);
        assertThat(edited.body().path("version").asLong()).isEqualTo(3);

        Response rejected = send("POST", "/api/suggestions/" + ids.get(2) + "/reject", alice, null);
        assertThat(rejected.status()).as(rejected.text()).isEqualTo(200);
        assertThat(send("POST", "/api/suggestions/" + ids.get(2) + "/reject", alice, null).status()).isEqualTo(409);
        assertThat(send("POST", "/api/suggestions/" + ids.get(2) + "/accept", alice, "{}", "If-Match", "\"3\"").status()).isEqualTo(409);

        // someone else sees none of it
        assertThat(get("/api/suggestion-jobs/" + jobId, bob).status()).isEqualTo(404);
        assertThat(send("POST", "/api/suggestions/" + ids.get(3) + "/accept", bob, "{}", "If-Match", "\"3\"").status()).isEqualTo(404);
        assertThat(send("POST", "/api/suggestions/" + ids.get(3) + "/reject", bob, null).status()).isEqualTo(404);
        assertThat(get("/api/benchmarks/" + id + "/suggestions", bob).status()).isEqualTo(404);

        JsonNode after = benchmark(id);
        assertThat(after.path("version").asLong()).isEqualTo(3);
        assertThat(after.path("cases")).hasSize(4);
        assertThat(after.path("cases").toString()).contains(caseId).contains("A train leaves").contains("What is 17 minus 10?")
                .doesNotContain("How many legs do three spiders");
        JsonNode end = get("/api/suggestion-jobs/" + jobId, alice).body().path("report");
        assertThat(end.path("accepted").asLong()).isEqualTo(2);
        assertThat(end.path("rejected").asLong()).isEqualTo(1);
        assertThat(end.path("pending").asLong()).isEqualTo(6);
        JsonNode acceptedItems = get("/api/benchmarks/" + id + "/suggestions?status=ACCEPTED", alice).body().path("items");
        assertThat(acceptedItems).hasSize(2);
        assertThat(acceptedItems.get(1).path("edited").asBoolean()).isTrue();

        // the new version runs at once on a simulated model
        Response run = send("POST", "/api/runs", alice, """
                {"benchmarkId": "%s", "models": ["sim/echo"], "billing": "CREDITS"}""".formatted(id));
        assertThat(run.status()).as(run.text()).isEqualTo(202);
    }

    @Test
    void a_model_that_never_answers_json_fails_the_job_and_stores_no_suggestion() {
        String id = arithmetic("PRIVATE");
        Response started = send("POST", "/api/benchmarks/" + id + "/suggestions", alice, """
                {"count": 3, "model": "sim/echo", "billing": "CREDITS"}""");
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        JsonNode job = awaitEnd(started.body().path("jobId").asText(), alice);
        assertThat(job.path("status").asText()).isEqualTo("FAILED");
        assertThat(job.path("failure").asText()).contains("malformed");
        assertThat(job.path("report").path("proposed").asLong()).isZero();
        assertThat(job.path("report").path("skippedMalformed").asLong()).isEqualTo(1);
        assertThat(job.path("report").has("reservedCredits")).as("a simulated model reserves nothing").isFalse();
        assertThat(get("/api/benchmarks/" + id + "/suggestions", alice).body().path("items")).isEmpty();
        assertThat(benchmark(id).path("version").asLong()).isEqualTo(1);

        // personas share the count out: 3 cases over 2 personas are 2 calls, each drafting for one persona
        Response personas = send("POST", "/api/benchmarks/" + id + "/suggestions", alice, """
                {"count": 3, "personas": ["a tired night-shift nurse", "a first-year student"], "model": "sim/echo"}""");
        assertThat(personas.status()).as(personas.text()).isEqualTo(202);
        JsonNode shared = awaitEnd(personas.body().path("jobId").asText(), alice);
        assertThat(shared.path("report").path("calls").asInt()).isEqualTo(2);
        assertThat(shared.path("report").path("skippedMalformed").asLong()).isEqualTo(2);
        assertThat(shared.path("personas")).hasSize(2);

        // a provider that keeps failing fails the job after the retries, and records nothing of it
        Response broken = send("POST", "/api/benchmarks/" + id + "/suggestions", alice, """
                {"count": 2, "model": "fake/broken-%s", "billing": "BYOK"}""".formatted(marker), "X-Provider-Key", "sk-test-broken");
        assertThat(broken.status()).as(broken.text()).isEqualTo(202);
        JsonNode failed = awaitEnd(broken.body().path("jobId").asText(), alice);
        assertThat(failed.path("status").asText()).isEqualTo("FAILED");
        assertThat(failed.path("failure").asText()).contains("fake/broken-" + marker).doesNotContain("sk-test-broken");
        assertThat(failed.path("report").path("callsMade").asInt()).isZero();
        assertThat(benchmark(id).path("version").asLong()).isEqualTo(1);
    }

    @Test
    void bad_requests_name_their_field_and_record_nothing() {
        String id = arithmetic("PUBLIC");
        Response bad = send("POST", "/api/benchmarks/" + id + "/suggestions", alice, """
                {"count": 0, "edgeCaseTypes": ["sideways"], "personas": [""], "billing": "BYOK"}""");
        assertThat(bad.status()).as(bad.text()).isEqualTo(400);
        assertThat(bad.text()).contains("\"count\"").contains("edgeCaseTypes[0]").contains("personas[0]").contains("\"model\"");
        assertThat(send("POST", "/api/benchmarks/" + id + "/suggestions", alice, "{\"count\": 51, \"model\": \"sim/echo\"}").status()).isEqualTo(400);
        assertThat(send("POST", "/api/benchmarks/" + id + "/suggestions", alice, "{\"count\": 2, \"model\": \"sim/nonsense\"}").text()).contains("model");
        assertThat(get("/api/benchmarks/" + id + "/suggestions?status=MAYBE", alice).status()).isEqualTo(400);

        // the public benchmark is bob's to read, not to draft for; a private one he cannot see at all
        assertThat(send("POST", "/api/benchmarks/" + id + "/suggestions", bob, "{\"count\": 2, \"model\": \"sim/echo\"}").status()).isEqualTo(403);
        String hidden = arithmetic("PRIVATE");
        assertThat(send("POST", "/api/benchmarks/" + hidden + "/suggestions", bob, "{\"count\": 2, \"model\": \"sim/echo\"}").status()).isEqualTo(404);
        assertThat(get("/api/suggestion-jobs/sgj_nothing", alice).status()).isEqualTo(404);
        assertThat(send("POST", "/api/suggestions/garbage/accept", alice, "{}", "If-Match", "\"1\"").status()).isEqualTo(404);

        Long jobs = jdbc.queryForObject("SELECT count(*) FROM suggestion_job WHERE benchmark_id IN (?, ?)", Long.class, id, hidden);
        assertThat(jobs).isZero();
    }

    @Test
    void a_credits_job_reserves_the_bound_of_its_calls_before_any_call_and_is_charged_once_for_what_they_cost() {
        awaitCatalogue(PAID);
        String id = arithmetic("PRIVATE");
        FakeModels.script(marker, FakeOpenRouterServer.reply(cases(
                proposal("What is eleven plus eleven?", "22"), proposal("What is six times seven?", "42"))));

        Response broke = send("POST", "/api/benchmarks/" + id + "/suggestions", alice, """
                {"count": 2, "model": "%s", "billing": "CREDITS"}""".formatted(PAID));
        assertThat(broke.status()).as(broke.text()).isEqualTo(402);
        assertThat(broke.body().path("needed").asLong()).isPositive();
        assertThat(PROVIDER.requests().stream().filter(r -> r.body().toString().contains(marker))).as("no call without a reservation").isEmpty();

        Response granted = send("POST", "/api/admin/credits/grants", ADMIN_TOKEN, """
                {"accountId": "acct_%s", "credits": 1000, "reason": "suggestions test"}""".formatted(alice.id()));
        assertThat(granted.status()).as(granted.text()).isEqualTo(201);
        Response started = send("POST", "/api/benchmarks/" + id + "/suggestions", alice, """
                {"count": 2, "model": "%s", "billing": "CREDITS"}""".formatted(PAID));
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        String jobId = started.body().path("jobId").asText();
        JsonNode job = awaitEnd(jobId, alice);
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("COMPLETED");
        JsonNode report = job.path("report");
        assertThat(report.path("proposed").asLong()).isEqualTo(2);
        // one call: 10 prompt and 5 completion tokens at $2.5/M and $10/M = 75 µ$ → 1 credit (×1.3, rounded up once)
        assertThat(report.path("costMicros").asLong()).isEqualTo(75);
        assertThat(report.path("costCredits").asLong()).isEqualTo(1);
        long reserved = report.path("reservedCredits").asLong();
        assertThat(reserved).isGreaterThan(1);

        eventually(() -> events("acct_" + alice.id()).stream().anyMatch(CreditsCharged.class::isInstance), "the job is charged");
        var account = events("acct_" + alice.id());
        assertThat(account.stream().filter(CreditsReserved.class::isInstance).map(CreditsReserved.class::cast)
                .filter(r -> r.runId().value().equals(jobId)).mapToLong(CreditsReserved::credits).sum()).isEqualTo(reserved);
        var charges = account.stream().filter(CreditsCharged.class::isInstance).map(CreditsCharged.class::cast).toList();
        assertThat(charges).hasSize(1);
        assertThat(charges.getFirst().credits()).isEqualTo(1);
        assertThat(account.stream().filter(ReservationReleased.class::isInstance).map(ReservationReleased.class::cast)
                .mapToLong(ReservationReleased::credits).sum()).isEqualTo(reserved - 1);
    }

    @Test
    void a_job_whose_node_stopped_is_ended_by_another_and_charged_once_for_the_calls_it_recorded() {
        String id = arithmetic("PRIVATE");
        Response granted = send("POST", "/api/admin/credits/grants", ADMIN_TOKEN, """
                {"accountId": "acct_%s", "credits": 100, "reason": "suggestions test"}""".formatted(alice.id()));
        assertThat(granted.status()).as(granted.text()).isEqualTo(201);
        // what a node writes before it dies: the reservation, the job, and the first of its two calls
        String jobId = "sgj_" + UUID.randomUUID().toString().replace("-", "");
        UserId owner = new UserId(alice.id());
        reservations.reserveThenRecord(AccountId.of(owner), new RunId(jobId), 50, () -> transaction.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO suggestion_job (job_id, benchmark_id, requested_by) VALUES (?, ?, ?)", jobId, id, alice.id());
            commands.sendAndWait(new SuggestionCommands.RequestSuggestions(jobId, new SuggestionJobRequested(jobId, new BenchmarkId(id), 1,
                    owner, 20, null, List.of(), List.of(), PAID, Billing.CREDITS, 2, 4096, 50L, credits.pricing())));
        }));
        TestCase drafted = new TestCase(null, mapper.getNodeFactory().textNode("What is 12 divided by 4?"), mapper.getNodeFactory().textNode("3"),
                List.of(), null);
        commands.sendAndWait(new SuggestionCommands.RecordSuggestionBatch(jobId, new SuggestionBatchRecorded(jobId, 0,
                List.of(new Suggestion(jobId + ".1", drafted, null, null)), 0, 0, 2_000, null)));
        assertThat(get("/api/suggestion-jobs/" + jobId, alice).body().path("status").asText()).isEqualTo("RUNNING");

        int ended;
        try {
            jobs.abandonAfter(Duration.ZERO);
            ended = jobs.endAbandoned();
        } finally {
            jobs.abandonAfter(Duration.ofMinutes(15));
        }
        assertThat(ended).isPositive();
        JsonNode job = get("/api/suggestion-jobs/" + jobId, alice).body();
        assertThat(job.path("status").asText()).isEqualTo("FAILED");
        assertThat(job.path("failure").asText()).contains("abandoned").contains("1 of 2 calls");
        // 2,000 µ$ × 1.3 → 3 credits; the other 47 go back
        var charges = events("acct_" + alice.id()).stream().filter(CreditsCharged.class::isInstance).map(CreditsCharged.class::cast)
                .filter(c -> c.runId().value().equals(jobId)).toList();
        assertThat(charges).hasSize(1);
        assertThat(charges.getFirst().credits()).isEqualTo(3);
        assertThat(events("acct_" + alice.id()).stream().filter(ReservationReleased.class::isInstance).map(ReservationReleased.class::cast)
                .filter(r -> r.runId().value().equals(jobId)).mapToLong(ReservationReleased::credits).sum()).isEqualTo(47);

        // ended once: a second sweep leaves it alone, and what it drafted can still be accepted
        try {
            jobs.abandonAfter(Duration.ZERO);
            jobs.endAbandoned();
        } finally {
            jobs.abandonAfter(Duration.ofMinutes(15));
        }
        assertThat(eventCount(jobId)).isEqualTo(3);
        Response accepted = send("POST", "/api/suggestions/" + jobId + ".1/accept", alice, "{}", "If-Match", "\"1\"");
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(200);
    }

    private List<Object> events(String aggregateId) {
        return eventStore.readEvents(aggregateId).asStream().map(m -> (Object) m.getPayload()).toList();
    }
}
