package io.benchmarkhub.api.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.testsupport.CompletedRuns;
import io.benchmarkhub.testsupport.CompletedRuns.Result;
import io.benchmarkhub.testsupport.StoredHistory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The account page's Plan panel end to end: web/e2e/plan.e2e.mjs drives Debian's Chromium as a Free user, whose run
 * older than Free's 30-day history shows that state with Pro's upgrade, and who is told Pro has their own model ranking, and as a Pro user (subscribed through the signed webhook), who sees their ranking
 * across two private benchmarks with intervals and rank ranges. Screenshots land in api/target/screenshots (p*.png).
 * Needs Node 20+ and /usr/bin/chromium, as WebAppEndToEndTest.
 */
class PlanEndToEndTest extends ApiTestBase {

    @Autowired
    EventStore eventStore;

    @Test
    void the_plan_panel_shows_a_pro_users_own_ranking_and_tells_a_free_user_pro_has_it() throws Exception {
        Caller free = createUser("planfree");
        Caller pro = createUser("planpro");
        String prefix = "acct-" + UUID.randomUUID().toString().substring(0, 8) + "/";
        for (int b = 0; b < 2; b++) {
            String id = createBenchmark(pro, "Own " + b, "PRIVATE");
            JsonNode benchmark = get("/api/benchmarks/" + id, pro).body();
            new StoredHistory(eventStore, jdbc)
                    .publish(
                            null,
                            CompletedRuns.events(
                                            RunId.generate(),
                                            pro.id(),
                                            id,
                                            benchmark.get("version").asLong(),
                                            benchmark.get("contentHash").asText(),
                                            20,
                                            List.of(
                                                    Result.of(prefix + "strong", 0.9, 0.03, 10),
                                                    Result.of(prefix + "weak", 0.5 + 0.1 * b, 0.03, 10)),
                                            List.of())
                                    .toArray());
        }
        // a run of the Free user's private benchmark 40 days old: outside Free's 30-day history (ADR 0042)
        String oldBench = createBenchmark(free, "Old private", "PRIVATE");
        JsonNode old = get("/api/benchmarks/" + oldBench, free).body();
        RunId oldRun = RunId.generate();
        new StoredHistory(eventStore, jdbc)
                .publish(
                        Instant.now().minus(Duration.ofDays(40)),
                        CompletedRuns.events(
                                        oldRun,
                                        free.id(),
                                        oldBench,
                                        old.get("version").asLong(),
                                        old.get("contentHash").asText(),
                                        5,
                                        List.of(Result.of(prefix + "strong", 0.9, 0.03, 10)),
                                        List.of())
                                .toArray());
        eventually(() -> get("/api/runs/" + oldRun.value(), free).status() == 402, "the old run is outside the window");
        subscribePro(pro);
        eventually(
                () -> get("/api/me/leaderboards/models", pro)
                                .body()
                                .path("benchmarks")
                                .asInt()
                        == 2,
                "the Pro user's ranking has both benchmarks");

        ProcessBuilder node = new ProcessBuilder("node", "e2e/plan.e2e.mjs")
                .directory(WebAppEndToEndTest.WEB.toFile())
                .redirectErrorStream(true);
        node.environment().put("BASE_URL", "http://localhost:" + port);
        node.environment().put("FREE_TOKEN", free.token());
        node.environment().put("PRO_TOKEN", pro.token());
        node.environment().put("STRONG_MODEL", prefix + "strong");
        node.environment().put("OLD_RUN", oldRun.value());
        node.environment().put("SCREENSHOTS", WebAppEndToEndTest.SCREENSHOTS.toString());
        node.environment().put("CHROMIUM", System.getProperty("benchmarkhub.chromium", "/usr/bin/chromium"));
        Path log = Files.createTempFile("web-plan-e2e-", ".log");
        Process process = node.redirectOutput(log.toFile()).start();
        boolean ended = process.waitFor(5, TimeUnit.MINUTES);
        if (!ended) process.destroyForcibly();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(ended).as("the browser script ended").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("all plan screens passed");
        for (String shot : new String[] {
            "p0-run-outside-history.png",
            "p1-account-free.png",
            "p2-account-pro-ranking.png",
            "p3-account-pro-phone.png"
        }) {
            assertThat(WebAppEndToEndTest.SCREENSHOTS.resolve(shot)).isNotEmptyFile();
        }
    }
}
