package io.benchmarkhub.command.run;

import io.benchmarkhub.command.credits.CreditsProperties;
import io.benchmarkhub.command.credits.RunCostEstimate;
import io.benchmarkhub.command.credits.RunReservations;
import io.benchmarkhub.command.credits.store.WorkspaceSpend;
import io.benchmarkhub.command.limits.RunAdmissions;
import io.benchmarkhub.command.run.provider.ProviderFailure;
import io.benchmarkhub.command.run.provider.ProviderGateway;
import io.benchmarkhub.domain.benchmark.BenchmarkException;
import io.benchmarkhub.domain.benchmark.BenchmarkHistory;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.PromptVariant;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.benchmark.Visibility;
import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.credits.CreditException;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.run.Billing;
import io.benchmarkhub.domain.run.JudgePanel;
import io.benchmarkhub.domain.run.PromptRendering;
import io.benchmarkhub.domain.run.RunException;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.run.RunParams;
import io.benchmarkhub.domain.run.commands.RequestRun;
import io.benchmarkhub.domain.run.events.RunRequested;
import io.benchmarkhub.domain.user.Actor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns a run request into {@code RunRequested}: reads the pinned benchmark version from its events,
 * checks that the caller may see it, validates models, judges and size, resolves each LLM-judge
 * grader's panel, reserves credits for a CREDITS run (402 when they do not suffice), records the run
 * and hands it to this node's executor (with the BYOK key, which stays in memory only).
 */
@Component
public class RunLauncher {

    /** What a caller asks for; null fields take their defaults. */
    public record Launch(
            BenchmarkId benchmarkId,
            Long benchmarkVersion,
            List<String> models,
            List<String> judges,
            Integer repeats,
            Billing billing,
            RunParams params,
            String trigger,
            Long timeoutSeconds,
            Long maxCostCredits,
            List<String> prompts) {

        /** A launch of the benchmark's default prompt. */
        public Launch(
                BenchmarkId benchmarkId,
                Long benchmarkVersion,
                List<String> models,
                List<String> judges,
                Integer repeats,
                Billing billing,
                RunParams params,
                String trigger,
                Long timeoutSeconds,
                Long maxCostCredits) {
            this(
                    benchmarkId,
                    benchmarkVersion,
                    models,
                    judges,
                    repeats,
                    billing,
                    params,
                    trigger,
                    timeoutSeconds,
                    maxCostCredits,
                    null);
        }
    }

    /**
     * Runs in the transaction that records the run, just before it, with the run's id and the credits it reserves (null for
     * BYOK): a caller holding a claim under a lease (a schedule's fire, a watcher's model) confirms there that the claim is
     * still its own. Throwing refuses the run with nothing recorded, nothing reserved and nothing admitted.
     */
    @FunctionalInterface
    public interface Fence {
        void confirm(RunId runId, Long reservedCredits);
    }

    private final BenchmarkReader benchmarks;
    private final ProviderGateway gateway;
    private final CommandGateway commands;
    private final RunExecutor executor;
    private final RunsProperties properties;
    private final CreditsProperties credits;
    private final RunReservations reservations;
    private final RunAdmissions admissions;
    private final WorkspaceSpend spend;
    private final TransactionTemplate transaction;

    public RunLauncher(
            BenchmarkReader benchmarks,
            ProviderGateway gateway,
            CommandGateway commands,
            RunExecutor executor,
            RunsProperties properties,
            CreditsProperties credits,
            RunReservations reservations,
            RunAdmissions admissions,
            WorkspaceSpend spend,
            TransactionTemplate transaction) {
        this.admissions = admissions;
        this.spend = spend;
        this.transaction = transaction;
        this.benchmarks = benchmarks;
        this.gateway = gateway;
        this.commands = commands;
        this.executor = executor;
        this.properties = properties;
        this.credits = credits;
        this.reservations = reservations;
    }

    /** A request checked and resolved, before anything is reserved or recorded. */
    private record Plan(
            BenchmarkHistory.Snapshot benchmark,
            Billing billing,
            boolean haveKey,
            List<String> models,
            List<String> simulated,
            int repeats,
            RunParams params,
            long timeout,
            List<JudgePanel> panels,
            boolean judgesOverridden,
            long trials,
            List<String> prompts) {

        /** The templates the run sends: each variant's asked for, or the one template. */
        List<String> templates() {
            if (prompts == null) return java.util.Collections.singletonList(benchmark.promptTemplate());
            return prompts.stream().map(benchmark::templateOf).toList();
        }
    }

