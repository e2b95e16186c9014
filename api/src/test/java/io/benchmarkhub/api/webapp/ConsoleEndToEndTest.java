package io.benchmarkhub.api.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.api.leaderboard.LeaderboardHistory;
import io.benchmarkhub.testsupport.CompletedRuns.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The operator console end to end: a completed run, a planted contamination flag (8 public benchmarks × 6 models, one
 * pair 1.5 logits above what the others predict, as in ContaminationTest), a pending verification request and a second
 * user; then web/e2e/console.e2e.mjs, signed in with the bootstrap admin's token in Debian's Chromium, reads the KPIs,
 * dismisses the flag, approves the request, makes bob an analyst, rebuilds a projection, verifies the hash chain, and a
 * plain user gets "admins only". Screenshots land in api/target/screenshots (c*.png). Needs Node 20+ and /usr/bin/chromium.
 */
class ConsoleEndToEndTest extends ApiTestBase {

    private static final double[] STRENGTH = {-1.0, -0.8, -0.6, -0.4, -0.2, 0.0};
    private static final double[] EASE = {-0.7, -0.6, -0.5, -0.4, -0.3, -0.2, -0.1, 0.0};

    @Autowired
    EventStore eventStore;

    /** The score over n cases whose empirical logit is {@code logit}. */
    private static double scoreWithLogit(double logit, int cases) {
        double e = Math.exp(logit);
        return ((cases + 0.5) * e - 0.5) / (1 + e) / cases;
    }

    @Test
    void an_admin_runs_the_console_and_a_plain_user_is_told_it_is_for_admins_in_chromium() throws Exception {
        // a real run, so this week's KPIs have one
        String benchmark = createBenchmark(alice, """
                {"title": "To verify", "description": "d", "tags": [], "category": "qa", "visibility": "PUBLIC",
                 "cases": [{"id": "a", "input": "hello", "expected": "hello"}, {"id": "b", "input": "Hi", "expected": "Hi"}],
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
        assertThat(send(
                                "POST",
                                "/api/benchmarks/" + benchmark + "/verification",
                                alice,
                                "{\"licence\": \"MIT\", \"sourceUrl\": \"https://example.org/to-verify\"}")
                        .status())
                .isEqualTo(200);

        var history = new LeaderboardHistory(eventStore, jdbc);
        String prefix = "console-" + UUID.randomUUID().toString().substring(0, 8) + "/m";
        var benchmarks = new ArrayList<String>();
        for (int b = 0; b < EASE.length; b++) {
            String id = createBenchmark(alice, "Contaminated " + b, "PUBLIC");
            benchmarks.add(id);
            String hash = get("/api/benchmarks/" + id, alice)
                    .body()
                    .get("contentHash")
                    .asText();
            var results = new ArrayList<Result>();
            for (int m = 0; m < STRENGTH.length; m++) {
                double planted = b == EASE.length - 1 && m == STRENGTH.length - 1 ? 1.5 : 0;
                results.add(Result.of(prefix + m, scoreWithLogit(STRENGTH[m] + EASE[b] + planted, 50), 0.05, 10));
            }
            history.completedRun(bob.id(), id, 1, hash, 50, results);
        }
        String flagged = benchmarks.getLast();
        String flaggedModel = prefix + (STRENGTH.length - 1);
        eventually(
                () -> get("/api/integrity/contamination?status=OPEN", null)
                        .body()
                        .findValuesAsText("benchmarkId")
                        .contains(flagged),
                "the flag is raised and listed");
        String bobHandle = send("GET", "/api/admin/users/" + bob.id(), ADMIN_TOKEN, null)
                .body()
                .get("handle")
                .asText();

        ProcessBuilder node = new ProcessBuilder("node", "e2e/console.e2e.mjs")
                .directory(WebAppEndToEndTest.WEB.toFile())
                .redirectErrorStream(true);
        node.environment().put("BASE_URL", "http://localhost:" + port);
        node.environment().put("ADMIN_TOKEN", ADMIN_TOKEN);
        node.environment().put("USER_TOKEN", alice.token());
        node.environment().put("FLAG_BENCHMARK", flagged);
        node.environment().put("FLAG_MODEL", flaggedModel);
        node.environment().put("VERIFY_BENCHMARK", benchmark);
        node.environment().put("BOB", bobHandle);
        node.environment().put("SCREENSHOTS", WebAppEndToEndTest.SCREENSHOTS.toString());
        node.environment().put("CHROMIUM", System.getProperty("benchmarkhub.chromium", "/usr/bin/chromium"));
        Path log = Files.createTempFile("web-console-e2e-", ".log");
        Process process = node.redirectOutput(log.toFile()).start();
        boolean ended = process.waitFor(6, TimeUnit.MINUTES);
        if (!ended) process.destroyForcibly();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(ended).as("the browser script ended").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("all console screens passed");

        // what the browser did is what the API keeps
        var dismissed =
                get("/api/integrity/contamination?status=DISMISSED", null).body();
        assertThat(dismissed.findValuesAsText("benchmarkId")).contains(flagged);
        assertThat(send("GET", "/api/admin/users/" + bob.id(), ADMIN_TOKEN, null)
                        .body()
                        .get("role")
                        .asText())
                .isEqualTo("ANALYST");
        assertThat(get("/api/benchmarks/" + benchmark, alice)
                        .body()
                        .path("verification")
                        .path("status")
                        .asText())
                .isEqualTo("VERIFIED");
        for (String shot : new String[] {
            "c1-kpis.png",
            "c2-integrity.png",
            "c3-users.png",
            "c4-projections.png",
            "c5-finance.png",
            "c6-audit.png",
            "c7-admins-only.png",
            "c8-kpis-phone.png"
        }) {
            assertThat(WebAppEndToEndTest.SCREENSHOTS.resolve(shot)).isNotEmptyFile();
        }
    }
}
