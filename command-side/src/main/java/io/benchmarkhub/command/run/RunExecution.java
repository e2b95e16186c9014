package io.benchmarkhub.command.run;

import io.benchmarkhub.command.credits.CallBudget;
import io.benchmarkhub.command.credits.RunCostEstimate;
import io.benchmarkhub.command.run.provider.ChatMessage;
import io.benchmarkhub.command.run.provider.ChatRequest;
import io.benchmarkhub.command.run.provider.ChatResult;
import io.benchmarkhub.command.run.provider.ProviderFailure;
import io.benchmarkhub.command.run.provider.ProviderGateway;
import io.benchmarkhub.command.run.provider.RetryPolicy;
import io.benchmarkhub.domain.benchmark.BenchmarkHistory;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.grading.DeterministicGrading;
import io.benchmarkhub.domain.grading.Grade;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.grading.JudgePrompt;
import io.benchmarkhub.domain.grading.JudgeVerdict;
import io.benchmarkhub.domain.grading.JudgeVerdictParser;
import io.benchmarkhub.domain.grading.Vendors;
import io.benchmarkhub.domain.run.Billing;
import io.benchmarkhub.domain.run.GraderResult;
import io.benchmarkhub.domain.run.JudgePanel;
import io.benchmarkhub.domain.run.PromptRendering;
import io.benchmarkhub.domain.run.ProviderGeneration;
import io.benchmarkhub.domain.run.RunException;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.run.RunStatistics;
import io.benchmarkhub.domain.run.TrialKey;
import io.benchmarkhub.domain.run.commands.CompleteRun;
import io.benchmarkhub.domain.run.commands.FailRun;
import io.benchmarkhub.domain.run.commands.StartRun;
import io.benchmarkhub.domain.run.commands.SuspendRun;
import io.benchmarkhub.domain.run.events.GradeRecorded;
import io.benchmarkhub.domain.run.events.JudgeVerdictRecorded;
import io.benchmarkhub.domain.run.events.ModelCallFailed;
import io.benchmarkhub.domain.run.events.ModelResponseRecorded;
import io.benchmarkhub.domain.run.events.RunCancelled;
import io.benchmarkhub.domain.run.events.RunCompleted;
import io.benchmarkhub.domain.run.events.RunEvent;
import io.benchmarkhub.domain.run.events.RunFailed;
import io.benchmarkhub.domain.run.events.RunRequested;
import io.benchmarkhub.domain.run.events.RunResumed;
import io.benchmarkhub.domain.run.events.RunSuspended;
import io.benchmarkhub.domain.run.events.RunTimedOut;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one run on this node, from whatever its events say is left: candidate calls for unsettled
 * trials, grading and judge calls for answered trials missing them. Each trial runs on its own virtual
 * thread (at most {@code trialsInFlight} at once) and asks its judges at the same time, each on a virtual thread of
 * its own; the provider gateway's per-provider limits decide how
 * many calls are really in flight. Results go to a {@link ResultRecorder}. When everything is recorded the
 * run is completed with its summaries; when it is stopped (cancelled, timed out, shut down) it records nothing more.
 */