    /**
     * What a run would cost at most, without reserving or recording anything: the same checks as {@link #launch} (400 naming
     * the field), then the bound of all its calls from catalogue prices and, for CREDITS, the credits it would reserve.
     *
     * @param maxCostMicros     the bound of every call of the run (µ$), over the priced models
     * @param reservedCredits   CREDITS: what {@link #launch} would reserve (the bound in credits, capped by maxCostCredits); null for BYOK
     * @param maxTrialCredits   CREDITS: the bound of the costliest single trial in credits; null for BYOK
     * @param unpriced          real models (or judges) whose price is not known: BYOK only, their calls are not in the bound
     * @param workspaceId       CREDITS on a workspace's benchmark: the workspace whose account the run would bill; else null
     * @param monthlySpendLimit that workspace's monthly limit on the caller (credits); null without one
     * @param spentThisMonth    what the caller spent of the workspace's credits this calendar month (UTC); null when not
     *                          billed to a workspace
     * @param spendLeft         what is left of the limit this month: a run reserving more is refused (402); null without a
     *                          limit
     */
    public record RunEstimate(
            String billing,
            long trials,
            int cases,
            List<String> simulated,
            long maxCostMicros,
            Long reservedCredits,
            Long maxTrialCredits,
            List<String> unpriced,
            String workspaceId,
            Long monthlySpendLimit,
            Long spentThisMonth,
            Long spendLeft) {}

    public RunEstimate estimate(Launch launch, Actor actor, String providerKey) {
        Plan plan = plan(launch, actor, providerKey);
        RunParams params = plan.params();
        int maxTokens = params.maxTokens() != null ? params.maxTokens() : credits.defaultMaxTokens();
        var estimate = estimateOf(plan, plan.models(), maxTokens);
        Long reserved = null;
        Long oneTrial = null;
        if (plan.billing() == Billing.CREDITS) {
            reserved = reservation(plan, maxTokens, launch.maxCostCredits());
            oneTrial = credits.pricing().creditsFor(estimate.maxTrialMicros());
        }
        // the same rule as launch: a member's CREDITS run of their workspace's benchmark bills the workspace, within
        // the
        // member's monthly limit; shown here so the caller learns of the limit before the 402
        String workspace = plan.billing() == Billing.CREDITS
                        && actor.roleIn(plan.benchmark().workspaceId()) != null
                ? plan.benchmark().workspaceId()
                : null;
        WorkspaceSpend.Month month = workspace == null ? null : spend.month(workspace, actor.userId());
        return new RunEstimate(
                plan.billing().name(),
                plan.trials(),
                plan.benchmark().cases().size(),
                plan.simulated(),
                estimate.maxCostMicros(),
                reserved,
                oneTrial,
                List.copyOf(estimate.unpriced()),
                workspace,
                month == null ? null : month.monthlySpendLimit(),
                month == null ? null : month.spent(),
                month == null ? null : month.left());
    }

    public RunId launch(Launch launch, Actor actor, String providerKey) {
        return launch(launch, actor, providerKey, null);
    }

