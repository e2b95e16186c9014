package io.benchmarkhub.api.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.domain.run.events.ModelResponseRecorded;
import io.benchmarkhub.domain.run.events.RunCompleted;
import io.benchmarkhub.domain.run.events.RunFailed;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Prompt amplification (issue 12 item 10) over HTTP: a prompt above {@code benchmarkhub.runs.max-prompt-size} (256 KiB) is
 * refused when the run is requested, naming the case, and nothing is recorded; an answer above
 * {@code benchmarkhub.runs.max-output-chars} (65,536) is stored cut to that length.
 */
class PromptLimitsTest extends ApiTestBase {

    @Autowired
    EventStore eventStore;

    @Test
    void a_template_that_repeats_the_input_thousands_of_times_is_refused_with_a_400_naming_the_case() {
        String benchmark = createBenchmark(alice, """
                {"title": "Amplifier", "visibility": "PRIVATE", "promptTemplate": "%s",
                 "cases": [{"id": "small", "input": "hi"}, {"id": "big", "input": "%s"}],
                 "graders": [{"type": "contains", "value": "x"}]}""".formatted("{{input}}".repeat(7_000), "x".repeat(60_000)));
        long before = totalEvents();

        Response refused = send("POST", "/api/runs", alice, """
                {"benchmarkId": "%s", "models": ["sim/echo"], "billing": "CREDITS"}""".formatted(benchmark));

        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        JsonNode errors = refused.body().get("errors");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).get("field").asText()).isEqualTo("cases[1]");
        assertThat(errors.get(0).get("message").asText())
                .contains("case big")
                .contains("420000000 bytes")
                .contains("262144");
        assertThat(totalEvents()).as("nothing recorded, nothing reserved").isEqualTo(before);
    }

    @Test
    void a_prompt_just_under_the_bound_runs_and_an_answer_above_the_output_bound_is_stored_cut() {
        String input = "y".repeat(60_000);
        String benchmark = createBenchmark(alice, """
                {"title": "Long echo", "visibility": "PRIVATE", "promptTemplate": "{{input}}{{input}}",
                 "cases": [{"id": "long", "input": "%s", "expected": "y"}],
                 "graders": [{"type": "contains"}]}""".formatted(input));

        Response started = send("POST", "/api/runs", alice, """
                {"benchmarkId": "%s", "models": ["sim/echo"], "billing": "CREDITS", "params": {"maxTokens": 32768}}""".formatted(benchmark));
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        String runId = started.body().get("id").asText();
        eventually(
                () -> payloads(runId).stream().anyMatch(p -> p instanceof RunCompleted || p instanceof RunFailed),
                "the run ends");

        List<Object> payloads = payloads(runId);
        assertThat(payloads.getLast()).isInstanceOf(RunCompleted.class);
        var response = payloads.stream()
                .filter(ModelResponseRecorded.class::isInstance)
                .map(ModelResponseRecorded.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(response.output())
                .as("120,000 chars echoed, 65,536 kept")
                .hasSize(65_536)
                .isEqualTo("y".repeat(65_536));
    }

    private List<Object> payloads(String runId) {
        var list = new ArrayList<Object>();
        eventStore.readEvents(runId).asStream().forEach(m -> list.add(m.getPayload()));
        return list;
    }
}
