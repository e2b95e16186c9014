package io.benchmarkhub.api.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.run.JudgePanel;
import io.benchmarkhub.domain.user.UserId;
import io.benchmarkhub.projections.run.RunProjection;
import io.benchmarkhub.testsupport.RunScript;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The runs projection is idempotent: events delivered again, even after later ones, change no row and no answer. */
class RunProjectionTest extends RunTestBase {

    @Autowired
    RunProjection projection;

    @Test
    void redelivering_a_run_history_or_any_single_event_of_it_changes_no_row_and_no_answer() throws Exception {
        var script = new RunScript(
                alice.id(),
                "bm_redelivered",
                List.of("m", "n"),
                List.of(),
                List.of("c1", "c2"),
                1,
                List.of(new Grader.Exact(null, null), new Grader.LlmJudge("right?", List.of("j1", "j2"), null)),
                List.of(new JudgePanel(1, List.of("j1", "j2"))),
                List.of());
        append(script, script.everyKind(new UserId(bob.id())));
        append(script, script.failureModeTagged("Loops", "repeats itself", new UserId(alice.id()), "c1", "c2"));
        awaitProjected(script);
        eventually(
                () -> jdbc.queryForObject(
                                "SELECT count(*) FROM failure_mode_tag WHERE run_id = ?", Long.class, script.id.value())
                        == 1,
                "the tag is projected");
        Map<String, List<Map<String, Object>>> before = rows(script.id.value());
        assertThat(before.get("run_trial")).hasSize(2);
        assertThat(before.get("run_verdict")).hasSize(2);
        assertThat(before.get("run_human_grade")).hasSize(1);
        assertThat(before.get("run_human_grade").getFirst().get("score")).isEqualTo(0.8);
        JsonNode view = run(script.id, alice);
        JsonNode results =
                get("/api/runs/" + script.id.value() + "/results", alice).body();

        List<? extends DomainEventMessage<?>> history =
                eventStore.readEvents(script.id.value()).asStream().toList();
        assertThat(history).hasSize(11);
        var adapter = new AnnotationEventHandlerAdapter(projection);
        for (int round = 0; round < 2; round++) {
            for (DomainEventMessage<?> event : history) adapter.handle(event);
        }

        assertThat(rows(script.id.value())).isEqualTo(before);
        // one event again after later ones: the first human grade must not undo its replacement, RunStarted not
        // reopen the completed run
        for (DomainEventMessage<?> event : history.reversed()) {
            adapter.handle(event);
            assertThat(rows(script.id.value()))
                    .as("after %s again", event.getPayloadType().getSimpleName())
                    .isEqualTo(before);
        }
        assertThat(run(script.id, alice)).isEqualTo(view);
        assertThat(get("/api/runs/" + script.id.value() + "/results", alice).body())
                .isEqualTo(results);
    }

    private Map<String, List<Map<String, Object>>> rows(String runId) {
        var result = new LinkedHashMap<String, List<Map<String, Object>>>();
        result.put("run", jdbc.queryForList("SELECT * FROM run WHERE id = ?", runId));
        result.put(
                "run_trial",
                jdbc.queryForList("SELECT * FROM run_trial WHERE run_id = ? ORDER BY model, case_id, repeat", runId));
        result.put(
                "run_verdict",
                jdbc.queryForList(
                        "SELECT * FROM run_verdict WHERE run_id = ? ORDER BY model, case_id, repeat, grader_index, judge_model",
                        runId));
        result.put(
                "run_human_grade",
                jdbc.queryForList(
                        "SELECT * FROM run_human_grade WHERE run_id = ? ORDER BY model, case_id, graded_by", runId));
        result.put(
                "failure_mode_tag",
                jdbc.queryForList("SELECT * FROM failure_mode_tag WHERE run_id = ? ORDER BY seq", runId));
        return result;
    }
}
