package io.benchmarkhub.command.benchmark;

import static io.benchmarkhub.command.benchmark.BenchmarkTestData.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.domain.benchmark.BenchmarkException;
import io.benchmarkhub.domain.benchmark.BenchmarkRules;
import io.benchmarkhub.domain.benchmark.ContentHash;
import io.benchmarkhub.domain.benchmark.DecisionCriterion;
import io.benchmarkhub.domain.benchmark.PromptVariant;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.Visibility;
import io.benchmarkhub.domain.benchmark.commands.AddTestCases;
import io.benchmarkhub.domain.benchmark.commands.ChangeBenchmarkDetails;
import io.benchmarkhub.domain.benchmark.commands.CreateBenchmark;
import io.benchmarkhub.domain.benchmark.commands.PublishBenchmark;
import io.benchmarkhub.domain.benchmark.commands.RemoveTestCase;
import io.benchmarkhub.domain.benchmark.commands.ReplaceDecisionCriteria;
import io.benchmarkhub.domain.benchmark.commands.ReplaceGraders;
import io.benchmarkhub.domain.benchmark.commands.ReviseTestCase;
import io.benchmarkhub.domain.benchmark.commands.UnpublishBenchmark;
import io.benchmarkhub.domain.benchmark.events.BenchmarkCreated;
import io.benchmarkhub.domain.benchmark.events.BenchmarkDetailsChanged;
import io.benchmarkhub.domain.benchmark.events.BenchmarkPublished;
import io.benchmarkhub.domain.benchmark.events.BenchmarkUnpublished;
import io.benchmarkhub.domain.benchmark.events.DecisionCriteriaChanged;
import io.benchmarkhub.domain.benchmark.events.GradingChanged;
import io.benchmarkhub.domain.benchmark.events.PromptTemplateChanged;
import io.benchmarkhub.domain.benchmark.events.PromptVariantsChanged;
import io.benchmarkhub.domain.benchmark.events.TestCaseAdded;
import io.benchmarkhub.domain.benchmark.events.TestCaseRemoved;
import io.benchmarkhub.domain.benchmark.events.TestCaseRevised;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.user.Actor;
import io.benchmarkhub.domain.workspace.WorkspaceRole;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Given/when/then tests of the {@link Benchmark} aggregate, one behaviour per test. */
class BenchmarkTest {

