package io.benchmarkhub.api.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The run page's last pieces end to end (issue 14): a public benchmark with a three-judge panel whose pass threshold splits
 * the simulated judges, a completed run of sim/echo and sim/upper, a fork by bob and one of that fork; then
 * web/e2e/runpage.e2e.mjs in Debian's Chromium: the "judges disagree" filter and the drill-down's prompt, a compare
 * side-by-side diff, the Forks tree by keyboard, a BYOK key kept across a reload then forgotten, and dark mode with
 * axe-core; 1280×800 screenshots rp1-… to rp6-….png and one at 390×844 without horizontal overflow.
 */
class RunPageEndToEndTest extends ApiTestBase {

    @Test
    void judges_disagree_the_prompt_sent_a_compare_diff_the_fork_tree_byok_and_dark_mode_in_chromium()
            throws Exception {
        // sim/judge-N scores an answer equal to the reference 0.80-1.00 (the rest is a hash): at 0.9 the panel often
        // splits
        String benchmark = createBenchmark(alice, """
                {"title": "Greetings, judged", "description": "d", "tags": [], "category": "qa", "visibility": "PUBLIC",
                 "promptTemplate": "Repeat exactly: {{input}}",
                 "cases": [{"id": "hello", "input": "hello there", "expected": "Repeat exactly: hello there"},
                           {"id": "night", "input": "good night", "expected": "Repeat exactly: good night"},
                           {"id": "LOUD", "input": "HEY", "expected": "Repeat exactly: HEY"},
                           {"id": "morning", "input": "good morning", "expected": "Repeat exactly: good morning"},
                           {"id": "later", "input": "see you later", "expected": "Repeat exactly: see you later"}],
                 "graders": [{"type": "exact"},
                             {"type": "llm-judge", "rubric": "Is it the same text?", "passThreshold": 0.9,
                              "panel": ["sim/judge-1", "sim/judge-2", "sim/judge-3"]}]}""");
        JsonNode started =
                send("POST", "/api/runs", alice, """
                {"benchmarkId": "%s", "models": ["sim/echo", "sim/upper"]}""".formatted(benchmark)).body();
        String run = started.get("id").asText();
        eventually(
                () -> "COMPLETED"
                        .equals(get("/api/runs/" + run, alice)
                                .body()
                                .path("status")
                                .asText()),
                "the run completes");

        JsonNode split = get("/api/runs/" + run + "/results?judgesDisagree=true&limit=200", alice)
                .body()
                .get("items");
        JsonNode all =
                get("/api/runs/" + run + "/results?limit=200", alice).body().get("items");
        assertThat(split.size())
                .as("some trials split the panel, not all")
                .isPositive()
                .isLessThan(all.size());
        assertThat(split.findValues("judgesDisagree")).allMatch(JsonNode::asBoolean);

        // a fork by bob and a fork of that fork by carol: a tree of three levels
        Response fork = send(
                "POST",
                "/api/benchmarks/" + benchmark + "/forks",
                bob,
                "{\"title\": \"Bob's greetings\", \"visibility\": \"PUBLIC\"}");
        assertThat(fork.status()).as(fork.text()).isEqualTo(201);
        String bobs = fork.body().get("id").asText();
        Caller carol = createUser("carol");
        Response again = send(
                "POST",
                "/api/benchmarks/" + bobs + "/forks",
                carol,
                "{\"title\": \"Carol's greetings\", \"visibility\": \"PUBLIC\"}");
        assertThat(again.status()).as(again.text()).isEqualTo(201);
        String carols = again.body().get("id").asText();
        eventually(
                () -> get("/api/benchmarks/" + benchmark + "/forks", null)
                                .body()
                                .path("root")
                                .path("forks")
                                .path(0)
                                .path("forks")
                                .size()
                        == 1,
                "the tree has both forks");

        ProcessBuilder node = new ProcessBuilder("node", "e2e/runpage.e2e.mjs")
                .directory(WebAppEndToEndTest.WEB.toFile())
                .redirectErrorStream(true);
        node.environment().put("BASE_URL", "http://localhost:" + port);
        node.environment().put("RUN_ID", run);
        node.environment().put("BENCHMARK_ID", benchmark);
        node.environment().put("FORK_ID", bobs);
        node.environment().put("FORK_OF_FORK_ID", carols);
        node.environment().put("DISAGREE", String.valueOf(split.size()));
        node.environment()
                .put(
                        "FIRST_DISAGREE",
                        split.get(0).get("model").asText() + " "
                                + split.get(0).get("caseId").asText());
        node.environment().put("API_TOKEN", alice.token());
        node.environment().put("SCREENSHOTS", WebAppEndToEndTest.SCREENSHOTS.toString());
        node.environment().put("CHROMIUM", System.getProperty("benchmarkhub.chromium", "/usr/bin/chromium"));
        Path log = Files.createTempFile("web-run-page-e2e-", ".log");
        Process process = node.redirectOutput(log.toFile()).start();
        boolean ended = process.waitFor(5, TimeUnit.MINUTES);
        if (!ended) process.destroyForcibly();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(ended).as("the browser script ended").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("all run page screens passed");
        // the key typed in the browser went nowhere but the header: not into the run's record
        assertThat(output).doesNotContain("sk-e2e-kept-key");
        for (String shot : new String[] {
            "rp1-judges-disagree.png",
            "rp2-compare-diff.png",
            "rp3-forks.png",
            "rp4-byok.png",
            "rp5-dark-run.png",
            "rp6-dark-compare.png",
            "rp7-compare-phone.png"
        }) {
            assertThat(WebAppEndToEndTest.SCREENSHOTS.resolve(shot)).isNotEmptyFile();
        }
    }
}
