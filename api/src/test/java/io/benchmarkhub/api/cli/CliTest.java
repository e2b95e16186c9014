package io.benchmarkhub.api.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.cli.Api;
import io.benchmarkhub.cli.BenchmarkFile;
import io.benchmarkhub.cli.BenchmarkHubCli;
import io.benchmarkhub.cli.CliException;
import io.benchmarkhub.cli.Sync;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The CLI against the whole app over real HTTP (embedded PostgreSQL, the offline {@code sim/} models): sync keeps a
 * file and the server's benchmark the same; gate passes and fails with the documented exit codes and writes its reports.
 * {@code sim/echo} answers with the input, so it passes an exact grader on lower-case cases, and {@code sim/upper} fails
 * every one of them.
 */
class CliTest extends ApiTestBase {

    @TempDir
    Path dir;

    record Outcome(int exitCode, String out, String err) {}

    Outcome cli(String token, String... args) {
        return cli(Map.of(), token, args);
    }

    Outcome cli(Map<String, String> extraEnv, String token, String... args) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("BENCHMARKHUB_URL", "http://localhost:" + port);
        if (token != null) env.put("BENCHMARKHUB_TOKEN", token);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code =
                BenchmarkHubCli.execute(args, env, new PrintWriter(out), new PrintWriter(err), Duration.ofMillis(100));
        return new Outcome(code, out.toString(), err.toString());
    }

    /** A benchmark file with {@code n} lower-case cases graded exact, and optional extra YAML. */
    Path benchmarkFile(String name, String id, int n, String extra) throws Exception {
        String cases = IntStream.range(0, n)
                .mapToObj(i -> "  - input: \"word number %d\"\n    expected: \"word number %d\"\n".formatted(i, i))
                .collect(Collectors.joining());
        String yaml = (id == null ? "" : "id: " + id + "\n") + """
                title: Lower-case echo
                description: Answers must keep the case of the input
                tags: [ci]
                category: qa
                promptTemplate: "{{input}}"
                cases:
                """ + cases + """
                graders:
                  - type: exact
                """ + extra;
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void sync_creates_then_updates_with_the_file_as_the_source_of_truth_and_changes_nothing_when_they_agree()
            throws Exception {
        Outcome created =
                cli(alice.token(), "sync", benchmarkFile("b.yaml", null, 3, "").toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
        String id = created.out().split(" ")[0];
        assertThat(id).startsWith("bm_");
        assertThat(created.err()).contains("add `id: " + id + "`");

        Outcome again = cli(
                alice.token(),
                "sync",
                "--json",
                benchmarkFile("b.yaml", id, 3, "").toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        JsonNode unchanged = mapper.readTree(again.out());
        assertThat(unchanged.get("version").asLong()).isEqualTo(1);
        assertThat(unchanged.get("changes")).isEmpty();

        // the file now has 2 of the 3 cases, a new title, a decision rubric, and says PUBLIC
        Path edited = benchmarkFile("b.yaml", id, 2, """
                decisionCriteria:
                  - {metric: score, op: ">=", threshold: 0.5, severity: MUST}
                visibility: PUBLIC
                """);
        Files.writeString(edited, Files.readString(edited).replace("title: Lower-case echo", "title: Keep the case"));
        Outcome updated = cli(alice.token(), "sync", "--json", edited.toString());
        assertThat(updated.exitCode()).as(updated.err()).isZero();
        JsonNode result = mapper.readTree(updated.out());
        assertThat(result.get("version").asLong()).isGreaterThan(1);
        JsonNode server = get("/api/benchmarks/" + id, alice).body();
        assertThat(server.get("title").asText()).isEqualTo("Keep the case");
        assertThat(server.get("cases")).hasSize(2);
        assertThat(server.get("visibility").asText()).isEqualTo("PUBLIC");
        assertThat(server.get("decisionCriteria")).hasSize(1);
        assertThat(server.get("contentHash").asText())
                .isEqualTo(result.get("contentHash").asText());

        Outcome stable = cli(alice.token(), "sync", "--json", edited.toString());
        assertThat(mapper.readTree(stable.out()).get("version").asLong())
                .isEqualTo(result.get("version").asLong());

        // another user's token cannot write it: an error, exit 2, and nothing changes
        Files.writeString(edited, Files.readString(edited).replace("title: Keep the case", "title: Bob's title"));
        Outcome refused = cli(bob.token(), "sync", edited.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(get("/api/benchmarks/" + id, alice).body().get("version").asLong())
                .isEqualTo(result.get("version").asLong());
    }

    @Test
    void sync_keeps_a_cases_own_graders_and_a_change_to_them_revises_the_case() throws Exception {
        String yaml = """
                title: Own graders
                category: qa
                promptTemplate: "{{input}}"
                cases:
                  - input: alpha
                    graders:
                      - {type: contains-any, values: [alpha, beta]}
                  - input: gamma
                    graders: [{type: starts-with, value: gam}]
                """;
        Path file = dir.resolve("own.yaml");
        Files.writeString(file, yaml);
        Outcome created = cli(alice.token(), "sync", file.toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
        String id = created.out().split(" ")[0];
        assertThat(get("/api/benchmarks/" + id, alice)
                        .body()
                        .get("cases")
                        .get(0)
                        .get("graders")
                        .get(0)
                        .get("type")
                        .asText())
                .isEqualTo("contains-any");

        Files.writeString(file, "id: " + id + "\n" + yaml);
        Outcome same = cli(alice.token(), "sync", "--json", file.toString());
        assertThat(same.exitCode()).as(same.err()).isZero();
        assertThat(mapper.readTree(same.out()).get("version").asLong()).isEqualTo(1);

        Files.writeString(file, "id: " + id + "\n" + yaml.replace("value: gam", "value: gamma"));
        Outcome changed = cli(alice.token(), "sync", "--json", file.toString());
        assertThat(changed.exitCode()).as(changed.err()).isZero();
        assertThat(mapper.readTree(changed.out()).get("version").asLong()).isGreaterThan(1);
        assertThat(get("/api/benchmarks/" + id, alice)
                        .body()
                        .get("cases")
                        .get(1)
                        .get("graders")
                        .get(0)
                        .get("value")
                        .asText())
                .isEqualTo("gamma");
    }

    @Test
    void an_edit_made_while_sync_runs_stops_it_with_exit_2_and_is_not_overwritten() throws Exception {
        String id = cli(
                        alice.token(),
                        "sync",
                        benchmarkFile("race.yaml", null, 2, "").toString())
                .out()
                .split(" ")[0];
        Path file = benchmarkFile("race.yaml", id, 3, "");
        Files.writeString(file, Files.readString(file).replace("title: Lower-case echo", "title: From the file"));
        boolean[] edited = {false};
        Sync sync = new Sync(new Api("http://localhost:" + port, alice.token()), () -> {
            if (edited[0]) return;
            edited[0] = true;
            // someone edits the benchmark in the web app between the sync's read and its first write
            Response other = send("PATCH", "/api/benchmarks/" + id, alice, "{\"description\": \"edited by hand\"}");
            assertThat(other.status()).isEqualTo(200);
        });
        assertThatThrownBy(() -> sync.sync(BenchmarkFile.read(file)))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("changed on the server while syncing")
                .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(2));
        JsonNode server = get("/api/benchmarks/" + id, alice).body();
        assertThat(server.get("description").asText()).isEqualTo("edited by hand");
        assertThat(server.get("title").asText()).isEqualTo("Lower-case echo");
        assertThat(server.get("version").asLong()).isEqualTo(2);

        // syncing again applies the file on top of the edit
        Outcome again = cli(alice.token(), "sync", "--json", file.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        server = get("/api/benchmarks/" + id, alice).body();
        assertThat(server.get("title").asText()).isEqualTo("From the file");
        assertThat(server.get("cases")).hasSize(3);
    }

    @Test
    void a_significant_regression_fails_the_gate_with_exit_1_and_the_reports_say_why() throws Exception {
        Path file = benchmarkFile("regress.yaml", null, 12, "");
        Path junit = dir.resolve("reports/junit.xml");
        Path markdown = dir.resolve("reports/summary.md");
        Outcome gate = cli(
                alice.token(),
                "gate",
                "--benchmark",
                file.toString(),
                "--candidate",
                "sim/upper",
                "--baseline",
                "sim/echo",
                "--junit",
                junit.toString(),
                "--markdown",
                markdown.toString());
        assertThat(gate.exitCode()).as(gate.out() + gate.err()).isEqualTo(1);
        assertThat(gate.out()).contains("FAIL  significant-regression").contains("gate: FAILED");
        assertThat(gate.err()).contains("synced " + file).contains("COMPLETED 24/24");

        String md = Files.readString(markdown);
        assertThat(md)
                .startsWith("<!-- benchmarkhub-gate -->")
                .contains("❌ failed")
                .contains("`sim/upper`")
                .contains("| significant-regression | **fail** |")
                .contains("Top regressed cases (5)");

        // valid JUnit XML, so CI reporters read it
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(getClass().getResource("/junit-report.xsd"))
                .newValidator()
                .validate(new StreamSource(junit.toFile()));
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        Element root = xml.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        NodeList suites = root.getElementsByTagName("testsuite");
        assertThat(suites.getLength()).isEqualTo(2);
        Element cases = (Element) suites.item(1);
        assertThat(cases.getAttribute("tests")).isEqualTo("12");
        assertThat(cases.getAttribute("failures")).isEqualTo("12");
        Element failure = (Element) cases.getElementsByTagName("failure").item(0);
        assertThat(failure.getTextContent()).contains("output:").contains("WORD NUMBER");
        assertThat(failure.getAttribute("message")).startsWith("exact");
        assertThat(((Element) suites.item(0)).getAttribute("failures")).isEqualTo("1");
    }

    @Test
    void a_dont_ship_verdict_fails_only_when_asked_and_thresholds_judge_the_candidate() throws Exception {
        Path file = benchmarkFile("same.yaml", null, 6, """
                decisionCriteria:
                  - {metric: score, op: ">=", threshold: 0.9, severity: MUST}
                """);
        String id = cli(alice.token(), "sync", file.toString()).out().split(" ")[0];

        // a model compared with itself is refused: within one run there is nothing to compare
        Outcome itself =
                cli(alice.token(), "gate", "--benchmark", id, "--candidate", "sim/echo", "--baseline", "sim/echo");
        assertThat(itself.exitCode()).isEqualTo(2);
        assertThat(itself.err()).contains("must differ");

        // sim/upper scores 0 against a rubric that needs 0.9: DONT_SHIP; sim/random-1 scores 0 too, so there is no
        // regression to the baseline and the default check passes
        Outcome regressionOnly =
                cli(alice.token(), "gate", "--benchmark", id, "--candidate", "sim/upper", "--baseline", "sim/random-1");
        assertThat(regressionOnly.exitCode())
                .as(regressionOnly.out() + regressionOnly.err())
                .isZero();
        assertThat(regressionOnly.out()).contains("verdict: DONT_SHIP");

        Outcome verdict = cli(
                alice.token(),
                "gate",
                "--benchmark",
                id,
                "--candidate",
                "sim/upper",
                "--baseline",
                "sim/random-1",
                "--fail-on",
                "verdict");
        assertThat(verdict.exitCode()).isEqualTo(1);
        assertThat(verdict.out()).contains("FAIL  verdict: DONT_SHIP");

        Outcome threshold = cli(
                alice.token(),
                "gate",
                "--benchmark",
                id,
                "--candidate",
                "sim/echo",
                "--baseline",
                "sim/upper",
                "--fail-on",
                "threshold=0.95,pass-rate=0.5");
        assertThat(threshold.exitCode()).as(threshold.out() + threshold.err()).isZero();
        assertThat(threshold.out()).contains("pass  threshold=0.95: score 1.000 ≥ 0.950");
    }

    @Test
    void run_then_compare_then_gate_on_that_run() throws Exception {
        Path file = benchmarkFile("run.yaml", null, 6, ""); // with 5 cases, p = 2/32 is not significant: noise
        Outcome run = cli(
                alice.token(),
                "run",
                "--benchmark",
                file.toString(),
                "--models",
                "sim/echo,sim/upper",
                "--repeats",
                "2");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).containsPattern("sim/echo +score 1.000").containsPattern("sim/upper +score 0.000");
        String runId = run.out().split(" ")[1];
        assertThat(runId).startsWith("run_");

        Outcome compare =
                cli(alice.token(), "compare", "--run", runId, "--baseline", "sim/echo", "--candidate", "sim/upper");
        assertThat(compare.exitCode()).as(compare.err()).isZero();
        assertThat(compare.out())
                .contains("verdict: DONT_SHIP")
                .contains("-1.000 [-1.000, -1.000] p=0.031")
                .doesNotContain("gate:");

        Outcome gate = cli(
                alice.token(), "gate", "--run", runId, "--candidate", "sim/upper", "--baseline", "sim/echo", "--json");
        assertThat(gate.exitCode()).isEqualTo(1);
        JsonNode result = mapper.readTree(gate.out());
        assertThat(result.get("runId").asText()).isEqualTo(runId);
        assertThat(result.get("contentHash").asText())
                .isEqualTo(get("/api/benchmarks/" + result.get("benchmarkId").asText(), alice)
                        .body()
                        .get("contentHash")
                        .asText());
        assertThat(result.get("regressedCases")).hasSize(5);

        Outcome noWait = cli(
                alice.token(),
                "run",
                "--benchmark",
                result.get("benchmarkId").asText(),
                "--models",
                "sim/echo",
                "--no-wait");
        assertThat(noWait.exitCode()).isZero();
        assertThat(noWait.out().strip()).startsWith("run_");
    }

    @Test
    void prompt_variants_sync_from_the_file_run_as_model_at_variant_and_gate_one_prompt_against_the_other()
            throws Exception {
        // sim/echo answers with the prompt: v1 sends the input as it is (exact passes), v2 adds "!!" (exact fails)
        Path file = benchmarkFile("variants.yaml", null, 6, """
                promptVariants:
                  - {name: v1, template: "{{input}}"}
                  - {name: v2, template: "{{input}}!!"}
                """);
        Outcome created = cli(alice.token(), "sync", file.toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
        String id = created.out().split(" ")[0];
        JsonNode server = get("/api/benchmarks/" + id, alice).body();
        assertThat(server.get("promptVariants").findValuesAsText("name")).containsExactly("v1", "v2");
        long version = server.get("version").asLong();

        Path synced = benchmarkFile("variants.yaml", id, 6, """
                promptVariants:
                  - {name: v1, template: "{{input}}"}
                  - {name: v2, template: "{{input}}!!"}
                """);
        Outcome same = cli(alice.token(), "sync", "--json", synced.toString());
        assertThat(mapper.readTree(same.out()).get("version").asLong())
                .as("a file that matches changes nothing")
                .isEqualTo(version);

        Outcome run = cli(alice.token(), "run", "--benchmark", id, "--models", "sim/echo", "--prompts", "v1,v2");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).containsPattern("sim/echo@v1 +score 1.000").containsPattern("sim/echo@v2 +score 0.000");

        Outcome gate = cli(
                alice.token(),
                "gate",
                "--benchmark",
                id,
                "--candidate",
                "sim/echo@v2",
                "--baseline",
                "sim/echo@v1",
                "--json");
        assertThat(gate.exitCode()).as(gate.out() + gate.err()).isEqualTo(1);
        assertThat(gate.err()).contains("with sim/echo × prompts v2, v1");
        JsonNode result = mapper.readTree(gate.out());
        assertThat(result.get("candidate").toString()).contains("sim/echo@v2");
        assertThat(result.get("baseline").toString()).contains("sim/echo@v1");
        assertThat(result.get("regressedCases")).hasSize(5);

        // the model alone is the default variant; an unknown variant is a usage error
        Outcome reversed =
                cli(alice.token(), "gate", "--benchmark", id, "--candidate", "sim/echo", "--baseline", "sim/echo@v2");
        assertThat(reversed.exitCode()).as(reversed.out() + reversed.err()).isZero();
        Outcome unknown = cli(
                alice.token(), "gate", "--benchmark", id, "--candidate", "sim/echo@v3", "--baseline", "sim/echo@v1");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("'v3' is not a prompt variant");

        // a file back to one template drops the variants on the server
        Outcome single = cli(
                alice.token(), "sync", benchmarkFile("variants.yaml", id, 6, "").toString());
        assertThat(single.exitCode()).as(single.err()).isZero();
        assertThat(get("/api/benchmarks/" + id, alice)
                        .body()
                        .path("promptVariants")
                        .isNull())
                .isTrue();
    }

    @Test
    void the_same_model_run_twice_does_not_fail_on_noise_and_latest_finds_the_last_run_with_the_baseline_model()
            throws Exception {
        Path file = benchmarkFile("twice.yaml", null, 8, "");
        // the run on the base branch
        Outcome base = cli(alice.token(), "run", "--benchmark", file.toString(), "--models", "sim/echo");
        assertThat(base.exitCode()).as(base.err()).isZero();
        String baseRun = base.out().split(" ")[1];
        String id = get("/api/runs/" + baseRun, alice).body().get("benchmarkId").asText();

        Outcome twice = cli(
                alice.token(),
                "gate",
                "--benchmark",
                id,
                "--candidate",
                "sim/echo",
                "--baseline",
                "run:" + baseRun,
                "--fail-on",
                "significant-regression,verdict",
                "--json");
        assertThat(twice.exitCode()).as(twice.out() + twice.err()).isZero();
        JsonNode same = mapper.readTree(twice.out());
        assertThat(same.get("baselineRunId").asText()).isEqualTo(baseRun);
        assertThat(same.get("runId").asText()).isNotEqualTo(baseRun);
        assertThat(same.at("/difference/mean").asDouble()).isZero();
        assertThat(same.at("/difference/n").asInt()).isEqualTo(8);
        assertThat(get("/api/runs/" + same.get("runId").asText(), alice).body().get("models"))
                .hasSize(1);

        // latest: the newest completed run with sim/echo is the one the gate above made
        Outcome latest = cli(
                alice.token(),
                "gate",
                "--benchmark",
                id,
                "--candidate",
                "sim/upper",
                "--baseline",
                "latest",
                "--baseline-model",
                "sim/echo",
                "--json");
        assertThat(latest.exitCode()).as(latest.out() + latest.err()).isEqualTo(1);
        assertThat(mapper.readTree(latest.out()).get("baselineRunId").asText())
                .isEqualTo(same.get("runId").asText());

        Outcome none = cli(
                alice.token(),
                "gate",
                "--benchmark",
                id,
                "--candidate",
                "sim/echo",
                "--baseline",
                "latest",
                "--baseline-model",
                "sim/random-3");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("no completed run");

        // the server pairs runs of one benchmark only
        String other = cli(
                        alice.token(),
                        "run",
                        "--benchmark",
                        benchmarkFile("other.yaml", null, 2, "").toString(),
                        "--models",
                        "sim/echo")
                .out()
                .split(" ")[1];
        Response bad = get(
                "/api/runs/" + baseRun + "/compare?baseline=sim/echo&candidate=sim/echo&baselineRun=" + other, alice);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().at("/errors/0/field").asText()).isEqualTo("baselineRun");
        assertThat(get(
                                "/api/runs/" + baseRun + "/compare?baseline=sim/echo&candidate=sim/echo&baselineRun="
                                        + other,
                                bob)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void byok_models_on_a_local_provider_server_gate_and_a_model_whose_every_call_fails_exits_3() throws Exception {
        String id = cli(
                        alice.token(),
                        "sync",
                        benchmarkFile("byok.yaml", null, 3, "").toString())
                .out()
                .split(" ")[0];
        Map<String, String> key = Map.of("BENCHMARKHUB_PROVIDER_KEY", "sk-test-byok-cli");
        // fake/steady and fake/jitter both echo: no regression
        Outcome passed = cli(
                key,
                alice.token(),
                "gate",
                "--benchmark",
                id,
                "--candidate",
                "fake/steady",
                "--baseline",
                "fake/jitter",
                "--billing",
                "BYOK");
        assertThat(passed.exitCode()).as(passed.out() + passed.err()).isZero();
        assertThat(passed.out() + passed.err()).doesNotContain("sk-test-byok-cli");

        // fake/broken answers truncated JSON: it was not measured, so the run failed (3), not the gate (1)
        Outcome broken = cli(
                key,
                alice.token(),
                "gate",
                "--benchmark",
                id,
                "--candidate",
                "fake/broken",
                "--baseline",
                "fake/steady",
                "--billing",
                "BYOK");
        assertThat(broken.exitCode()).as(broken.out() + broken.err()).isEqualTo(3);
        assertThat(broken.err()).contains("every call of fake/broken failed (3 of 3)");
    }

    @Test
    void two_equally_noisy_models_do_not_fail_the_gate() throws Exception {
        // each case expects one of sim/random's canned answers: the two seeds hit about one in six at random
        String cases = IntStream.range(0, 24)
                .mapToObj(
                        i -> "  - {input: \"question %d\", expected: \"%s\"}\n".formatted(i, i % 2 == 0 ? "yes" : "no"))
                .collect(Collectors.joining());
        Path file = dir.resolve("noise.yaml");
        Files.writeString(
                file,
                "title: Coin flips\ndescription: noise\ncategory: qa\npromptTemplate: \"{{input}}\"\ncases:\n" + cases
                        + "graders:\n  - {type: exact, ignoreCase: true}\n");
        Outcome noise = cli(
                alice.token(),
                "gate",
                "--benchmark",
                file.toString(),
                "--candidate",
                "sim/random-2",
                "--baseline",
                "sim/random-1",
                "--repeats",
                "2",
                "--json");
        assertThat(noise.exitCode()).as(noise.out() + noise.err()).isZero();
        JsonNode passed = mapper.readTree(noise.out());
        assertThat(passed.get("passed").asBoolean()).isTrue();
        assertThat(passed.at("/checks/0/name").asText()).isEqualTo("significant-regression");
        assertThat(passed.at("/difference/n").asInt()).isEqualTo(24);
    }

    @Test
    void usage_auth_and_server_errors_exit_2_and_a_run_that_does_not_end_in_time_exits_3() throws Exception {
        Path file = benchmarkFile("errors.yaml", null, 30, "");
        String id = cli(alice.token(), "sync", file.toString()).out().split(" ")[0];

        Outcome usage = cli(alice.token(), "gate", "--benchmark", id, "--candidate", "sim/echo");
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.err()).contains("--baseline");

        Outcome badCheck = cli(
                alice.token(),
                "gate",
                "--benchmark",
                id,
                "--candidate",
                "sim/echo",
                "--baseline",
                "sim/upper",
                "--fail-on",
                "vibes");
        assertThat(badCheck.exitCode()).isEqualTo(2);
        assertThat(badCheck.err()).contains("unknown check 'vibes'");

        Outcome noToken = cli((String) null, "run", "--benchmark", id, "--models", "sim/echo");
        assertThat(noToken.exitCode()).isEqualTo(2);
        assertThat(noToken.err()).contains("BENCHMARKHUB_TOKEN");

        Outcome badToken = cli("not-a-token-1234", "run", "--benchmark", id, "--models", "sim/echo");
        assertThat(badToken.exitCode()).isEqualTo(2);
        assertThat(badToken.err()).contains("HTTP 401").doesNotContain("not-a-token-1234");

        Outcome unknownModel = cli(alice.token(), "run", "--benchmark", id, "--models", "sim/nope");
        assertThat(unknownModel.exitCode()).isEqualTo(2);
        assertThat(unknownModel.err()).contains("HTTP 400").contains("models");

        Path invalid = dir.resolve("invalid.yaml");
        Files.writeString(
                invalid, "title: x\ncategory: qa\ncases: [{input: a}]\ngraders: [{type: regex, pattern: \"(\"}]\n");
        Outcome refusedByServer = cli(alice.token(), "sync", invalid.toString());
        assertThat(refusedByServer.exitCode()).isEqualTo(2);
        assertThat(refusedByServer.err()).contains("HTTP 400").contains("graders[0].pattern");

        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "title: x\ncasez: []\n");
        Outcome unknownField = cli(alice.token(), "sync", broken.toString());
        assertThat(unknownField.exitCode()).isEqualTo(2);
        assertThat(unknownField.err()).contains("unknown field 'casez'");

        Outcome timedOut = cli(
                alice.token(),
                "gate",
                "--benchmark",
                id,
                "--candidate",
                "sim/echo",
                "--baseline",
                "sim/upper",
                "--repeats",
                "5",
                "--timeout",
                "0");
        assertThat(timedOut.exitCode()).as(timedOut.out() + timedOut.err()).isEqualTo(3);
        assertThat(timedOut.err()).contains("did not end within 0 s");
    }

    @Test
    void the_server_serves_its_cli_and_the_jar_runs_a_gate() throws Exception {
        var response = http.send(
                java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://localhost:" + port + "/downloads/benchmarkhub-cli.jar"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofFile(dir.resolve("cli.jar")));
        assertThat(response.statusCode()).isEqualTo(200);
        String id = cli(
                        alice.token(),
                        "sync",
                        benchmarkFile("jar.yaml", null, 4, "").toString())
                .out()
                .split(" ")[0];

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder process = new ProcessBuilder(
                        java,
                        "-jar",
                        dir.resolve("cli.jar").toString(),
                        "gate",
                        "--benchmark",
                        id,
                        "--candidate",
                        "sim/echo",
                        "--baseline",
                        "sim/upper",
                        "--markdown",
                        dir.resolve("jar.md").toString())
                .redirectErrorStream(true);
        process.environment().put("BENCHMARKHUB_URL", "http://localhost:" + port);
        process.environment().put("BENCHMARKHUB_TOKEN", alice.token());
        Process started = process.start();
        String output = new String(started.getInputStream().readAllBytes());
        assertThat(started.waitFor()).as(output).isZero();
        assertThat(output).contains("gate: PASSED");
        assertThat(Files.readString(dir.resolve("jar.md"))).contains("✅ passed");
    }
}
