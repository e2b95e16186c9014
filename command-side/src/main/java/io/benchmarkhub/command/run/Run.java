package io.benchmarkhub.command.run;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.run.FailureModeCheck;
import io.benchmarkhub.domain.run.JudgePanel;
import io.benchmarkhub.domain.run.RunException;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.run.RunStatus;
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
import io.benchmarkhub.domain.user.Actor;
import io.benchmarkhub.domain.user.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A run of one benchmark version against several models. It guards the rule that matters most:
 * a trial is settled once (one response or one failed call), graded once, and judged once per
 * judge, however often an executor resumes or a batch is delivered again. Results arriving after
 * the run ended are refused, which is how an executor learns that a run was cancelled or timed out.
 * A suspended run (a BYOK run whose key was lost) records nothing until its requester resumes it, and its deadline
 * is moved by the time it waited.
 */
@Aggregate(cache = "runCache")
public class Run {

    static final String DEADLINE = "run-timeout";

    static final int MAX_FAILURE_MODE_NAME = 80;
    static final int MAX_FAILURE_MODE_NOTE = 2_000;
    static final int MAX_TAGGED_CASES = 1_000;

    @AggregateIdentifier
    private RunId id;

    private BenchmarkId benchmarkId;
    private UserId requestedBy;
    /** The workspace the run belongs to, or null for a personal run. */
    private String workspaceId;

    private RunStatus status;
    private Set<String> caseIds;
    private Set<String> models;
    private int repeats;
    private long trialCount;
    private long timeoutSeconds;
    /** When the run times out; moved later by the time it spent suspended. */
    private Instant deadline;

    private RunStatus statusBeforeSuspension;
    private Instant suspendedAt;
    /** LLM-judge grader index → its judges. */
    private final Map<Integer, Set<String>> panels = new HashMap<>();
    /** The run's judge panels: a case's own llm-judge has a panel that judges only the cases that have one. */
    private List<JudgePanel> judgePanels = List.of();
    /** Answered trials per case, so the verdicts owed are counted per case. */
    private final Map<String, Integer> answeredByCase = new HashMap<>();

    private final Set<String> settled = new HashSet<>();
    private final Set<String> answered = new HashSet<>();
    private final Set<String> graded = new HashSet<>();
    private final Set<String> verdicts = new HashSet<>();
    /** Failure-mode name key → the cases this run tagged with it, and its latest note. */
    private final Map<String, Set<String>> failureModeCases = new HashMap<>();

    private final Map<String, String> failureModeNotes = new HashMap<>();

    protected Run() {
        // for Axon
    }

    @CommandHandler
    public Run(RequestRun cmd, DeadlineManager deadlines) {
        RunRequested request = cmd.request();
        if (!cmd.runId().equals(request.runId()))
            throw new IllegalArgumentException("the command and its event name different runs");
        if (request.trialCount() == 0)
            throw new RunException.Invalid(
                    List.of(new Violation("models", "a run needs at least one case and one model")));
        apply(request);
        deadlines.schedule(Duration.ofSeconds(request.timeoutSeconds()), DEADLINE);
    }

    @CommandHandler
    public void handle(StartRun cmd) {
        assertNotFinished("start");
        assertNotSuspended("start");
        if (status == RunStatus.REQUESTED) apply(new RunStarted(id));
    }

    /** Records the results not recorded before, in order; answers how many were new. */
    @CommandHandler
    public int handle(RecordRunResults cmd) {
        assertNotFinished("record results for");
        assertNotSuspended("record results for");
        int applied = 0;
        for (RunEvent.TrialResult result : cmd.results()) {
            if (!result.runId().equals(id))
                throw new IllegalArgumentException("a result of run " + result.runId() + " sent to run " + id);
            String trial = trialKey(result);
            if (!caseIds.contains(result.caseId())
                    || !models.contains(result.model())
                    || result.repeat() < 1
                    || result.repeat() > repeats) {
                throw new IllegalArgumentException("run " + id + " has no trial " + trial);
            }
            boolean isNew = switch (result) {
                case ModelResponseRecorded r -> !settled.contains(trial);
                case ModelCallFailed f -> !settled.contains(trial);
                case GradeRecorded g -> requireAnswered(trial) && !graded.contains(trial);
                case JudgeVerdictRecorded v ->
                    requireJudge(v) && requireAnswered(trial) && !verdicts.contains(verdictKey(v));
            };
            if (isNew) {
                apply(result);
                applied++;
            }
        }
        return applied;
    }

