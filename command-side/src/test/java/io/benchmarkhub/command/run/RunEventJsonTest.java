package io.benchmarkhub.command.run;

import static io.benchmarkhub.command.SealedTypes.concreteSubtypes;
import static io.benchmarkhub.command.run.RunTestData.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchmarkhub.domain.benchmark.DecisionCriterion;
import io.benchmarkhub.domain.credits.CreditPricing;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.run.Billing;
import io.benchmarkhub.domain.run.GraderResult;
import io.benchmarkhub.domain.run.JudgePanel;
import io.benchmarkhub.domain.run.ModelSummary;
import io.benchmarkhub.domain.run.ProviderGeneration;
import io.benchmarkhub.domain.run.RunParams;
import io.benchmarkhub.domain.run.commands.CancelRun;
import io.benchmarkhub.domain.run.commands.CompleteRun;
import io.benchmarkhub.domain.run.commands.FailRun;
import io.benchmarkhub.domain.run.commands.RecordHumanGrade;
import io.benchmarkhub.domain.run.commands.RecordRunResults;
import io.benchmarkhub.domain.run.commands.RequestRun;
import io.benchmarkhub.domain.run.commands.ResumeRun;
import io.benchmarkhub.domain.run.commands.RunCommand;
import io.benchmarkhub.domain.run.commands.StartRun;
import io.benchmarkhub.domain.run.commands.SuspendRun;
import io.benchmarkhub.domain.run.commands.TagFailureMode;
import io.benchmarkhub.domain.run.events.FailureModeTagged;
import io.benchmarkhub.domain.run.events.GradeRecorded;
import io.benchmarkhub.domain.run.events.HumanGradeRecorded;
import io.benchmarkhub.domain.run.events.JudgeVerdictRecorded;
import io.benchmarkhub.domain.run.events.ModelCallFailed;
import io.benchmarkhub.domain.run.events.ModelResponseRecorded;
import io.benchmarkhub.domain.run.events.RunCancelled;
import io.benchmarkhub.domain.run.events.RunCompleted;
import io.benchmarkhub.domain.run.events.RunEvent;
import io.benchmarkhub.domain.run.events.RunFailed;
import io.benchmarkhub.domain.run.events.RunRequested;
import io.benchmarkhub.domain.run.events.RunResumed;
import io.benchmarkhub.domain.run.events.RunStarted;
import io.benchmarkhub.domain.run.events.RunSuspended;
import io.benchmarkhub.domain.run.events.RunTimedOut;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The event store format: every run event (and the results batch) survives a round trip through the app's message mapper. */
class RunEventJsonTest {

    /** As {@code AxonConfiguration.messageMapper()} in the api module. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .findAndAddModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    /** One grader of every type, with every setting filled in. */
    private static final List<Grader> ALL_GRADERS = List.of(
            new Grader.Exact("Paris", true),
            new Grader.Contains("Par", false),
            new Grader.Regex("^Par.s$"),
            new Grader.JsonValid(),
            new Grader.JsonSchema(json("{\"type\":\"object\",\"required\":[\"answer\"]}")),
            new Grader.Numeric(42.0, 0.5),
            new Grader.Similarity("Paris, France", 0.8),
            new Grader.LlmJudge("Is the capital named correctly?", List.of("sim/judge-1", "sim/judge-2"), 0.75),
            new Grader.LlmJudge("Is it polite?", null, null));

    private static final RunRequested RICH_REQUEST = new RunRequested(
            RUN_ID,
            BENCHMARK_ID,
            7,
            "sha256:0123abcd",
            REQUESTER_ID,
            List.of("openai/gpt-4o-mini", "sim/echo"),
            List.of("sim/echo"),
            3,
            Billing.BYOK,
            new RunParams(0.2, 256),
            List.of("c1", "c2", "geo-1"),
            ALL_GRADERS,
            List.of(
                    new JudgePanel(7, List.of("sim/judge-1", "sim/judge-2")),
                    new JudgePanel(8, List.of("anthropic/claude-haiku"))),
            List.of(
                    new DecisionCriterion(
                            DecisionCriterion.Metric.SCORE,
                            DecisionCriterion.Comparison.AT_LEAST,
                            0.8,
                            DecisionCriterion.Severity.MUST),
                    new DecisionCriterion(
                            DecisionCriterion.Metric.LATENCY_P95_MS,
                            DecisionCriterion.Comparison.AT_MOST,
                            2000,
                            DecisionCriterion.Severity.SHOULD)),
            "ci",
            1_800,
            null,
            null,
            Map.of(),
            List.of(RunRequested.TEMPERATURE, RunRequested.MAX_TOKENS));

