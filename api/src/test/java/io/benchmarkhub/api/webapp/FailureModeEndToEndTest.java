package io.benchmarkhub.api.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.api.ApiTestBase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Known failure modes end to end: a private benchmark, a completed run of sim/echo and sim/upper, one failure mode tagged
 * through the API; then web/e2e/failuremodes.e2e.mjs tags another in Debian's Chromium and reads the statuses and the
 * comparison. Screenshots land in api/target/screenshots (fm*.png). Needs Node 20+ and /usr/bin/chromium.
 */
class FailureModeEndToEndTest extends ApiTestBase {

    @Test
    void a_person_tags_cases_with_a_failure_mode_and_sees_which_model_still_shows_it_in_chromium() throws Exception {
        String benchmark = createBenchmark(alice, """
                {"title": "Quiet answers", "description": "d", "tags": [], "category": "qa", "visibility": "PRIVATE",
                 "cases": [{"id": "quiet-1", "input": "hello there", "expected": "hello there"},
                           {"id": "loud", "input": "HELLO", "expected": "HELLO"},
                           {"id": "quiet-2", "input": "good night", "expected": "good night"}],
                 "graders": [{"type": "exact"}]}""");
        Response started = send("POST", "/api/runs", alice, """
                {"benchmarkId": "%s", "models": ["sim/echo", "sim/upper"]}""".formatted(benchmark));
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        String run = started.body().get("id").asText();
        eventually(
                () -> "COMPLETED"
                        .equals(get("/api/runs/" + run, alice)
                                .body()
                                .path("status")
                                .asText()),
                "the run completes");
        assertThat(send("POST", "/api/runs/" + run + "/failure-modes", alice, """
                {"name": "Repeats the question", "caseIds": ["loud"], "model": "sim/echo"}""")
                        .status())
                .isEqualTo(201);

        ProcessBuilder node = new ProcessBuilder("node", "e2e/failuremodes.e2e.mjs")
                .directory(WebAppEndToEndTest.WEB.toFile())
                .redirectErrorStream(true);
        node.environment().put("BASE_URL", "http://localhost:" + port);
        node.environment().put("RUN_ID", run);
        node.environment().put("API_TOKEN", alice.token());
        node.environment().put("SCREENSHOTS", WebAppEndToEndTest.SCREENSHOTS.toString());
        node.environment().put("CHROMIUM", System.getProperty("benchmarkhub.chromium", "/usr/bin/chromium"));
        Path log = Files.createTempFile("web-failure-modes-e2e-", ".log");
        Process process = node.redirectOutput(log.toFile()).start();
        boolean ended = process.waitFor(5, TimeUnit.MINUTES);
        if (!ended) process.destroyForcibly();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(ended).as("the browser script ended").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("all failure mode screens passed");

        // what the browser tagged is what the API keeps
        var modes = get("/api/benchmarks/" + benchmark + "/failure-modes", alice)
                .body()
                .get("items");
        assertThat(modes.findValuesAsText("name")).containsExactly("Repeats the question", "Shouts the answer");
        assertThat(modes.get(1).get("caseIds").toString()).isEqualTo("[\"quiet-1\",\"quiet-2\"]");
        assertThat(modes.get(1).get("firstSeen").get("model").asText()).isEqualTo("sim/upper");
        for (String shot : new String[] {"fm1-tag-form.png", "fm2-run-failure-modes.png", "fm3-compare.png"}) {
            assertThat(WebAppEndToEndTest.SCREENSHOTS.resolve(shot)).isNotEmptyFile();
        }
    }
}
