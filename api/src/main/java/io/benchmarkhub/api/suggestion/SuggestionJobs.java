package io.benchmarkhub.api.suggestion;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchmarkhub.api.benchmark.ReadYourWrites;
import io.benchmarkhub.command.benchmark.Benchmark;
import io.benchmarkhub.command.credits.CreditsProperties;
import io.benchmarkhub.command.credits.RunCostEstimate;
import io.benchmarkhub.command.credits.RunReservations;
import io.benchmarkhub.command.credits.store.WorkspaceSpend;
import io.benchmarkhub.command.run.BenchmarkReader;
import io.benchmarkhub.command.run.provider.ChatMessage;
import io.benchmarkhub.command.run.provider.ChatRequest;
import io.benchmarkhub.command.run.provider.ChatResult;
import io.benchmarkhub.command.run.provider.ProviderFailure;
import io.benchmarkhub.command.run.provider.ProviderGateway;
import io.benchmarkhub.domain.benchmark.BenchmarkException;
import io.benchmarkhub.domain.benchmark.BenchmarkHistory;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.benchmark.Visibility;
import io.benchmarkhub.domain.benchmark.commands.AddTestCases;
import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.credits.ModelCost;
import io.benchmarkhub.domain.credits.commands.ChargeRun;
import io.benchmarkhub.domain.limits.LimitExceeded;
import io.benchmarkhub.domain.run.Billing;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.suggestion.EdgeCaseType;
import io.benchmarkhub.domain.suggestion.Suggestion;
import io.benchmarkhub.domain.suggestion.SuggestionException;
import io.benchmarkhub.domain.suggestion.commands.SuggestionCommands;
import io.benchmarkhub.domain.suggestion.events.SuggestionBatchRecorded;
import io.benchmarkhub.domain.suggestion.events.SuggestionJobEnded;
import io.benchmarkhub.domain.suggestion.events.SuggestionJobRequested;
import io.benchmarkhub.domain.suggestion.events.SuggestionPersonasDrafted;
import io.benchmarkhub.domain.user.Actor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts suggestion jobs and carries them out on this node, one model call after another, and turns an accepted
 * suggestion into a case through the benchmark's ordinary edit path (docs/suggestions.md).
 * <p>
 * Billing follows the rules of a run (docs/credits.md): every prompt is built before the first call, a CREDITS job on a
 * paid model reserves the bound of all its calls before it is recorded (402 when the account cannot cover it), each call
 * is sent only while what is left of the reservation covers its bound, and the job is charged once, at its end, for
 * what its calls cost. A BYOK key stays in memory for the job only.
 */
