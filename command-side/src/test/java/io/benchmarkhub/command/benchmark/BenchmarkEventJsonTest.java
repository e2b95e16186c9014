package io.benchmarkhub.command.benchmark;

import static io.benchmarkhub.command.SealedTypes.concreteSubtypes;
import static io.benchmarkhub.command.benchmark.BenchmarkTestData.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchmarkhub.domain.benchmark.DecisionCriterion;
import io.benchmarkhub.domain.benchmark.PromptVariant;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.Visibility;
import io.benchmarkhub.domain.benchmark.events.BenchmarkCreated;
import io.benchmarkhub.domain.benchmark.events.BenchmarkDetailsChanged;
import io.benchmarkhub.domain.benchmark.events.BenchmarkEvent;
import io.benchmarkhub.domain.benchmark.events.BenchmarkForked;
import io.benchmarkhub.domain.benchmark.events.BenchmarkPublished;
import io.benchmarkhub.domain.benchmark.events.BenchmarkUnpublished;
import io.benchmarkhub.domain.benchmark.events.BenchmarkVerificationRevoked;
import io.benchmarkhub.domain.benchmark.events.BenchmarkVerified;
import io.benchmarkhub.domain.benchmark.events.ContaminationCleared;
import io.benchmarkhub.domain.benchmark.events.ContaminationDismissed;
import io.benchmarkhub.domain.benchmark.events.ContaminationSuspected;
import io.benchmarkhub.domain.benchmark.events.DecisionCriteriaChanged;
import io.benchmarkhub.domain.benchmark.events.GradingChanged;
import io.benchmarkhub.domain.benchmark.events.PromptTemplateChanged;
import io.benchmarkhub.domain.benchmark.events.PromptVariantsChanged;
import io.benchmarkhub.domain.benchmark.events.TestCaseAdded;
import io.benchmarkhub.domain.benchmark.events.TestCaseRemoved;
import io.benchmarkhub.domain.benchmark.events.TestCaseRevised;
import io.benchmarkhub.domain.benchmark.events.VerificationRequested;
import io.benchmarkhub.domain.grading.Grader;
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

/** The event store format: every benchmark event survives a round trip through plain Jackson. */
class BenchmarkEventJsonTest {

    private static final ObjectMapper MAPPER =
            JsonMapper.builder().findAndAddModules().build();

    /** One grader of every type, with every setting filled in. */
    private static final List<Grader> ALL_GRADERS = List.of(
            new Grader.Exact("Paris", true),
            new Grader.Contains("Par", false),
            new Grader.Regex("^Par.s$"),
            new Grader.JsonValid(),
            new Grader.JsonSchema(json("{\"type\":\"object\",\"required\":[\"answer\"]}")),
            new Grader.Numeric(42.0, 0.5),
            new Grader.Similarity("Paris, France", 0.8),
            new Grader.LlmJudge("Is the capital named correctly?", List.of("judge-a", "judge-b"), 0.75),
            new Grader.StartsWith("Par", true),
            new Grader.ContainsAny(List.of("Paris", "Lyon"), null),
            new Grader.ContainsAll(List.of("Par", "is"), false),
            new Grader.Not(new Grader.Contains("sorry", true)));

    /** A case using every field: chat-message input, object expected, tags and metadata. */
    private static final TestCase RICH_CASE = new TestCase(
            "geo-1",
            json("[{\"role\":\"user\",\"content\":\"Capital of France?\"}]"),
            json("{\"answer\":\"Paris\",\"confidence\":0.9}"),
            List.of("europe", "easy"),
            json("{\"source\":\"atlas\",\"page\":12,\"nested\":{\"ok\":true}}"));

    /** A case with graders of its own (issue 15). */
    private static final TestCase GRADED_CASE = new TestCase(
            "c3",
            text("plain"),
            null,
            null,
            null,
            2.0,
            List.of(new Grader.Not(new Grader.Regex("[0-9]")), new Grader.ContainsAny(List.of("a", "b"), true)));