    /** As {@link #launch(Launch, Actor, String)}, recording the run only when {@code fence} (if any) confirms in the same transaction. */
    public RunId launch(Launch launch, Actor actor, String providerKey, Fence fence) {
        Plan plan = plan(launch, actor, providerKey);
        BenchmarkHistory.Snapshot benchmark = plan.benchmark();
        Billing billing = plan.billing();
        boolean haveKey = plan.haveKey();
        List<String> models = plan.models();
        List<String> simulated = plan.simulated();
        int repeats = plan.repeats();
        RunParams params = plan.params();
        long timeout = plan.timeout();
        List<JudgePanel> panels = plan.panels();
        boolean judgesOverridden = plan.judgesOverridden();
        long trials = plan.trials();

        Long reservation = null;
        if (billing == Billing.CREDITS) {
            // a CREDITS run always caps its completions, so that its reservation is a true upper bound
            if (params.maxTokens() == null) params = new RunParams(params.temperature(), credits.defaultMaxTokens());
            reservation = reservation(plan, params.maxTokens(), launch.maxCostCredits());
        }

        // what the caller set, before the platform adds its own defaults and caps: a run with none may count on public
        // boards
        var overrides = new ArrayList<String>();
        if (launch.params() != null && launch.params().temperature() != null) overrides.add(RunRequested.TEMPERATURE);
        if (launch.params() != null && launch.params().maxTokens() != null) overrides.add(RunRequested.MAX_TOKENS);
        if (judgesOverridden) overrides.add(RunRequested.JUDGES);

        RunId runId = RunId.generate();
        // a member's run of their workspace's benchmark is the workspace's: its members read it, leavers lose it, and
        // on
        // credits it is billed to the workspace's account
        String runWorkspace = actor.roleIn(benchmark.workspaceId()) != null ? benchmark.workspaceId() : null;
        AccountId workspaceAccount =
                billing == Billing.CREDITS && runWorkspace != null ? AccountId.ofWorkspace(runWorkspace) : null;
        AccountId account = workspaceAccount != null ? workspaceAccount : AccountId.of(actor.userId());
        var request = new RunRequested(
                runId,
                benchmark.id(),
                benchmark.version(),
                benchmark.contentHash(),
                actor.userId(),
                List.copyOf(models),
                List.copyOf(simulated),
                repeats,
                billing,
                params,
                benchmark.cases().stream().map(TestCase::id).toList(),
                benchmark.graders(),
                panels,
                benchmark.decisionCriteria(),
                launch.trigger() == null ? "api" : launch.trigger(),
                timeout,
                reservation,
                billing == Billing.CREDITS ? credits.pricing() : null,
                RunRequested.weightsOf(benchmark.cases()),
                List.copyOf(overrides),
                plan.prompts(),
                runWorkspace,
                workspaceAccount);
        // fair use first (429, across instances), then a run that cannot cost anything (simulated models) reserves and
        // is
        // charged nothing
        long reserved = reservation == null ? 0 : reservation;
        Long reservedCredits = reservation;
        Runnable record = fence == null
                ? () -> commands.sendAndWait(new RequestRun(runId, request))
                // joins the transaction reserveThenRecord opens to record a run that reserves credits, or opens one
                : () -> transaction.executeWithoutResult(status -> {
                    fence.confirm(runId, reservedCredits);
                    commands.sendAndWait(new RequestRun(runId, request));
                });
        admissions.admitThen(actor.userId().value(), runId, trials, () -> {
            if (workspaceAccount == null || reserved == 0) {
                reservations.reserveThenRecord(account, runId, reserved, record);
                return;
            }
            // the member's monthly limit holds what the run reserves before the account does, so that two nodes cannot
            // both pass it; a refusal further on gives it back
            spend.hold(runWorkspace, actor.userId(), runId, reserved);
            try {
                reservations.reserveThenRecord(account, runId, reserved, record);
            } catch (RuntimeException refused) {
                spend.drop(runId);
                throw refused;
            }
        });
        executor.submit(runId, haveKey ? providerKey : null);
        return runId;
    }

