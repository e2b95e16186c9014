package io.benchmarkhub.api.failuremode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.api.releases.Watchers;
import io.benchmarkhub.command.run.catalogue.ModelCatalogueSync;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Known failure modes end to end (issue 16): tagged on a real run of simulated models, checked on a later run (the model
 * that still fails the tagged cases STILL_SHOWS, the one that passes them FIXED), compared, and shown in a release report
 * of a watcher run against the local OpenAI-compatible server.
 */
class FailureModeTest extends ApiTestBase {

    /** Plans are sold in the tests; scheduled runs and release watchers are Pro's (docs/plans.md). */
    @BeforeEach
    void alicePaysForPro() {
        subscribePro(alice);
    }

    @Autowired
    ModelCatalogueSync sync;

    @Autowired
    Watchers watchers;

    /** sim/echo answers the input, sim/upper shouts it: upper fails the two quiet cases and passes the loud one. */
    private String shoutingBenchmark(String visibility) {
        return createBenchmark(alice, """
                {"title": "failure modes", "description": "d", "tags": [], "category": "qa", "visibility": "%s",
                 "cases": [{"id": "quiet-1", "input": "hello there", "expected": "hello there"},
                           {"id": "loud", "input": "HELLO", "expected": "HELLO"},
                           {"id": "quiet-2", "input": "good night", "expected": "good night"}],
                 "graders": [{"type": "exact"}]}""".formatted(visibility));
    }

    private String completedRun(String benchmark, String models) {
        Response started = send("POST", "/api/runs", alice, """
                {"benchmarkId": "%s", "models": [%s]}""".formatted(benchmark, models));
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        String id = started.body().get("id").asText();
        eventually(
                () -> "COMPLETED"
                        .equals(get("/api/runs/" + id, alice)
                                .body()
                                .path("status")
                                .asText()),
                "run " + id + " completes");
        return id;
    }

    private Response tag(String run, String body) {
        return send("POST", "/api/runs/" + run + "/failure-modes", alice, body);
    }

    private static JsonNode statusOf(JsonNode mode, String model) {
        for (JsonNode m : mode.get("models")) if (m.get("model").asText().equals(model)) return m;
        throw new AssertionError("no " + model + " in " + mode);
    }

    @Test
    void a_tagged_failure_mode_is_checked_on_a_later_run_and_compared() {
        String benchmark = shoutingBenchmark("PRIVATE");
        String first = completedRun(benchmark, "\"sim/upper\", \"sim/echo\"");

        Response tagged = tag(first, """
                {"name": "Shouts  the answer", "note": "answers in capitals", "caseIds": ["quiet-1"], "model": "sim/upper"}""");
        assertThat(tagged.status()).as(tagged.text()).isEqualTo(201);
        assertThat(tagged.body().get("recorded").asBoolean()).isTrue();
        assertThat(tagged.body().get("name").asText()).isEqualTo("Shouts the answer");
        // the same name (other case, other spacing) adds a case; the same tag again records nothing
        assertThat(tag(first, """
                {"name": "shouts the answer", "caseIds": ["quiet-1", "quiet-2"], "model": "sim/upper"}""").status()).isEqualTo(201);
        long events = eventCount(first);
        Response again = tag(first, """
                {"name": "SHOUTS THE ANSWER", "caseIds": ["quiet-2"]}""");
        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(again.body().get("recorded").asBoolean()).isFalse();
        assertThat(eventCount(first))
                .as("no event for a tag that changes nothing")
                .isEqualTo(events);

        Response list = get("/api/benchmarks/" + benchmark + "/failure-modes", alice);
        assertThat(list.status()).as(list.text()).isEqualTo(200);
        assertThat(list.body().get("items")).hasSize(1);
        JsonNode mode = list.body().get("items").get(0);
        assertThat(mode.get("name").asText()).isEqualTo("Shouts the answer");
        assertThat(mode.get("note").asText()).isEqualTo("answers in capitals");
        assertThat(mode.get("caseIds").toString()).isEqualTo("[\"quiet-1\",\"quiet-2\"]");
        assertThat(mode.get("firstSeen").get("runId").asText()).isEqualTo(first);
        assertThat(mode.get("firstSeen").get("model").asText()).isEqualTo("sim/upper");
        assertThat(mode.toString()).doesNotContain(alice.id());

        // a later run: upper still fails both tagged cases, echo passes them
        String later = completedRun(benchmark, "\"sim/echo\", \"sim/upper\"");
        Response checked = get("/api/runs/" + later + "/failure-modes", alice);
        assertThat(checked.status()).as(checked.text()).isEqualTo(200);
        JsonNode laterMode = checked.body().get("items").get(0);
        JsonNode upper = statusOf(laterMode, "sim/upper");
        assertThat(upper.get("status").asText()).isEqualTo("STILL_SHOWS");
        assertThat(upper.get("failing").asInt()).isEqualTo(2);
        assertThat(upper.get("tagged").asInt()).isEqualTo(2);
        JsonNode echo = statusOf(laterMode, "sim/echo");
        assertThat(echo.get("status").asText()).isEqualTo("FIXED");
        assertThat(echo.get("failing").asInt()).isZero();
        assertThat(echo.get("tagged").asInt()).isEqualTo(2);

        // compare: the candidate has it, the baseline has not
        JsonNode compare = get("/api/runs/" + later + "/compare?baseline=sim/echo&candidate=sim/upper", alice)
                .body();
        JsonNode known = compare.get("knownFailureModes").get(0);
        assertThat(known.get("name").asText()).isEqualTo("Shouts the answer");
        assertThat(known.get("candidate").get("status").asText()).isEqualTo("STILL_SHOWS");
        assertThat(known.get("baseline").get("status").asText()).isEqualTo("FIXED");
        assertThat(known.get("candidateOnly").asBoolean()).isTrue();
        List<String> kinds = new ArrayList<>();
        compare.get("failureModes")
                .forEach(f ->
                        kinds.add(f.get("kind").asText() + ":" + f.path("name").asText("")));
        assertThat(kinds).contains("KNOWN:Shouts the answer");
        JsonNode reverse = get("/api/runs/" + later + "/compare?baseline=sim/upper&candidate=sim/echo", alice)
                .body();
        assertThat(reverse.get("knownFailureModes").get(0).get("candidateOnly").asBoolean())
                .isFalse();
        assertThat(reverse.get("failureModes").findValuesAsText("kind")).doesNotContain("KNOWN");
    }

