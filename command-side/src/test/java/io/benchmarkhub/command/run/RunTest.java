package io.benchmarkhub.command.run;

import static io.benchmarkhub.command.run.RunTestData.*;

import io.benchmarkhub.domain.run.JudgePanel;
import io.benchmarkhub.domain.run.RunException;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.run.commands.CancelRun;
import io.benchmarkhub.domain.run.commands.CompleteRun;
import io.benchmarkhub.domain.run.commands.FailRun;
import io.benchmarkhub.domain.run.commands.RecordHumanGrade;
import io.benchmarkhub.domain.run.commands.RecordRunResults;
import io.benchmarkhub.domain.run.commands.RequestRun;
import io.benchmarkhub.domain.run.commands.ResumeRun;
import io.benchmarkhub.domain.run.commands.StartRun;
import io.benchmarkhub.domain.run.commands.SuspendRun;
import io.benchmarkhub.domain.run.commands.TagFailureMode;
import io.benchmarkhub.domain.run.events.FailureModeTagged;
import io.benchmarkhub.domain.run.events.HumanGradeRecorded;
import io.benchmarkhub.domain.run.events.JudgeVerdictRecorded;
import io.benchmarkhub.domain.run.events.ModelResponseRecorded;
import io.benchmarkhub.domain.run.events.RunCancelled;
import io.benchmarkhub.domain.run.events.RunCompleted;
import io.benchmarkhub.domain.run.events.RunEvent;
import io.benchmarkhub.domain.run.events.RunFailed;
import io.benchmarkhub.domain.run.events.RunResumed;
import io.benchmarkhub.domain.run.events.RunStarted;
import io.benchmarkhub.domain.run.events.RunSuspended;
import io.benchmarkhub.domain.run.events.RunTimedOut;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Given/when/then tests of the {@link Run} aggregate, one behaviour per test. */
class RunTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(TIMEOUT_SECONDS);

    private FixtureConfiguration<Run> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Run.class);
    }

    /** The four ways a run ends. */
    static Stream<RunEvent> endings() {
        return Stream.of(
                new RunCompleted(RUN_ID, List.of(summary()), null),
                new RunCancelled(RUN_ID, REQUESTER_ID),
                new RunFailed(RUN_ID, "the benchmark version cannot be read"),
                new RunTimedOut(RUN_ID, TIMEOUT_SECONDS));
    }

    /** Every trial settled (three answered, c2 #2 failed) and every answered trial judged by j1 and j2: 6 verdicts. */
    private static List<Object> everyTrialSettledAndJudged() {
        return new ArrayList<>(List.of(
                response("c1", 1),
                response("c1", 2),
                response("c2", 1),
                callFailed("c2", 2),
                verdict("c1", 1, "j1", 0.75),
                verdict("c1", 1, "j2", 0.5),
                verdict("c1", 2, "j1", 0.75),
                verdict("c1", 2, "j2", 0.5),
                verdict("c2", 1, "j1", 0.75),
                verdict("c2", 1, "j2", 0.5)));
    }

    private static RecordRunResults record(RunEvent.TrialResult... results) {
        return new RecordRunResults(RUN_ID, List.of(results));
    }

    @Nested
    class RequestRunCommand {

        @Test
        void a_request_records_run_requested() {
            fixture.givenNoPriorActivity()
                    .when(requestRun())
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(requested());
        }

        @Test
        void a_request_schedules_the_run_timeout_deadline_at_its_timeout() {
            fixture.givenNoPriorActivity().when(requestRun()).expectScheduledDeadlineWithName(TIMEOUT, "run-timeout");
        }

        @Test
        void a_request_without_cases_is_invalid_and_names_models() {
            var request = requested(List.of(), List.of(M1), 2, List.of());

            fixture.givenNoPriorActivity()
                    .when(new RequestRun(RUN_ID, request))
                    .expectNoEvents()
                    .expectNoScheduledDeadlines()
                    .expectException(invalidNaming("models"));
        }

        @Test
        void a_request_without_models_is_invalid_and_names_models() {
            var request = requested(List.of("c1"), List.of(), 2, List.of());

            fixture.givenNoPriorActivity()
                    .when(new RequestRun(RUN_ID, request))
                    .expectNoEvents()
                    .expectException(invalidNaming("models"));
        }

        @Test
        void a_request_with_zero_repeats_has_no_trials_and_is_invalid() {
            var request = requested(List.of("c1"), List.of(M1), 0, List.of());

            fixture.givenNoPriorActivity()
                    .when(new RequestRun(RUN_ID, request))
                    .expectNoEvents()
                    .expectException(invalidNaming("models"));
        }

        @Test
        void a_command_whose_event_names_another_run_is_refused() {
            fixture.givenNoPriorActivity()
                    .when(new RequestRun(new RunId("run_other"), requested()))
                    .expectNoEvents()
                    .expectException(IllegalArgumentException.class);
        }
    }

    @Nested
    class StartRunCommand {

        @Test
        void the_first_start_records_run_started() {
            fixture.given(requested()).when(new StartRun(RUN_ID)).expectEvents(new RunStarted(RUN_ID));
        }

        @Test
        void a_second_start_records_nothing() {
            fixture.given(requested(), new RunStarted(RUN_ID))
                    .when(new StartRun(RUN_ID))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @ParameterizedTest(name = "after {0}")
        @MethodSource("io.benchmarkhub.command.run.RunTest#endings")
        void an_ended_run_cannot_start(RunEvent ending) {
            fixture.given(requested(), new RunStarted(RUN_ID), ending)
                    .when(new StartRun(RUN_ID))
                    .expectNoEvents()
                    .expectException(RunException.StateConflict.class);
        }
    }

    @Nested
    class RecordRunResultsCommand {

        @Test
        void new_results_are_recorded_in_order_and_counted() {
            fixture.given(requested(), new RunStarted(RUN_ID))
                    .when(record(
                            response("c1", 1), callFailed("c2", 1), grade("c1", 1, 1.0), verdict("c1", 1, "j1", 0.75)))
                    .expectEvents(
                            response("c1", 1), callFailed("c2", 1), grade("c1", 1, 1.0), verdict("c1", 1, "j1", 0.75))
                    .expectResultMessagePayload(4);
        }

        @Test
        void results_may_arrive_before_the_run_is_started() {
            fixture.given(requested())
                    .when(record(response("c1", 1)))
                    .expectEvents(response("c1", 1))
                    .expectResultMessagePayload(1);
        }

        @Test
        void a_trial_answered_twice_in_one_batch_is_recorded_once() {
            fixture.given(requested(), new RunStarted(RUN_ID))
                    .when(record(response("c1", M1, 1, "Paris"), response("c1", M1, 1, "Lyon")))
                    .expectEvents(response("c1", M1, 1, "Paris"))
                    .expectResultMessagePayload(1);
        }

        @Test
        void a_trial_answered_in_an_earlier_batch_is_skipped_and_the_rest_recorded() {
            fixture.given(requested(), new RunStarted(RUN_ID), response("c1", 1))
                    .when(record(response("c1", M1, 1, "Lyon"), response("c2", 1)))
                    .expectEvents(response("c2", 1))
                    .expectResultMessagePayload(1);
        }

        @Test
        void a_redelivered_batch_records_nothing_and_counts_zero() {
            fixture.given(
                            requested(),
                            new RunStarted(RUN_ID),
                            response("c1", 1),
                            grade("c1", 1, 1.0),
                            verdict("c1", 1, "j1", 0.75))
                    .when(record(response("c1", 1), grade("c1", 1, 1.0), verdict("c1", 1, "j1", 0.75)))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(0);
        }

        @Test
        void a_response_after_a_failed_call_of_the_same_trial_is_skipped() {
            fixture.given(requested(), new RunStarted(RUN_ID), callFailed("c1", 1))
                    .when(record(response("c1", 1)))
                    .expectNoEvents()
                    .expectResultMessagePayload(0);
        }

        @Test
        void a_failed_call_after_a_response_of_the_same_trial_is_skipped() {
            fixture.given(requested(), new RunStarted(RUN_ID), response("c1", 1))
                    .when(record(callFailed("c1", 1)))
                    .expectNoEvents()
                    .expectResultMessagePayload(0);
        }

        @Test
        void a_failed_call_and_a_response_in_one_batch_settle_the_trial_with_the_first() {
            fixture.given(requested(), new RunStarted(RUN_ID))
                    .when(record(callFailed("c1", 1), response("c1", 1)))
                    .expectEvents(callFailed("c1", 1))
                    .expectResultMessagePayload(1);
        }

        @Test
        void a_grade_recorded_again_in_a_later_batch_is_skipped() {
            fixture.given(requested(), new RunStarted(RUN_ID), response("c1", 1), grade("c1", 1, 1.0))
                    .when(record(grade("c1", 1, 0.0)))
                    .expectNoEvents()
                    .expectResultMessagePayload(0);
        }

        @Test
        void a_grade_twice_in_one_batch_is_recorded_once() {
            fixture.given(requested(), new RunStarted(RUN_ID), response("c1", 1))
                    .when(record(grade("c1", 1, 1.0), grade("c1", 1, 0.0)))
                    .expectEvents(grade("c1", 1, 1.0))
                    .expectResultMessagePayload(1);
        }

        @Test
        void an_answer_and_its_grade_may_come_in_one_batch() {
            fixture.given(requested(), new RunStarted(RUN_ID))
                    .when(record(response("c1", 2), grade("c1", 2, 1.0), verdict("c1", 2, "j2", 0.5)))
                    .expectEvents(response("c1", 2), grade("c1", 2, 1.0), verdict("c1", 2, "j2", 0.5))
                    .expectResultMessagePayload(3);
        }

        @Test
        void a_verdict_of_the_same_judge_recorded_twice_is_recorded_once() {
            fixture.given(requested(), new RunStarted(RUN_ID), response("c1", 1), verdict("c1", 1, "j1", 0.75))
                    .when(record(
                            verdict("c1", 1, "j1", 0.25), verdict("c1", 1, "j2", 0.5), verdict("c1", 1, "j2", null)))
                    .expectEvents(verdict("c1", 1, "j2", 0.5))
                    .expectResultMessagePayload(1);
        }

        @Test
        void a_failed_verdict_counts_as_the_judges_verdict() {
            fixture.given(requested(), new RunStarted(RUN_ID), response("c1", 1), verdict("c1", 1, "j1", null))
                    .when(record(verdict("c1", 1, "j1", 0.75)))
                    .expectNoEvents()
                    .expectResultMessagePayload(0);
        }

        @Test
        void an_unknown_case_is_refused_and_nothing_of_the_batch_is_recorded() {
            fixture.given(requested(), new RunStarted(RUN_ID))
                    .when(record(response("c1", 1), response("c9", 1)))
                    .expectException(IllegalArgumentException.class)
                    .expectNoEvents();
        }

        @Test
        void an_unknown_model_is_refused_and_nothing_of_the_batch_is_recorded() {
            fixture.given(requested(), new RunStarted(RUN_ID))
                    .when(record(response("c1", 1), response("c1", "m9", 1, "Paris")))
                    .expectException(IllegalArgumentException.class)
                    .expectNoEvents();
        }

        @Test
        void a_repeat_above_the_runs_repeats_is_refused() {
            fixture.given(requested(), new RunStarted(RUN_ID))
                    .when(record(response("c1", 1), response("c1", 3)))
                    .expectException(IllegalArgumentException.class)
                    .expectNoEvents();
        }

        @Test
        void repeat_zero_is_refused_because_repeats_are_one_based() {
            fixture.given(requested(), new RunStarted(RUN_ID))
                    .when(record(response("c1", 1), response("c1", 0)))
                    .expectException(IllegalArgumentException.class)
                    .expectNoEvents();
        }

        @Test
        void a_result_of_another_run_is_refused() {
            var foreign = new ModelResponseRecorded(
                    new RunId("run_other"), "c1", M1, 1, "Paris", 120, 10, 3, 16, null, false, 1);

            fixture.given(requested(), new RunStarted(RUN_ID))
                    .when(record(response("c1", 1), foreign))
                    .expectException(IllegalArgumentException.class)
                    .expectNoEvents();
        }

        @Test
        void a_verdict_of_a_judge_not_on_the_panel_is_refused() {
            fixture.given(requested(), new RunStarted(RUN_ID), response("c1", 1))
                    .when(record(verdict("c1", 1, "j1", 0.75), verdict("c1", 1, "j9", 0.75)))
                    .expectException(IllegalArgumentException.class)
                    .expectNoEvents();
        }

        @Test
        void a_verdict_for_a_grader_that_is_not_an_llm_judge_is_refused() {
            var onExactGrader = new JudgeVerdictRecorded(
                    RUN_ID, "c1", M1, 1, 0, "j1", 0.75, "ok", null, false, 7, null, 1, List.of());

            fixture.given(requested(), new RunStarted(RUN_ID), response("c1", 1))
                    .when(record(onExactGrader))
                    .expectException(IllegalArgumentException.class)
                    .expectNoEvents();
        }

        @Test
        void a_grade_for_an_unanswered_trial_is_refused() {
            fixture.given(requested(), new RunStarted(RUN_ID), response("c1", 1))
                    .when(record(grade("c1", 1, 1.0), grade("c2", 1, 1.0)))
                    .expectException(IllegalArgumentException.class)
                    .expectNoEvents();
        }

        @Test
        void a_grade_for_a_failed_call_is_refused() {
            fixture.given(requested(), new RunStarted(RUN_ID), callFailed("c1", 1))
                    .when(record(grade("c1", 1, 0.0)))
                    .expectException(IllegalArgumentException.class)
                    .expectNoEvents();
        }

        @Test
        void a_verdict_for_an_unanswered_trial_is_refused() {
            fixture.given(requested(), new RunStarted(RUN_ID), response("c1", 1))
                    .when(record(verdict("c1", 1, "j1", 0.75), verdict("c2", 2, "j1", 0.75)))
                    .expectException(IllegalArgumentException.class)
                    .expectNoEvents();
        }

        @ParameterizedTest(name = "after {0}")
        @MethodSource("io.benchmarkhub.command.run.RunTest#endings")
        void results_after_the_run_ended_are_a_state_conflict(RunEvent ending) {
            fixture.given(requested(), new RunStarted(RUN_ID), ending)
                    .when(record(response("c1", 1)))
                    .expectNoEvents()
                    .expectException(RunException.StateConflict.class);
        }
    }

    @Nested
    class CompleteRunCommand {

        @Test
        void a_run_with_every_trial_settled_and_judged_completes_with_its_summaries() {
            fixture.given(requested(), new RunStarted(RUN_ID))
                    .andGiven(everyTrialSettledAndJudged())
                    .when(new CompleteRun(RUN_ID, List.of(summary()), 0.25))
                    .expectEvents(new RunCompleted(RUN_ID, List.of(summary()), 0.25));
        }

        @Test
        void a_run_completes_with_each_models_case_means_which_must_name_its_models_and_cover_its_cases() {
            var means = new java.util.HashMap<String, List<Double>>();
            means.put(M1, java.util.Arrays.asList(0.5, null));
            fixture.given(requested(), new RunStarted(RUN_ID))
                    .andGiven(everyTrialSettledAndJudged())
                    .when(new CompleteRun(RUN_ID, List.of(summary()), 0.25, means))
                    .expectEvents(new RunCompleted(RUN_ID, List.of(summary()), 0.25, means));
            fixture.given(requested(), new RunStarted(RUN_ID))
                    .andGiven(everyTrialSettledAndJudged())
                    .when(new CompleteRun(RUN_ID, List.of(summary()), 0.25, java.util.Map.of(M1, List.of(0.5))))
                    .expectException(IllegalArgumentException.class);
            fixture.given(requested(), new RunStarted(RUN_ID))
                    .andGiven(everyTrialSettledAndJudged())
                    .when(new CompleteRun(
                            RUN_ID, List.of(summary()), 0.25, java.util.Map.of("other", List.of(0.5, 1.0))))
                    .expectException(IllegalArgumentException.class);
        }

        @Test
        void completing_cancels_the_timeout_deadline() {
            fixture.givenCommands(requestRun(), new StartRun(RUN_ID))
                    .andGiven(everyTrialSettledAndJudged())
                    .when(new CompleteRun(RUN_ID, List.of(summary()), null))
                    .expectEvents(new RunCompleted(RUN_ID, List.of(summary()), null))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void a_run_with_an_unsettled_trial_cannot_complete() {
            var settledButOne = everyTrialSettledAndJudged();
            settledButOne.remove(callFailed("c2", 2));

            fixture.givenCommands(requestRun(), new StartRun(RUN_ID))
                    .andGiven(settledButOne)
                    .when(new CompleteRun(RUN_ID, List.of(summary()), null))
                    .expectNoEvents()
                    .expectException(RunException.StateConflict.class)
                    .expectScheduledDeadlineWithName(TIMEOUT, Run.DEADLINE);
        }

        @Test
        void a_run_with_a_missing_verdict_cannot_complete() {
            var oneVerdictShort = everyTrialSettledAndJudged();
            oneVerdictShort.remove(verdict("c2", 1, "j2", 0.5));

            fixture.given(requested(), new RunStarted(RUN_ID))
                    .andGiven(oneVerdictShort)
                    .when(new CompleteRun(RUN_ID, List.of(summary()), null))
                    .expectNoEvents()
                    .expectException(RunException.StateConflict.class);
        }

        @Test
        void a_run_with_no_judges_completes_once_every_trial_is_settled() {
            var noJudges = requested(List.of("c1"), List.of(M1), 2, List.of());

            fixture.given(noJudges, new RunStarted(RUN_ID), response("c1", 1), callFailed("c1", 2))
                    .when(new CompleteRun(RUN_ID, List.of(), null))
                    .expectEvents(new RunCompleted(RUN_ID, List.of(), null));
        }

        @Test
        void a_run_whose_calls_all_failed_needs_no_verdicts() {
            fixture.given(
                            requested(),
                            new RunStarted(RUN_ID),
                            callFailed("c1", 1),
                            callFailed("c1", 2),
                            callFailed("c2", 1),
                            callFailed("c2", 2))
                    .when(new CompleteRun(RUN_ID, List.of(summary()), null))
                    .expectEvents(new RunCompleted(RUN_ID, List.of(summary()), null));
        }

        @Test
        void a_panel_that_names_a_judge_twice_completes_with_one_verdict_of_that_judge() {
            var twice =
                    requested(List.of("c1"), List.of(M1), 1, List.of(new JudgePanel(JUDGE_INDEX, List.of("j1", "j1"))));

            fixture.given(twice, new RunStarted(RUN_ID), response("c1", 1), verdict("c1", 1, "j1", 0.75))
                    .when(new CompleteRun(RUN_ID, List.of(), null))
                    .expectEvents(new RunCompleted(RUN_ID, List.of(), null));
        }

        @ParameterizedTest(name = "after {0}")
        @MethodSource("io.benchmarkhub.command.run.RunTest#endings")
        void an_ended_run_cannot_complete(RunEvent ending) {
            fixture.given(requested(), new RunStarted(RUN_ID))
                    .andGiven(everyTrialSettledAndJudged())
                    .andGiven(ending)
                    .when(new CompleteRun(RUN_ID, List.of(summary()), null))
                    .expectNoEvents()
                    .expectException(RunException.StateConflict.class);
        }
    }

    @Nested
    class FailRunCommand {

        @Test
        void failing_a_running_run_records_the_reason_and_cancels_the_deadline() {
            fixture.givenCommands(requestRun(), new StartRun(RUN_ID))
                    .when(new FailRun(RUN_ID, "the BYOK key is gone"))
                    .expectEvents(new RunFailed(RUN_ID, "the BYOK key is gone"))
                    .expectNoScheduledDeadlines();
        }

        @ParameterizedTest(name = "after {0}")
        @MethodSource("io.benchmarkhub.command.run.RunTest#endings")
        void failing_an_ended_run_does_nothing(RunEvent ending) {
            fixture.given(requested(), new RunStarted(RUN_ID), ending)
                    .when(new FailRun(RUN_ID, "too late"))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }
    }

    @Nested
    class SuspendAndResume {

        private static final String REASON = "the BYOK key was lost with the node that ran the run";
        private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

        @Test
        void suspending_a_running_run_records_why_and_stops_its_clock() {
            fixture.givenCommands(requestRun(), new StartRun(RUN_ID))
                    .when(new SuspendRun(RUN_ID, REASON))
                    .expectEvents(new RunSuspended(RUN_ID, REASON))
                    .expectNoScheduledDeadlines();
        }

        @ParameterizedTest(name = "after {0}")
        @MethodSource("io.benchmarkhub.command.run.RunTest#endings")
        void suspending_an_ended_run_does_nothing(RunEvent ending) {
            fixture.given(requested(), new RunStarted(RUN_ID), ending)
                    .when(new SuspendRun(RUN_ID, REASON))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void suspending_a_suspended_run_does_nothing() {
            fixture.given(requested(), new RunStarted(RUN_ID), new RunSuspended(RUN_ID, REASON))
                    .when(new SuspendRun(RUN_ID, "again"))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void a_suspended_run_records_no_results() {
            fixture.given(requested(), new RunStarted(RUN_ID), new RunSuspended(RUN_ID, REASON))
                    .when(record(response("c1", 1)))
                    .expectNoEvents()
                    .expectException(RunException.StateConflict.class);
        }

        @Test
        void a_suspended_run_cannot_complete() {
            fixture.given(requested(), new RunStarted(RUN_ID))
                    .andGiven(everyTrialSettledAndJudged())
                    .andGiven(new RunSuspended(RUN_ID, REASON))
                    .when(new CompleteRun(RUN_ID, List.of(summary()), null))
                    .expectNoEvents()
                    .expectException(RunException.StateConflict.class);
        }

        @Test
        void the_requester_resumes_it_and_the_time_it_waited_does_not_count_toward_its_timeout() {
            fixture.givenCurrentTime(START)
                    .andGivenCommands(requestRun(), new StartRun(RUN_ID), new SuspendRun(RUN_ID, REASON))
                    .andGivenCurrentTime(START.plus(Duration.ofMinutes(90)))
                    .when(new ResumeRun(RUN_ID, REQUESTER))
                    .expectEvents(new RunResumed(RUN_ID, REQUESTER_ID))
                    .expectScheduledDeadlineWithName(TIMEOUT, Run.DEADLINE);
        }

        @Test
        void time_before_the_suspension_still_counts() {
            // given as events, which schedule no deadline: the stub deadline manager's clock can only move before one
            // is
            fixture.givenCurrentTime(START)
                    .andGiven(requested(), new RunStarted(RUN_ID))
                    .andGivenCurrentTime(START.plusSeconds(100))
                    .andGivenCommands(new SuspendRun(RUN_ID, REASON))
                    .andGivenCurrentTime(START.plusSeconds(100).plus(Duration.ofMinutes(5)))
                    .when(new ResumeRun(RUN_ID, REQUESTER))
                    .expectScheduledDeadlineWithName(TIMEOUT.minusSeconds(100), Run.DEADLINE);
        }

        @Test
        void a_resumed_run_records_results_again() {
            fixture.given(
                            requested(),
                            new RunStarted(RUN_ID),
                            new RunSuspended(RUN_ID, REASON),
                            new RunResumed(RUN_ID, REQUESTER_ID))
                    .when(record(response("c1", 1)))
                    .expectEvents(response("c1", 1));
        }

        @Test
        void a_run_suspended_before_it_started_can_still_start_once_resumed() {
            fixture.given(requested(), new RunSuspended(RUN_ID, REASON), new RunResumed(RUN_ID, REQUESTER_ID))
                    .when(new StartRun(RUN_ID))
                    .expectEvents(new RunStarted(RUN_ID));
        }

        @Test
        void a_running_run_cannot_be_resumed() {
            fixture.given(requested(), new RunStarted(RUN_ID))
                    .when(new ResumeRun(RUN_ID, REQUESTER))
                    .expectNoEvents()
                    .expectException(RunException.StateConflict.class);
        }

        @ParameterizedTest(name = "after {0}")
        @MethodSource("io.benchmarkhub.command.run.RunTest#endings")
        void an_ended_run_cannot_be_resumed(RunEvent ending) {
            fixture.given(requested(), new RunStarted(RUN_ID), ending)
                    .when(new ResumeRun(RUN_ID, REQUESTER))
                    .expectNoEvents()
                    .expectException(RunException.StateConflict.class);
        }

        @Test
        void another_user_is_told_the_run_does_not_exist() {
            fixture.given(requested(), new RunStarted(RUN_ID), new RunSuspended(RUN_ID, REASON))
                    .when(new ResumeRun(RUN_ID, STRANGER))
                    .expectNoEvents()
                    .expectException(RunException.NotFound.class);
        }

        @Test
        void a_suspended_run_can_be_cancelled() {
            fixture.given(requested(), new RunStarted(RUN_ID), new RunSuspended(RUN_ID, REASON))
                    .when(new CancelRun(RUN_ID, REQUESTER))
                    .expectEvents(new RunCancelled(RUN_ID, REQUESTER_ID));
        }
    }

    @Nested
    class CancelRunCommand {

        @Test
        void the_requester_cancels_the_run_and_its_deadline() {
            fixture.givenCommands(requestRun(), new StartRun(RUN_ID))
                    .when(new CancelRun(RUN_ID, REQUESTER))
                    .expectEvents(new RunCancelled(RUN_ID, REQUESTER_ID))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void a_run_not_yet_started_can_be_cancelled() {
            fixture.given(requested())
                    .when(new CancelRun(RUN_ID, REQUESTER))
                    .expectEvents(new RunCancelled(RUN_ID, REQUESTER_ID));
        }

        @Test
        void another_user_is_told_the_run_does_not_exist() {
            fixture.givenCommands(requestRun(), new StartRun(RUN_ID))
                    .when(new CancelRun(RUN_ID, STRANGER))
                    .expectNoEvents()
                    .expectException(RunException.NotFound.class)
                    .expectScheduledDeadlineWithName(TIMEOUT, Run.DEADLINE);
        }

        @Test
        void an_admin_cancels_a_run_they_did_not_request_for_abuse() {
            // the documented exception to "a run is its requester's only" (issue 13)
            fixture.given(requested(), new RunStarted(RUN_ID))
                    .when(new CancelRun(RUN_ID, ADMIN))
                    .expectEvents(new RunCancelled(RUN_ID, ADMIN.userId()));
        }

        @Test
        void cancelling_twice_is_a_state_conflict() {
            fixture.given(requested(), new RunStarted(RUN_ID), new RunCancelled(RUN_ID, REQUESTER_ID))
                    .when(new CancelRun(RUN_ID, REQUESTER))
                    .expectNoEvents()
                    .expectException(RunException.StateConflict.class);
        }

        @Test
        void a_completed_run_cannot_be_cancelled() {
            fixture.given(requested(), new RunStarted(RUN_ID), new RunCompleted(RUN_ID, List.of(), null))
                    .when(new CancelRun(RUN_ID, REQUESTER))
                    .expectNoEvents()
                    .expectException(RunException.StateConflict.class);
        }
    }

    @Nested
    class Timeout {

        @Test
        void the_deadline_times_the_run_out_with_its_timeout() {
            fixture.givenCommands(requestRun(), new StartRun(RUN_ID))
                    .whenThenTimeElapses(TIMEOUT)
                    .expectTriggeredDeadlinesWithName(Run.DEADLINE)
                    .expectEvents(new RunTimedOut(RUN_ID, TIMEOUT_SECONDS));
        }

        @Test
        void nothing_happens_a_second_before_the_deadline() {
            fixture.givenCommands(requestRun(), new StartRun(RUN_ID))
                    .whenThenTimeElapses(TIMEOUT.minusSeconds(1))
                    .expectNoEvents()
                    .expectScheduledDeadlineWithName(Duration.ofSeconds(1), Run.DEADLINE);
        }

        @Test
        void a_deadline_that_fires_after_the_run_ended_does_nothing() {
            // the run ended without cancelling the deadline (as when the cancellation and the firing race)
            fixture.givenCommands(requestRun(), new StartRun(RUN_ID))
                    .andGiven(new RunFailed(RUN_ID, "the executor gave up"))
                    .whenThenTimeElapses(TIMEOUT)
                    .expectTriggeredDeadlinesWithName(Run.DEADLINE)
                    .expectNoEvents();
        }

        @Test
        void a_cancelled_run_does_not_time_out() {
            fixture.givenCommands(requestRun(), new StartRun(RUN_ID), new CancelRun(RUN_ID, REQUESTER))
                    .whenThenTimeElapses(TIMEOUT)
                    .expectNoEvents()
                    .expectTriggeredDeadlinesWithName();
        }
    }

    @Nested
    class RecordHumanGradeCommand {

        private RecordHumanGrade humanGrade(Double score, String caseId, String model, String comment) {
            return new RecordHumanGrade(RUN_ID, caseId, model, score, comment, REQUESTER);
        }

        @Test
        void the_requester_grades_an_answered_case() {
            fixture.given(requested(), new RunStarted(RUN_ID), response("c1", 1))
                    .when(humanGrade(0.75, "c1", M1, "close enough"))
                    .expectEvents(new HumanGradeRecorded(RUN_ID, "c1", M1, 0.75, "close enough", REQUESTER_ID));
        }

        @Test
        void an_answer_in_any_repeat_is_enough_to_grade_the_case() {
            fixture.given(requested(), new RunStarted(RUN_ID), callFailed("c1", 1), response("c1", 2))
                    .when(humanGrade(1.0, "c1", M1, null))
                    .expectEvents(new HumanGradeRecorded(RUN_ID, "c1", M1, 1.0, null, REQUESTER_ID));
        }

        @Test
        void scores_of_exactly_zero_and_one_are_valid() {
            fixture.given(requested(), new RunStarted(RUN_ID), response("c1", 1))
                    .when(humanGrade(0.0, "c1", M1, null))
                    .expectEvents(new HumanGradeRecorded(RUN_ID, "c1", M1, 0.0, null, REQUESTER_ID));
        }

        @Test
        void a_completed_run_can_still_be_graded() {
            fixture.given(requested(), new RunStarted(RUN_ID))
                    .andGiven(everyTrialSettledAndJudged())
                    .andGiven(new RunCompleted(RUN_ID, List.of(summary()), null))
                    .when(humanGrade(0.5, "c2", M1, null))
                    .expectEvents(new HumanGradeRecorded(RUN_ID, "c2", M1, 0.5, null, REQUESTER_ID));
        }

        @Test
        void another_user_is_told_the_run_does_not_exist() {
            fixture.given(requested(), new RunStarted(RUN_ID), response("c1", 1))
                    .when(new RecordHumanGrade(RUN_ID, "c1", M1, 0.5, null, STRANGER))
                    .expectNoEvents()
                    .expectException(RunException.NotFound.class);
        }

        @Test
        void an_admin_who_did_not_request_the_run_is_told_it_does_not_exist() {
            fixture.given(requested(), new RunStarted(RUN_ID), response("c1", 1))
                    .when(new RecordHumanGrade(RUN_ID, "c1", M1, 0.5, null, ADMIN))
                    .expectNoEvents()
                    .expectException(RunException.NotFound.class);
        }

        @Test
        void a_score_above_one_is_invalid_and_names_score() {
            fixture.given(requested(), new RunStarted(RUN_ID), response("c1", 1))
                    .when(humanGrade(1.5, "c1", M1, null))
                    .expectNoEvents()
                    .expectException(invalidNaming("score"));
        }

        @Test
        void a_negative_score_is_invalid_and_names_score() {
            fixture.given(requested(), new RunStarted(RUN_ID), response("c1", 1))
                    .when(humanGrade(-0.25, "c1", M1, null))
                    .expectException(invalidNaming("score"));
        }

        @Test
        void a_missing_score_is_invalid_and_names_score() {
            fixture.given(requested(), new RunStarted(RUN_ID), response("c1", 1))
                    .when(humanGrade(null, "c1", M1, null))
                    .expectException(invalidNaming("score"));
        }

        @Test
        void a_nan_score_is_invalid_and_names_score() {
            fixture.given(requested(), new RunStarted(RUN_ID), response("c1", 1))
                    .when(humanGrade(Double.NaN, "c1", M1, null))
                    .expectException(invalidNaming("score"));
        }

        @Test
        void an_unknown_case_is_invalid_and_names_case_id() {
            fixture.given(requested(), new RunStarted(RUN_ID), response("c1", 1))
                    .when(humanGrade(0.5, "c9", M1, null))
                    .expectException(invalidNaming("caseId"));
        }

        @Test
        void an_unknown_model_is_invalid_and_names_model() {
            fixture.given(requested(), new RunStarted(RUN_ID), response("c1", 1))
                    .when(humanGrade(0.5, "c1", "m9", null))
                    .expectException(invalidNaming("model"));
        }

        @Test
        void a_comment_over_4000_characters_is_invalid_and_names_comment() {
            fixture.given(requested(), new RunStarted(RUN_ID), response("c1", 1))
                    .when(humanGrade(0.5, "c1", M1, "x".repeat(4_001)))
                    .expectException(invalidNaming("comment"));
        }

        @Test
        void every_invalid_field_is_named_at_once() {
            fixture.given(requested(), new RunStarted(RUN_ID), response("c1", 1))
                    .when(humanGrade(2.0, null, null, null))
                    .expectNoEvents()
                    .expectException(invalidNaming("score", "caseId", "model"));
        }

        @Test
        void a_model_that_has_not_answered_the_case_yet_is_a_state_conflict() {
            fixture.given(requested(), new RunStarted(RUN_ID), response("c1", 1))
                    .when(humanGrade(0.5, "c2", M1, null))
                    .expectNoEvents()
                    .expectException(RunException.StateConflict.class);
        }

        @Test
        void a_case_whose_calls_only_failed_cannot_be_graded() {
            fixture.given(requested(), new RunStarted(RUN_ID), callFailed("c1", 1), callFailed("c1", 2))
                    .when(humanGrade(0.5, "c1", M1, null))
                    .expectNoEvents()
                    .expectException(RunException.StateConflict.class);
        }
    }

    @Nested
    class TagFailureModeCommand {

        private TagFailureMode tag(String name, String note, List<String> caseIds, String model) {
            return new TagFailureMode(RUN_ID, name, note, caseIds, model, REQUESTER);
        }

        @Test
        void the_requester_tags_cases_and_the_event_names_the_benchmark() {
            fixture.given(requested(), new RunStarted(RUN_ID), response("c1", 1))
                    .when(tag("  Ignores   the unit ", "says 4 for 4 km", List.of("c1", "c2", "c1"), M1))
                    .expectEvents(new FailureModeTagged(
                            RUN_ID,
                            BENCHMARK_ID,
                            "Ignores the unit",
                            "says 4 for 4 km",
                            List.of("c1", "c2"),
                            M1,
                            REQUESTER_ID));
        }

        @Test
        void a_run_of_one_model_names_it_when_the_tagger_does_not() {
            fixture.given(requested())
                    .when(tag("loops", null, List.of("c1"), null))
                    .expectEvents(new FailureModeTagged(
                            RUN_ID, BENCHMARK_ID, "loops", null, List.of("c1"), M1, REQUESTER_ID));
        }

        @Test
        void the_same_tag_again_records_nothing_whatever_the_case_of_the_name() {
            fixture.given(
                            requested(),
                            new FailureModeTagged(
                                    RUN_ID, BENCHMARK_ID, "Loops", "n", List.of("c1", "c2"), M1, REQUESTER_ID))
                    .when(tag("loops", null, List.of("c2"), M1))
                    .expectNoEvents()
                    .expectResultMessagePayload(false);
        }

        @Test
        void a_new_case_under_a_known_name_is_recorded() {
            fixture.given(
                            requested(),
                            new FailureModeTagged(RUN_ID, BENCHMARK_ID, "Loops", null, List.of("c1"), M1, REQUESTER_ID))
                    .when(tag("loops", null, List.of("c1", "c2"), M1))
                    .expectEvents(new FailureModeTagged(
                            RUN_ID, BENCHMARK_ID, "loops", null, List.of("c1", "c2"), M1, REQUESTER_ID));
        }

        @Test
        void cases_outside_the_run_are_invalid_and_name_case_ids() {
            fixture.given(requested())
                    .when(tag("loops", null, List.of("c1", "c9"), M1))
                    .expectNoEvents()
                    .expectException(invalidNaming("caseIds"));
        }

        @Test
        void a_blank_name_and_an_unknown_model_are_invalid() {
            fixture.given(requested())
                    .when(tag(" ", null, List.of("c1"), "m9"))
                    .expectNoEvents()
                    .expectException(invalidNaming("name", "model"));
        }

        @Test
        void another_user_is_told_the_run_does_not_exist() {
            fixture.given(requested())
                    .when(new TagFailureMode(RUN_ID, "loops", null, List.of("c1"), M1, STRANGER))
                    .expectNoEvents()
                    .expectException(RunException.NotFound.class);
        }
    }
}