    private FixtureConfiguration<Benchmark> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Benchmark.class);
    }

    @Nested
    class PromptVariants {

        private final List<PromptVariant> variants =
                List.of(new PromptVariant("v1", TEMPLATE), new PromptVariant("v2", "Briefly: {{input}}"));

        private String hashWith(String template, List<PromptVariant> variants) {
            return ContentHash.ofCanonicalCases(
                    template, variants, CASES.stream().map(TestCase::canonical).toList(), GRADERS);
        }

        @Test
        void a_benchmark_created_with_variants_sets_them_in_its_version_1_and_hashes_them() {
            var cmd = new CreateBenchmark(
                    ID,
                    OWNER,
                    TITLE,
                    DESCRIPTION,
                    TAGS,
                    CATEGORY,
                    Visibility.PRIVATE,
                    WORKSPACE,
                    null,
                    CASES,
                    GRADERS,
                    CRITERIA,
                    variants);
            fixture.givenNoPriorActivity()
                    .when(cmd)
                    .expectEvents(
                            new BenchmarkCreated(
                                    ID,
                                    OWNER_ID,
                                    WORKSPACE,
                                    TITLE,
                                    DESCRIPTION,
                                    TAGS,
                                    CATEGORY,
                                    Visibility.PRIVATE,
                                    null,
                                    CASES,
                                    GRADERS,
                                    CRITERIA,
                                    1,
                                    ContentHash.of(null, CASES, GRADERS)),
                            new PromptVariantsChanged(ID, OWNER_ID, 1, variants, hashWith(TEMPLATE, variants)));
            assertThat(hashWith(TEMPLATE, variants)).isNotEqualTo(hash(CASES, GRADERS));
            assertThat(hashWith(TEMPLATE, List.of()))
                    .as("no variants hash as before")
                    .isEqualTo(hash(CASES, GRADERS));
        }

        @Test
        void a_template_change_of_a_benchmark_with_variants_changes_its_first_variant() {
            var changed = List.of(new PromptVariant("v1", "New: {{input}}"), variants.get(1));
            fixture.given(
                            createdPrivate(),
                            new PromptVariantsChanged(ID, OWNER_ID, 2, variants, hashWith(TEMPLATE, variants)))
                    .when(new ChangeBenchmarkDetails(ID, OWNER, 2L, null, null, null, null, "New: {{input}}"))
                    .expectEvents(
                            new PromptVariantsChanged(ID, OWNER_ID, 3, changed, hashWith("New: {{input}}", changed)))
                    .expectResultMessagePayload(3L);
        }

        @Test
        void dropping_the_variants_and_setting_the_template_share_one_version() {
            fixture.given(
                            createdPrivate(),
                            new PromptVariantsChanged(ID, OWNER_ID, 2, variants, hashWith(TEMPLATE, variants)))
                    .when(new ChangeBenchmarkDetails(
                            ID, OWNER, 2L, null, null, null, null, "Only: {{input}}", List.of()))
                    .expectEvents(
                            new PromptVariantsChanged(ID, OWNER_ID, 3, List.of(), hash(CASES, GRADERS)),
                            new PromptTemplateChanged(
                                    ID,
                                    OWNER_ID,
                                    3,
                                    "Only: {{input}}",
                                    ContentHash.of("Only: {{input}}", CASES, GRADERS)));
        }

        @Test
        void a_template_other_than_the_first_variants_and_a_single_variant_are_refused() {
            fixture.given(createdPrivate())
                    .when(new ChangeBenchmarkDetails(ID, OWNER, 1L, null, null, null, null, "Other", variants))
                    .expectException(BenchmarkException.Invalid.class)
                    .expectNoEvents();
            fixture.given(createdPrivate())
                    .when(new ChangeBenchmarkDetails(
                            ID, OWNER, 1L, null, null, null, null, null, List.of(variants.getFirst())))
                    .expectException(BenchmarkException.Invalid.class)
                    .expectNoEvents();
        }

        @Test
        void setting_the_same_variants_again_changes_nothing() {
            fixture.given(
                            createdPrivate(),
                            new PromptVariantsChanged(ID, OWNER_ID, 2, variants, hashWith(TEMPLATE, variants)))
                    .when(new ChangeBenchmarkDetails(ID, OWNER, 2L, null, null, null, null, TEMPLATE, variants))
                    .expectNoEvents()
                    .expectResultMessagePayload(2L);
        }
    }

    @Nested
    class CreateBenchmarkCommand {

        @Test
        void needs_a_workspace_the_creator_belongs_to_and_a_role_above_viewer() {
            fixture.givenNoPriorActivity()
                    .when(new CreateBenchmark(
                            ID,
                            Actor.user(OWNER_ID),
                            TITLE,
                            DESCRIPTION,
                            TAGS,
                            CATEGORY,
                            Visibility.PRIVATE,
                            WORKSPACE,
                            TEMPLATE,
                            CASES,
                            GRADERS,
                            CRITERIA))
                    .expectNoEvents()
                    .expectException(invalidNaming("workspaceId"));
            fixture.givenNoPriorActivity()
                    .when(new CreateBenchmark(
                            ID,
                            new Actor(OWNER_ID, false, Map.of(WORKSPACE, WorkspaceRole.VIEWER)),
                            TITLE,
                            DESCRIPTION,
                            TAGS,
                            CATEGORY,
                            Visibility.PRIVATE,
                            WORKSPACE,
                            TEMPLATE,
                            CASES,
                            GRADERS,
                            CRITERIA))
                    .expectNoEvents()
                    .expectException(BenchmarkException.NotPermitted.class);
        }

        @Test
        void a_valid_benchmark_is_created_at_version_1_with_the_hash_of_its_content() {
            fixture.givenNoPriorActivity()
                    .when(create(Visibility.PRIVATE, CASES, GRADERS))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new BenchmarkCreated(
                            ID,
                            OWNER_ID,
                            WORKSPACE,
                            TITLE,
                            DESCRIPTION,
                            TAGS,
                            CATEGORY,
                            Visibility.PRIVATE,
                            TEMPLATE,
                            CASES,
                            GRADERS,
                            CRITERIA,
                            1,
                            ContentHash.of(TEMPLATE, CASES, GRADERS)));
        }

        @Test
        void the_content_hash_is_a_sha256_hex_digest() {
            assertThat(hash(CASES, GRADERS)).matches("sha256:[0-9a-f]{64}");
        }

        @Test
        void cases_without_ids_get_c1_c2_in_order() {
            var withIds =
                    List.of(newCase("first").withId("c1"), newCase("second").withId("c2"));

            fixture.givenNoPriorActivity()
                    .when(create(Visibility.PRIVATE, List.of(newCase("first"), newCase("second")), GRADERS))
                    .expectEvents(new BenchmarkCreated(
                            ID,
                            OWNER_ID,
                            WORKSPACE,
                            TITLE,
                            DESCRIPTION,
                            TAGS,
                            CATEGORY,
                            Visibility.PRIVATE,
                            TEMPLATE,
                            withIds,
                            GRADERS,
                            CRITERIA,
                            1,
                            ContentHash.of(TEMPLATE, withIds, GRADERS)));
        }

        @Test
        void a_generated_id_skips_an_id_another_case_of_the_command_already_has() {
            var explicit = testCase("c1", "explicit", null);
            var withIds = List.of(newCase("generated").withId("c2"), explicit);

            fixture.givenNoPriorActivity()
                    .when(create(Visibility.PRIVATE, List.of(newCase("generated"), explicit), GRADERS))
                    .expectEvents(new BenchmarkCreated(
                            ID,
                            OWNER_ID,
                            WORKSPACE,
                            TITLE,
                            DESCRIPTION,
                            TAGS,
                            CATEGORY,
                            Visibility.PRIVATE,
                            TEMPLATE,
                            withIds,
                            GRADERS,
                            CRITERIA,
                            1,
                            ContentHash.of(TEMPLATE, withIds, GRADERS)));
        }

        @Test
        void the_title_is_stored_without_surrounding_whitespace() {
            var cmd = new CreateBenchmark(
                    ID,
                    OWNER,
                    "  " + TITLE + "  ",
                    DESCRIPTION,
                    TAGS,
                    CATEGORY,
                    Visibility.PRIVATE,
                    WORKSPACE,
                    TEMPLATE,
                    CASES,
                    GRADERS,
                    CRITERIA);

            fixture.givenNoPriorActivity().when(cmd).expectEvents(createdPrivate());
        }

        @Test
        void a_benchmark_without_visibility_is_private() {
            fixture.givenNoPriorActivity().when(create(null, CASES, GRADERS)).expectEvents(createdPrivate());
        }

        @Test
        void a_public_benchmark_with_cases_and_graders_is_created_public() {
            fixture.givenNoPriorActivity()
                    .when(create(Visibility.PUBLIC, CASES, GRADERS))
                    .expectEvents(createdPublic());
        }

        @Test
        void a_private_benchmark_may_start_without_cases_or_graders() {
            fixture.givenNoPriorActivity()
                    .when(create(Visibility.PRIVATE, List.of(), List.of()))
                    .expectEvents(created(Visibility.PRIVATE, List.of(), List.of()));
        }

        @Test
        void a_blank_title_is_invalid_and_named_title() {
            var cmd = new CreateBenchmark(
                    ID,
                    OWNER,
                    "   ",
                    DESCRIPTION,
                    TAGS,
                    CATEGORY,
                    Visibility.PRIVATE,
                    WORKSPACE,
                    TEMPLATE,
                    CASES,
                    GRADERS,
                    CRITERIA);

            fixture.givenNoPriorActivity().when(cmd).expectNoEvents().expectException(invalidNaming("title"));
        }

        @Test
        void a_missing_title_is_invalid_and_named_title() {
            var cmd = new CreateBenchmark(
                    ID,
                    OWNER,
                    null,
                    DESCRIPTION,
                    TAGS,
                    CATEGORY,
                    Visibility.PRIVATE,
                    WORKSPACE,
                    TEMPLATE,
                    CASES,
                    GRADERS,
                    CRITERIA);

            fixture.givenNoPriorActivity().when(cmd).expectException(invalidNaming("title"));
        }

        @Test
        void an_invalid_tag_is_invalid_and_named_by_its_index() {
            var cmd = new CreateBenchmark(
                    ID,
                    OWNER,
                    TITLE,
                    DESCRIPTION,
                    List.of("ok", "Not OK"),
                    CATEGORY,
                    Visibility.PRIVATE,
                    WORKSPACE,
                    TEMPLATE,
                    CASES,
                    GRADERS,
                    CRITERIA);

            fixture.givenNoPriorActivity().when(cmd).expectException(invalidNaming("tags[1]"));
        }

        @Test
        void more_than_10000_cases_are_invalid_and_named_cases() {
            fixture.givenNoPriorActivity()
                    .when(create(Visibility.PRIVATE, manyCases(BenchmarkRules.MAX_CASES + 1), GRADERS))
                    .expectNoEvents()
                    .expectException(invalidNaming("cases"));
        }

        @Test
        void exactly_10000_cases_are_accepted() {
            var cases = manyCases(BenchmarkRules.MAX_CASES);

            fixture.givenNoPriorActivity()
                    .when(create(Visibility.PRIVATE, cases, GRADERS))
                    .expectEvents(created(Visibility.PRIVATE, cases, GRADERS));
        }

        @Test
        void a_case_over_64_kib_of_json_is_invalid_and_named_by_its_index() {
            var huge = testCase(null, "x".repeat(BenchmarkRules.MAX_CASE_BYTES), null);

            fixture.givenNoPriorActivity()
                    .when(create(Visibility.PRIVATE, List.of(C1, huge), GRADERS))
                    .expectNoEvents()
                    .expectException(invalidNaming("cases[1]"));
        }

        @Test
        void a_case_without_input_is_invalid_and_named_by_its_index() {
            var noInput = new TestCase(null, null, text("x"), List.of(), null);

            fixture.givenNoPriorActivity()
                    .when(create(Visibility.PRIVATE, List.of(noInput), GRADERS))
                    .expectException(invalidNaming("cases[0].input"));
        }

        @Test
        void duplicate_case_ids_are_invalid_and_name_the_second_case() {
            var twin = testCase("c1", "another question", null);

            fixture.givenNoPriorActivity()
                    .when(create(Visibility.PRIVATE, List.of(C1, twin), GRADERS))
                    .expectNoEvents()
                    .expectException(invalidNaming("cases[1].id"));
        }

        @Test
        void a_malformed_case_id_is_invalid() {
            fixture.givenNoPriorActivity()
                    .when(create(Visibility.PRIVATE, List.of(testCase("-bad id", "q", null)), GRADERS))
                    .expectException(invalidNaming("cases[0].id"));
        }

        @Test
        void a_regex_grader_with_an_invalid_pattern_is_invalid_and_named_graders_0_pattern() {
            fixture.givenNoPriorActivity()
                    .when(create(Visibility.PRIVATE, CASES, List.of(new Grader.Regex("(unclosed"))))
                    .expectNoEvents()
                    .expectException(invalidNaming("graders[0].pattern"));
        }

        @Test
        void an_llm_judge_without_rubric_is_invalid_and_named_by_its_rubric() {
            fixture.givenNoPriorActivity()
                    .when(create(Visibility.PRIVATE, CASES, List.of(EXACT, new Grader.LlmJudge(" ", null, null))))
                    .expectNoEvents()
                    .expectException(invalidNaming("graders[1].rubric"));
        }

        @Test
        void a_decision_criterion_without_metric_is_invalid() {
            var cmd = new CreateBenchmark(
                    ID,
                    OWNER,
                    TITLE,
                    DESCRIPTION,
                    TAGS,
                    CATEGORY,
                    Visibility.PRIVATE,
                    WORKSPACE,
                    TEMPLATE,
                    CASES,
                    GRADERS,
                    List.of(new DecisionCriterion(null, DecisionCriterion.Comparison.AT_LEAST, 0.5, null)));

            fixture.givenNoPriorActivity().when(cmd).expectException(invalidNaming("decisionCriteria[0].metric"));
        }

        @Test
        void a_prompt_template_over_64_kib_is_invalid() {
            var cmd = new CreateBenchmark(
                    ID,
                    OWNER,
                    TITLE,
                    DESCRIPTION,
                    TAGS,
                    CATEGORY,
                    Visibility.PRIVATE,
                    WORKSPACE,
                    "y".repeat(BenchmarkRules.MAX_TEMPLATE_BYTES + 1),
                    CASES,
                    GRADERS,
                    CRITERIA);

            fixture.givenNoPriorActivity().when(cmd).expectException(invalidNaming("promptTemplate"));
        }

        @Test
        void a_public_benchmark_without_cases_is_a_state_conflict() {
            fixture.givenNoPriorActivity()
                    .when(create(Visibility.PUBLIC, List.of(), GRADERS))
                    .expectNoEvents()
                    .expectException(BenchmarkException.StateConflict.class);
        }

        @Test
        void a_public_benchmark_without_graders_is_a_state_conflict() {
            fixture.givenNoPriorActivity()
                    .when(create(Visibility.PUBLIC, CASES, List.of()))
                    .expectNoEvents()
                    .expectException(BenchmarkException.StateConflict.class);
        }
    }

    @Nested
    class ChangeBenchmarkDetailsCommand {

        private ChangeBenchmarkDetails change(Actor actor, Long expectedVersion, String title, String template) {
            return new ChangeBenchmarkDetails(ID, actor, expectedVersion, title, null, null, null, template);
        }

        @Test
        void a_details_only_change_emits_details_changed_with_all_new_values_at_the_next_version() {
            fixture.given(createdPrivate())
                    .when(change(OWNER, null, "European capitals", null))
                    .expectEvents(new BenchmarkDetailsChanged(
                            ID, OWNER_ID, 2, "European capitals", DESCRIPTION, TAGS, CATEGORY))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void every_changed_detail_is_carried_by_the_event() {
            var cmd = new ChangeBenchmarkDetails(ID, OWNER, null, "T2", "D2", List.of("x"), "C2", null);

            fixture.given(createdPrivate())
                    .when(cmd)
                    .expectEvents(new BenchmarkDetailsChanged(ID, OWNER_ID, 2, "T2", "D2", List.of("x"), "C2"));
        }

        @Test
        void a_template_change_emits_prompt_template_changed_with_a_new_hash() {
            String newTemplate = "Reply with one word: {{input}}";
            String newHash = ContentHash.of(newTemplate, CASES, GRADERS);
            assertThat(newHash).isNotEqualTo(hash(CASES, GRADERS));

            fixture.given(createdPrivate())
                    .when(change(OWNER, null, null, newTemplate))
                    .expectEvents(new PromptTemplateChanged(ID, OWNER_ID, 2, newTemplate, newHash))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void a_details_and_template_change_share_one_version() {
            String newTemplate = "Reply with one word: {{input}}";

            fixture.given(createdPrivate())
                    .when(change(OWNER, null, "European capitals", newTemplate))
                    .expectEvents(
                            new BenchmarkDetailsChanged(
                                    ID, OWNER_ID, 2, "European capitals", DESCRIPTION, TAGS, CATEGORY),
                            new PromptTemplateChanged(
                                    ID, OWNER_ID, 2, newTemplate, ContentHash.of(newTemplate, CASES, GRADERS)))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void a_change_to_the_current_values_emits_nothing_and_keeps_the_version() {
            var cmd = new ChangeBenchmarkDetails(ID, OWNER, 1L, TITLE, DESCRIPTION, TAGS, CATEGORY, TEMPLATE);

            fixture.given(createdPrivate())
                    .when(cmd)
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);
        }

        @Test
        void a_title_differing_only_by_surrounding_whitespace_is_no_change() {
            fixture.given(createdPrivate())
                    .when(change(OWNER, null, " " + TITLE + " ", null))
                    .expectNoEvents();
        }

        @Test
        void a_non_owner_of_a_public_benchmark_is_not_permitted() {
            fixture.given(createdPublic())
                    .when(change(STRANGER, null, "Hijacked", null))
                    .expectNoEvents()
                    .expectException(BenchmarkException.NotPermitted.class);
        }

        @Test
        void a_non_owner_of_a_private_benchmark_does_not_find_it() {
            fixture.given(createdPrivate())
                    .when(change(STRANGER, null, "Hijacked", null))
                    .expectNoEvents()
                    .expectException(BenchmarkException.NotFound.class);
        }

        @Test
        void an_admin_may_edit_someone_elses_public_benchmark() {
            fixture.given(createdPublic())
                    .when(change(ADMIN, null, "Moderated", null))
                    .expectEvents(
                            new BenchmarkDetailsChanged(ID, ADMIN_ID, 2, "Moderated", DESCRIPTION, TAGS, CATEGORY));
        }

        @Test
        void an_admin_cannot_see_someone_elses_private_benchmark_so_the_edit_is_not_found() {
            fixture.given(createdPrivate())
                    .when(change(ADMIN, null, "Moderated", null))
                    .expectNoEvents()
                    .expectException(BenchmarkException.NotFound.class);
        }

        @Test
        void a_stale_expected_version_is_refused_with_a_version_conflict() {
            fixture.given(createdPrivate(), new BenchmarkPublished(ID, OWNER_ID, 2))
                    .when(change(OWNER, 1L, "European capitals", null))
                    .expectNoEvents()
                    .expectException(versionConflict(1, 2));
        }

        @Test
        void the_current_expected_version_is_accepted() {
            fixture.given(createdPrivate(), new BenchmarkPublished(ID, OWNER_ID, 2))
                    .when(change(OWNER, 2L, "European capitals", null))
                    .expectEvents(new BenchmarkDetailsChanged(
                            ID, OWNER_ID, 3, "European capitals", DESCRIPTION, TAGS, CATEGORY));
        }

        @Test
        void a_blank_new_title_is_invalid_and_named_title() {
            fixture.given(createdPrivate())
                    .when(change(OWNER, null, "  ", null))
                    .expectNoEvents()
                    .expectException(invalidNaming("title"));
        }

        @Test
        void a_new_template_over_64_kib_is_invalid() {
            fixture.given(createdPrivate())
                    .when(change(OWNER, null, null, "y".repeat(BenchmarkRules.MAX_TEMPLATE_BYTES + 1)))
                    .expectException(invalidNaming("promptTemplate"));
        }
    }

    @Nested
    class AddTestCasesCommand {

        private AddTestCases add(Long expectedVersion, TestCase... cases) {
            return new AddTestCases(ID, OWNER, expectedVersion, List.of(cases));
        }

        @Test
        void a_case_added_without_a_weight_is_stored_with_weight_1_and_hashes_as_it_did_before_weights() {
            var unweighted = new TestCase(null, text("Capital of Spain?"), null, List.of(), null);
            var stored = unweighted.withId("c3").withDefaultWeight();
            assertThat(stored.weight()).isEqualTo(1.0);
            // the canonical form of a case of weight 1 has no weight at all: hashes pinned before weights stay true
            assertThat(stored.canonical())
                    .isEqualTo(io.benchmarkhub.domain.benchmark.CanonicalJson.string(unweighted.withId("c3")));

            fixture.given(createdPrivate())
                    .when(add(null, unweighted))
                    .expectEvents(new TestCaseAdded(ID, OWNER_ID, 2, stored, hash(List.of(C1, C2, stored), GRADERS)));
        }

        @Test
        void several_cases_are_added_in_one_version_with_one_hash() {
            var c3 = newCase("Capital of Spain?").withId("c3");
            var c4 = newCase("Capital of Peru?").withId("c4");
            String after = hash(List.of(C1, C2, c3, c4), GRADERS);

            fixture.given(createdPrivate())
                    .when(add(null, newCase("Capital of Spain?"), newCase("Capital of Peru?")))
                    .expectEvents(
                            new TestCaseAdded(ID, OWNER_ID, 2, c3, after),
                            new TestCaseAdded(ID, OWNER_ID, 2, c4, after))
                    .expectResultMessagePayload(new Benchmark.AddedCases(2, List.of("c3", "c4")));
        }

        @Test
        void a_case_with_its_own_id_keeps_it() {
            var mine = testCase("geo-1", "Capital of Chile?", "Santiago");

            fixture.given(createdPrivate())
                    .when(add(null, mine))
                    .expectEvents(new TestCaseAdded(ID, OWNER_ID, 2, mine, hash(List.of(C1, C2, mine), GRADERS)))
                    .expectResultMessagePayload(new Benchmark.AddedCases(2, List.of("geo-1")));
        }

        @Test
        void a_generated_id_skips_an_id_an_existing_case_already_has() {
            var explicitC2 = testCase("c2", "explicit", null);
            var generated = newCase("generated").withId("c3");

            fixture.given(created(Visibility.PRIVATE, List.of(explicitC2), GRADERS))
                    .when(add(null, newCase("generated")))
                    .expectEvents(new TestCaseAdded(
                            ID, OWNER_ID, 2, generated, hash(List.of(explicitC2, generated), GRADERS)));
        }

        @Test
        void generated_ids_are_numbered_above_every_c_number_id_in_the_command() {
            var explicitC4 = testCase("c4", "explicit", null);
            var c5 = newCase("first").withId("c5");
            var c6 = newCase("second").withId("c6");

            fixture.given(createdPrivate())
                    .when(add(null, newCase("first"), explicitC4, newCase("second")))
                    .expectResultMessagePayload(new Benchmark.AddedCases(2, List.of("c5", "c4", "c6")))
                    .expectEvents(
                            new TestCaseAdded(ID, OWNER_ID, 2, c5, hash(List.of(C1, C2, c5, explicitC4, c6), GRADERS)),
                            new TestCaseAdded(
                                    ID, OWNER_ID, 2, explicitC4, hash(List.of(C1, C2, c5, explicitC4, c6), GRADERS)),
                            new TestCaseAdded(ID, OWNER_ID, 2, c6, hash(List.of(C1, C2, c5, explicitC4, c6), GRADERS)));
        }

        @Test
        void an_id_is_never_generated_again_after_its_case_was_removed() {
            var one = newCase("one");
            var two = newCase("two");
            var three = newCase("three");

            fixture.givenCommands(
                            create(Visibility.PRIVATE, List.of(), GRADERS),
                            add(null, one, two),
                            new RemoveTestCase(ID, OWNER, null, "c2"))
                    .when(add(null, three))
                    .expectEvents(new TestCaseAdded(
                            ID,
                            OWNER_ID,
                            4,
                            three.withId("c3"),
                            hash(List.of(one.withId("c1"), three.withId("c3")), GRADERS)))
                    .expectResultMessagePayload(new Benchmark.AddedCases(4, List.of("c3")));
        }

        @Test
        void an_id_generated_past_a_taken_id_is_never_generated_again_after_its_removal() {
            fixture.givenCommands(
                            create(Visibility.PRIVATE, List.of(testCase("c2", "explicit", null)), GRADERS),
                            add(null, newCase("gets c3")),
                            new RemoveTestCase(ID, OWNER, null, "c3"))
                    .when(add(null, newCase("must not get c3 again")))
                    .expectResultMessagePayload(new Benchmark.AddedCases(4, List.of("c4")));
        }

        @Test
        void a_case_id_an_existing_case_has_is_invalid() {
            fixture.given(createdPrivate())
                    .when(add(null, testCase("c1", "again", null)))
                    .expectNoEvents()
                    .expectException(invalidNaming("cases[0].id"));
        }

        @Test
        void an_empty_list_of_cases_is_invalid_and_named_cases() {
            fixture.given(createdPrivate()).when(add(null)).expectNoEvents().expectException(invalidNaming("cases"));
        }

        @Test
        void going_over_10000_cases_in_total_is_invalid_and_named_cases() {
            var full = manyCases(BenchmarkRules.MAX_CASES);

            fixture.given(created(Visibility.PRIVATE, full, GRADERS))
                    .when(add(null, newCase("one too many")))
                    .expectNoEvents()
                    .expectException(invalidNaming("cases"));
        }

        @Test
        void an_invalid_new_case_is_named_by_its_index() {
            fixture.given(createdPrivate())
                    .when(add(null, newCase("fine"), newCase("")))
                    .expectException(invalidNaming("cases[1].input"));
        }

        @Test
        void a_stale_expected_version_is_refused_with_a_version_conflict() {
            fixture.given(createdPrivate())
                    .when(add(0L, newCase("late")))
                    .expectNoEvents()
                    .expectException(versionConflict(0, 1));
        }
    }

    @Nested
    class ReviseTestCaseCommand {

        private ReviseTestCase revise(TestCase testCase) {
            return new ReviseTestCase(ID, OWNER, null, testCase);
        }

        @Test
        void a_revision_emits_test_case_revised_with_the_new_hash() {
            var revised = testCase("c2", "Capital of Italy?", "Roma");

            fixture.given(createdPrivate())
                    .when(revise(revised))
                    .expectEvents(new TestCaseRevised(ID, OWNER_ID, 2, revised, hash(List.of(C1, revised), GRADERS)))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void a_revision_keeps_the_position_of_the_case_in_the_hash() {
            var revised = testCase("c1", "Capital of France?", "Paris, France");
            String expected = hash(List.of(revised, C2), GRADERS);
            assertThat(expected).isNotEqualTo(hash(List.of(C2, revised), GRADERS));

            fixture.given(createdPrivate())
                    .when(revise(revised))
                    .expectEvents(new TestCaseRevised(ID, OWNER_ID, 2, revised, expected));
        }

        @Test
        void an_unknown_case_id_is_refused_with_case_not_found() {
            fixture.given(createdPrivate())
                    .when(revise(testCase("c99", "who?", null)))
                    .expectNoEvents()
                    .expectException(BenchmarkException.CaseNotFound.class);
        }

        @Test
        void a_case_without_id_is_refused_with_case_not_found() {
            fixture.given(createdPrivate())
                    .when(revise(newCase("which one?")))
                    .expectException(BenchmarkException.CaseNotFound.class);
        }

        @Test
        void identical_content_emits_nothing_and_keeps_the_version() {
            fixture.given(createdPrivate())
                    .when(revise(testCase("c1", "Capital of France?", "Paris")))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);
        }

        @Test
        void a_revision_without_a_weight_gets_the_default_and_is_no_change_of_a_case_of_weight_1() {
            var unweighted = new TestCase("c1", text("Capital of France?"), text("Paris"), List.of(), null);
            fixture.given(createdPrivate())
                    .when(revise(unweighted))
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);
        }

        @Test
        void a_new_weight_is_a_revision_that_changes_the_hash() {
            var heavier = new TestCase("c1", text("Capital of France?"), text("Paris"), List.of(), null, 3.0);
            String after = hash(List.of(heavier, C2), GRADERS);
            assertThat(after).isNotEqualTo(hash(CASES, GRADERS));

            fixture.given(createdPrivate())
                    .when(revise(heavier))
                    .expectEvents(new TestCaseRevised(ID, OWNER_ID, 2, heavier, after));
        }

        @Test
        void a_weight_of_zero_or_above_1000_is_named_case_weight() {
            fixture.given(createdPrivate())
                    .when(revise(new TestCase("c1", text("Capital of France?"), null, null, null, 0.0)))
                    .expectNoEvents()
                    .expectException(invalidNaming("case.weight"));
            fixture.given(createdPrivate())
                    .when(revise(new TestCase("c1", text("Capital of France?"), null, null, null, 1000.5)))
                    .expectNoEvents()
                    .expectException(invalidNaming("case.weight"));
        }

        @Test
        void an_invalid_revision_is_named_case() {
            fixture.given(createdPrivate())
                    .when(revise(new TestCase("c1", text(""), null, null, null)))
                    .expectNoEvents()
                    .expectException(invalidNaming("case.input"));
        }
    }

    @Nested
    class RemoveTestCaseCommand {

        @Test
        void a_removal_emits_test_case_removed_with_the_hash_of_the_remaining_content() {
            fixture.given(createdPrivate())
                    .when(new RemoveTestCase(ID, OWNER, 1L, "c1"))
                    .expectEvents(new TestCaseRemoved(ID, OWNER_ID, 2, "c1", hash(List.of(C2), GRADERS)))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void an_unknown_case_id_is_refused_with_case_not_found() {
            fixture.given(createdPrivate())
                    .when(new RemoveTestCase(ID, OWNER, null, "c99"))
                    .expectNoEvents()
                    .expectException(BenchmarkException.CaseNotFound.class);
        }

        @Test
        void a_case_already_removed_is_refused_with_case_not_found() {
            fixture.given(createdPrivate(), new TestCaseRemoved(ID, OWNER_ID, 2, "c1", hash(List.of(C2), GRADERS)))
                    .when(new RemoveTestCase(ID, OWNER, null, "c1"))
                    .expectException(BenchmarkException.CaseNotFound.class);
        }

        @Test
        void a_null_case_id_is_refused_with_case_not_found() {
            fixture.given(createdPrivate())
                    .when(new RemoveTestCase(ID, OWNER, null, null))
                    .expectException(BenchmarkException.CaseNotFound.class);
        }

        @Test
        void removing_the_last_case_of_a_public_benchmark_is_a_state_conflict() {
            var only = List.of(C1);
            fixture.given(created(Visibility.PUBLIC, only, GRADERS))
                    .when(new RemoveTestCase(ID, OWNER, null, "c1"))
                    .expectNoEvents()
                    .expectException(BenchmarkException.StateConflict.class);
        }
    }

    @Nested
    class ReplaceGradersCommand {

        private ReplaceGraders replace(List<Grader> graders) {
            return new ReplaceGraders(ID, OWNER, null, graders);
        }

        @Test
        void new_graders_emit_grading_changed_with_the_new_hash() {
            var graders = List.of(EXACT, CONTAINS);
            String newHash = hash(CASES, graders);
            assertThat(newHash).isNotEqualTo(hash(CASES, GRADERS));

            fixture.given(createdPrivate())
                    .when(replace(graders))
                    .expectEvents(new GradingChanged(ID, OWNER_ID, 2, graders, newHash))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void the_same_graders_emit_nothing() {
            fixture.given(createdPrivate())
                    .when(replace(List.of(new Grader.Exact(null, true))))
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);
        }

        @Test
        void a_negative_numeric_tolerance_is_invalid_and_named_by_its_index() {
            fixture.given(createdPrivate())
                    .when(replace(List.of(EXACT, new Grader.Numeric(1.0, -0.1))))
                    .expectNoEvents()
                    .expectException(invalidNaming("graders[1].tolerance"));
        }

        @Test
        void a_similarity_threshold_above_1_is_invalid() {
            fixture.given(createdPrivate())
                    .when(replace(List.of(new Grader.Similarity(null, 1.5))))
                    .expectException(invalidNaming("graders[0].threshold"));
        }

        @Test
        void a_json_schema_that_is_not_an_object_is_invalid() {
            fixture.given(createdPrivate())
                    .when(replace(List.of(new Grader.JsonSchema(text("not a schema")))))
                    .expectException(invalidNaming("graders[0].schema"));
        }

        @Test
        void an_llm_judge_with_an_empty_panel_is_invalid() {
            fixture.given(createdPrivate())
                    .when(replace(List.of(new Grader.LlmJudge("Is it correct?", List.of(), null))))
                    .expectException(invalidNaming("graders[0].panel"));
        }

        @Test
        void an_llm_judge_with_a_pass_threshold_above_1_is_invalid() {
            fixture.given(createdPrivate())
                    .when(replace(List.of(new Grader.LlmJudge("Is it correct?", List.of("gpt-x"), 2.0))))
                    .expectException(invalidNaming("graders[0].passThreshold"));
        }

        @Test
        void more_than_50_graders_are_invalid() {
            var graders = Stream.generate(() -> EXACT)
                    .limit(BenchmarkRules.MAX_GRADERS + 1)
                    .toList();

            fixture.given(createdPrivate()).when(replace(graders)).expectException(invalidNaming("graders"));
        }

        @Test
        void removing_all_graders_from_a_public_benchmark_is_a_state_conflict() {
            fixture.given(createdPublic())
                    .when(replace(List.of()))
                    .expectNoEvents()
                    .expectException(BenchmarkException.StateConflict.class);
        }

        @Test
        void removing_all_graders_from_a_private_benchmark_is_allowed() {
            fixture.given(createdPrivate())
                    .when(replace(List.of()))
                    .expectEvents(new GradingChanged(ID, OWNER_ID, 2, List.of(), hash(CASES, List.of())));
        }
    }

    @Nested
    class ReplaceDecisionCriteriaCommand {

        private static final DecisionCriterion COST = new DecisionCriterion(
                DecisionCriterion.Metric.COST_PER_CASE_MICROS,
                DecisionCriterion.Comparison.AT_MOST,
                500,
                DecisionCriterion.Severity.SHOULD);

        @Test
        void new_criteria_emit_decision_criteria_changed_at_the_next_version() {
            var criteria = List.of(PASS_RATE_AT_LEAST_90, COST);

            fixture.given(createdPrivate())
                    .when(new ReplaceDecisionCriteria(ID, OWNER, 1L, criteria))
                    .expectEvents(new DecisionCriteriaChanged(ID, OWNER_ID, 2, criteria))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void decision_criteria_changed_carries_no_content_hash() {
            assertThat(Arrays.stream(DecisionCriteriaChanged.class.getRecordComponents())
                            .map(RecordComponent::getName))
                    .containsExactly("benchmarkId", "actorId", "version", "decisionCriteria");
        }

        @Test
        void a_criteria_change_leaves_the_content_hash_unchanged() {
            // the next content event after a criteria change still hashes only template, cases and graders
            fixture.given(createdPrivate(), new DecisionCriteriaChanged(ID, OWNER_ID, 2, List.of(COST)))
                    .when(new RemoveTestCase(ID, OWNER, 2L, "c2"))
                    .expectEvents(new TestCaseRemoved(ID, OWNER_ID, 3, "c2", hash(List.of(C1), GRADERS)));
        }

        @Test
        void the_same_criteria_emit_nothing() {
            fixture.given(createdPrivate())
                    .when(new ReplaceDecisionCriteria(ID, OWNER, null, CRITERIA))
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);
        }

        @Test
        void a_non_finite_threshold_is_invalid_and_named_by_its_index() {
            var infinite = new DecisionCriterion(
                    DecisionCriterion.Metric.SCORE, DecisionCriterion.Comparison.ABOVE, Double.POSITIVE_INFINITY, null);

            fixture.given(createdPrivate())
                    .when(new ReplaceDecisionCriteria(ID, OWNER, null, List.of(infinite)))
                    .expectNoEvents()
                    .expectException(invalidNaming("decisionCriteria[0].threshold"));
        }

        @Test
        void a_nan_threshold_is_invalid() {
            var nan = new DecisionCriterion(
                    DecisionCriterion.Metric.SCORE, DecisionCriterion.Comparison.ABOVE, Double.NaN, null);

            fixture.given(createdPrivate())
                    .when(new ReplaceDecisionCriteria(ID, OWNER, null, List.of(nan)))
                    .expectException(invalidNaming("decisionCriteria[0].threshold"));
        }

        @Test
        void a_criterion_without_comparison_is_invalid() {
            var noOp = new DecisionCriterion(DecisionCriterion.Metric.SCORE, null, 0.5, null);

            fixture.given(createdPrivate())
                    .when(new ReplaceDecisionCriteria(ID, OWNER, null, List.of(noOp)))
                    .expectException(invalidNaming("decisionCriteria[0].op"));
        }
    }

    @Nested
    class PublishAndUnpublish {

        @Test
        void publishing_a_private_benchmark_emits_benchmark_published_at_the_next_version() {
            fixture.given(createdPrivate())
                    .when(new PublishBenchmark(ID, OWNER, 1L))
                    .expectEvents(new BenchmarkPublished(ID, OWNER_ID, 2))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void publishing_an_already_public_benchmark_emits_nothing() {
            fixture.given(createdPublic())
                    .when(new PublishBenchmark(ID, OWNER, null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);
        }

        @Test
        void publishing_a_benchmark_without_graders_is_a_state_conflict() {
            fixture.given(created(Visibility.PRIVATE, CASES, List.of()))
                    .when(new PublishBenchmark(ID, OWNER, null))
                    .expectNoEvents()
                    .expectException(BenchmarkException.StateConflict.class);
        }

        @Test
        void publishing_a_benchmark_without_cases_is_a_state_conflict() {
            fixture.given(created(Visibility.PRIVATE, List.of(), GRADERS))
                    .when(new PublishBenchmark(ID, OWNER, null))
                    .expectNoEvents()
                    .expectException(BenchmarkException.StateConflict.class);
        }

        @Test
        void a_stranger_cannot_publish_a_private_benchmark_they_cannot_see() {
            fixture.given(createdPrivate())
                    .when(new PublishBenchmark(ID, STRANGER, null))
                    .expectException(BenchmarkException.NotFound.class);
        }

        @Test
        void unpublishing_a_public_benchmark_emits_benchmark_unpublished_at_the_next_version() {
            fixture.given(createdPublic())
                    .when(new UnpublishBenchmark(ID, OWNER, 1L))
                    .expectEvents(new BenchmarkUnpublished(ID, OWNER_ID, 2))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void unpublishing_a_private_benchmark_emits_nothing() {
            fixture.given(createdPrivate())
                    .when(new UnpublishBenchmark(ID, OWNER, null))
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);
        }

        @Test
        void a_stranger_may_not_unpublish_a_public_benchmark() {
            fixture.given(createdPublic())
                    .when(new UnpublishBenchmark(ID, STRANGER, null))
                    .expectNoEvents()
                    .expectException(BenchmarkException.NotPermitted.class);
        }

        @Test
        void an_unpublished_benchmark_is_hidden_from_strangers_again() {
            fixture.given(createdPublic(), new BenchmarkUnpublished(ID, OWNER_ID, 2))
                    .when(new ChangeBenchmarkDetails(ID, STRANGER, null, "x", null, null, null, null))
                    .expectException(BenchmarkException.NotFound.class);
        }

        @Test
        void a_stale_expected_version_on_publish_is_refused_with_a_version_conflict() {
            fixture.given(createdPrivate(), new DecisionCriteriaChanged(ID, OWNER_ID, 2, List.of()))
                    .when(new PublishBenchmark(ID, OWNER, 1L))
                    .expectNoEvents()
                    .expectException(versionConflict(1, 2));
        }
    }

    /** The access and version checks every editing command shares. */
    @Nested
    class EveryEditingCommand {

        static Stream<Arguments> editingCommands() {
            return Stream.of(
                    command(
                            "ChangeBenchmarkDetails",
                            (actor, v) -> new ChangeBenchmarkDetails(ID, actor, v, "New", null, null, null, null)),
                    command("AddTestCases", (actor, v) -> new AddTestCases(ID, actor, v, List.of(newCase("new")))),
                    command(
                            "ReviseTestCase",
                            (actor, v) -> new ReviseTestCase(ID, actor, v, testCase("c1", "changed", null))),
                    command("RemoveTestCase", (actor, v) -> new RemoveTestCase(ID, actor, v, "c1")),
                    command("ReplaceGraders", (actor, v) -> new ReplaceGraders(ID, actor, v, List.of(EXACT, CONTAINS))),
                    command(
                            "ReplaceDecisionCriteria",
                            (actor, v) -> new ReplaceDecisionCriteria(ID, actor, v, List.of())),
                    command("PublishBenchmark", (actor, v) -> new PublishBenchmark(ID, actor, v)),
                    command("UnpublishBenchmark", (actor, v) -> new UnpublishBenchmark(ID, actor, v)));
        }

        private static Arguments command(String name, BiFunction<Actor, Long, Object> factory) {
            return Arguments.of(name, factory);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("editingCommands")
        void is_not_permitted_to_a_non_owner_of_a_public_benchmark(
                String name, BiFunction<Actor, Long, Object> command) {
            fixture.given(createdPublic())
                    .when(command.apply(STRANGER, null))
                    .expectNoEvents()
                    .expectException(BenchmarkException.NotPermitted.class);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("editingCommands")
        void is_not_found_for_a_non_owner_of_a_private_benchmark(String name, BiFunction<Actor, Long, Object> command) {
            fixture.given(createdPrivate())
                    .when(command.apply(STRANGER, null))
                    .expectNoEvents()
                    .expectException(BenchmarkException.NotFound.class);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("editingCommands")
        void is_refused_with_a_version_conflict_when_the_expected_version_is_stale(
                String name, BiFunction<Actor, Long, Object> command) {
            fixture.given(createdPrivate())
                    .when(command.apply(OWNER, 0L))
                    .expectNoEvents()
                    .expectException(versionConflict(0, 1));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("editingCommands")
        void is_accepted_from_an_admin_on_someone_elses_public_benchmark(
                String name, BiFunction<Actor, Long, Object> command) {
            fixture.given(createdPublic()).when(command.apply(ADMIN, 1L)).expectSuccessfulHandlerExecution();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("editingCommands")
        void is_not_found_for_an_admin_on_someone_elses_private_benchmark(
                String name, BiFunction<Actor, Long, Object> command) {
            fixture.given(createdPrivate())
                    .when(command.apply(ADMIN, 1L))
                    .expectNoEvents()
                    .expectException(BenchmarkException.NotFound.class);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("editingCommands")
        void is_accepted_from_a_member_of_the_benchmarks_workspace(
                String name, BiFunction<Actor, Long, Object> command) {
            fixture.given(createdPrivate())
                    .when(command.apply(inWorkspace(WorkspaceRole.MEMBER), 1L))
                    .expectSuccessfulHandlerExecution();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("editingCommands")
        void is_not_permitted_to_a_viewer_of_the_benchmarks_workspace(
                String name, BiFunction<Actor, Long, Object> command) {
            fixture.given(createdPrivate())
                    .when(command.apply(inWorkspace(WorkspaceRole.VIEWER), 1L))
                    .expectNoEvents()
                    .expectException(BenchmarkException.NotPermitted.class);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("editingCommands")
        void is_not_found_for_its_creator_once_they_left_the_workspace(
                String name, BiFunction<Actor, Long, Object> command) {
            fixture.given(createdPrivate())
                    .when(command.apply(Actor.user(OWNER_ID), 1L))
                    .expectNoEvents()
                    .expectException(BenchmarkException.NotFound.class);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("editingCommands")
        void is_not_found_for_a_member_of_another_workspace(String name, BiFunction<Actor, Long, Object> command) {
            fixture.given(createdPrivate())
                    .when(command.apply(new Actor(STRANGER_ID, false, Map.of("ws_other", WorkspaceRole.OWNER)), 1L))
                    .expectNoEvents()
                    .expectException(BenchmarkException.NotFound.class);
        }

        private static Actor inWorkspace(WorkspaceRole role) {
            return new Actor(STRANGER_ID, false, Map.of(WORKSPACE, role));
        }
    }
}
