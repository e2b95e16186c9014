package io.benchmarkhub.api.run;

import static io.benchmarkhub.testsupport.RunScript.pass;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.run.events.RunFailed;
import io.benchmarkhub.domain.run.events.RunStarted;
import io.benchmarkhub.testsupport.RunScript;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** GET /api/runs/{id}/events: Server-Sent Events with the progress, then the final status, then the end of the stream. */
class RunEventsTest extends RunTestBase {

    private static final List<Grader> EXACT = List.of(new Grader.Exact(null, null));

    private record Event(String name, JsonNode data) {}

    /** An open stream, read on its own thread into {@code events}; {@code ended} completes when the server closes it. */
    private record OpenStream(
            HttpResponse<Stream<String>> response, List<Event> events, CompletableFuture<Void> ended) {}

    private OpenStream open(String runId, Caller caller) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/runs/" + runId + "/events"))
                .header("Authorization", "Bearer " + caller.token())
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(60))
                .GET()
                .build();
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        var events = new CopyOnWriteArrayList<Event>();
        var ended = CompletableFuture.runAsync(() -> {
            String name = null;
            var data = new StringBuilder();
            for (String line : (Iterable<String>) response.body()::iterator) {
                if (line.startsWith("event:")) name = line.substring(6).strip();
                else if (line.startsWith("data:")) data.append(line.substring(5).strip());
                else if (line.isEmpty() && name != null) {
                    try {
                        events.add(new Event(name, mapper.readTree(data.toString())));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                    name = null;
                    data.setLength(0);
                }
            }
        });
        return new OpenStream(response, events, ended);
    }

    @Test
    void the_stream_sends_progress_as_it_changes_then_the_final_status_and_ends() throws Exception {
        var script = RunScript.simple(alice.id(), List.of("m"), List.of("c1", "c2", "c3", "c4"), 1, EXACT, List.of());
        append(script, script.request, new RunStarted(script.id), script.answer("c1", "m", 1, "a", 10, 1));
        awaitProjected(script.id);

        OpenStream stream = open(script.id.value(), alice);
        assertThat(stream.response().statusCode()).isEqualTo(200);
        assertThat(stream.response().headers().firstValue("Content-Type").orElse(""))
                .startsWith("text/event-stream");
        eventually(() -> !stream.events().isEmpty(), "the first progress event");
        assertThat(stream.events().getFirst().name()).isEqualTo("progress");
        assertThat(stream.events().getFirst().data().toString())
                .isEqualTo("{\"status\":\"RUNNING\",\"done\":1,\"total\":4}");

        append(script, script.answer("c2", "m", 1, "b", 10, 1));
        eventually(
                () -> stream.events().stream()
                        .anyMatch(e -> e.data().get("done").asInt() == 2),
                "progress 2 of 4");
        append(
                script,
                script.answer("c3", "m", 1, "c", 10, 1),
                script.fail("c4", "m", 1, "SERVER_ERROR"),
                script.grade("c1", "m", 1, pass(0, "exact")),
                script.completed());
        stream.ended().get(30, TimeUnit.SECONDS);

        List<Event> events = stream.events();
        assertThat(events.getLast().name()).isEqualTo("status");
        assertThat(events.getLast().data().toString()).isEqualTo("{\"status\":\"COMPLETED\",\"done\":4,\"total\":4}");
        Event lastProgress = events.get(events.size() - 2);
        assertThat(lastProgress.name()).isEqualTo("progress");
        assertThat(lastProgress.data().toString()).isEqualTo("{\"status\":\"COMPLETED\",\"done\":4,\"total\":4}");
        var done = new ArrayList<Integer>();
        events.stream()
                .filter(e -> e.name().equals("progress"))
                .forEach(e -> done.add(e.data().get("done").asInt()));
        assertThat(done).isSorted().contains(1, 2, 4);
        assertThat(events.stream().filter(e -> e.name().equals("status"))).hasSize(1);
    }

    @Test
    void a_finished_run_gets_its_status_at_once_with_the_reason() throws Exception {
        var script = RunScript.simple(alice.id(), List.of("m"), List.of("c1"), 1, EXACT, List.of());
        append(script, script.request, new RunFailed(script.id, "benchmark version 1 cannot be read"));
        awaitProjected(script.id);

        OpenStream stream = open(script.id.value(), alice);
        stream.ended().get(30, TimeUnit.SECONDS);
        assertThat(stream.events()).extracting(Event::name).containsExactly("progress", "status");
        assertThat(stream.events().getLast().data().get("failureReason").asText())
                .isEqualTo("benchmark version 1 cannot be read");
    }

    @Test
    void another_users_run_has_no_stream() throws Exception {
        var script = RunScript.simple(alice.id(), List.of("m"), List.of("c1"), 1, EXACT, List.of());
        append(script, script.request);
        awaitProjected(script.id);
        OpenStream stream = open(script.id.value(), bob);
        stream.ended().get(30, TimeUnit.SECONDS);
        assertThat(stream.response().statusCode()).isEqualTo(404);
        assertThat(stream.response().headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/problem+json");
        assertThat(stream.events()).isEmpty();
    }
}
