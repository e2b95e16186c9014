package io.benchmarkhub.api.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** GET /api/leaderboards/leaders: a page of library cards gets each benchmark's best model in one read. */
class LeadersTest extends ApiTestBase {

    @Test
    void each_visible_benchmark_gets_the_first_entry_of_its_board_with_its_interval() {
        String shown = createBenchmark(alice, "Leaders shown", "PUBLIC");
        String hidden = createBenchmark(bob, "Leaders hidden", "PRIVATE");
        String unrun = createBenchmark(alice, "Leaders unrun", "PUBLIC");
        for (String id : new String[] {shown, hidden}) {
            Caller owner = id.equals(shown) ? alice : bob;
            var run = send("POST", "/api/runs", owner, """
                    {"benchmarkId": "%s", "models": ["sim/echo", "sim/random-2"], "repeats": 2}""".formatted(id));
            assertThat(run.status()).as(run.text()).isEqualTo(202);
        }
        eventually(
                () -> get("/api/benchmarks/" + shown + "/leaderboard?includeSimulated=true", null)
                                .body()
                                .path("entries")
                                .size()
                        == 2,
                "the shown board has both models");
        eventually(
                () -> get("/api/benchmarks/" + hidden + "/leaderboard?includeSimulated=true", bob)
                                .body()
                                .path("entries")
                                .size()
                        == 2,
                "the hidden board has both models");

        String ids = "benchmarkIds=" + shown + "&benchmarkIds=" + hidden + "&benchmarkIds=" + unrun
                + "&benchmarkIds=bm_nope";
        Response anonymous = get("/api/leaderboards/leaders?includeSimulated=true&" + ids, null);
        assertThat(anonymous.status()).isEqualTo(200);
        JsonNode leaders = anonymous.body().get("leaders");
        assertThat(leaders).hasSize(1);
        JsonNode first = get("/api/benchmarks/" + shown + "/leaderboard?includeSimulated=true", null)
                .body()
                .at("/entries/0");
        JsonNode leader = leaders.get(0);
        assertThat(leader.get("benchmarkId").asText()).isEqualTo(shown);
        assertThat(leader.get("model").asText()).isEqualTo(first.get("model").asText());
        assertThat(leader.get("score").asDouble()).isEqualTo(first.get("score").asDouble());
        assertThat(leader.get("ci95")).isEqualTo(first.get("ci95"));
        assertThat(leader.get("simulated").asBoolean()).isTrue();

        // the owner of the private one sees it too; simulated models only when asked for
        assertThat(get("/api/leaderboards/leaders?includeSimulated=true&" + ids, bob)
                        .body()
                        .get("leaders"))
                .hasSize(2);
        assertThat(get("/api/leaderboards/leaders?" + ids, bob).body().get("leaders"))
                .isEmpty();
    }

    @Test
    void more_than_a_hundred_benchmarks_is_a_bad_request_naming_the_field() {
        String ids =
                IntStream.range(0, 101).mapToObj(i -> "benchmarkIds=bm_" + i).collect(Collectors.joining("&"));
        Response response = get("/api/leaderboards/leaders?" + ids, null);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().at("/errors/0/field").asText()).isEqualTo("benchmarkIds");
        assertThat(get("/api/leaderboards/leaders", null).status()).isEqualTo(400);
    }
}