    private Plan plan(Launch launch, Actor actor, String providerKey) {
        var problems = new ArrayList<Violation>();
        if (launch.benchmarkId() == null)
            throw new RunException.Invalid(List.of(new Violation("benchmarkId", "is required")));
        // one read of the benchmark's events gives the pinned version and who may see the benchmark now
        BenchmarkHistory.Snapshot benchmark =
                benchmarks.read(launch.benchmarkId(), launch.benchmarkVersion()).orElse(null);
        if (benchmark == null
                && launch.benchmarkVersion() != null
                && benchmarks
                        .read(launch.benchmarkId(), null)
                        .filter(b -> visibleTo(b, actor))
                        .isPresent()) {
            throw new RunException.Invalid(List.of(new Violation(
                    "benchmarkVersion",
                    "benchmark " + launch.benchmarkId() + " has no version " + launch.benchmarkVersion())));
        }
        if (benchmark == null || !visibleTo(benchmark, actor))
            throw new BenchmarkException.NotFound(launch.benchmarkId());
        if (benchmark.currentVisibility() == Visibility.PRIVATE
                && benchmark.workspaceId() != null
                && !actor.mayChange(benchmark.ownerId(), benchmark.workspaceId())) {
            throw new BenchmarkException.NotPermitted("viewers of a workspace cannot run its private benchmarks");
        }
        Billing billing = launch.billing() != null ? launch.billing() : Billing.CREDITS;
        boolean haveKey = billing == Billing.BYOK && providerKey != null && !providerKey.isBlank();
        if (billing == Billing.CREDITS && providerKey != null && !providerKey.isBlank()) {
            problems.add(new Violation("billing", "X-Provider-Key is only used with billing BYOK"));
        }

        List<String> models = launch.models() == null ? List.of() : launch.models();
        if (models.isEmpty()) problems.add(new Violation("models", "must name at least one model"));
        if (models.size() > properties.maxModels())
            problems.add(new Violation("models", "at most " + properties.maxModels() + " models per run"));
        if (new HashSet<>(models).size() != models.size())
            problems.add(new Violation("models", "must not name a model twice"));
        var simulated = new ArrayList<String>();
        for (int i = 0; i < models.size(); i++) {
            if (checkModel("models[" + i + "]", models.get(i), haveKey, problems) && gateway.simulated(models.get(i)))
                simulated.add(models.get(i));
        }
        int repeats = launch.repeats() == null ? 1 : launch.repeats();
        if (repeats < 1 || repeats > properties.maxRepeats())
            problems.add(new Violation("repeats", "must be from 1 to " + properties.maxRepeats()));
        RunParams params = launch.params() == null ? RunParams.DEFAULTS : launch.params();
        if (params.temperature() != null && !(params.temperature() >= 0 && params.temperature() <= 2)) {
            problems.add(new Violation("params.temperature", "must be from 0 to 2"));
        }
        long timeout = launch.timeoutSeconds() == null ? properties.timeout().toSeconds() : launch.timeoutSeconds();
        if (timeout < 1 || timeout > properties.timeout().toSeconds()) {
            problems.add(new Violation(
                    "timeoutSeconds",
                    "must be from 1 to " + properties.timeout().toSeconds()));
        }
        if (params.maxTokens() != null && params.maxTokens() < 1)
            problems.add(new Violation("params.maxTokens", "must be positive"));
        if (billing == Billing.CREDITS && params.maxTokens() != null && params.maxTokens() > credits.maxTokens()) {
            // the bound of every call, and so the reservation, grows with it: the platform's key answers at most this
            // much
            problems.add(
                    new Violation("params.maxTokens", "must be at most " + credits.maxTokens() + " in a CREDITS run"));
        }

        if (benchmark.cases().isEmpty())
            problems.add(new Violation("benchmarkId", "the benchmark has no cases at version " + benchmark.version()));
        if (benchmark.graders().isEmpty()) {
            // a case's own graders grade it; without the benchmark's, every case needs its own
            long ungraded = benchmark.cases().stream()
                    .filter(c -> c.ownGraders().isEmpty())
                    .count();
            if (ungraded > 0) {
                problems.add(new Violation(
                        "benchmarkId",
                        "the benchmark has no graders at version " + benchmark.version()
                                + (ungraded < benchmark.cases().size()
                                        ? " and " + ungraded + " of its cases have none of their own"
                                        : "")));
            }
        }
        List<String> prompts = prompts(benchmark, launch.prompts(), problems);
        int variants = prompts == null ? 1 : prompts.size();
        long trials = (long) benchmark.cases().size() * models.size() * variants * repeats;
        if (trials > properties.maxTrials()) {
            problems.add(new Violation(
                    "models",
                    (prompts == null ? "cases × models × repeats = " : "cases × models × prompts × repeats = ") + trials
                            + " trials; at most " + properties.maxTrials() + " per run"));
        }

        if (prompts == null) checkPromptSizes(benchmark, benchmark.promptTemplate(), problems);
        else
            prompts.stream()
                    .distinct()
                    .filter(p -> benchmark.templateOf(p) != null)
                    .forEach(p -> checkPromptSizes(benchmark, benchmark.templateOf(p), problems));

        List<String> requestedJudges = launch.judges();
        if (requestedJudges != null) {
            if (requestedJudges.isEmpty())
                problems.add(new Violation("judges", "must name at least one judge, or be left out"));
            if (new HashSet<>(requestedJudges).size() != requestedJudges.size())
                problems.add(new Violation("judges", "must not name a judge twice"));
        }
        boolean allSimulated = simulated.size() == models.size();
        var panels = new ArrayList<JudgePanel>();
        boolean judgesOverridden = false;
        for (int g = 0; g < benchmark.graders().size(); g++) {
            if (!(benchmark.graders().get(g) instanceof Grader.LlmJudge judge)) continue;
            List<String> ownPanel = judge.panel() != null
                    ? judge.panel()
                    : allSimulated ? properties.simulatedJudges() : properties.defaultJudges();
            List<String> panel = requestedJudges != null ? requestedJudges : ownPanel;
            judgesOverridden |= !panel.equals(ownPanel);
            String field = requestedJudges != null
                    ? "judges"
                    : judge.panel() != null ? "graders[" + g + "].panel" : "judges (default panel)";
            if (panel.size() > properties.maxJudges())
                problems.add(new Violation(field, "at most " + properties.maxJudges() + " judges per panel"));
            for (String judgeModel : panel) checkModel(field, judgeModel, haveKey, problems);
            panels.add(new JudgePanel(g, panel));
        }
        // a case's own llm-judge at its position j (grader index graders + j) is asked of the run's judges or the
        // default panel
        var caseJudgeIndexes = new java.util.TreeMap<Integer, List<String>>();
        for (TestCase c : benchmark.cases()) {
            for (int j = 0; j < c.ownGraders().size(); j++) {
                if (c.ownGraders().get(j) instanceof Grader.LlmJudge) {
                    caseJudgeIndexes
                            .computeIfAbsent(benchmark.graders().size() + j, k -> new ArrayList<>())
                            .add(c.id());
                }
            }
        }
        if (!caseJudgeIndexes.isEmpty()) {
            List<String> panel = requestedJudges != null
                    ? requestedJudges
                    : allSimulated ? properties.simulatedJudges() : properties.defaultJudges();
            String field = requestedJudges != null ? "judges" : "judges (default panel, for the cases' own llm-judge)";
            if (panel.size() > properties.maxJudges())
                problems.add(new Violation(field, "at most " + properties.maxJudges() + " judges per panel"));
            for (String judgeModel : panel) checkModel(field, judgeModel, haveKey, problems);
            caseJudgeIndexes.forEach((index, caseIds) -> panels.add(new JudgePanel(index, panel, caseIds)));
        }
        if (launch.maxCostCredits() != null && launch.maxCostCredits() < 0)
            problems.add(new Violation("maxCostCredits", "must not be negative"));
        if (launch.maxCostCredits() != null && billing == Billing.BYOK)
            problems.add(new Violation("maxCostCredits", "only applies to billing CREDITS"));
        if (!problems.isEmpty()) throw new RunException.Invalid(dedupe(problems));

        return new Plan(
                benchmark,
                billing,
                haveKey,
                List.copyOf(models),
                List.copyOf(simulated),
                repeats,
                params,
                timeout,
                List.copyOf(panels),
                judgesOverridden,
                trials,
                prompts);
    }

