package io.benchmarkhub.api.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The model leaderboard end to end: two public benchmarks with a tag of their own, three runs of simulated models on
 * them (two on the first), then web/e2e/models.e2e.mjs drives Debian's Chromium over /models signed out. Screenshots
 * land in api/target/screenshots (n*.png). Needs Node 20+ and /usr/bin/chromium, as WebAppEndToEndTest.
 */
class ModelsEndToEndTest extends ApiTestBase {

    private static final List<String> MODELS = List.of("sim/echo", "sim/random-1", "sim/random-2");

    @Test
    void a_person_reads_the_global_model_ranking_filtered_by_a_tag_with_the_simulated_models_in_chromium()
            throws Exception {
        String tag = "models-" + UUID.randomUUID().toString().substring(0, 6);
        var benchmarks = new ArrayList<String>();
        for (String title : List.of("Sums", "Capitals")) {
            benchmarks.add(createBenchmark(alice, """
                    {"title": "%s %s", "tags": ["%s"], "category": "qa", "visibility": "PUBLIC",
                     "cases": [{"input": "2+2", "expected": "4"}, {"input": "3+5", "expected": "8"}, {"input": "7", "expected": "7"}],
                     "graders": [{"type": "exact"}]}""".formatted(title, tag, tag)));
        }
        var runs = new ArrayList<String>();
        for (String benchmark : List.of(benchmarks.get(0), benchmarks.get(0), benchmarks.get(1))) {
            Response run = send("POST", "/api/runs", alice, """
                    {"benchmarkId": "%s", "models": ["sim/echo", "sim/random-1", "sim/random-2"], "repeats": 1}""".formatted(benchmark));
            assertThat(run.status()).as(run.text()).isEqualTo(202);
            runs.add(run.body().get("id").asText());
        }
        for (String run : runs) {
            eventually(
                    () -> "COMPLETED"
                            .equals(get("/api/runs/" + run, alice)
                                    .body()
                                    .path("status")
                                    .asText()),
                    "run " + run + " completes");
        }
        eventually(
                () -> {
                    JsonNode ranking = get("/api/leaderboards/models?includeSimulated=true&tag=" + tag, null)
                            .body();
                    return ranking.path("benchmarks").asInt() == 2
                            && ranking.path("models").size() == 3
                            && ranking.path("models").findValues("runs").stream()
                                    .allMatch(n -> n.asInt() == 3);
                },
                "the ranking has the three simulated models, each on two benchmarks with three runs");
        // without the toggle the ranking is of real models only: nothing on this tag
        assertThat(get("/api/leaderboards/models?tag=" + tag, null).body().get("models"))
                .isEmpty();
        JsonNode ranking = get("/api/leaderboards/models?includeSimulated=true&tag=" + tag, null)
                .body();
        assertThat(ranking.get("models").findValuesAsText("model")).containsExactlyInAnyOrderElementsOf(MODELS);
        assertThat(ranking.get("models").findValues("simulated")).allMatch(JsonNode::asBoolean);

        ProcessBuilder node = new ProcessBuilder("node", "e2e/models.e2e.mjs")
                .directory(WebAppEndToEndTest.WEB.toFile())
                .redirectErrorStream(true);
        node.environment().put("BASE_URL", "http://localhost:" + port);
        node.environment().put("TAG", tag);
        node.environment().put("MODELS", String.join(",", MODELS));
        node.environment().put("BENCHMARKS", "2");
        node.environment().put("RUNS", "3");
        node.environment().put("SCREENSHOTS", WebAppEndToEndTest.SCREENSHOTS.toString());
        node.environment().put("CHROMIUM", System.getProperty("benchmarkhub.chromium", "/usr/bin/chromium"));
        Path log = Files.createTempFile("web-models-e2e-", ".log");
        Process process = node.redirectOutput(log.toFile()).start();
        boolean ended = process.waitFor(5, TimeUnit.MINUTES);
        if (!ended) process.destroyForcibly();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(ended).as("the browser script ended").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("all model leaderboard screens passed");
        for (String shot : new String[] {"n1-models.png", "n2-models-all.png", "n3-models-phone.png"}) {
            assertThat(WebAppEndToEndTest.SCREENSHOTS.resolve(shot)).isNotEmptyFile();
        }
    }
}