    private static final List<TestCase> ALL_CASES =
            List.of(RICH_CASE, C1, new TestCase("c2", text("plain"), null, null, null), GRADED_CASE);

    private static final List<DecisionCriterion> ALL_CRITERIA = List.of(
            new DecisionCriterion(
                    DecisionCriterion.Metric.SCORE,
                    DecisionCriterion.Comparison.AT_LEAST,
                    0.8,
                    DecisionCriterion.Severity.MUST),
            new DecisionCriterion(
                    DecisionCriterion.Metric.PASS_RATE,
                    DecisionCriterion.Comparison.ABOVE,
                    0.5,
                    DecisionCriterion.Severity.SHOULD),
            new DecisionCriterion(
                    DecisionCriterion.Metric.SCORE_DELTA,
                    DecisionCriterion.Comparison.BELOW,
                    -0.01,
                    DecisionCriterion.Severity.MUST),
            new DecisionCriterion(
                    DecisionCriterion.Metric.COST_PER_CASE_MICROS,
                    DecisionCriterion.Comparison.AT_MOST,
                    1500,
                    DecisionCriterion.Severity.SHOULD),
            new DecisionCriterion(
                    DecisionCriterion.Metric.LATENCY_P95_MS,
                    DecisionCriterion.Comparison.AT_MOST,
                    2000,
                    DecisionCriterion.Severity.MUST));

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Stream<BenchmarkEvent> everyEventType() {
        String hash = hash(ALL_CASES, ALL_GRADERS);
        return Stream.of(
                new BenchmarkCreated(
                        ID,
                        OWNER_ID,
                        WORKSPACE,
                        TITLE,
                        DESCRIPTION,
                        TAGS,
                        CATEGORY,
                        Visibility.PRIVATE,
                        TEMPLATE,
                        ALL_CASES,
                        ALL_GRADERS,
                        ALL_CRITERIA,
                        1,
                        hash),
                new BenchmarkForked(
                        FORK_ID,
                        STRANGER_ID,
                        ID,
                        7,
                        TITLE,
                        DESCRIPTION,
                        TAGS,
                        CATEGORY,
                        Visibility.PUBLIC,
                        TEMPLATE,
                        ALL_CASES,
                        ALL_GRADERS,
                        ALL_CRITERIA,
                        1,
                        hash),
                new BenchmarkDetailsChanged(
                        ID, OWNER_ID, 2, "New title", "New description", List.of("a", "b"), "other"),
                new PromptTemplateChanged(ID, OWNER_ID, 3, "Q: {{input}}\nA:", hash),
                new PromptVariantsChanged(
                        ID,
                        OWNER_ID,
                        3,
                        List.of(
                                new PromptVariant("v1", "Q: {{input}}\nA:"),
                                new PromptVariant("v2", "Question: {{input}}")),
                        hash),
                new TestCaseAdded(ID, OWNER_ID, 4, RICH_CASE, hash),
                new TestCaseRevised(ID, OWNER_ID, 5, RICH_CASE, hash),
                new TestCaseRemoved(ID, OWNER_ID, 6, "c2", hash),
                new GradingChanged(ID, ADMIN_ID, 7, ALL_GRADERS, hash),
                new DecisionCriteriaChanged(ID, OWNER_ID, 8, ALL_CRITERIA),
                new BenchmarkPublished(ID, OWNER_ID, 9),
                new BenchmarkUnpublished(ID, OWNER_ID, 10),
                new ContaminationSuspected(ID, 10, "openai/gpt-4o", 0.91, 0.62, 0.05, 5.8, 120, 9, 6),
                new VerificationRequested(ID, OWNER_ID, 10, "CC-BY-4.0", "https://example.org/datasets/capitals?v=2"),
                new BenchmarkVerified(ID, ADMIN_ID, 10, "CC-BY-4.0", "https://example.org/datasets/capitals?v=2"),
                new ContaminationCleared(ID, 10, "openai/gpt-4o", 0.71, 0.64, 0.04, 1.75, 140, 10, 6),
                new ContaminationDismissed(
                        ID, ADMIN_ID, 10, "meta/llama-3", "The dataset postdates the model's training cut-off."),
                new BenchmarkVerificationRevoked(
                        ID, ADMIN_ID, 10, "The source now requires a login; \"open\" no more."));
    }