    /** A summary with nothing to estimate from: every optional figure null. */
    private static final ModelSummary EMPTY_SUMMARY = new ModelSummary(
            "sim/echo", true, 0, 0, 0, null, null, null, null, null, null, null, null, null, 0, 0, 0, null);

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Stream<RunEvent> everyEventType() {
        return Stream.of(
                RICH_REQUEST,
                new RunRequested(
                        RUN_ID,
                        BENCHMARK_ID,
                        1,
                        "sha256:ff",
                        REQUESTER_ID,
                        List.of(M1),
                        List.of(),
                        1,
                        Billing.CREDITS,
                        RunParams.DEFAULTS,
                        List.of("c1"),
                        List.of(EXACT),
                        List.of(),
                        List.of(),
                        "api",
                        60,
                        250L,
                        new CreditPricing(1_000, 13_000)),
                new RunStarted(RUN_ID),
                new ModelResponseRecorded(
                        RUN_ID, "c1", M1, 2, "Paris \"quoted\" ✓\nnext line", 1234, 10, 3, 16, "gen-abc", true, 2),
                new ModelResponseRecorded(RUN_ID, "c1", M1, 1, "", 0, 0, 0, 0, null, false, 1),
                new ModelCallFailed(RUN_ID, "c2", M1, 1, "RATE_LIMITED", "429 after 5 attempts", 429, 5),
                new ModelCallFailed(RUN_ID, "c2", M1, 2, "NETWORK", "connection reset", null, 3),
                new GradeRecorded(
                        RUN_ID,
                        "c1",
                        M1,
                        1,
                        List.of(
                                new GraderResult(0, "exact", 1.0, true, "equal"),
                                new GraderResult(2, "similarity", 0.4285714285714286, false, "similarity 0.43 < 0.8"))),
                new JudgeVerdictRecorded(
                        RUN_ID,
                        "c1",
                        M1,
                        1,
                        7,
                        "sim/judge-1",
                        0.85,
                        "Correct city.",
                        null,
                        true,
                        12,
                        "gen-j1",
                        1,
                        List.of(new ProviderGeneration("gen-j1", 12))),
                new JudgeVerdictRecorded(
                        RUN_ID,
                        "c1",
                        M1,
                        1,
                        7,
                        "sim/judge-2",
                        null,
                        null,
                        "not a verdict after 3 attempts",
                        false,
                        30,
                        null,
                        3,
                        List.of(
                                new ProviderGeneration("gen-a", 10),
                                new ProviderGeneration("gen-b", 10),
                                new ProviderGeneration("gen-c", 10))),
                new HumanGradeRecorded(RUN_ID, "c1", M1, 0.5, "half right", REQUESTER_ID),
                new HumanGradeRecorded(RUN_ID, "c2", M1, 1.0, null, REQUESTER_ID),
                new FailureModeTagged(
                        RUN_ID,
                        BENCHMARK_ID,
                        "Ignores the unit",
                        "says \"4\" ✓",
                        List.of("c1", "c2"),
                        M1,
                        REQUESTER_ID),
                new FailureModeTagged(RUN_ID, BENCHMARK_ID, "Loops", null, List.of("c1"), null, REQUESTER_ID),
                new RunCompleted(
                        RUN_ID,
                        List.of(summary(), EMPTY_SUMMARY),
                        0.7272727272727273,
                        Map.of(M1, Arrays.asList(0.75, null, 1.0))),
                new RunCompleted(RUN_ID, List.of(), null),
                new RunFailed(RUN_ID, "the benchmark version cannot be read"),
                new RunCancelled(RUN_ID, REQUESTER_ID),
                new RunSuspended(RUN_ID, "the key is gone"),
                new RunResumed(RUN_ID, REQUESTER_ID),
                new RunTimedOut(RUN_ID, 1_800));
    }

    static Stream<RunCommand> everyCommandType() {
        return Stream.of(
                new RequestRun(RUN_ID, RICH_REQUEST),
                new StartRun(RUN_ID),
                new CompleteRun(RUN_ID, List.of(summary(), EMPTY_SUMMARY), null),
                new FailRun(RUN_ID, "gone"),
                new SuspendRun(RUN_ID, "the key is gone"),
                new ResumeRun(RUN_ID, REQUESTER),
                new CancelRun(RUN_ID, ADMIN),
                new RecordHumanGrade(RUN_ID, "c1", M1, 0.25, "meh", REQUESTER),
                new TagFailureMode(RUN_ID, "Loops", "note", List.of("c1"), M1, REQUESTER));
    }

