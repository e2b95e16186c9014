package io.benchmarkhub.api.suggestion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.api.golden.GoldenBenchmark;
import io.benchmarkhub.api.golden.GoldenLibraryFiles;
import io.benchmarkhub.api.run.FakeModels;
import io.benchmarkhub.command.credits.CreditsProperties;
import io.benchmarkhub.command.credits.RunReservations;
import io.benchmarkhub.command.run.provider.FakeOpenRouterServer;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.credits.events.CreditsCharged;
import io.benchmarkhub.domain.credits.events.CreditsReserved;
import io.benchmarkhub.domain.credits.events.ReservationReleased;
import io.benchmarkhub.domain.run.Billing;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.suggestion.Suggestion;
import io.benchmarkhub.domain.suggestion.commands.SuggestionCommands;
import io.benchmarkhub.domain.suggestion.events.SuggestionBatchRecorded;
import io.benchmarkhub.domain.suggestion.events.SuggestionJobRequested;
import io.benchmarkhub.domain.user.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

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
        return "{\"input\": \"" + input + "\", \"expected\": \"" + expected
                + "\", \"tags\": [\"drafted\"], \"edgeCaseType\": \"boundary\"}";
    }

    private JsonNode awaitEnd(String jobId, Caller caller) {
        JsonNode[] last = new JsonNode[1];
        eventually(
                () -> {
                    Response job = get("/api/suggestion-jobs/" + jobId, caller);
                    last[0] = job.body();
                    return job.status() == 200
                            && !job.body().path("status").asText().equals("RUNNING");
                },
                "suggestion job " + jobId + " ends");
        return last[0];
    }

    private JsonNode benchmark(String id) {
        Response read = get("/api/benchmarks/" + id, alice);
        assertThat(read.status()).as(read.text()).isEqualTo(200);
        return read.body();
    }

    /** Answers as {@code answer} does, keeping the prompt's last user message. */
    private static FakeOpenRouterServer.Behaviour recording(
            Queue<String> prompts, FakeOpenRouterServer.Behaviour answer) {
        return (exchange, request, server) -> {
            prompts.add(request.lastUserMessage());
            answer.respond(exchange, request, server);
        };
    }

    @Test
    void a_job_drafts_its_personas_first_and_then_writes_each_batch_for_one_of_them() {
        String id = arithmetic("PRIVATE");
        Queue<String> prompts = new ConcurrentLinkedQueue<>();
        String nurse = "a nurse at the end of a night shift, typing fast on a phone";
        String engineer = "a retired engineer who spells every number out in words";
        FakeModels.script(
                marker,
                // blank and repeated personas are dropped
                recording(
                        prompts,
                        FakeOpenRouterServer.reply("```json\n{\"personas\": [\"" + nurse + "\", \"  \", \"" + engineer
                                + "\", \"" + nurse + "\"]}\n```")),
                recording(
                        prompts,
                        FakeOpenRouterServer.reply(cases(
                                proposal("12 pills a day for 3 days, how many pills", "36"),
                                proposal("a 250 ml bag runs in 5 hours, ml per hour?", "50")))),
                recording(
                        prompts,
                        FakeOpenRouterServer.reply(cases(
                                proposal("What is twelve times twelve?", "144"),
                                proposal("What is one hundred less seven?", "93")))));

        Response started = send(
                "POST", "/api/benchmarks/" + id + "/suggestions", alice, """
                {"count": 4, "draftPersonas": 2, "model": "fake/drafter", "billing": "BYOK"}""", "X-Provider-Key", "sk-test-personas");
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        JsonNode job = awaitEnd(started.body().path("jobId").asText(), alice);

        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("COMPLETED");
        assertThat(job.path("draftPersonas").asInt()).isEqualTo(2);
        assertThat(job.path("personas").toString()).isEqualTo("[\"" + nurse + "\",\"" + engineer + "\"]");
        // one call for the personas, then 4 cases over 2 personas: one call each
        assertThat(job.path("report").path("calls").asInt()).isEqualTo(3);
        assertThat(job.path("report").path("callsMade").asInt()).isEqualTo(3);
        assertThat(job.path("report").path("proposed").asInt()).isEqualTo(4);
        var asked = new ArrayList<>(prompts);
        assertThat(asked).hasSize(3);
        assertThat(asked.get(0)).contains("describe 2 different people");
        assertThat(asked.get(1)).contains(nurse).doesNotContain(engineer);
        assertThat(asked.get(2)).contains(engineer).doesNotContain(nurse);
        JsonNode drafted = get("/api/benchmarks/" + id + "/suggestions?status=PENDING", alice)
                .body()
                .path("items");
        assertThat(drafted.findValuesAsText("persona")).containsExactly(nurse, nurse, engineer, engineer);

        // an answer without personas is a problem of the job, whose cases are then drafted without personas
        prompts.clear();
        FakeModels.script(
                marker,
                recording(prompts, FakeOpenRouterServer.reply("Here are two personas: a nurse and an engineer.")),
                recording(
                        prompts,
                        FakeOpenRouterServer.reply(cases(
                                proposal("What is 40 divided by 8?", "5"), proposal("What is 9 plus 10?", "19")))));
        Response unread = send(
                "POST", "/api/benchmarks/" + id + "/suggestions", alice, """
                {"count": 2, "draftPersonas": 2, "model": "fake/drafter", "billing": "BYOK"}""", "X-Provider-Key", "sk-test-personas");
        assertThat(unread.status()).as(unread.text()).isEqualTo(202);
        JsonNode without = awaitEnd(unread.body().path("jobId").asText(), alice);
        assertThat(without.path("status").asText()).as(without.toString()).isEqualTo("COMPLETED");
        assertThat(without.path("personas")).isEmpty();
        assertThat(without.path("problems").toString()).contains("personas: the persona answer is not JSON");
        assertThat(without.path("report").path("callsMade").asInt()).isEqualTo(2);
        assertThat(without.path("report").path("proposed").asInt()).isEqualTo(2);
        assertThat(new ArrayList<>(prompts).get(1)).doesNotContain("persona");

        // what cannot be drafted is refused, naming the field, and records nothing
        Response tooMany = send(
                "POST",
                "/api/benchmarks/" + id + "/suggestions",
                alice,
                "{\"count\": 20, \"draftPersonas\": 11, \"model\": \"sim/echo\"}");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.text()).contains("draftPersonas");
        Response both = send(
                "POST",
                "/api/benchmarks/" + id + "/suggestions",
                alice,
                "{\"count\": 4, \"draftPersonas\": 2, \"personas\": [\"a student\"], \"model\": \"sim/echo\"}");
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.text()).contains("draftPersonas").contains("personas are given");
    }

    @Test
    void a_user_runs_at_most_two_jobs_at_once_and_a_third_is_a_429_with_retry_after_that_records_nothing() {
        Caller dave = createUser("dave");
        String id = createBenchmark(dave, """
                {"title": "Slow drafts %s", "visibility": "PRIVATE", "promptTemplate": "{{input}}",
                 "cases": [{"input": "2+2", "expected": "4"}], "graders": [{"type": "exact"}]}""".formatted(marker));
        // answers slow enough for a third request to come while two jobs wait for theirs
        FakeOpenRouterServer.Behaviour slow = FakeOpenRouterServer.delayed(
                Duration.ofMillis(1500), FakeOpenRouterServer.reply(cases(proposal("What is 6 times 7?", "42"))));
        FakeModels.script(marker, slow, slow);
        String request = "{\"count\": 1, \"model\": \"fake/drafter\", \"billing\": \"BYOK\"}";
        var started = new ArrayList<String>();
        for (int i = 0; i < 2; i++) {
            Response job = send(
                    "POST", "/api/benchmarks/" + id + "/suggestions", dave, request, "X-Provider-Key", "sk-test-limit");
            assertThat(job.status()).as(job.text()).isEqualTo(202);
            started.add(job.body().path("jobId").asText());
        }
        Response third = send(
                "POST", "/api/benchmarks/" + id + "/suggestions", dave, request, "X-Provider-Key", "sk-test-limit");
        assertThat(third.status()).as(third.text()).isEqualTo(429);
        assertThat(third.header("Retry-After")).isEqualTo("30");
        assertThat(third.text()).contains("2 suggestion jobs that have not ended");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM suggestion_job WHERE requested_by = ?", Long.class, dave.id()))
                .isEqualTo(2);

        started.forEach(job -> awaitEnd(job, dave));
        FakeModels.script(marker, FakeOpenRouterServer.reply(cases(proposal("What is 5 plus 5?", "10"))));
        Response after = send(
                "POST", "/api/benchmarks/" + id + "/suggestions", dave, request, "X-Provider-Key", "sk-test-limit");
        assertThat(after.status()).as(after.text()).isEqualTo(202);
        JsonNode ended = awaitEnd(after.body().path("jobId").asText(), dave);
        assertThat(ended.path("status").asText()).as(ended.toString()).isEqualTo("COMPLETED");
    }

    @Test
    void twenty_suggestions_for_a_golden_benchmark_five_accepted_and_the_new_version_runs() throws Exception {
        GoldenBenchmark golden = GoldenLibraryFiles.all().stream()
                .filter(g -> g.file().startsWith("08-"))
                .findFirst()
                .orElseThrow();
        // the benchmark as its file describes it, created by alice over the API
        JsonNode file;
        try (var in = getClass().getResourceAsStream("/golden/benchmarks/" + golden.file())) {
            file = mapper.valueToTree(new org.yaml.snakeyaml.Yaml().load(in));
        }
        var body = mapper.createObjectNode();
        for (String field :
                List.of("description", "category", "promptTemplate", "tags", "graders", "decisionCriteria", "cases")) {
            body.set(field, file.get(field));
        }
        body.put("title", golden.title() + " " + marker);
        body.put("visibility", "PRIVATE");
        String id = createBenchmark(alice, body.toString());

        // twenty problems different enough not to be near-duplicates of each other or of the benchmark's cases
        String[][] problems = {
            {"A crate holds 12 bottles. How many bottles are in 7 crates?", "84"},
            {"Tom reads 15 pages every evening. How many pages does he read in a fortnight?", "210"},
            {"A recipe needs 250 g of flour per loaf; how much flour do 6 loaves take?", "1500"},
            {"The bus left at 08:40 and arrived at 11:05. How many minutes was the trip?", "145"},
            {"Four friends split a bill of 86 equally. What does each pay?", "21.5"},
            {"A tank of 60 litres loses 3 litres an hour. After how many hours is it empty?", "20"},
            {"Sara had 45 stickers and gave away a third. How many are left?", "30"},
            {"What is the area of a rectangle 9 m long and 4.5 m wide?", "40.5"},
            {"A phone costs 320 and is discounted by 15 percent. What is the new price?", "272"},
            {"Three consecutive whole numbers add up to 72. What is the largest?", "25"},
            {"A cyclist covers 18 km in 45 minutes. What is her speed in km per hour?", "24"},
            {"How many seconds are there in two and a half hours?", "9000"},
            {"A garden fence has posts every 2 metres along 30 metres, posts at both ends. How many posts?", "16"},
            {"The temperature was minus 7 at dawn and rose by 12 by noon. What was it at noon?", "5"},
            {"An orchard has 14 rows of 23 apple trees. How many trees?", "322"},
            {"If 5 pencils cost 1.75, what do 12 pencils cost?", "4.2"},
            {"A class of 28 pupils has 4 more girls than boys. How many girls?", "16"},
            {"Milk is sold in 1.5 litre cartons. How many cartons hold 12 litres?", "8"},
            {"A train is 40 minutes late on a 3 hour timetable. How long did the journey take in minutes?", "220"},
            {"What is the average of 17, 23 and 35?", "25"}
        };
        var firstTen = new ArrayList<String>();
        var nextTen = new ArrayList<String>();
        for (int i = 0; i < problems.length; i++) {
            (i < 10 ? firstTen : nextTen)
                    .add("{\"input\": {\"problem\": \"" + problems[i][0] + "\"}, \"expected\": " + problems[i][1]
                            + "}");
        }
        FakeModels.script(
                marker,
                FakeOpenRouterServer.reply(cases(firstTen.toArray(String[]::new))),
                FakeOpenRouterServer.reply(cases(nextTen.toArray(String[]::new))));
        Response started =
                send("POST", "/api/benchmarks/" + id + "/suggestions", alice, """
                {"count": 20, "model": "fake/drafter", "billing": "BYOK"}""", "X-Provider-Key", "sk-test-golden");
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        JsonNode job = awaitEnd(started.body().path("jobId").asText(), alice);
        assertThat(job.path("report").path("proposed").asInt())
                .as(job.toString())
                .isEqualTo(20);

        List<String> pending = get("/api/benchmarks/" + id + "/suggestions?status=PENDING", alice)
                .body()
                .path("items")
                .findValuesAsText("id");
        assertThat(pending).hasSize(20);
        long version = benchmark(id).path("version").asLong();
        for (String suggestion : pending.subList(0, 5)) {
            Response accepted = send(
                    "POST",
                    "/api/suggestions/" + suggestion + "/accept",
                    alice,
                    "{}",
                    "If-Match",
                    "\"" + version + "\"");
            assertThat(accepted.status()).as(accepted.text()).isEqualTo(200);
            version = accepted.body().path("version").asLong();
        }
        JsonNode grown = benchmark(id);
        assertThat(grown.path("version").asLong()).isEqualTo(version);
        assertThat(grown.path("cases")).hasSize(golden.cases().size() + 5);
        assertThat(get("/api/benchmarks/" + id + "/suggestions?status=PENDING", alice)
                        .body()
                        .path("items"))
                .hasSize(15);

        Response run = send("POST", "/api/runs", alice, """
                {"benchmarkId": "%s", "models": ["sim/echo", "sim/upper"], "billing": "BYOK"}""".formatted(id));
        assertThat(run.status()).as(run.text()).isEqualTo(202);
        String runId = run.body().path("id").asText();
        eventually(
                () -> get("/api/runs/" + runId, alice)
                        .body()
                        .path("status")
                        .asText()
                        .equals("COMPLETED"),
                "the run of the new version completes");
        JsonNode done = get("/api/runs/" + runId, alice).body();
        assertThat(done.path("benchmarkVersion").asLong()).isEqualTo(version);
        assertThat(done.path("progress").path("total").asInt())
                .isEqualTo(2 * (golden.cases().size() + 5));
        assertThat(done.path("progress").path("done").asInt())
                .isEqualTo(2 * (golden.cases().size() + 5));
    }

    @Test
    void
            good_malformed_duplicate_and_cut_off_answers_are_counted_exactly_and_nothing_enters_the_benchmark_before_acceptance() {
        String id = arithmetic("PRIVATE");
        FakeModels.script(
                marker,
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
                FakeOpenRouterServer.status(
                        200,
                        "{\"id\": \"gen-cut\", \"choices\": [{\"index\": 0, \"finish_reason\": \"length\", "
                                + "\"message\": {\"role\": \"assistant\", \"content\": \"{\\\"cases\\\": [{\\\"input\\\": \\\"What is 9 times\"}}], "
                                + "\"usage\": {\"prompt_tokens\": 10, \"completion_tokens\": 4096}}"),
                FakeOpenRouterServer.reply("```json\n"
                        + cases(
                                proposal("How many sides do two hexagons have together?", "12"),
                                proposal("How many legs do three spiders have?", "24"),
                                proposal("What is one thousand minus one?", "999"))
                        + "\n```"));

        Response started = send(
                "POST", "/api/benchmarks/" + id + "/suggestions", alice, """
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
        assertThat(report.path("skippedMalformed").asLong())
                .as("one unreadable proposal, one prose answer, one cut-off answer")
                .isEqualTo(3);
        assertThat(report.path("skippedDuplicates").asLong()).isEqualTo(3);
        assertThat(report.path("pending").asLong()).isEqualTo(9);
        assertThat(report.path("accepted").asLong()).isZero();
        assertThat(report.has("reservedCredits")).as("BYOK reserves nothing").isFalse();
        assertThat(job.path("problems").toString()).contains("not JSON").contains("duplicates");

        // the prompt carried the benchmark, its examples and the steering; the key was sent and stored nowhere
        var calls = PROVIDER.requests().stream()
                .filter(r -> r.body().toString().contains(marker))
                .toList();
        assertThat(calls).hasSize(4);
        assertThat(calls.getFirst().body().toString())
                .contains("Answer with the number only")
                .contains("3+3")
                .contains("typos")
                .contains("vary the wording");
        assertThat(calls.getFirst().authorization()).isEqualTo("Bearer sk-test-byok-suggest");
        Long leaked = jdbc.queryForObject(
                "SELECT count(*) FROM domain_event_entry WHERE convert_from(payload, 'UTF8') LIKE '%sk-test-byok%'",
                Long.class);
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

        Response accepted =
                send("POST", "/api/suggestions/" + ids.get(0) + "/accept", alice, null, "If-Match", "\"1\"");
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(200);
        assertThat(accepted.body().path("version").asLong()).isEqualTo(2);
        assertThat(accepted.header("ETag")).isEqualTo("\"2\"");
        String caseId = accepted.body().path("caseId").asText();

        Response again = send("POST", "/api/suggestions/" + ids.get(0) + "/accept", alice, "{}", "If-Match", "\"2\"");
        assertThat(again.status()).as(again.text()).isEqualTo(409);

        Response badEdit = send(
                "POST",
                "/api/suggestions/" + ids.get(1) + "/accept",
                alice,
                "{\"edited\": {\"input\": \"What is 17 minus 10?\", \"expected\": \" \"}}",
                "If-Match",
                "\"2\"");
        assertThat(badEdit.status()).as(badEdit.text()).isEqualTo(400);
        assertThat(badEdit.text()).contains("edited.expected");
        Response edited = send(
                "POST",
                "/api/suggestions/" + ids.get(1) + "/accept",
                alice,
                "{\"edited\": {\"input\": \"What is 17 minus 10?\", \"expected\": \"7\"}}",
                "If-Match",
                "\"2\"");
        assertThat(edited.status()).as(edited.text()).isEqualTo(200);
        assertThat(edited.body().path("version").asLong()).isEqualTo(3);

        Response rejected = send("POST", "/api/suggestions/" + ids.get(2) + "/reject", alice, null);
        assertThat(rejected.status()).as(rejected.text()).isEqualTo(200);
        assertThat(send("POST", "/api/suggestions/" + ids.get(2) + "/reject", alice, null)
                        .status())
                .isEqualTo(409);
        assertThat(send("POST", "/api/suggestions/" + ids.get(2) + "/accept", alice, "{}", "If-Match", "\"3\"")
                        .status())
                .isEqualTo(409);

        // someone else sees none of it
        assertThat(get("/api/suggestion-jobs/" + jobId, bob).status()).isEqualTo(404);
        assertThat(send("POST", "/api/suggestions/" + ids.get(3) + "/accept", bob, "{}", "If-Match", "\"3\"")
                        .status())
                .isEqualTo(404);
        assertThat(send("POST", "/api/suggestions/" + ids.get(3) + "/reject", bob, null)
                        .status())
                .isEqualTo(404);
        assertThat(get("/api/benchmarks/" + id + "/suggestions", bob).status()).isEqualTo(404);

        JsonNode after = benchmark(id);
        assertThat(after.path("version").asLong()).isEqualTo(3);
        assertThat(after.path("cases")).hasSize(4);
        assertThat(after.path("cases").toString())
                .contains(caseId)
                .contains("A train leaves")
                .contains("What is 17 minus 10?")
                .doesNotContain("How many legs do three spiders");
        JsonNode end = get("/api/suggestion-jobs/" + jobId, alice).body().path("report");
        assertThat(end.path("accepted").asLong()).isEqualTo(2);
        assertThat(end.path("rejected").asLong()).isEqualTo(1);
        assertThat(end.path("pending").asLong()).isEqualTo(6);
        JsonNode acceptedItems = get("/api/benchmarks/" + id + "/suggestions?status=ACCEPTED", alice)
                .body()
                .path("items");
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
        assertThat(job.path("report").has("reservedCredits"))
                .as("a simulated model reserves nothing")
                .isFalse();
        assertThat(get("/api/benchmarks/" + id + "/suggestions", alice).body().path("items"))
                .isEmpty();
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
        Response broken = send(
                "POST",
                "/api/benchmarks/" + id + "/suggestions",
                alice,
                """
                {"count": 2, "model": "fake/broken-%s", "billing": "BYOK"}""".formatted(marker),
                "X-Provider-Key",
                "sk-test-broken");
        assertThat(broken.status()).as(broken.text()).isEqualTo(202);
        JsonNode failed = awaitEnd(broken.body().path("jobId").asText(), alice);
        assertThat(failed.path("status").asText()).isEqualTo("FAILED");
        assertThat(failed.path("failure").asText())
                .contains("fake/broken-" + marker)
                .doesNotContain("sk-test-broken");
        assertThat(failed.path("report").path("callsMade").asInt()).isZero();
        assertThat(benchmark(id).path("version").asLong()).isEqualTo(1);
    }

    @Test
    void bad_requests_name_their_field_and_record_nothing() {
        String id = arithmetic("PUBLIC");
        Response bad = send("POST", "/api/benchmarks/" + id + "/suggestions", alice, """
                {"count": 0, "edgeCaseTypes": ["sideways"], "personas": [""], "billing": "BYOK"}""");
        assertThat(bad.status()).as(bad.text()).isEqualTo(400);
        assertThat(bad.text())
                .contains("\"count\"")
                .contains("edgeCaseTypes[0]")
                .contains("personas[0]")
                .contains("\"model\"");
        assertThat(send(
                                "POST",
                                "/api/benchmarks/" + id + "/suggestions",
                                alice,
                                "{\"count\": 51, \"model\": \"sim/echo\"}")
                        .status())
                .isEqualTo(400);
        assertThat(send(
                                "POST",
                                "/api/benchmarks/" + id + "/suggestions",
                                alice,
                                "{\"count\": 2, \"model\": \"sim/nonsense\"}")
                        .text())
                .contains("model");
        assertThat(get("/api/benchmarks/" + id + "/suggestions?status=MAYBE", alice)
                        .status())
                .isEqualTo(400);

        // the public benchmark is bob's to read, not to draft for; a private one he cannot see at all
        assertThat(send(
                                "POST",
                                "/api/benchmarks/" + id + "/suggestions",
                                bob,
                                "{\"count\": 2, \"model\": \"sim/echo\"}")
                        .status())
                .isEqualTo(403);
        String hidden = arithmetic("PRIVATE");
        assertThat(send(
                                "POST",
                                "/api/benchmarks/" + hidden + "/suggestions",
                                bob,
                                "{\"count\": 2, \"model\": \"sim/echo\"}")
                        .status())
                .isEqualTo(404);
        assertThat(get("/api/suggestion-jobs/sgj_nothing", alice).status()).isEqualTo(404);
        assertThat(send("POST", "/api/suggestions/garbage/accept", alice, "{}", "If-Match", "\"1\"")
                        .status())
                .isEqualTo(404);

        Long jobs = jdbc.queryForObject(
                "SELECT count(*) FROM suggestion_job WHERE benchmark_id IN (?, ?)", Long.class, id, hidden);
        assertThat(jobs).isZero();
    }

    @Test
    void a_credits_job_reserves_the_bound_of_its_calls_before_any_call_and_is_charged_once_for_what_they_cost() {
        awaitCatalogue(PAID);
        String id = arithmetic("PRIVATE");
        FakeModels.script(
                marker,
                FakeOpenRouterServer.reply(cases(
                        proposal("What is eleven plus eleven?", "22"), proposal("What is six times seven?", "42"))));

        Response broke = send("POST", "/api/benchmarks/" + id + "/suggestions", alice, """
                {"count": 2, "model": "%s", "billing": "CREDITS"}""".formatted(PAID));
        assertThat(broke.status()).as(broke.text()).isEqualTo(402);
        assertThat(broke.body().path("needed").asLong()).isPositive();
        assertThat(PROVIDER.requests().stream().filter(r -> r.body().toString().contains(marker)))
                .as("no call without a reservation")
                .isEmpty();

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

        eventually(
                () -> events("acct_" + alice.id()).stream().anyMatch(CreditsCharged.class::isInstance),
                "the job is charged");
        var account = events("acct_" + alice.id());
        assertThat(account.stream()
                        .filter(CreditsReserved.class::isInstance)
                        .map(CreditsReserved.class::cast)
                        .filter(r -> r.runId().value().equals(jobId))
                        .mapToLong(CreditsReserved::credits)
                        .sum())
                .isEqualTo(reserved);
        var charges = account.stream()
                .filter(CreditsCharged.class::isInstance)
                .map(CreditsCharged.class::cast)
                .toList();
        assertThat(charges).hasSize(1);
        assertThat(charges.getFirst().credits()).isEqualTo(1);
        assertThat(account.stream()
                        .filter(ReservationReleased.class::isInstance)
                        .map(ReservationReleased.class::cast)
                        .mapToLong(ReservationReleased::credits)
                        .sum())
                .isEqualTo(reserved - 1);
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
        reservations.reserveThenRecord(
                AccountId.of(owner),
                new RunId(jobId),
                50,
                () -> transaction.executeWithoutResult(status -> {
                    jdbc.update(
                            "INSERT INTO suggestion_job (job_id, benchmark_id, requested_by) VALUES (?, ?, ?)",
                            jobId,
                            id,
                            alice.id());
                    commands.sendAndWait(new SuggestionCommands.RequestSuggestions(
                            jobId,
                            new SuggestionJobRequested(
                                    jobId,
                                    new BenchmarkId(id),
                                    1,
                                    owner,
                                    20,
                                    null,
                                    List.of(),
                                    List.of(),
                                    PAID,
                                    Billing.CREDITS,
                                    2,
                                    4096,
                                    50L,
                                    credits.pricing(),
                                    0,
                                    null)));
                }));
        TestCase drafted = new TestCase(
                null,
                mapper.getNodeFactory().textNode("What is 12 divided by 4?"),
                mapper.getNodeFactory().textNode("3"),
                List.of(),
                null);
        commands.sendAndWait(new SuggestionCommands.RecordSuggestionBatch(
                jobId,
                new SuggestionBatchRecorded(
                        jobId, 0, List.of(new Suggestion(jobId + ".1", drafted, null, null)), 0, 0, 2_000, null)));
        assertThat(get("/api/suggestion-jobs/" + jobId, alice)
                        .body()
                        .path("status")
                        .asText())
                .isEqualTo("RUNNING");

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
        var charges = events("acct_" + alice.id()).stream()
                .filter(CreditsCharged.class::isInstance)
                .map(CreditsCharged.class::cast)
                .filter(c -> c.runId().value().equals(jobId))
                .toList();
        assertThat(charges).hasSize(1);
        assertThat(charges.getFirst().credits()).isEqualTo(3);
        assertThat(events("acct_" + alice.id()).stream()
                        .filter(ReservationReleased.class::isInstance)
                        .map(ReservationReleased.class::cast)
                        .filter(r -> r.runId().value().equals(jobId))
                        .mapToLong(ReservationReleased::credits)
                        .sum())
                .isEqualTo(47);

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
        return eventStore
                .readEvents(aggregateId)
                .asStream()
                .map(m -> (Object) m.getPayload())
                .toList();
    }
}