@Component
class SuggestionJobs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SuggestionJobs.class);

    /** What the API was asked for; null fields take their defaults. */
    public record Request(
            Integer count,
            String instructions,
            List<String> personas,
            List<String> edgeCaseTypes,
            String model,
            Billing billing,
            Integer draftPersonas) {}

    private final BenchmarkReader benchmarks;
    private final ProviderGateway gateway;
    private final CommandGateway commands;
    private final CreditsProperties credits;
    private final RunReservations reservations;
    private final WorkspaceSpend spend;
    private final TransactionTemplate transaction;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final ReadYourWrites readYourWrites;
    private final EventStore eventStore;
    private final int maxCount;
    private final int batchSize;
    private final int maxTokens;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("suggestions-", 0).factory());
    /** The jobs this node is carrying out; never ended as abandoned here. */
    private final Set<String> executing = ConcurrentHashMap.newKeySet();

    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("suggestion-sweeper").daemon(true).factory());
    private volatile Duration abandonAfter;
    private final int concurrentJobs;
    private final Duration concurrentJobsRetry;

    public SuggestionJobs(
            BenchmarkReader benchmarks,
            ProviderGateway gateway,
            CommandGateway commands,
            CreditsProperties credits,
            RunReservations reservations,
            WorkspaceSpend spend,
            TransactionTemplate transaction,
            JdbcTemplate jdbc,
            ObjectMapper json,
            ReadYourWrites readYourWrites,
            EventStore eventStore,
            @Value("${benchmarkhub.suggestions.max-count:50}") int maxCount,
            @Value("${benchmarkhub.suggestions.batch-size:10}") int batchSize,
            @Value("${benchmarkhub.suggestions.max-tokens:4096}") int maxTokens,
            @Value("${benchmarkhub.suggestions.abandon-after:15m}") Duration abandonAfter,
            @Value("${benchmarkhub.suggestions.sweep-interval:1m}") Duration sweepInterval,
            @Value("${benchmarkhub.suggestions.concurrent-jobs:2}") int concurrentJobs,
            @Value("${benchmarkhub.suggestions.concurrent-jobs-retry:30s}") Duration concurrentJobsRetry) {
        this.benchmarks = benchmarks;
        this.gateway = gateway;
        this.commands = commands;
        this.credits = credits;
        this.reservations = reservations;
        this.spend = spend;
        this.transaction = transaction;
        this.jdbc = jdbc;
        this.json = json;
        this.readYourWrites = readYourWrites;
        this.eventStore = eventStore;
        this.maxCount = maxCount;
        this.batchSize = batchSize;
        this.maxTokens = maxTokens;
        this.abandonAfter = abandonAfter;
        this.concurrentJobs = concurrentJobs;
        this.concurrentJobsRetry = concurrentJobsRetry;
        sweeper.scheduleWithFixedDelay(
                () -> {
                    try {
                        endAbandoned();
                    } catch (RuntimeException e) {
                        log.warn("Could not end abandoned suggestion jobs: {}", e.toString());
                    }
                },
                sweepInterval.toMillis(),
                sweepInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Validates, reserves (CREDITS), records the job and starts it here; answers its id. */
    public String start(BenchmarkId benchmarkId, Request request, Actor actor, String providerKey) {
        BenchmarkHistory.Snapshot benchmark = ownedBenchmark(benchmarkId, actor);
        var problems = new ArrayList<Violation>();
        int count = request.count() == null ? 0 : request.count();
        if (request.count() == null) problems.add(new Violation("count", "is required"));
        else if (count < 1 || count > maxCount) problems.add(new Violation("count", "must be from 1 to " + maxCount));
        if (request.instructions() != null && request.instructions().length() > 2_000) {
            problems.add(new Violation("instructions", "must be at most 2000 characters"));
        }
        List<String> personas = request.personas() == null ? List.of() : request.personas();
        if (personas.size() > 10) problems.add(new Violation("personas", "at most 10 personas"));
        for (int i = 0; i < personas.size(); i++) {
            String p = personas.get(i);
            if (p == null || p.isBlank() || p.length() > 500)
                problems.add(new Violation("personas[" + i + "]", "must be 1-500 characters"));
        }
        if (!personas.isEmpty() && count > 0 && personas.size() > count)
            problems.add(new Violation("personas", "more personas than cases asked for"));
        int draftPersonas = request.draftPersonas() == null ? 0 : request.draftPersonas();
        if (draftPersonas < 0 || draftPersonas > 10)
            problems.add(new Violation("draftPersonas", "must be from 0 to 10"));
        else if (draftPersonas > 0 && !personas.isEmpty())
            problems.add(new Violation("draftPersonas", "personas are given: nothing to draft"));
        else if (draftPersonas > 0 && count > 0 && draftPersonas > count)
            problems.add(new Violation("draftPersonas", "more personas than cases asked for"));
        var types = new ArrayList<EdgeCaseType>();
        List<String> typeNames = request.edgeCaseTypes() == null ? List.of() : request.edgeCaseTypes();
        for (int i = 0; i < typeNames.size(); i++) {
            EdgeCaseType type = EdgeCaseType.parse(typeNames.get(i));
            if (type == null)
                problems.add(new Violation("edgeCaseTypes[" + i + "]", "must be one of " + EdgeCaseType.wireNames()));
            else if (!types.contains(type)) types.add(type);
        }
        Billing billing = request.billing() == null ? Billing.CREDITS : request.billing();
        boolean haveKey = billing == Billing.BYOK && providerKey != null && !providerKey.isBlank();
        if (billing == Billing.CREDITS && providerKey != null && !providerKey.isBlank()) {
            problems.add(new Violation("billing", "X-Provider-Key is only used with billing BYOK"));
        }
        String model = request.model();
        boolean modelOk = checkModel(model, haveKey, problems);
        if (benchmark.graders().isEmpty())
            problems.add(new Violation(
                    "benchmarkId", "the benchmark has no graders, so no proposal can be checked as gradable"));
        if (!problems.isEmpty()) throw new SuggestionException.Invalid(problems);

        int cap = modelOk ? RunCostEstimate.completionCap(gateway, model, maxTokens) : maxTokens;
        // every call is known before the first: drafted personas stand as placeholders as long as the longest one kept,
        // so
        // their share of the calls (never more calls than this plan, never a longer prompt) is inside the bound
        // reserved
        List<List<ChatMessage>> calls = new ArrayList<>();
        if (draftPersonas > 0)
            calls.add(SuggestionPrompts.personaMessages(json, benchmark, draftPersonas, request.instructions()));
        List<String> planned = draftPersonas > 0
                ? Collections.nCopies(draftPersonas, SuggestionPrompts.PERSONA_PLACEHOLDER)
                : personas;
        List<SuggestionPrompts.Batch> plan =
                SuggestionPrompts.plan(json, benchmark, count, request.instructions(), planned, types, batchSize);
        plan.forEach(batch -> calls.add(batch.messages()));
        Long reserved = null;
        if (billing == Billing.CREDITS && !gateway.simulated(model)) {
            long micros = 0;
            for (List<ChatMessage> call : calls) {
                OptionalLong bound = RunCostEstimate.callBound(gateway, model, texts(call), cap);
                if (bound.isEmpty()) {
                    throw new SuggestionException.Invalid(
                            List.of(
                                    new Violation(
                                            "model",
                                            "the price of " + model
                                                    + " is not known, so what its calls cost cannot be bounded and reserved: use billing BYOK")));
                }
                micros += bound.getAsLong();
            }
            reserved = credits.pricing().creditsFor(micros);
        }
        String jobId = "sgj_" + UUID.randomUUID().toString().replace("-", "");
        // a member's CREDITS job on their workspace's benchmark bills the workspace, within their monthly limit, as a
        // run does (ADR 0038); everything else bills the requester
        String workspace =
                reserved != null && actor.roleIn(benchmark.workspaceId()) != null ? benchmark.workspaceId() : null;
        AccountId account = workspace != null ? AccountId.ofWorkspace(workspace) : AccountId.of(actor.userId());
        var requested = new SuggestionJobRequested(
                jobId,
                benchmark.id(),
                benchmark.version(),
                actor.userId(),
                count,
                request.instructions(),
                personas,
                types.stream().map(EdgeCaseType::wireName).toList(),
                model,
                billing,
                calls.size(),
                cap,
                reserved,
                reserved == null ? null : credits.pricing(),
                draftPersonas,
                workspace != null ? account : null);
        long reserving = reserved == null ? 0 : reserved;
        Runnable record = () -> transaction.executeWithoutResult(status -> {
            admit(actor.userId().value());
            jdbc.update(
                    "INSERT INTO suggestion_job (job_id, benchmark_id, requested_by) VALUES (?, ?, ?)",
                    jobId,
                    benchmark.id().value(),
                    actor.userId().value());
            commands.sendAndWait(new SuggestionCommands.RequestSuggestions(jobId, requested));
        });
        if (workspace == null || reserving == 0) {
            reservations.reserveThenRecord(account, new RunId(jobId), reserving, record);
        } else {
            // the member's monthly limit holds the reservation before the account does (402 naming the limit), so two
            // nodes cannot both pass it; a refusal further on (credits, fair use) gives the hold back
            spend.hold(workspace, actor.userId(), new RunId(jobId), reserving);
            try {
                reservations.reserveThenRecord(account, new RunId(jobId), reserving, record);
            } catch (RuntimeException refused) {
                spend.drop(new RunId(jobId));
                throw refused;
            }
        }
        String key = haveKey ? providerKey : null;
        executing.add(jobId);
        executor.submit(() -> {
            try {
                execute(requested, benchmark, draftPersonas > 0 ? null : plan, key);
            } finally {
                executing.remove(jobId);
            }
        });
        return jobId;
    }

    /**
     * Makes the job's calls in order and records each answer whole; ends the job and charges it however it ends. A job that
     * drafts its personas ({@code plan} null) first asks for them, then plans its case calls for the personas it got.
     */
    void execute(
            SuggestionJobRequested job,
            BenchmarkHistory.Snapshot benchmark,
            List<SuggestionPrompts.Batch> plan,
            String providerKey) {
        long spent = 0;
        String failure = null;
        int kept = 0;
        int unreadable = 0;
        try {
            if (plan == null) {
                List<ChatMessage> messages =
                        SuggestionPrompts.personaMessages(json, benchmark, job.draftPersonas(), job.instructions());
                failure = overBudget(job, messages, spent);
                ChatResult result = null;
                if (failure == null) {
                    try {
                        result = call(job, messages, providerKey);
                    } catch (ProviderFailure e) {
                        failure = "the call to " + job.model() + " failed: " + e.getMessage();
                    }
                }
                if (failure != null) return;
                long cost = result.simulated() ? 0 : result.costMicros();
                spent += cost;
                List<String> personas = List.of();
                String problem = null;
                try {
                    personas = SuggestionPrompts.readPersonas(json, result.output(), job.draftPersonas());
                } catch (IllegalArgumentException unreadablePersonas) {
                    problem = unreadablePersonas.getMessage() + "; the cases are drafted without personas";
                }
                commands.sendAndWait(new SuggestionCommands.RecordDraftedPersonas(
                        job.jobId(), new SuggestionPersonasDrafted(job.jobId(), personas, cost, problem)));
                plan = SuggestionPrompts.plan(
                        json,
                        benchmark,
                        job.count(),
                        job.instructions(),
                        personas,
                        job.edgeCaseTypes().stream().map(EdgeCaseType::parse).toList(),
                        batchSize);
            }
            var checks = new ProposalChecks(json, benchmark.graders(), benchmark.cases());
            int[] nextId = {1};
            for (SuggestionPrompts.Batch batch : plan) {
                failure = overBudget(job, batch.messages(), spent);
                if (failure != null) break;
                ChatResult result;
                try {
                    result = call(job, batch.messages(), providerKey);
                } catch (ProviderFailure e) {
                    failure = "the call to " + job.model() + " failed: " + e.getMessage();
                    break;
                }
                long cost = result.simulated() ? 0 : result.costMicros();
                spent += cost;
                ProposalChecks.Outcome outcome = checks.check(result.output(), job.jobId(), nextId, batch.persona());
                // one event per answer: its proposals are recorded whole or not at all
                commands.sendAndWait(new SuggestionCommands.RecordSuggestionBatch(
                        job.jobId(),
                        new SuggestionBatchRecorded(
                                job.jobId(),
                                batch.index(),
                                outcome.accepted(),
                                outcome.malformed(),
                                outcome.duplicates(),
                                cost,
                                outcome.problem())));
                kept += outcome.accepted().size();
                if (outcome.accepted().isEmpty() && outcome.malformed() > 0) unreadable++;
            }
            if (failure == null && kept == 0 && unreadable > 0) {
                failure = "no answer of " + job.model()
                        + " could be used: every one was malformed (not the JSON asked for, or cut off)";
            }
        } catch (RuntimeException e) {
            log.warn("Suggestion job {} stopped: {}", job.jobId(), e.toString());
            failure = "the job stopped: " + e.getClass().getSimpleName();
        } finally {
            try {
                commands.sendAndWait(new SuggestionCommands.EndSuggestionJob(job.jobId(), failure));
            } finally {
                if (job.reservedCredits() != null && job.reservedCredits() > 0) {
                    commands.sendAndWait(new ChargeRun(
                            job.billedAccount(),
                            new RunId(job.jobId()),
                            List.of(new ModelCost(job.model(), spent)),
                            job.pricing()));
                }
            }
        }
    }

    /**
     * Fair use: a user's jobs that have not ended, at most {@code concurrent-jobs} (429 with Retry-After otherwise), counted
     * in PostgreSQL under a lock per user, so across all instances. In the transaction that records the job: a refusal
     * records nothing and releases what was reserved. A job whose node died counts until another node ends it.
     */
    private void admit(String userId) {
        jdbc.queryForObject(
                "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", Object.class, "suggestion-admission:" + userId);
        Integer running = jdbc.queryForObject("""
                SELECT count(*) FROM suggestion_job j WHERE j.requested_by = ? AND j.requested_at > now() - interval '1 day'
                  AND NOT EXISTS (SELECT 1 FROM domain_event_entry e WHERE e.aggregate_identifier = j.job_id AND e.payload_type = ?)""", Integer.class, userId, SuggestionJobEnded.class.getName());
        if (running != null && running >= concurrentJobs) {
            throw new LimitExceeded(
                    "concurrent-suggestion-jobs",
                    concurrentJobs,
                    concurrentJobsRetry,
                    "you have " + running + " suggestion jobs that have not ended; at most " + concurrentJobs
                            + " may run at once. Wait for one to end");
        }
    }

    /** Why the next call is not sent (what is left of the reservation does not cover its bound), or null to send it. */
    private String overBudget(SuggestionJobRequested job, List<ChatMessage> messages, long spent) {
        if (job.reservedCredits() == null) return null;
        OptionalLong bound = RunCostEstimate.callBound(gateway, job.model(), texts(messages), job.maxTokens());
        if (bound.isPresent() && credits.pricing().creditsFor(spent + bound.getAsLong()) <= job.reservedCredits())
            return null;
        return "the job used up the " + job.reservedCredits() + " credits reserved for it: what is left does not cover "
                + "the next call to " + job.model() + ", which was not sent";
    }

    private ChatResult call(SuggestionJobRequested job, List<ChatMessage> messages, String providerKey)
            throws ProviderFailure {
        return gateway.completeWithRetries(
                new ChatRequest(job.model(), messages, 0.7, job.maxTokens(), providerKey, null),
                (attempt, failed, wait) -> log.debug(
                        "Suggestion job {}: attempt {} failed ({}), retrying", job.jobId(), attempt, failed.kind()),
                providerKey == null ? job.requestedBy().value() : null);
    }

    /**
     * Adds the suggestion (or the caller's edit of it) to the benchmark as one ordinary edit guarded by {@code If-Match},
     * and records it as accepted in the same transaction: both or neither.
     */
    public Benchmark.AddedCases accept(String suggestionId, Long expectedVersion, TestCase edited, Actor actor) {
        SuggestionView.Job job = SuggestionView.read(readJob(suggestionId, actor));
        SuggestionView.Item item = job.items().stream()
                .filter(i -> i.suggestion().id().equals(suggestionId))
                .findFirst()
                .orElseThrow(() -> new SuggestionException.NotFound("suggestion " + suggestionId));
        if (!"PENDING".equals(item.status()))
            throw new SuggestionException.StateConflict(
                    "suggestion " + suggestionId + " was decided already: " + item.status());
        if (expectedVersion == null) {
            throw new SuggestionException.Invalid(List.of(new Violation(
                    "If-Match",
                    "is required: the benchmark version the suggestion is accepted into, e.g. If-Match: \"3\"")));
        }
        TestCase base = item.suggestion().testCase();
        // what the edit leaves out keeps the suggestion's
        TestCase toAdd = edited == null
                ? base
                : new TestCase(
                        null,
                        edited.input() != null ? edited.input() : base.input(),
                        edited.expected() != null ? edited.expected() : base.expected(),
                        edited.tags() != null && !edited.tags().isEmpty() ? edited.tags() : base.tags(),
                        edited.metadata(),
                        edited.weight());
        if (edited != null) {
            var check = new ProposalChecks(
                    json, ownedBenchmark(job.benchmarkId(), actor).graders(), List.of());
            String gradable = check.gradable(toAdd.expected());
            if (gradable != null)
                throw new SuggestionException.Invalid(List.of(new Violation("edited.expected", gradable)));
        }
        Benchmark.AddedCases added = transaction.execute(status -> {
            Benchmark.AddedCases result =
                    commands.sendAndWait(new AddTestCases(job.benchmarkId(), actor, expectedVersion, List.of(toAdd)));
            commands.sendAndWait(new SuggestionCommands.AcceptSuggestion(
                    job.jobId(), suggestionId, result.caseIds().getFirst(), result.version(), edited != null, actor));
            return result;
        });
        readYourWrites.awaitStored(job.benchmarkId().value());
        return added;
    }

    public void reject(String suggestionId, Actor actor) {
        String jobId = ((SuggestionJobRequested)
                        readJob(suggestionId, actor).getFirst().payload())
                .jobId();
        commands.sendAndWait(new SuggestionCommands.RejectSuggestion(jobId, suggestionId, actor));
    }

    /** The job's events, when the caller requested it; 404 otherwise. Accepts a job id or a suggestion id. */
    List<SuggestionView.Timed> readJob(String jobOrSuggestionId, Actor actor) {
        String jobId = jobOrSuggestionId != null && jobOrSuggestionId.indexOf('.') > 0
                ? Suggestion.jobOf(jobOrSuggestionId)
                : jobOrSuggestionId;
        String what = jobId != null && jobId.equals(jobOrSuggestionId)
                ? "suggestion job " + jobOrSuggestionId
                : "suggestion " + jobOrSuggestionId;
        if (jobId == null || !jobId.matches("sgj_[0-9a-f]{32}")) throw new SuggestionException.NotFound(what);
        List<SuggestionView.Timed> events = SuggestionView.events(eventStore, jobId);
        if (events.isEmpty()
                || !(events.getFirst().payload() instanceof SuggestionJobRequested r)
                || !r.requestedBy().equals(actor.userId())) {
            throw new SuggestionException.NotFound(what);
        }
        return events;
    }

    /** The ids of the caller's jobs on a benchmark, oldest first. */
    List<String> jobsOf(BenchmarkId benchmarkId, Actor actor) {
        return jdbc.queryForList(
                "SELECT job_id FROM suggestion_job WHERE benchmark_id = ? AND requested_by = ? ORDER BY requested_at, job_id",
                String.class,
                benchmarkId.value(),
                actor.userId().value());
    }

    /** The benchmark, which only its owner can draft cases for: 404 when the caller cannot see it, 403 when not theirs. */
    BenchmarkHistory.Snapshot ownedBenchmark(BenchmarkId id, Actor actor) {
        BenchmarkHistory.Snapshot benchmark =
                benchmarks.read(id, null).orElseThrow(() -> new BenchmarkException.NotFound(id));
        // a workspace's benchmark is drafted for by its members above viewer, as they edit it; its creator loses that
        // when they leave (ADR 0037)
        String workspace = benchmark.workspaceId();
        if (benchmark.currentVisibility() != Visibility.PUBLIC && !actor.seesPrivate(benchmark.ownerId(), workspace))
            throw new BenchmarkException.NotFound(id);
        if (!actor.mayChange(benchmark.ownerId(), workspace)) {
            throw new BenchmarkException.NotPermitted(
                    workspace == null
                            ? "only the owner of benchmark " + id + " can draft cases for it"
                            : "only members of its workspace who are no viewers can draft cases for benchmark " + id);
        }
        return benchmark;
    }

    private boolean checkModel(String model, boolean haveKey, List<Violation> problems) {
        if (model == null || model.isBlank() || model.length() > 200) {
            problems.add(new Violation("model", "must be a model id such as openai/gpt-4o-mini"));
            return false;
        }
        try {
            gateway.routeKnown(model);
            if (!haveKey && gateway.needsCallerKey(model)) {
                problems.add(
                        new Violation(
                                "model",
                                model
                                        + " needs a provider key: no server key is configured, so send billing BYOK with X-Provider-Key"));
                return false;
            }
            return true;
        } catch (ProviderFailure failure) {
            problems.add(new Violation("model", failure.getMessage()));
            return false;
        }
    }

    private static List<String> texts(List<ChatMessage> messages) {
        return messages.stream().map(ChatMessage::content).toList();
    }

    /**
     * Ends the jobs whose node stopped: not ended, not carried out here, and with no event for {@code abandon-after}
     * (longer than any call with its retries takes). Each is ended FAILED and charged once for the calls it recorded, and
     * the rest of its reservation is released. Any node may do it, and two doing it at once end and charge it once.
     * Answers how many it ended.
     */
    public int endAbandoned() {
        List<String> open = jdbc.queryForList("""
                SELECT j.job_id FROM suggestion_job j
                WHERE NOT EXISTS (SELECT 1 FROM domain_event_entry e WHERE e.aggregate_identifier = j.job_id AND e.payload_type = ?)
                ORDER BY j.requested_at""", String.class, SuggestionJobEnded.class.getName());
        Instant cutoff = Instant.now().minus(abandonAfter);
        int ended = 0;
        for (String jobId : open) {
            if (executing.contains(jobId)) continue;
            List<SuggestionView.Timed> events = SuggestionView.events(eventStore, jobId);
            if (events.isEmpty() || events.getLast().at().isAfter(cutoff)) continue;
            SuggestionView.Job job = SuggestionView.read(events);
            SuggestionJobRequested request = job.request();
            commands.sendAndWait(new SuggestionCommands.EndSuggestionJob(
                    jobId,
                    "abandoned: the node that carried it out stopped after " + job.callsMade() + " of "
                            + request.calls() + " calls; the job is charged for the calls it recorded"));
            if (request.reservedCredits() != null && request.reservedCredits() > 0) {
                commands.sendAndWait(new ChargeRun(
                        request.billedAccount(),
                        new RunId(jobId),
                        List.of(new ModelCost(request.model(), job.costMicros())),
                        request.pricing()));
            }
            ended++;
        }
        return ended;
    }

    /** For tests: how long a job may go without an event before another node ends it. */
    public void abandonAfter(Duration duration) {
        this.abandonAfter = duration;
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        executor.shutdownNow();
    }
}
