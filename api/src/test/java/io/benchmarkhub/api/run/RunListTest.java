package io.benchmarkhub.api.run;

import static io.benchmarkhub.testsupport.RunScript.pass;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.run.events.RunStarted;
import io.benchmarkhub.testsupport.RunScript;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GET /api/runs: the caller's runs, newest first, filtered by benchmark and status, paged. */
class RunListTest extends RunTestBase {

    private static final List<Grader> EXACT = List.of(new Grader.Exact(null, null));

    @Test
    void runs_are_listed_newest_first_filtered_and_paged() {
        String x = createBenchmark(alice, "Run me", "PRIVATE");
        String y = createBenchmark(alice, "Run me too", "PRIVATE");
        var first = new RunScript(
                alice.id(), x, List.of("m"), List.of(), List.of("c1", "c2"), 1, EXACT, List.of(), List.of());
        append(
                first,
                first.request,
                new RunStarted(first.id),
                first.answer("c1", "m", 1, "4", 10, 1),
                first.grade("c1", "m", 1, pass(0, "exact")),
                first.answer("c2", "m", 1, "6", 10, 1),
                first.grade("c2", "m", 1, pass(0, "exact")),
                first.completed());
        awaitProjected(first.id);
        var second =
                new RunScript(alice.id(), y, List.of("m"), List.of(), List.of("c1"), 1, EXACT, List.of(), List.of());
        append(second, second.request, new RunStarted(second.id));
        awaitProjected(second.id);
        var third = new RunScript(
                alice.id(), x, List.of("m", "n"), List.of(), List.of("c1", "c2"), 2, EXACT, List.of(), List.of());
        append(third, third.request);
        awaitProjected(third.id);
        var bobs = new RunScript(bob.id(), x, List.of("m"), List.of(), List.of("c1"), 1, EXACT, List.of(), List.of());
        append(bobs, bobs.request);
        awaitProjected(bobs.id);

        JsonNode all = get("/api/runs", alice).body();
        assertThat(ids(all)).containsExactly(third.id.value(), second.id.value(), first.id.value());
        assertThat(all.get("total").asLong()).isEqualTo(3);
        JsonNode newest = all.get("items").get(0);
        assertThat(newest.get("status").asText()).isEqualTo("REQUESTED");
        assertThat(newest.get("progress").get("total").asLong()).isEqualTo(8);
        assertThat(newest.get("models").toString()).isEqualTo("[\"m\",\"n\"]");
        JsonNode oldest = all.get("items").get(2);
        assertThat(oldest.get("progress").get("done").asLong()).isEqualTo(2);
        assertThat(oldest.get("completedAt").isTextual()).isTrue();

        assertThat(ids(get("/api/runs?benchmarkId=" + x, alice).body()))
                .containsExactly(third.id.value(), first.id.value());
        assertThat(ids(get("/api/runs?status=completed", alice).body())).containsExactly(first.id.value());
        assertThat(ids(get("/api/runs?benchmarkId=" + x + "&status=RUNNING", alice)
                        .body()))
                .isEmpty();

        JsonNode page0 = get("/api/runs?size=2", alice).body();
        JsonNode page1 = get("/api/runs?size=2&page=1", alice).body();
        assertThat(ids(page0)).containsExactly(third.id.value(), second.id.value());
        assertThat(ids(page1)).containsExactly(first.id.value());
        assertThat(page1.get("total").asLong()).isEqualTo(3);
        assertThat(page1.get("page").asInt()).isEqualTo(1);
        assertThat(page1.get("size").asInt()).isEqualTo(2);

        Response badStatus = get("/api/runs?status=DONE", alice);
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.body().get("errors").get(0).get("field").asText()).isEqualTo("status");
        assertThat(get("/api/runs?size=101", alice).status()).isEqualTo(400);
    }

    private static List<String> ids(JsonNode page) {
        var ids = new ArrayList<String>();
        page.get("items").forEach(i -> ids.add(i.get("id").asText()));
        return ids;
    }
}