    @CommandHandler
    public void handle(CompleteRun cmd, DeadlineManager deadlines) {
        assertNotFinished("complete");
        assertNotSuspended("complete");
        if (settled.size() != trialCount) {
            throw new RunException.StateConflict(
                    "run " + id + " has settled " + settled.size() + " of " + trialCount + " trials", status);
        }
        long expectedVerdicts = 0;
        for (JudgePanel panel : judgePanels) {
            for (var entry : answeredByCase.entrySet()) {
                // a judge named twice in a panel gives one verdict
                if (panel.judges(entry.getKey()))
                    expectedVerdicts += (long) entry.getValue()
                            * panels.get(panel.graderIndex()).size();
            }
        }
        if (verdicts.size() != expectedVerdicts) {
            throw new RunException.StateConflict(
                    "run " + id + " has " + verdicts.size() + " of " + expectedVerdicts + " judge verdicts", status);
        }
        apply(new RunCompleted(id, List.copyOf(cmd.summaries()), cmd.judgeAgreement(), caseMeans(cmd)));
        deadlines.cancelAllWithinScope(DEADLINE);
    }

    /** The per-case means as sent (null when none were), after checking they describe this run's models and cases. */
    private Map<String, List<Double>> caseMeans(CompleteRun cmd) {
        if (cmd.caseMeans() == null) return null;
        for (var entry : cmd.caseMeans().entrySet()) {
            if (!models.contains(entry.getKey())
                    || entry.getValue() == null
                    || entry.getValue().size() != caseIds.size()) {
                throw new IllegalArgumentException(
                        "run " + id + ": case means of " + entry.getKey() + " do not match its models and cases");
            }
        }
        // unmodifiable, null elements kept (a case no trial scored)
        var copy = new LinkedHashMap<String, List<Double>>();
        cmd.caseMeans()
                .forEach((model, means) -> copy.put(model, Collections.unmodifiableList(new ArrayList<>(means))));
        return Collections.unmodifiableMap(copy);
    }

    /** Failing a run that has already ended changes nothing. */
    @CommandHandler
    public void handle(FailRun cmd, DeadlineManager deadlines) {
        if (status.terminal()) return;
        apply(new RunFailed(id, cmd.reason()));
        deadlines.cancelAllWithinScope(DEADLINE);
    }

    /** Suspending a run that has ended or already waits changes nothing. The deadline waits with the run. */
    @CommandHandler
    public void handle(SuspendRun cmd, DeadlineManager deadlines) {
        if (status.terminal() || status == RunStatus.SUSPENDED) return;
        apply(new RunSuspended(id, cmd.reason()));
        deadlines.cancelAllWithinScope(DEADLINE);
    }

    @CommandHandler
    public void handle(ResumeRun cmd, DeadlineManager deadlines) {
        // the provider key it waits for is its requester's own
        assertMayAct(cmd.actor(), "resume");
        if (!cmd.actor().owns(requestedBy)) throw new RunException.NotFound(id);
        if (status != RunStatus.SUSPENDED) {
            throw new RunException.StateConflict(
                    "run " + id + " is " + status + "; only a run that waits for its provider key "
                            + "(SUSPENDED) can be resumed" + (status.terminal() ? "" : ", and this one is not waiting"),
                    status);
        }
        apply(new RunResumed(id, cmd.actor().userId()));
        deadlines.schedule(deadline, DEADLINE);
    }

    @CommandHandler
    public void handle(CancelRun cmd, DeadlineManager deadlines) {
        // the one exception to "runs are their requester's only": an admin stops any run, for abuse (issue 13)
        if (!cmd.actor().admin()) assertMayAct(cmd.actor(), "cancel");
        assertNotFinished("cancel");
        apply(new RunCancelled(id, cmd.actor().userId()));
        deadlines.cancelAllWithinScope(DEADLINE);
    }