    @Test
    void the_round_trip_covers_every_event_type() {
        Set<Class<?>> covered = everyEventType().map(Object::getClass).collect(Collectors.toSet());

        assertThat(covered).containsExactlyInAnyOrderElementsOf(concreteSubtypes(RunEvent.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEventType")
    void every_event_read_back_from_json_equals_the_event_written(RunEvent event) throws Exception {
        String json = MAPPER.writeValueAsString(event);

        assertThat(MAPPER.readValue(json, event.getClass())).isEqualTo(event);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEventType")
    void the_run_id_is_written_as_a_plain_string(RunEvent event) {
        JsonNode tree = MAPPER.valueToTree(event);

        assertThat(tree.get("runId").isTextual()).isTrue();
        assertThat(tree.get("runId").textValue()).isEqualTo(RUN_ID.value());
    }

    @Test
    void the_graders_of_a_request_keep_their_type_property_on_the_wire() {
        JsonNode graders = MAPPER.valueToTree(RICH_REQUEST).get("graders");

        assertThat(graders)
                .extracting(g -> g.get("type").textValue())
                .containsExactly(
                        "exact",
                        "contains",
                        "regex",
                        "json-valid",
                        "json-schema",
                        "numeric",
                        "similarity",
                        "llm-judge",
                        "llm-judge");
    }

    @Test
    void a_request_read_back_keeps_each_grader_subtype() throws Exception {
        var read = MAPPER.readValue(MAPPER.writeValueAsString(RICH_REQUEST), RunRequested.class);

        assertThat(read.graders())
                .extracting(Object::getClass)
                .containsExactlyElementsOf(
                        ALL_GRADERS.stream().map(Object::getClass).toList());
        assertThat(read.trialCount()).isEqualTo(3 * 2 * 3);
    }

    @Test
    void default_run_params_and_empty_summary_figures_are_left_out_of_the_json() {
        JsonNode params = MAPPER.valueToTree(RunParams.DEFAULTS);
        JsonNode summary = MAPPER.valueToTree(EMPTY_SUMMARY);

        assertThat(params.isEmpty()).isTrue();
        assertThat(summary.has("score")).isFalse();
        assertThat(summary.has("passHatK")).isFalse();
        assertThat(summary.get("costPerCaseMicros").longValue()).isZero();
    }

    @Test
    void events_written_before_overrides_and_case_means_were_recorded_read_them_as_unknown() throws Exception {
        ObjectNode request = MAPPER.valueToTree(RICH_REQUEST);
        request.remove("overrides");
        ObjectNode completed =
                MAPPER.valueToTree(new RunCompleted(RUN_ID, List.of(summary()), null, Map.of(M1, List.of(1.0))));
        completed.remove("caseMeans");

        RunRequested oldRequest = MAPPER.treeToValue(request, RunRequested.class);
        assertThat(oldRequest.overrides()).isNull();
        assertThat(oldRequest.canonical()).isFalse();
        assertThat(MAPPER.treeToValue(MAPPER.valueToTree(RICH_REQUEST), RunRequested.class)
                        .overrides())
                .containsExactly("params.temperature", "params.maxTokens");
        assertThat(RICH_REQUEST.canonical()).isFalse();
        assertThat(MAPPER.treeToValue(completed, RunCompleted.class).caseMeans())
                .isNull();
    }

    @Test
    void an_event_written_by_a_newer_node_with_an_extra_field_is_still_read() throws Exception {
        ObjectNode tree = MAPPER.valueToTree(new RunTimedOut(RUN_ID, 60));
        tree.put("reasonAddedLater", "deadline");

        assertThat(MAPPER.treeToValue(tree, RunTimedOut.class)).isEqualTo(new RunTimedOut(RUN_ID, 60));
    }

    @Test
    void the_record_components_of_every_event_are_all_written() {
        everyEventType().forEach(event -> {
            JsonNode tree = MAPPER.valueToTree(event);
            var names = Arrays.stream(event.getClass().getRecordComponents())
                    .map(RecordComponent::getName)
                    .toList();
            assertThat(tree.properties())
                    .extracting(Map.Entry::getKey)
                    .as(event.getClass().getSimpleName())
                    .containsExactlyInAnyOrderElementsOf(names);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCommandType")
    void every_command_but_the_results_batch_read_back_from_json_equals_the_command_written(RunCommand command)
            throws Exception {
        String json = MAPPER.writeValueAsString(command);

        assertThat(MAPPER.readValue(json, command.getClass())).isEqualTo(command);
    }

    @Test
    void a_results_batch_read_back_from_json_equals_the_batch_written() throws Exception {
        var batch = new RecordRunResults(
                RUN_ID,
                List.of(
                        new ModelResponseRecorded(RUN_ID, "c1", M1, 1, "Paris", 120, 10, 3, 16, "gen-1", false, 1),
                        new ModelCallFailed(RUN_ID, "c2", M1, 1, "TIMEOUT", "no answer in 60 s", null, 3),
                        new GradeRecorded(
                                RUN_ID, "c1", M1, 1, List.of(new GraderResult(0, "exact", 1.0, true, "equal"))),
                        new JudgeVerdictRecorded(
                                RUN_ID, "c1", M1, 1, 1, "j1", 0.75, "ok", null, false, 7, null, 1, List.of())));

        String json = MAPPER.writeValueAsString(batch);

        assertThat(MAPPER.readValue(json, RecordRunResults.class)).isEqualTo(batch);
    }
}
