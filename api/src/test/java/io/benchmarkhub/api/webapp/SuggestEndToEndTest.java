package io.benchmarkhub.api.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.api.run.FakeModels;
import io.benchmarkhub.command.run.provider.FakeOpenRouterServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The test-case generator's screen end to end: the local OpenAI-compatible server (FakeModels' scripts, keyed by a marker
 * in the benchmark's title) answers one batch of proposals, and web/e2e/suggest.e2e.mjs drives Debian's Chromium through
 * asking for suggestions, the job's report, accepting one, editing and accepting another across a 412, rejecting the
 * third, and the new version's cases. Screenshots land in api/target/screenshots (s*.png). Needs Node 20+ and
 * /usr/bin/chromium, as WebAppEndToEndTest.
 */
class SuggestEndToEndTest extends ApiTestBase {

    private static String proposal(String input, String expected) {
        return "{\"input\": \"" + input + "\", \"expected\": \"" + expected
                + "\", \"tags\": [\"drafted\"], \"edgeCaseType\": \"boundary\"}";
    }

    @Test
    void the_owner_asks_for_suggestions_and_accepts_edits_and_rejects_them_by_keyboard_in_chromium() throws Exception {
        String marker = "mk" + UUID.randomUUID().toString().substring(0, 8);
        String benchmark = createBenchmark(alice, """
                {"title": "Word sums %s", "visibility": "PRIVATE", "promptTemplate": "Answer with the number only: {{input}}",
                 "cases": [{"input": "2+2", "expected": "4"}, {"input": "3+3", "expected": "6"}], "graders": [{"type": "exact"}]}""".formatted(marker));
        // three usable proposals, one that duplicates an existing case, one without the expected answer the grader
        // needs
        FakeModels.script(
                marker,
                FakeOpenRouterServer.reply("{\"cases\": ["
                        + String.join(
                                ", ",
                                proposal("A train leaves at 3 pm and arrives at 5 pm; how many hours?", "2"),
                                proposal("How many sides do two hexagons have together?", "13"),
                                proposal("What is one thousand minus one?", "999"),
                                proposal(" 2 + 2 ", "4"),
                                "{\"input\": \"What is the square root of 81?\"}")
                        + "]}"));
        try {
            ProcessBuilder node = new ProcessBuilder("node", "e2e/suggest.e2e.mjs")
                    .directory(WebAppEndToEndTest.WEB.toFile())
                    .redirectErrorStream(true);
            node.environment().put("BASE_URL", "http://localhost:" + port);
            node.environment().put("API_TOKEN", alice.token());
            node.environment().put("BENCHMARK_ID", benchmark);
            node.environment().put("MODEL", "fake/drafter");
            node.environment().put("SCREENSHOTS", WebAppEndToEndTest.SCREENSHOTS.toString());
            node.environment().put("CHROMIUM", System.getProperty("benchmarkhub.chromium", "/usr/bin/chromium"));
            Path log = Files.createTempFile("web-suggest-e2e-", ".log");
            Process process = node.redirectOutput(log.toFile()).start();
            boolean ended = process.waitFor(5, TimeUnit.MINUTES);
            if (!ended) process.destroyForcibly();
            String output = Files.readString(log, StandardCharsets.UTF_8);
            System.out.println(output);
            assertThat(ended).as("the browser script ended").isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).contains("all suggest screens passed");
        } finally {
            FakeModels.SCRIPTS.remove(marker);
        }
        for (String shot :
                new String[] {"s1-suggest.png", "s2-suggest-conflict.png", "s3-suggest-phone.png", "s4-cases.png"}) {
            assertThat(WebAppEndToEndTest.SCREENSHOTS.resolve(shot)).isNotEmptyFile();
        }
        // the provider was called once, with the key the browser sent; the suggestions are decided as the browser did
        assertThat(PROVIDER.requests().stream().filter(r -> r.body().toString().contains(marker)))
                .singleElement()
                .satisfies(r -> assertThat(r.authorization()).isEqualTo("Bearer sk-test-e2e-suggest"));
        JsonNode accepted = get("/api/benchmarks/" + benchmark + "/suggestions?status=ACCEPTED", alice)
                .body()
                .path("items");
        assertThat(accepted).hasSize(2);
        assertThat(accepted.get(1).path("edited").asBoolean()).isTrue();
        assertThat(get("/api/benchmarks/" + benchmark + "/suggestions?status=REJECTED", alice)
                        .body()
                        .path("items"))
                .hasSize(1);
    }
}