    @CommandHandler
    public void handle(RecordHumanGrade cmd) {
        assertMayAct(cmd.actor(), "grade");
        var problems = new ArrayList<Violation>();
        if (cmd.score() == null || !(cmd.score() >= 0 && cmd.score() <= 1))
            problems.add(new Violation("score", "must be a number from 0 to 1"));
        if (cmd.caseId() == null || !caseIds.contains(cmd.caseId()))
            problems.add(new Violation("caseId", "is not a case of this run"));
        if (cmd.model() == null || !models.contains(cmd.model()))
            problems.add(new Violation("model", "is not a model of this run"));
        if (cmd.comment() != null && cmd.comment().length() > 4_000)
            problems.add(new Violation("comment", "must be at most 4000 characters"));
        if (!problems.isEmpty()) throw new RunException.Invalid(problems);
        boolean anyAnswer = false;
        for (int r = 1; r <= repeats && !anyAnswer; r++)
            anyAnswer = answered.contains(key(cmd.caseId(), cmd.model(), r));
        if (!anyAnswer) {
            throw new RunException.StateConflict(
                    cmd.model() + " has not answered case " + cmd.caseId() + " in run " + id + " yet", status);
        }
        apply(new HumanGradeRecorded(
                id,
                cmd.caseId(),
                cmd.model(),
                cmd.score(),
                cmd.comment(),
                cmd.actor().userId()));
    }

    /**
     * Tags cases of this run with a failure mode; answers whether anything was recorded (false: every case was already
     * tagged with that name in this run and the note is absent or the same, so the tag changes nothing).
     */
    @CommandHandler
    public boolean handle(TagFailureMode cmd) {
        assertMayAct(cmd.actor(), "tag failure modes of");
        var problems = new ArrayList<Violation>();
        String name = FailureModeCheck.displayName(cmd.name());
        if (name.isEmpty()) problems.add(new Violation("name", "is required"));
        else if (name.length() > MAX_FAILURE_MODE_NAME)
            problems.add(new Violation("name", "must be at most " + MAX_FAILURE_MODE_NAME + " characters"));
        String note =
                cmd.note() == null || cmd.note().isBlank() ? null : cmd.note().strip();
        if (note != null && note.length() > MAX_FAILURE_MODE_NOTE)
            problems.add(new Violation("note", "must be at most " + MAX_FAILURE_MODE_NOTE + " characters"));
        List<String> cases = cmd.caseIds() == null
                ? List.of()
                : cmd.caseIds().stream().distinct().toList();
        if (cases.isEmpty()) problems.add(new Violation("caseIds", "name at least one case"));
        else if (cases.size() > MAX_TAGGED_CASES)
            problems.add(new Violation("caseIds", "at most " + MAX_TAGGED_CASES + " cases at once"));
        else {
            List<String> unknown = cases.stream()
                    .filter(c -> c == null || !caseIds.contains(c))
                    .map(String::valueOf)
                    .toList();
            if (!unknown.isEmpty()) {
                problems.add(new Violation(
                        "caseIds",
                        "not cases of the benchmark version this run ran: "
                                + String.join(", ", unknown.subList(0, Math.min(20, unknown.size())))
                                + (unknown.size() > 20 ? " and " + (unknown.size() - 20) + " more" : "")));
            }
        }
        String model = cmd.model() == null || cmd.model().isBlank()
                ? null
                : cmd.model().strip();
        if (model != null && !models.contains(model))
            problems.add(new Violation("model", "'" + model + "' is not a model of this run"));
        if (!problems.isEmpty()) throw new RunException.Invalid(problems);
        // a run of one model can only have shown it on that model
        if (model == null && models.size() == 1) model = models.iterator().next();

        String key = FailureModeCheck.key(name);
        Set<String> already = failureModeCases.getOrDefault(key, Set.of());
        boolean newCase = cases.stream().anyMatch(c -> !already.contains(c));
        boolean newNote = note != null && !note.equals(failureModeNotes.get(key));
        if (!newCase && !newNote) return false;
        apply(new FailureModeTagged(
                id, benchmarkId, name, note, cases, model, cmd.actor().userId()));
        return true;
    }

    @DeadlineHandler(deadlineName = DEADLINE)
    public void onDeadline() {
        if (!status.terminal()) apply(new RunTimedOut(id, timeoutSeconds));
    }

    // --- decisions -------------------------------------------------------------------------

    /**
     * Who may change a run, read from the actor's memberships as they are now (so a removal counts at once): a personal
     * run's requester only; a workspace run's current members above viewer (a viewer gets 403), and to everyone else,
     * its requester too once they have left, the run does not exist.
     */
    private void assertMayAct(Actor actor, String action) {
        if (workspaceId == null) {
            if (!actor.owns(requestedBy)) throw new RunException.NotFound(id);
            return;
        }
        if (actor.roleIn(workspaceId) == null) throw new RunException.NotFound(id);
        if (!actor.mayChange(requestedBy, workspaceId))
            throw new RunException.NotPermitted("viewers of a workspace cannot " + action + " its runs");
    }