    /**
     * The variants a run asks for: null when the benchmark has one template (its candidates are the models, as before);
     * with several, those named, by default the first (the default variant), each candidate then labelled {@code model@variant}.
     */
    private static List<String> prompts(
            BenchmarkHistory.Snapshot benchmark, List<String> asked, List<Violation> problems) {
        var variants = benchmark.promptVariants() == null ? List.<PromptVariant>of() : benchmark.promptVariants();
        if (variants.isEmpty()) {
            if (asked != null && !asked.isEmpty()) {
                problems.add(new Violation(
                        "prompts",
                        "the benchmark has one prompt template at version " + benchmark.version()
                                + ", no named variants: leave prompts out"));
            }
            return null;
        }
        if (asked == null) return List.of(variants.getFirst().name());
        if (asked.isEmpty())
            problems.add(
                    new Violation("prompts", "must name at least one prompt variant, or be left out for the default"));
        if (new HashSet<>(asked).size() != asked.size())
            problems.add(new Violation("prompts", "must not name a variant twice"));
        for (int i = 0; i < asked.size(); i++) {
            if (asked.get(i) == null || PromptVariant.named(variants, asked.get(i)) == null) {
                problems.add(new Violation(
                        "prompts[" + i + "]",
                        "'" + asked.get(i) + "' is not a prompt variant of the benchmark; its variants are "
                                + variants.stream().map(PromptVariant::name).toList()));
            }
        }
        return List.copyOf(asked);
    }

    /**
     * The bound of every call of the run: each variant's template sent by every model. A CREDITS run reserves it, so the
     * bound grows with the number of candidates (models × variants).
     */
    private RunCostEstimate.Estimate estimateOf(Plan plan, List<String> models, int maxTokens) {
        long max = 0;
        long maxTrial = 0;
        var unpriced = new java.util.LinkedHashSet<String>();
        for (String template : plan.templates()) {
            var one = RunCostEstimate.of(
                    gateway,
                    template,
                    plan.benchmark().cases(),
                    plan.benchmark().graders(),
                    models,
                    plan.panels(),
                    plan.repeats(),
                    maxTokens,
                    properties.judgeMaxTokens());
            max = Math.addExact(max, one.maxCostMicros());
            maxTrial = Math.max(maxTrial, one.maxTrialMicros());
            unpriced.addAll(one.unpriced());
        }
        return new RunCostEstimate.Estimate(max, maxTrial, unpriced);
    }