    @Test
    void a_private_benchmarks_failure_modes_are_its_owners_alone() {
        String benchmark = shoutingBenchmark("PRIVATE");
        String run = completedRun(benchmark, "\"sim/upper\"");
        assertThat(tag(run, """
                {"name": "Shouts", "caseIds": ["quiet-1"]}""").status()).isEqualTo(201);
        assertThat(get("/api/benchmarks/" + benchmark + "/failure-modes", bob).status())
                .isEqualTo(404);
        assertThat(get("/api/benchmarks/" + benchmark + "/failure-modes", null).status())
                .isEqualTo(404);
        assertThat(get("/api/runs/" + run + "/failure-modes", bob).status()).isEqualTo(404);
        assertThat(send("POST", "/api/runs/" + run + "/failure-modes", bob, """
                {"name": "Shouts", "caseIds": ["quiet-2"]}""").status())
                .isEqualTo(404);
        // a run of one model names it by itself
        assertThat(get("/api/benchmarks/" + benchmark + "/failure-modes", alice)
                        .body()
                        .at("/items/0/firstSeen/model")
                        .asText())
                .isEqualTo("sim/upper");
    }

    @Test
    void a_public_benchmarks_failure_modes_tagged_on_anyones_run_are_shown_to_every_reader_without_the_tagger() {
        String benchmark = shoutingBenchmark("PUBLIC");
        Response started = send("POST", "/api/runs", bob, """
                {"benchmarkId": "%s", "models": ["sim/upper"]}""".formatted(benchmark));
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        String bobsRun = started.body().get("id").asText();
        eventually(
                () -> "COMPLETED"
                        .equals(get("/api/runs/" + bobsRun, bob)
                                .body()
                                .path("status")
                                .asText()),
                "bob's run completes");
        assertThat(send("POST", "/api/runs/" + bobsRun + "/failure-modes", bob, """
                {"name": "Shouts", "caseIds": ["quiet-1"]}""")
                        .status())
                .isEqualTo(201);
        // alice, who owns the benchmark, may not tag bob's run
        assertThat(tag(bobsRun, """
                {"name": "Shouts", "caseIds": ["quiet-2"]}""").status()).isEqualTo(404);

        for (Caller reader : new Caller[] {alice, null}) {
            Response list = get("/api/benchmarks/" + benchmark + "/failure-modes", reader);
            assertThat(list.status()).isEqualTo(200);
            assertThat(list.body().at("/items/0/name").asText()).isEqualTo("Shouts");
            assertThat(list.text()).doesNotContain(bob.id()).doesNotContain("taggedBy");
        }
        // alice's own later run is checked against it; bob's run stays bob's
        String later = completedRun(benchmark, "\"sim/echo\"");
        JsonNode echo = statusOf(
                get("/api/runs/" + later + "/failure-modes", alice)
                        .body()
                        .get("items")
                        .get(0),
                "sim/echo");
        assertThat(echo.get("status").asText()).isEqualTo("FIXED");
        assertThat(get("/api/runs/" + bobsRun, alice).status()).isEqualTo(404);
    }

