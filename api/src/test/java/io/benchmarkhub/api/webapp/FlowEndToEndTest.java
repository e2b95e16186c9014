package io.benchmarkhub.api.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.api.run.FakeModels;
import io.benchmarkhub.command.run.provider.FakeOpenRouterServer;
import io.benchmarkhub.command.run.provider.FakeOpenRouterServer.Behaviour;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The whole flow in Chromium, as two new people would go through it: web/e2e/flow.e2e.mjs signs a person up
 * (the verification mail through the real SMTP test server), imports a promptfoo file into a new benchmark, sets a
 * rubric with ideals and weights, runs it on three models with a three-judge panel (BYOK: the local OpenAI-compatible
 * server answers the {@code fake/…} models and the {@code sim/…} models are built in), grades two answers by keyboard,
 * compares two models to the verdict with its rubric lines, and forks a public benchmark; then a second person signs
 * up and finds no trace of the first one's private benchmark. Screenshots land in api/target/screenshots (f*.png).
 * Needs Node 20+ and /usr/bin/chromium, as WebAppEndToEndTest.
 */
class FlowEndToEndTest extends ApiTestBase {

    @Test
    void two_new_people_go_through_the_whole_flow_and_the_second_never_sees_the_first_ones_private_benchmark()
            throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        String publicTitle = "Public capitals " + tag;
        String publicId = createBenchmark(bob, """
                {"title": "%s", "visibility": "PUBLIC", "promptTemplate": "Capital of {{input}}?",
                 "cases": [{"input": "France", "expected": "Paris"}], "graders": [{"type": "contains"}]}""".formatted(publicTitle));
        // the judge prompts (and only they) carry the rubric, so this marker scripts the verdicts of the fake judges
        String marker = "FLOW-" + tag;
        FakeModels.script(
                marker,
                IntStream.range(0, 400)
                        .mapToObj(i -> FakeOpenRouterServer.reply("{\"score\": " + (0.6 + (i % 4) / 10.0)
                                + ", \"rationale\": \"scripted verdict " + i + "\"}"))
                        .toArray(Behaviour[]::new));

        String first = "flow-" + tag;
        String second = "other-" + tag;
        Path mailbox = Files.createTempDirectory("web-flow-mail-");
        Thread postman = Thread.ofVirtual().start(() -> {
            WebAppEndToEndTest.deliverVerificationLink(first + "@example.org", mailbox.resolve("verify-first.txt"));
            WebAppEndToEndTest.deliverVerificationLink(second + "@example.org", mailbox.resolve("verify-second.txt"));
        });

        ProcessBuilder node = new ProcessBuilder("node", "e2e/flow.e2e.mjs")
                .directory(WebAppEndToEndTest.WEB.toFile())
                .redirectErrorStream(true);
        node.environment().put("BASE_URL", "http://localhost:" + port);
        node.environment().put("PUBLIC_BENCHMARK_ID", publicId);
        node.environment().put("PUBLIC_BENCHMARK_TITLE", publicTitle);
        node.environment().put("JUDGE_MARKER", marker);
        node.environment().put("FIRST_HANDLE", first);
        node.environment().put("SECOND_HANDLE", second);
        node.environment().put("MAILBOX", mailbox.toString());
        node.environment().put("TAG", tag);
        node.environment().put("SCREENSHOTS", WebAppEndToEndTest.SCREENSHOTS.toString());
        node.environment().put("CHROMIUM", System.getProperty("benchmarkhub.chromium", "/usr/bin/chromium"));
        Path log = Files.createTempFile("web-flow-e2e-", ".log");
        Process process = node.redirectOutput(log.toFile()).start();
        boolean ended = process.waitFor(8, TimeUnit.MINUTES);
        if (!ended) process.destroyForcibly();
        postman.interrupt();
        FakeModels.SCRIPTS.remove(marker);
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(ended).as("the browser script ended").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("the whole flow passed");
        for (String shot : new String[] {
            "f1-sign-up.png",
            "f2-import-promptfoo.png",
            "f3-rubric.png",
            "f4-new-run.png",
            "f5-run-progress.png",
            "f6-human-grading.png",
            "f7-compare-verdict.png",
            "f8-second-person.png"
        }) {
            assertThat(WebAppEndToEndTest.SCREENSHOTS.resolve(shot)).isNotEmptyFile();
        }
    }
}