    /**
     * The credits to hold for a CREDITS run: the bound of all its calls from catalogue prices, capped by
     * {@code maxCostCredits}. Every call is bounded again before it is sent and sent only when what is left covers it, so a
     * model whose price is not known cannot be run on credits at all, and a cap below the bound of one trial (one
     * candidate call and its judges' calls) could send nothing: both are refused here, before anything is recorded.
     */
    private long reservation(Plan plan, int maxTokens, Long maxCostCredits) {
        List<String> models = plan.models();
        var estimate = estimateOf(plan, models, maxTokens);
        if (!estimate.unpriced().isEmpty()) {
            var problems = new ArrayList<Violation>();
            for (String model : estimate.unpriced()) {
                problems.add(
                        new Violation(
                                models.contains(model) ? "models[" + models.indexOf(model) + "]" : "judges",
                                "the price of " + model
                                        + " is not known, so what its calls cost cannot be bounded and reserved: run it with billing BYOK"));
            }
            throw new RunException.Invalid(problems);
        }
        long bound = credits.pricing().creditsFor(estimate.maxCostMicros());
        if (maxCostCredits == null) return bound;
        long oneTrial = credits.pricing().creditsFor(estimate.maxTrialMicros());
        if (maxCostCredits < oneTrial) {
            throw new CreditException.InsufficientCredits(
                    maxCostCredits,
                    oneTrial,
                    "maxCostCredits " + maxCostCredits
                            + " does not cover one trial of this run: a candidate call with its judges' calls may cost up to "
                            + oneTrial
                            + " credits, so no call could be sent; raise maxCostCredits to at least " + oneTrial);
        }
        return Math.min(bound, maxCostCredits);
    }

    /**
     * Refuses cases whose prompt would be larger than {@code benchmarkhub.runs.max-prompt-size}, naming each (the first
     * ten). Measured without rendering, so a template that repeats {@code {{input}}} over a large case costs nothing here.
     */
    private void checkPromptSizes(BenchmarkHistory.Snapshot benchmark, String template, List<Violation> problems) {
        long max = properties.maxPromptSize().toBytes();
        int oversized = 0;
        List<TestCase> cases = benchmark.cases();
        for (int i = 0; i < cases.size(); i++) {
            long bytes = PromptRendering.renderedBytes(template, cases.get(i).input(), Long.MAX_VALUE);
            if (bytes <= max) continue;
            if (++oversized <= 10) {
                problems.add(new Violation(
                        "cases[" + i + "]",
                        "case " + cases.get(i).id() + " renders a prompt of " + bytes
                                + " bytes with the benchmark's prompt template; at most " + max
                                + " bytes are sent to a model"));
            }
        }
        if (oversized > 10)
            problems.add(
                    new Violation("cases", (oversized - 10) + " more cases render a prompt above " + max + " bytes"));
    }

    /** Access follows the benchmark as it is now, whatever version is pinned. */
    private static boolean visibleTo(BenchmarkHistory.Snapshot benchmark, Actor actor) {
        return benchmark.currentVisibility() == Visibility.PUBLIC
                || actor.seesPrivate(benchmark.ownerId(), benchmark.workspaceId());
    }

    /** Adds a problem and answers false when the model cannot be called as things stand. */
    private boolean checkModel(String field, String model, boolean haveKey, List<Violation> problems) {
        if (model == null || model.isBlank() || model.length() > 200) {
            problems.add(new Violation(field, "must be a model id such as openai/gpt-4o-mini or sim/echo"));
            return false;
        }
        try {
            gateway.routeKnown(model);
            if (!haveKey && gateway.needsCallerKey(model)) {
                problems.add(
                        new Violation(
                                field,
                                model
                                        + " needs a provider key: no server key is configured, so send billing BYOK with X-Provider-Key"));
                return false;
            }
            return true;
        } catch (ProviderFailure failure) {
            problems.add(new Violation(field, failure.getMessage()));
            return false;
        }
    }

    private static List<Violation> dedupe(List<Violation> problems) {
        return problems.stream().distinct().toList();
    }
}
