package io.benchmarkhub.api.leaderboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.api.leaderboard.LeaderboardHistory.Result;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.commands.FlagContamination;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The contamination policy end to end: completed runs → detector → ContaminationSuspected → flags over HTTP. */
class ContaminationTest extends ApiTestBase {

    private static final double[] STRENGTH = {-1.0, -0.8, -0.6, -0.4, -0.2, 0.0};
    private static final double[] EASE = {-0.7, -0.6, -0.5, -0.4, -0.3, -0.2, -0.1, 0.0};

    @Autowired
    EventStore eventStore;
    @Autowired
    CommandGateway commands;
    @Autowired
    ContaminationPolicy policy;

    /** The score over n cases whose empirical logit is {@code logit} (as in ContaminationDetectorTest). */
    private static double scoreWithLogit(double logit, int cases) {
        double e = Math.exp(logit);
        return ((cases + 0.5) * e - 0.5) / (1 + e) / cases;
    }

    private long contaminationEvents(String benchmarkId) {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE '%ContaminationSuspected'",
                Long.class, benchmarkId);
    }

    /**
     * 8 public benchmarks × 6 models of 50 cases, exactly additive on the logit scale but for m5 on the last benchmark,
     * 1.5 logits above its expected 0: z = 1.5 × √12.5 = 5.303301.
     */
    @Test
    void a_planted_pair_is_flagged_once_and_shown_on_the_benchmark_and_in_the_integrity_list() {
        var history = new LeaderboardHistory(eventStore, jdbc);
        String prefix = "ct-" + UUID.randomUUID().toString().substring(0, 8) + "/m";
        var benchmarks = new ArrayList<String>();
        for (int b = 0; b < EASE.length; b++) {
            String id = createBenchmark(alice, "Contaminated " + b, "PUBLIC");
            benchmarks.add(id);
            String hash = get("/api/benchmarks/" + id, alice).body().get("contentHash").asText();
            var results = new ArrayList<Result>();
            for (int m = 0; m < STRENGTH.length; m++) {
                double planted = b == EASE.length - 1 && m == STRENGTH.length - 1 ? 1.5 : 0;
                results.add(Result.of(prefix + m, scoreWithLogit(STRENGTH[m] + EASE[b] + planted, 50), 0.05, 10));
            }
            history.completedRun(bob.id(), id, 1, hash, 50, results);
        }
        String bm7 = benchmarks.getLast();

        eventually(() -> contaminationEvents(bm7) == 1 && get("/api/integrity/contamination", null).body().findValuesAsText("benchmarkId").contains(bm7),
                "the flag is raised and listed");

        JsonNode flag = null;
        for (JsonNode f : get("/api/integrity/contamination?status=OPEN", null).body()) {
            if (f.get("benchmarkId").asText().equals(bm7)) flag = f;
        }
        assertThat(flag).isNotNull();
        assertThat(flag.get("model").asText()).isEqualTo(prefix + 5);
        assertThat(flag.get("zScore").asDouble()).isCloseTo(1.5 * Math.sqrt(12.5), within(1e-6));
        assertThat(flag.get("expected").asDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(flag.get("sigma").asDouble()).isCloseTo(0.25 / Math.sqrt(12.5), within(1e-9));
        assertThat(flag.get("nCases").asInt()).isEqualTo(50);
        assertThat(flag.get("nBenchmarksForModel").asInt()).isEqualTo(8);
        assertThat(flag.get("nModelsForBenchmark").asInt()).isEqualTo(6);
        assertThat(flag.get("status").asText()).isEqualTo("OPEN");
        assertThat(flag.hasNonNull("raisedAt")).isTrue();
        for (String other : benchmarks.subList(0, 7)) assertThat(contaminationEvents(other)).isZero();

        JsonNode board = get("/api/benchmarks/" + bm7 + "/leaderboard", null).body();
        assertThat(board.get("contamination").findValuesAsText("model")).containsExactly(prefix + 5);
        assertThat(board.get("entries").get(0).get("model").asText()).isEqualTo(prefix + 5);
        assertThat(board.get("entries").get(0).get("contaminationSuspected").asBoolean()).isTrue();
        assertThat(board.get("entries").get(1).get("contaminationSuspected").asBoolean()).isFalse();
        // a flag is no edit: the version stays, and the owner's next edit against it is accepted
        assertThat(get("/api/benchmarks/" + bm7, alice).body().get("version").asLong()).isEqualTo(1);
        assertThat(send("PATCH", "/api/benchmarks/" + bm7, alice, "{\"title\": \"Still mine\"}", "If-Match", "\"1\"").status()).isEqualTo(200);

        // the policy finds the same pair again: nothing more is raised, whether the read model or the aggregate says so
        assertThat(policy.recompute()).isZero();
        Object again = commands.sendAndWait(new FlagContamination(new BenchmarkId(bm7), prefix + 5, 0.9, 0.5, 0.07, 5.3, 50, 8, 6));
        assertThat(again).isEqualTo(false);
        assertThat(contaminationEvents(bm7)).isEqualTo(1);
    }

    @Test
    void an_unknown_status_is_a_400_naming_it() {
        Response response = get("/api/integrity/contamination?status=DISMISSED", alice);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text()).contains("status");
    }
}