final class RunExecution implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(RunExecution.class);

    /** What the execution needs from its node. */
    record Context(
            EventStore eventStore,
            CommandGateway commands,
            ProviderGateway gateway,
            BenchmarkReader benchmarks,
            RunsProperties properties) {}

    /** Thrown inside a trial when the execution is stopping; nothing is recorded for it. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    private final RunId runId;
    private final String providerKey;
    private final Context context;
    private final Runnable onFinish;
    private final ExecutorService trials = Executors.newVirtualThreadPerTaskExecutor();
    /** The judge calls of the trials: a trial asks its panel at once and waits for it (see {@link #askAtOnce}). */
    private final ExecutorService judgeCalls = Executors.newVirtualThreadPerTaskExecutor();

    private volatile boolean stopped;
    private volatile ResultRecorder recorder;
    /** With billing CREDITS, what is left of the reservation: every paid call holds its bound before it is sent. */
    private volatile CallBudget budget = CallBudget.unlimited();
    /** Who asked for the run: calls on the platform's keys count against this user's provider limit. */
    private volatile String requester;

    RunExecution(RunId runId, String providerKey, Context context, Runnable onFinish) {
        this.runId = runId;
        this.providerKey = providerKey;
        this.context = context;
        this.onFinish = onFinish;
    }

    /** Stops making calls and recording; safe to call from any thread, any number of times. */
    void stop() {
        stopped = true;
        trials.shutdownNow();
        judgeCalls.shutdownNow();
    }

    @Override
    public void run() {
        try {
            execute();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RunException.StateConflict ended) {
            log.info("Run {} ended elsewhere: {}", runId, ended.getMessage());
        } catch (RuntimeException e) {
            log.warn("Run {}: the executor stopped on an unexpected error; a later start resumes the run", runId, e);
        } finally {
            trials.shutdownNow();
            judgeCalls.shutdownNow();
            onFinish.run();
        }
    }

    private void execute() throws InterruptedException {
        Stored stored = load();
        if (stored == null || stored.ended || stored.suspended) return;
        RunRequested request = stored.request;
        requester = request.requestedBy() == null ? null : request.requestedBy().value();
        RunTally tally = stored.tally;
        budget = CallBudget.of(request, tally.costMicros());

        var benchmark = context.benchmarks()
                .read(request.benchmarkId(), request.benchmarkVersion())
                .orElse(null);
        if (benchmark == null || !benchmark.contentHash().equals(request.contentHash())) {
            fail("version " + request.benchmarkVersion() + " of benchmark " + request.benchmarkId()
                    + (benchmark == null
                            ? " cannot be read"
                            : " has content hash " + benchmark.contentHash() + ", not the pinned "
                                    + request.contentHash()));
            return;
        }
        if (request.billing() == Billing.BYOK && providerKey == null && needsKey(request)) {
            // the key lived only in the memory of the node that ran the run: the run waits for its requester (ADR 0019)
            log.info("Run {} is suspended: its BYOK key is gone with the node that ran it", runId);
            context.commands()
                    .sendAndWait(new SuspendRun(
                            runId,
                            "the run's provider key (X-Provider-Key) is kept only in the memory "
                                    + "of the node that ran it, and that node stopped; resume the run with POST /api/runs/"
                                    + runId
                                    + "/resume and the key in X-Provider-Key"));
            return;
        }
        context.commands().sendAndWait(new StartRun(runId));

        var cases = new LinkedHashMap<String, TestCase>();
        benchmark.cases().forEach(c -> cases.put(c.id(), c));
        recorder = new ResultRecorder(
                runId, context.commands(), tally, context.properties().batchSize(), this::stop);
        var inFlight = new Semaphore(context.properties().trialsInFlight());
        var started = new AtomicInteger();
        try {
            trials:
            for (String caseId : request.caseIds()) {
                for (int repeat = 1; repeat <= request.repeats(); repeat++) {
                    for (String model : request.candidates()) {
                        if (stopped || budget.usedUp()) break trials;
                        var key = new TrialKey(caseId, model, repeat);
                        RunTally.Trial done = tally.trial(key);
                        if (done != null && done.failedCall) continue;
                        if (done != null && done.answered && complete(done, request, cases.get(caseId))) {
                            tally.forgetOutput(key);
                            continue;
                        }
                        inFlight.acquire();
                        started.incrementAndGet();
                        String output = done == null ? null : done.output;
                        trials.execute(() -> {
                            try {
                                trial(request, benchmark, cases.get(caseId), key, output, done);
                            } catch (Stopped ignored) {
                                // the run is being stopped: nothing more is recorded
                            } catch (RuntimeException e) {
                                log.warn("Run {}: trial {} hit an unexpected error", runId, key, e);
                            } finally {
                                inFlight.release();
                            }
                        });
                    }
                }
            }
        } catch (java.util.concurrent.RejectedExecutionException | InterruptedException stopping) {
            stopped = true;
        }
        trials.shutdown();
        while (!trials.awaitTermination(1, TimeUnit.SECONDS)) {
            if (stopped) trials.shutdownNow();
        }
        boolean allStored = recorder.close();
        log.debug(
                "Run {}: {} trials worked on, {} results recorded in {} batches",
                runId,
                started.get(),
                recorder.recorded(),
                recorder.batches());
        if (stopped || !allStored) return;
        if (budget.usedUp()) {
            fail(budget.reason());
            return;
        }
        context.commands()
                .sendAndWait(new CompleteRun(
                        runId, tally.summaries(RunStatistics.seed(runId)), tally.judgeAgreement(), tally.caseMeans()));
    }

    /** One trial: the candidate call unless already answered, then whatever grading and judging is missing. */
    private void trial(
            RunRequested request,
            BenchmarkHistory.Snapshot benchmark,
            TestCase testCase,
            TrialKey key,
            String storedOutput,
            RunTally.Trial stored) {
        String output = storedOutput;
        if (stored == null || !stored.answered) {
            output = callCandidate(request, benchmark, testCase, key);
            if (output == null) return;
        }
        if ((stored == null || !stored.graded) && hasDeterministicGrader(request.graders(), testCase)) {
            recorder.add(new GradeRecorded(
                    runId, key.caseId(), key.model(), key.repeat(), grade(request.graders(), testCase, output)));
        }
        var verdicts = new ArrayList<Runnable>();
        for (JudgePanel panel : request.judgePanels()) {
            var grader = judgeOf(request, panel, testCase);
            if (grader == null) continue;
            for (String judge : panel.judges()) {
                if (stored != null && stored.hasVerdict(panel.graderIndex(), judge)) continue;
                String answer = output;
                verdicts.add(() -> {
                    // checked again just before each judge is asked, as each call holds its own bound in judge()
                    if (budget.usedUp()) throw new Stopped();
                    recorder.add(judge(
                            grader, panel.graderIndex(), judge, testCase, key, request.modelOf(key.model()), answer));
                });
            }
        }
        askAtOnce(verdicts);
    }

    /**
     * Asks a trial's missing verdicts at the same time, each on its own virtual thread, and waits for all of them: a trial
     * then takes about two model latencies, not 1 + J. The calls are still bounded by the provider gateway's limits (the
     * endpoint's, the user's or BYOK key's), and each paid call still holds its bound in the run's budget before it is sent
     * (ADR 0017), so asking at once changes when a call waits, never whether an uncovered one is sent. Each verdict is
     * recorded when it is known; a verdict that could not be asked (the budget is used up, the run stops) ends the trial
     * as before, once the others are back.
     */
    private void askAtOnce(List<Runnable> verdicts) {
        if (verdicts.isEmpty()) return;
        if (verdicts.size() == 1) {
            verdicts.getFirst().run();
            return;
        }
        var asked = new ArrayList<java.util.concurrent.Future<?>>(verdicts.size());
        RuntimeException first = null;
        try {
            for (Runnable verdict : verdicts) asked.add(judgeCalls.submit(verdict));
            for (var future : asked) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    RuntimeException cause =
                            e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                    // stopping wins over another error: the trial records nothing more either way
                    if (first == null || cause instanceof Stopped) first = cause;
                } catch (java.util.concurrent.CancellationException cancelled) {
                    first = new Stopped();
                }
            }
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            asked.forEach(f -> f.cancel(true));
            throw new Stopped();
        } catch (InterruptedException e) {
            // the execution is stopping: the judges still asking are interrupted too, and nothing more is recorded
            asked.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new Stopped();
        }
        if (first != null) throw first;
    }

    /** The candidate's answer, recorded; null when the call failed (also recorded). */
    private String callCandidate(
            RunRequested request, BenchmarkHistory.Snapshot benchmark, TestCase testCase, TrialKey key) {
        long maxPrompt = context.properties().maxPromptSize().toBytes();
        RunRequested.Candidate candidate = request.candidate(key.model());
        String template = benchmark.templateOf(candidate.variant());
        long promptBytes = PromptRendering.renderedBytes(template, testCase.input(), maxPrompt);
        if (promptBytes > maxPrompt) {
            // refused when the run was requested; a run recorded before the limit was lowered still never sends (or
            // builds) it
            checkNotStopped();
            recorder.add(new ModelCallFailed(
                    runId,
                    key.caseId(),
                    key.model(),
                    key.repeat(),
                    ProviderFailure.Kind.CLIENT_ERROR.name(),
                    "the prompt of case " + key.caseId() + " is larger than " + maxPrompt
                            + " bytes, so it was not sent",
                    null,
                    0));
            return null;
        }
        var messages = PromptRendering.render(template, testCase.input()).stream()
                .map(m -> new ChatMessage(m.role(), m.content()))
                .toList();
        // the label names the candidate (model@variant); the provider is asked for the model alone
        var call = new ChatRequest(
                candidate.model(),
                messages,
                request.params().temperature(),
                completionCap(candidate.model(), request.params().maxTokens()),
                providerKey,
                null);
        var attempts = new Attempts();
        CallBudget.Hold hold = hold(call);
        try {
            ChatResult result = context.gateway().completeWithRetries(call, attempts, requester);
            hold.settle(result.simulated() ? 0 : result.costMicros());
            checkNotStopped();
            String output = kept(result.output(), context.properties().maxOutputChars());
            recorder.add(new ModelResponseRecorded(
                    runId,
                    key.caseId(),
                    key.model(),
                    key.repeat(),
                    output,
                    result.latencyMs(),
                    result.promptTokens(),
                    result.completionTokens(),
                    result.costMicros(),
                    result.generationId(),
                    result.simulated(),
                    attempts.count()));
            return output;
        } catch (ProviderFailure failure) {
            if (failure.kind() == ProviderFailure.Kind.CANCELLED || stopped) throw new Stopped();
            recorder.add(new ModelCallFailed(
                    runId,
                    key.caseId(),
                    key.model(),
                    key.repeat(),
                    failure.kind().name(),
                    failure.getMessage(),
                    failure.httpStatus().isPresent() ? failure.httpStatus().getAsInt() : null,
                    attempts.count()));
            return null;
        } finally {
            hold.release();
        }
    }

    /**
     * One judge's verdict. An answer that does not parse as a verdict is asked again, up to
     * {@code judgeAttempts} times; then, or when the call itself fails, the verdict is recorded as failed.
     */
    private JudgeVerdictRecorded judge(
            Grader.LlmJudge grader,
            int graderIndex,
            String judge,
            TestCase testCase,
            TrialKey key,
            String candidateModel,
            String output) {
        JudgePrompt prompt = JudgePrompt.render(grader.rubric(), testCase, output);
        var call = new ChatRequest(
                judge,
                List.of(ChatMessage.system(prompt.system()), ChatMessage.user(prompt.user())),
                0.0,
                completionCap(judge, context.properties().judgeMaxTokens()),
                providerKey,
                null);
        boolean selfPreference = Vendors.selfPreference(judge, candidateModel);
        long cost = 0;
        int calls = 0;
        String generationId = null;
        var generations = new ArrayList<ProviderGeneration>();
        String failure = null;
        for (int attempt = 1; attempt <= context.properties().judgeAttempts(); attempt++) {
            var attempts = new Attempts();
            CallBudget.Hold hold;
            try {
                hold = hold(call);
            } catch (Stopped refused) {
                // the reservation does not cover asking again: the verdict fails, with what the earlier attempts cost
                if (stopped || calls == 0) throw refused;
                failure = "the judge was not asked again: " + budget.reason();
                break;
            }
            try {
                ChatResult result = context.gateway().completeWithRetries(call, attempts, requester);
                hold.settle(result.simulated() ? 0 : result.costMicros());
                calls += attempts.count();
                cost += result.costMicros();
                generationId = result.generationId();
                if (generationId != null) generations.add(new ProviderGeneration(generationId, result.costMicros()));
                var verdict = JudgeVerdictParser.parse(result.output());
                if (verdict.isPresent()) {
                    JudgeVerdict v = verdict.get();
                    return new JudgeVerdictRecorded(
                            runId,
                            key.caseId(),
                            key.model(),
                            key.repeat(),
                            graderIndex,
                            judge,
                            v.score(),
                            v.rationale(),
                            null,
                            selfPreference,
                            cost,
                            generationId,
                            calls,
                            generations);
                }
                failure = "the judge's answer is not a verdict {\"score\": 0..1, \"rationale\": …} after " + attempt
                        + " attempt(s); last answer: " + abbreviate(result.output());
            } catch (ProviderFailure callFailed) {
                calls += attempts.count();
                if (callFailed.kind() == ProviderFailure.Kind.CANCELLED || stopped) throw new Stopped();
                failure = "the judge call failed: " + callFailed.kind() + ": " + callFailed.getMessage();
                break;
            } finally {
                hold.release();
            }
        }
        checkNotStopped();
        return new JudgeVerdictRecorded(
                runId,
                key.caseId(),
                key.model(),
                key.repeat(),
                graderIndex,
                judge,
                null,
                null,
                failure,
                selfPreference,
                cost,
                generationId,
                calls,
                generations);
    }

    /** The first {@code max} chars of an answer (not splitting a surrogate pair): what is graded, judged and stored. */
    static String kept(String output, int max) {
        if (output == null || output.length() <= max) return output;
        int end = max > 0 && Character.isHighSurrogate(output.charAt(max - 1)) ? max - 1 : max;
        return output.substring(0, end);
    }

    /**
     * The benchmark's deterministic graders (index i), then the case's own (index {@code graders.size() + j}); the
     * scoring counts every recorded result, so a case's own graders weigh like the benchmark's.
     */
    private static List<GraderResult> grade(List<Grader> graders, TestCase testCase, String output) {
        var all = new ArrayList<>(graders);
        all.addAll(testCase.ownGraders());
        var results = new ArrayList<GraderResult>();
        for (int i = 0; i < all.size(); i++) {
            Grader grader = all.get(i);
            if (!DeterministicGrading.handles(grader)) continue;
            Grade grade = DeterministicGrading.grade(grader, testCase, output);
            results.add(new GraderResult(i, typeName(grader), grade.score(), grade.passed(), grade.reason()));
        }
        return results;
    }

    static String typeName(Grader grader) {
        return switch (grader) {
            case Grader.Exact g -> "exact";
            case Grader.Contains g -> "contains";
            case Grader.Regex g -> "regex";
            case Grader.JsonValid g -> "json-valid";
            case Grader.JsonSchema g -> "json-schema";
            case Grader.Numeric g -> "numeric";
            case Grader.Similarity g -> "similarity";
            case Grader.LlmJudge g -> "llm-judge";
            case Grader.StartsWith g -> "starts-with";
            case Grader.ContainsAny g -> "contains-any";
            case Grader.ContainsAll g -> "contains-all";
            case Grader.Not g -> "not";
        };
    }

    private static boolean hasDeterministicGrader(List<Grader> graders, TestCase testCase) {
        return graders.stream().anyMatch(DeterministicGrading::handles)
                || testCase.ownGraders().stream().anyMatch(DeterministicGrading::handles);
    }

    /**
     * The llm-judge a panel asks for this case: the benchmark's grader at its index, or the case's own at index
     * {@code graders + j}; null when this case has no llm-judge there (another case's own judge made the panel).
     */
    static Grader.LlmJudge judgeOf(RunRequested request, JudgePanel panel, TestCase testCase) {
        int index = panel.graderIndex();
        if (index < request.graders().size())
            return (Grader.LlmJudge) request.graders().get(index);
        if (testCase == null || !panel.judges(testCase.id())) return null;
        int own = index - request.graders().size();
        if (testCase == null || own >= testCase.ownGraders().size()) return null;
        return testCase.ownGraders().get(own) instanceof Grader.LlmJudge judge ? judge : null;
    }

    private static boolean complete(RunTally.Trial trial, RunRequested request, TestCase testCase) {
        if (!trial.graded && hasDeterministicGrader(request.graders(), testCase)) return false;
        for (JudgePanel panel : request.judgePanels()) {
            if (judgeOf(request, panel, testCase) == null) continue;
            for (String judge : panel.judges()) {
                if (!trial.hasVerdict(panel.graderIndex(), judge)) return false;
            }
        }
        return true;
    }

    private boolean needsKey(RunRequested request) {
        return Stream.concat(
                        request.models().stream(),
                        request.judgePanels().stream().flatMap(p -> p.judges().stream()))
                .anyMatch(model -> !context.gateway().simulated(model));
    }

    /**
     * With billing CREDITS, {@code requested} completion tokens lowered to what the model can answer with at most (its
     * catalogue entry), which is also what its bound counts; a BYOK call is sent as asked.
     */
    private Integer completionCap(String model, Integer requested) {
        if (requested == null || !budget.limited()) return requested;
        return RunCostEstimate.completionCap(context.gateway(), model, requested);
    }

    /**
     * Holds the call's bound in the run's budget before it is sent (billing CREDITS); waits while calls in flight may
     * still leave room. When the budget cannot cover it, the call is not sent and the run stops: no new call starts.
     */
    private CallBudget.Hold hold(ChatRequest call) {
        try {
            return budget.hold(
                    call.model(),
                    () -> RunCostEstimate.callBound(
                            context.gateway(),
                            call.model(),
                            call.messages().stream().map(ChatMessage::content).toList(),
                            call.maxTokens() == null ? 0 : call.maxTokens()));
        } catch (CallBudget.UsedUp usedUp) {
            throw new Stopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped();
        }
    }

    private void checkNotStopped() {
        if (stopped || Thread.currentThread().isInterrupted()) throw new Stopped();
    }

    private void fail(String reason) {
        log.warn("Run {} fails: {}", runId, reason);
        context.commands().sendAndWait(new FailRun(runId, reason));
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
    }

    /** What the stored events say: the request, whether the run has ended or waits to be resumed, and the recorded trials. */
    private record Stored(RunRequested request, boolean ended, boolean suspended, RunTally tally) {}

    private Stored load() {
        DomainEventStream events = context.eventStore().readEvents(runId.value());
        RunRequested request = null;
        RunTally tally = null;
        boolean ended = false;
        boolean suspended = false;
        while (events.hasNext()) {
            Object payload = events.next().getPayload();
            switch (payload) {
                case RunRequested r -> {
                    request = r;
                    tally = new RunTally(r, context.gateway()::simulated);
                }
                case RunEvent.TrialResult result -> tally.record(result);
                case RunCompleted c -> ended = true;
                case RunFailed f -> ended = true;
                case RunCancelled c -> ended = true;
                case RunTimedOut t -> ended = true;
                case RunSuspended w -> suspended = true;
                case RunResumed r -> suspended = false;
                default -> {}
            }
        }
        return request == null ? null : new Stored(request, ended, suspended, tally);
    }

    /** Counts the calls one {@code completeWithRetries} made: one, plus one per retry. */
    private static final class Attempts implements RetryPolicy.RetryListener {
        private int retries;

        @Override
        public void retrying(int attempt, ProviderFailure failure, java.time.Duration wait) {
            retries++;
        }

        int count() {
            return retries + 1;
        }
    }
}
