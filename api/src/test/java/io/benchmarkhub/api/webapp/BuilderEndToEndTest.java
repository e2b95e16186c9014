package io.benchmarkhub.api.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.api.ApiTestBase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The benchmark builder end to end: web/e2e/builder.e2e.mjs drives Debian's Chromium through creating a benchmark,
 * its cases, a 412 conflict, publishing, the version diff and a fork, against this app. Screenshots land in
 * api/target/screenshots (b*.png). Needs Node 20+ and /usr/bin/chromium, as WebAppEndToEndTest.
 */
class BuilderEndToEndTest extends ApiTestBase {

    @Test
    void a_person_builds_edits_publishes_and_forks_benchmarks_in_chromium() throws Exception {
        String other = createBenchmark(bob, """
                {"title": "Bob's capitals", "visibility": "PUBLIC", "promptTemplate": "Capital of {{input}}?",
                 "cases": [{"input": "France", "expected": "Paris"}], "graders": [{"type": "contains"}]}""");

        ProcessBuilder node = new ProcessBuilder("node", "e2e/builder.e2e.mjs")
                .directory(WebAppEndToEndTest.WEB.toFile())
                .redirectErrorStream(true);
        node.environment().put("BASE_URL", "http://localhost:" + port);
        node.environment().put("API_TOKEN", alice.token());
        node.environment().put("PUBLIC_BENCHMARK_ID", other);
        node.environment().put("SCREENSHOTS", WebAppEndToEndTest.SCREENSHOTS.toString());
        node.environment().put("CHROMIUM", System.getProperty("benchmarkhub.chromium", "/usr/bin/chromium"));
        Path log = Files.createTempFile("web-builder-e2e-", ".log");
        Process process = node.redirectOutput(log.toFile()).start();
        boolean ended = process.waitFor(5, TimeUnit.MINUTES);
        if (!ended) process.destroyForcibly();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(ended).as("the browser script ended").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("all builder screens passed");
        for (String shot : new String[] {
            "b1-create-errors.png", "b2-edit-cases.png", "b3-conflict.png", "b4-history-diff.png", "b5-fork.png"
        }) {
            assertThat(WebAppEndToEndTest.SCREENSHOTS.resolve(shot)).isNotEmptyFile();
        }
        // the fork is alice's, private, and bob's benchmark counts it
        assertThat(get("/api/benchmarks/" + other + "/forks", bob).status()).isEqualTo(200);
    }
}
