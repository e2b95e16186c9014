package io.benchmarkhub.api.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.run.events.RunCancelled;
import io.benchmarkhub.domain.run.events.RunStarted;
import io.benchmarkhub.domain.user.UserId;
import io.benchmarkhub.testsupport.RunScript;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A run is visible to the user who requested it only (ADR 0004): everyone else, admins included, gets a 404. */
class RunVisibilityTest extends RunTestBase {

    @Test
    void another_users_run_is_a_404_on_every_read_and_for_admins_too() {
        var script = RunScript.simple(
                alice.id(), List.of("a", "b"), List.of("c1"), 1, List.of(new Grader.Exact(null, null)), List.of());
        // cancelled, so that alice's event stream ends at once
        append(
                script,
                script.request,
                new RunStarted(script.id),
                script.answer("c1", "a", 1, "x", 10, 1),
                new RunCancelled(script.id, new UserId(alice.id())));
        awaitProjected(script.id);
        String run = "/api/runs/" + script.id.value();
        String missing = "/api/runs/run_doesnotexist";

        JsonNode view = get(run, alice).body();
        assertThat(view.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(view.get("cancelledBy").asText()).isEqualTo(alice.id());
        for (String path : new String[] {"", "/results", "/compare?baseline=a&candidate=b", "/events"}) {
            assertThat(get(run + path, alice).status()).as("alice GET %s", path).isEqualTo(200);
            Response asBob = get(run + path, bob);
            Response asAdmin = send("GET", run + path, ADMIN_TOKEN, null);
            Response nowhere = get(missing + path, bob);
            for (Response r : List.of(asBob, asAdmin, nowhere)) {
                assertThat(r.status()).as("GET %s", path).isEqualTo(404);
                assertThat(r.header("Content-Type")).startsWith("application/problem+json");
                assertThat(r.body().get("title").asText())
                        .isEqualTo(nowhere.body().get("title").asText());
            }
            assertThat(get(run + path, null).status())
                    .as("anonymous GET %s", path)
                    .isEqualTo(401);
        }
    }

    @Test
    void the_list_shows_and_counts_the_callers_own_runs_only() {
        var mine = RunScript.simple(alice.id(), List.of("a"), List.of("c1"), 1, List.of(), List.of());
        append(mine, mine.request);
        awaitProjected(mine.id);
        String benchmark = mine.request.benchmarkId().value();

        JsonNode forBob = get("/api/runs?benchmarkId=" + benchmark, bob).body();
        assertThat(forBob.get("total").asLong()).isZero();
        assertThat(forBob.get("items")).isEmpty();
        assertThat(send("GET", "/api/runs?benchmarkId=" + benchmark, ADMIN_TOKEN, null)
                        .body()
                        .get("total")
                        .asLong())
                .isZero();
        assertThat(get("/api/runs?benchmarkId=" + benchmark, alice)
                        .body()
                        .get("total")
                        .asLong())
                .isEqualTo(1);
    }
}