    @Test
    void bad_tags_are_refused_naming_the_field_and_record_nothing() {
        String benchmark = shoutingBenchmark("PRIVATE");
        String run = completedRun(benchmark, "\"sim/upper\", \"sim/echo\"");
        long before = eventCount(run);

        Response unknownCases = tag(run, """
                {"name": "Shouts", "caseIds": ["quiet-1", "nope", "gone"]}""");
        assertThat(unknownCases.status()).isEqualTo(400);
        assertThat(unknownCases.header("Content-Type")).startsWith("application/problem+json");
        assertThat(unknownCases.body().at("/errors/0/field").asText()).isEqualTo("caseIds");
        assertThat(unknownCases.body().at("/errors/0/message").asText())
                .contains("nope, gone")
                .doesNotContain("quiet-1");

        assertField(tag(run, """
                {"name": "  ", "caseIds": ["quiet-1"]}"""), "name");
        assertField(tag(run, """
                {"name": "Shouts", "caseIds": []}"""), "caseIds");
        assertField(tag(run, """
                {"name": "Shouts", "caseIds": ["quiet-1"], "model": "sim/other"}"""), "model");
        assertField(tag(run, """
                {"name": "%s", "caseIds": ["quiet-1"]}""".formatted("x".repeat(81))), "name");
        assertThat(tag(run, "{\"name\": \"Shouts\", \"caseIds\": \"quiet-1\"}").status())
                .isEqualTo(400);
        assertThat(eventCount(run)).isEqualTo(before);
        assertThat(get("/api/benchmarks/" + benchmark + "/failure-modes", alice)
                        .body()
                        .get("items"))
                .isEmpty();
    }

    private static void assertField(Response refused, String field) {
        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(refused.body().at("/errors/0/field").asText())
                .as(refused.text())
                .isEqualTo(field);
    }

    @Test
    void a_release_report_says_whether_the_new_model_still_shows_each_failure_mode() {
        String defaults = """
                  {"id": "openai/gpt-4o", "context_length": 128000, "pricing": {"prompt": "0.0000025", "completion": "0.00001"},
                   "top_provider": {"max_completion_tokens": 16384}},
                  {"id": "meta-llama/llama-3.1-8b-instruct", "context_length": 131072, "pricing": {"prompt": "0.00000002", "completion": "0.00000005"},
                   "top_provider": {"max_completion_tokens": 256}},
                  {"id": "openrouter/auto", "context_length": 2000000, "pricing": {"prompt": "-1", "completion": "-1"}},
                  {"id": "local/unpriced"}""";
        String production = """
                  {"id": "fmvendor/steady-prod", "context_length": 128000, "pricing": {"prompt": "0.000001", "completion": "0.000002"}}""";
        String newModel = """
                  {"id": "fmvendor/obedient-new", "context_length": 128000, "pricing": {"prompt": "0.000001", "completion": "0.000002"}}""";
        var granted = send("POST", "/api/admin/credits/grants", ADMIN_TOKEN, """
                {"accountId": "acct_%s", "credits": 1000, "reason": "failure mode test"}""".formatted(alice.id()));
        assertThat(granted.status()).as(granted.text()).isEqualTo(201);
        try {
            PROVIDER.models("{\"data\": [" + defaults + "," + production + "]}");
            sync.sync();
            // the steady model echoes ("echo: hello"), the obedient one always says "yes"
            String benchmark = createBenchmark(alice, """
                    {"title": "release failure modes", "visibility": "PRIVATE",
                     "cases": [{"id": "greet", "input": "hello", "expected": "echo: hello"}, {"id": "agree", "input": "yes", "expected": "yes"}],
                     "graders": [{"type": "exact"}]}""");
            var created = send("POST", "/api/watchers", alice, """
                    {"match": {"providerPattern": "fake", "vendorPattern": "fmvendor"}, "benchmarkIds": ["%s"],
                     "productionModel": "fake/fmvendor/steady-prod", "billing": "CREDITS"}""".formatted(benchmark));
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            String watcher = created.body().get("id").asText();

            PROVIDER.models("{\"data\": [" + defaults + "," + production + "," + newModel + "]}");
            sync.sync();
            watchers.react();
            String run =
                    jdbc.queryForObject("SELECT run_id FROM watcher_run WHERE watcher_id = ?", String.class, watcher);
            eventually(
                    () -> "COMPLETED"
                            .equals(get("/api/runs/" + run, alice)
                                    .body()
                                    .path("status")
                                    .asText()),
                    "the watcher's run completes");

            assertThat(tag(run, """
                    {"name": "Always says yes", "caseIds": ["greet"], "model": "fake/fmvendor/obedient-new"}""").status()).isEqualTo(201);

            JsonNode report = get("/api/watchers/" + watcher + "/reports", alice)
                    .body()
                    .get("items")
                    .get(0);
            JsonNode modes = report.get("benchmarks").get(0).get("failureModes");
            assertThat(modes).hasSize(1);
            assertThat(modes.get(0).get("name").asText()).isEqualTo("Always says yes");
            assertThat(modes.get(0).get("status").asText()).isEqualTo("STILL_SHOWS");
            assertThat(modes.get(0).get("failing").asInt()).isEqualTo(1);
            assertThat(modes.get(0).get("tagged").asInt()).isEqualTo(1);
            // the comparison in the report lists it as a failure mode the new model has and production has not
            JsonNode known = report.get("benchmarks")
                    .get(0)
                    .get("comparison")
                    .get("knownFailureModes")
                    .get(0);
            assertThat(known.get("baseline").get("status").asText()).isEqualTo("FIXED");
            assertThat(known.get("candidateOnly").asBoolean()).isTrue();
        } finally {
            PROVIDER.models("{\"data\": [" + defaults + "]}");
            sync.sync();
        }
    }
}