    private void assertNotFinished(String action) {
        if (status.terminal()) {
            throw new RunException.StateConflict("cannot " + action + " run " + id + ": it is " + status, status);
        }
    }

    private void assertNotSuspended(String action) {
        if (status == RunStatus.SUSPENDED) {
            throw new RunException.StateConflict(
                    "cannot " + action + " run " + id + ": it waits to be resumed by its requester", status);
        }
    }

    private boolean requireAnswered(String trial) {
        if (!answered.contains(trial))
            throw new IllegalArgumentException("trial " + trial + " of run " + id + " has no answer to grade");
        return true;
    }

    private boolean requireJudge(JudgeVerdictRecorded verdict) {
        Set<String> panel = panels.get(verdict.graderIndex());
        if (panel == null || !panel.contains(verdict.judgeModel())) {
            throw new IllegalArgumentException(
                    verdict.judgeModel() + " is not a judge of grader " + verdict.graderIndex() + " in run " + id);
        }
        if (judgePanels.stream()
                .noneMatch(p -> p.graderIndex() == verdict.graderIndex() && p.judges(verdict.caseId()))) {
            throw new IllegalArgumentException(
                    "grader " + verdict.graderIndex() + " judges no case " + verdict.caseId() + " in run " + id);
        }
        return true;
    }

    private static String trialKey(RunEvent.TrialResult result) {
        return key(result.caseId(), result.model(), result.repeat());
    }

    private static String key(String caseId, String model, int repeat) {
        return caseId + '\u0000' + model + '\u0000' + repeat;
    }

    private static String verdictKey(JudgeVerdictRecorded v) {
        return trialKey(v) + '\u0000' + v.graderIndex() + '\u0000' + v.judgeModel();
    }

    // --- state -----------------------------------------------------------------------------

    @EventSourcingHandler
    void on(RunRequested e, @Timestamp Instant at) {
        id = e.runId();
        benchmarkId = e.benchmarkId();
        deadline = at.plusSeconds(e.timeoutSeconds());
        requestedBy = e.requestedBy();
        workspaceId = e.workspaceId();
        status = RunStatus.REQUESTED;
        caseIds = new HashSet<>(e.caseIds());
        models = new HashSet<>(e.candidates());
        repeats = e.repeats();
        trialCount = e.trialCount();
        timeoutSeconds = e.timeoutSeconds();
        judgePanels = List.copyOf(e.judgePanels());
        for (JudgePanel panel : e.judgePanels()) panels.put(panel.graderIndex(), new HashSet<>(panel.judges()));
    }

    @EventSourcingHandler
    void on(RunStarted e) {
        status = RunStatus.RUNNING;
    }

    @EventSourcingHandler
    void on(RunSuspended e, @Timestamp Instant at) {
        statusBeforeSuspension = status;
        status = RunStatus.SUSPENDED;
        suspendedAt = at;
    }

    @EventSourcingHandler
    void on(RunResumed e, @Timestamp Instant at) {
        status = statusBeforeSuspension;
        if (at.isAfter(suspendedAt)) deadline = deadline.plus(Duration.between(suspendedAt, at));
    }

    @EventSourcingHandler
    void on(ModelResponseRecorded e) {
        String trial = trialKey(e);
        settled.add(trial);
        if (answered.add(trial)) answeredByCase.merge(e.caseId(), 1, Integer::sum);
    }

    @EventSourcingHandler
    void on(ModelCallFailed e) {
        settled.add(trialKey(e));
    }

    @EventSourcingHandler
    void on(GradeRecorded e) {
        graded.add(trialKey(e));
    }

    @EventSourcingHandler
    void on(JudgeVerdictRecorded e) {
        verdicts.add(verdictKey(e));
    }

    @EventSourcingHandler
    void on(FailureModeTagged e) {
        String key = FailureModeCheck.key(e.name());
        failureModeCases.computeIfAbsent(key, k -> new HashSet<>()).addAll(e.caseIds());
        if (e.note() != null) failureModeNotes.put(key, e.note());
    }

    @EventSourcingHandler
    void on(RunCompleted e) {
        status = RunStatus.COMPLETED;
    }

    @EventSourcingHandler
    void on(RunFailed e) {
        status = RunStatus.FAILED;
    }

    @EventSourcingHandler
    void on(RunCancelled e) {
        status = RunStatus.CANCELLED;
    }

    @EventSourcingHandler
    void on(RunTimedOut e) {
        status = RunStatus.TIMED_OUT;
    }
}