    @Test
    void the_round_trip_covers_every_event_type() {
        Set<Class<?>> covered = everyEventType().map(Object::getClass).collect(Collectors.toSet());

        assertThat(covered).containsExactlyInAnyOrderElementsOf(concreteSubtypes(BenchmarkEvent.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEventType")
    void every_event_read_back_from_json_equals_the_event_written(BenchmarkEvent event) throws Exception {
        String json = MAPPER.writeValueAsString(event);

        assertThat(MAPPER.readValue(json, event.getClass())).isEqualTo(event);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEventType")
    void ids_are_written_as_plain_strings(BenchmarkEvent event) {
        JsonNode tree = MAPPER.valueToTree(event);

        assertThat(tree.get("benchmarkId").isTextual()).isTrue();
        assertThat(tree.get("benchmarkId").textValue())
                .isEqualTo(event.benchmarkId().value());
    }

    @Test
    void every_grader_keeps_its_type_property_on_the_wire() {
        JsonNode graders = MAPPER.valueToTree(new GradingChanged(ID, OWNER_ID, 2, ALL_GRADERS, "sha256:x"))
                .get("graders");

        assertThat(graders).extracting(g -> g.get("type").textValue()).containsExactlyElementsOf(Grader.TYPES);
    }

    @Test
    void a_grader_is_written_without_null_settings() throws Exception {
        assertThat(MAPPER.writeValueAsString(new Grader.Exact(null, null))).isEqualTo("{\"type\":\"exact\"}");
    }

    @Test
    void a_grader_list_read_on_its_own_keeps_the_subtypes() throws Exception {
        String json = MAPPER.writerFor(MAPPER.getTypeFactory().constructCollectionType(List.class, Grader.class))
                .writeValueAsString(ALL_GRADERS);

        List<Grader> read =
                MAPPER.readValue(json, MAPPER.getTypeFactory().constructCollectionType(List.class, Grader.class));
        assertThat(read).containsExactlyElementsOf(ALL_GRADERS);
    }

    @Test
    void an_unknown_grader_type_fails_with_an_invalid_type_id() {
        assertThatThrownBy(() -> MAPPER.readValue("{\"type\":\"vibes\"}", Grader.class))
                .isInstanceOf(InvalidTypeIdException.class);
    }

    @Test
    void an_event_with_an_unknown_grader_type_fails_with_an_invalid_type_id() {
        ObjectNode tree = MAPPER.valueToTree(new GradingChanged(ID, OWNER_ID, 2, List.of(EXACT), "sha256:x"));
        ((ObjectNode) tree.get("graders").get(0)).put("type", "vibes");

        assertThatThrownBy(() -> MAPPER.treeToValue(tree, GradingChanged.class))
                .isInstanceOf(InvalidTypeIdException.class);
    }

    @Test
    void an_unknown_grader_setting_fails_with_a_plain_mapper() {
        assertThatThrownBy(() -> MAPPER.readValue("{\"type\":\"exact\",\"value\":\"x\",\"fuzzy\":true}", Grader.class))
                .isInstanceOf(UnrecognizedPropertyException.class);
    }

    @Test
    void decision_criteria_use_their_json_names_on_the_wire() {
        JsonNode criterion = MAPPER.valueToTree(ALL_CRITERIA.get(1));

        assertThat(criterion.get("metric").textValue()).isEqualTo("passRate");
        assertThat(criterion.get("op").textValue()).isEqualTo(">");
        assertThat(criterion.get("severity").textValue()).isEqualTo("SHOULD");
    }

    @Test
    void a_test_case_keeps_free_form_input_and_metadata_exactly() throws Exception {
        var read = MAPPER.readValue(MAPPER.writeValueAsString(RICH_CASE), TestCase.class);

        assertThat(read.input()).isEqualTo(RICH_CASE.input());
        assertThat(read.metadata()).isEqualTo(RICH_CASE.metadata());
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
}
