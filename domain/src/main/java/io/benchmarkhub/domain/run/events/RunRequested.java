package io.benchmarkhub.domain.run.events;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.DecisionCriterion;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.credits.CreditPricing;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.run.Billing;
import io.benchmarkhub.domain.run.JudgePanel;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.run.RunParams;
import io.benchmarkhub.domain.user.UserId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * A run was asked for. It pins the benchmark {@code benchmarkVersion} and its {@code contentHash},
 * and carries what the read side needs to score and judge the run without the benchmark: the case
 * ids in order, the graders, the judge panel of each LLM-judge grader and the decision criteria of
 * that version. The cases' content stays in the benchmark's own events.
 *
 * @param simulatedModels the candidate models that are simulated ({@code sim/...}), never ranked as real
 * @param trigger         what asked: {@code api}, {@code ci}, …
 * @param timeoutSeconds  after this long the run is timed out if it has not finished
 * @param reservedCredits with billing CREDITS: the credits reserved for the run before its first call (it stops
 *                        when its cost reaches them); null for BYOK
 * @param pricing         with billing CREDITS: how its API cost becomes credits, fixed when it was requested; null for BYOK
 * @param caseWeights     the weight of each case whose weight is not {@value TestCase#DEFAULT_WEIGHT}, as pinned with the
 *                        version (revision 2; a revision-1 event is upcast with an empty map: every case weighs 1)
 * @param overrides       what the caller set instead of the benchmark's canonical configuration, by request field:
 *                        {@value #TEMPERATURE}, {@value #MAX_TOKENS} (as asked, before any default or cap the platform
 *                        adds), {@value #JUDGES} (a panel other than the one each LLM-judge grader would have had).
 *                        Empty: the run is in the canonical configuration and may count on public leaderboards.
 *                        Revision 3; null in an older event: not recorded, so never canonical (docs/leaderboards.md)
 * @param prompts         the prompt variants asked for, by name, when the benchmark holds several (revision 4): the run's
 *                        candidates are then each model × each variant, labelled {@code model@variant}, and every trial,
 *                        result and summary is keyed by that label. Null when the benchmark has one template (and in an
 *                        older event): the candidates are the models, as they always were
 * @param workspaceId     the workspace the run belongs to (revision 5): the benchmark's, when it is in one and the requester
 *                        was a member of it; its members then read the run. Null for a personal run (and in an older event)
 * @param creditAccount   the account a CREDITS run reserved on and is charged to (revision 6): the workspace's
 *                        ({@code acct_ws_…}) for a run of the workspace. Null for a personal or BYOK run, and in an older
 *                        event, where it means the requester's own account, as it always did ({@link #billedAccount()})
 */
@Revision("6")
public record RunRequested(
        RunId runId,
        BenchmarkId benchmarkId,
        long benchmarkVersion,
        String contentHash,
        UserId requestedBy,
        List<String> models,
        List<String> simulatedModels,
        int repeats,
        Billing billing,
        RunParams params,
        List<String> caseIds,
        List<Grader> graders,
        List<JudgePanel> judgePanels,
        List<DecisionCriterion> decisionCriteria,
        String trigger,
        long timeoutSeconds,
        Long reservedCredits,
        CreditPricing pricing,
        Map<String, Double> caseWeights,
        List<String> overrides,
        List<String> prompts,
        String workspaceId,
        AccountId creditAccount)
        implements RunEvent {

    /** A run billed to its requester's own account (personal, BYOK, or recorded before workspace accounts). */
    public RunRequested(
            RunId runId,
            BenchmarkId benchmarkId,
            long benchmarkVersion,
            String contentHash,
            UserId requestedBy,
            List<String> models,
            List<String> simulatedModels,
            int repeats,
            Billing billing,
            RunParams params,
            List<String> caseIds,
            List<Grader> graders,
            List<JudgePanel> judgePanels,
            List<DecisionCriterion> decisionCriteria,
            String trigger,
            long timeoutSeconds,
            Long reservedCredits,
            CreditPricing pricing,
            Map<String, Double> caseWeights,
            List<String> overrides,
            List<String> prompts,
            String workspaceId) {
        this(
                runId,
                benchmarkId,
                benchmarkVersion,
                contentHash,
                requestedBy,
                models,
                simulatedModels,
                repeats,
                billing,
                params,
                caseIds,
                graders,
                judgePanels,
                decisionCriteria,
                trigger,
                timeoutSeconds,
                reservedCredits,
                pricing,
                caseWeights,
                overrides,
                prompts,
                workspaceId,
                null);
    }

    /** The account the run's credits are reserved on and charged to: {@code creditAccount}, else the requester's. */
    public AccountId billedAccount() {
        return creditAccount != null ? creditAccount : AccountId.of(requestedBy);
    }

    /** Separates a model from its prompt variant in a candidate's label. */
    public static final String VARIANT_SEPARATOR = "@";

    /** One candidate of the run: its label (what results are keyed by), the model it calls and the variant it sends (null: the one template). */
    public record Candidate(String label, String model, String variant) {}

    /** A personal run (one of no workspace). */
    public RunRequested(
            RunId runId,
            BenchmarkId benchmarkId,
            long benchmarkVersion,
            String contentHash,
            UserId requestedBy,
            List<String> models,
            List<String> simulatedModels,
            int repeats,
            Billing billing,
            RunParams params,
            List<String> caseIds,
            List<Grader> graders,
            List<JudgePanel> judgePanels,
            List<DecisionCriterion> decisionCriteria,
            String trigger,
            long timeoutSeconds,
            Long reservedCredits,
            CreditPricing pricing,
            Map<String, Double> caseWeights,
            List<String> overrides,
            List<String> prompts) {
        this(
                runId,
                benchmarkId,
                benchmarkVersion,
                contentHash,
                requestedBy,
                models,
                simulatedModels,
                repeats,
                billing,
                params,
                caseIds,
                graders,
                judgePanels,
                decisionCriteria,
                trigger,
                timeoutSeconds,
                reservedCredits,
                pricing,
                caseWeights,
                overrides,
                prompts,
                null);
    }

    /** A request without prompt variants (the benchmark has one template). */
    public RunRequested(
            RunId runId,
            BenchmarkId benchmarkId,
            long benchmarkVersion,
            String contentHash,
            UserId requestedBy,
            List<String> models,
            List<String> simulatedModels,
            int repeats,
            Billing billing,
            RunParams params,
            List<String> caseIds,
            List<Grader> graders,
            List<JudgePanel> judgePanels,
            List<DecisionCriterion> decisionCriteria,
            String trigger,
            long timeoutSeconds,
            Long reservedCredits,
            CreditPricing pricing,
            Map<String, Double> caseWeights,
            List<String> overrides) {
        this(
                runId,
                benchmarkId,
                benchmarkVersion,
                contentHash,
                requestedBy,
                models,
                simulatedModels,
                repeats,
                billing,
                params,
                caseIds,
                graders,
                judgePanels,
                decisionCriteria,
                trigger,
                timeoutSeconds,
                reservedCredits,
                pricing,
                caseWeights,
                overrides,
                null);
    }

    public static final String TEMPERATURE = "params.temperature";
    public static final String MAX_TOKENS = "params.maxTokens";
    public static final String JUDGES = "judges";

    /** A request in the canonical configuration (no override). */
    public RunRequested(
            RunId runId,
            BenchmarkId benchmarkId,
            long benchmarkVersion,
            String contentHash,
            UserId requestedBy,
            List<String> models,
            List<String> simulatedModels,
            int repeats,
            Billing billing,
            RunParams params,
            List<String> caseIds,
            List<Grader> graders,
            List<JudgePanel> judgePanels,
            List<DecisionCriterion> decisionCriteria,
            String trigger,
            long timeoutSeconds,
            Long reservedCredits,
            CreditPricing pricing,
            Map<String, Double> caseWeights) {
        this(
                runId,
                benchmarkId,
                benchmarkVersion,
                contentHash,
                requestedBy,
                models,
                simulatedModels,
                repeats,
                billing,
                params,
                caseIds,
                graders,
                judgePanels,
                decisionCriteria,
                trigger,
                timeoutSeconds,
                reservedCredits,
                pricing,
                caseWeights,
                List.of(),
                null);
    }

    /** A request in the canonical configuration whose cases all weigh {@value TestCase#DEFAULT_WEIGHT}. */
    public RunRequested(
            RunId runId,
            BenchmarkId benchmarkId,
            long benchmarkVersion,
            String contentHash,
            UserId requestedBy,
            List<String> models,
            List<String> simulatedModels,
            int repeats,
            Billing billing,
            RunParams params,
            List<String> caseIds,
            List<Grader> graders,
            List<JudgePanel> judgePanels,
            List<DecisionCriterion> decisionCriteria,
            String trigger,
            long timeoutSeconds,
            Long reservedCredits,
            CreditPricing pricing) {
        this(
                runId,
                benchmarkId,
                benchmarkVersion,
                contentHash,
                requestedBy,
                models,
                simulatedModels,
                repeats,
                billing,
                params,
                caseIds,
                graders,
                judgePanels,
                decisionCriteria,
                trigger,
                timeoutSeconds,
                reservedCredits,
                pricing,
                Map.of(),
                List.of(),
                null);
    }

    /** Whether the caller kept the benchmark's canonical configuration: overrides recorded, and none. */
    public boolean canonical() {
        return overrides != null && overrides.isEmpty();
    }

    /** The weights of the cases whose weight differs from the default, from a benchmark's cases. */
    public static Map<String, Double> weightsOf(List<TestCase> cases) {
        var weights = new LinkedHashMap<String, Double>();
        for (TestCase c : cases) {
            if (c.weightOrDefault() != TestCase.DEFAULT_WEIGHT) weights.put(c.id(), c.weightOrDefault());
        }
        return weights;
    }

    /** Trials in all: cases × candidates × repeats. */
    public long trialCount() {
        return (long) caseIds.size() * candidates().size() * repeats;
    }

    /** Whether the candidates are (model × prompt variant), labelled {@code model@variant}. */
    public boolean hasPromptVariants() {
        return prompts != null;
    }

    /** The run's candidates in order: each model with each variant asked for (model by model), or the models themselves. */
    public List<Candidate> candidateList() {
        if (prompts == null)
            return models.stream().map(m -> new Candidate(m, m, null)).toList();
        var candidates = new java.util.ArrayList<Candidate>(models.size() * prompts.size());
        for (String model : models) {
            for (String prompt : prompts) candidates.add(new Candidate(label(model, prompt), model, prompt));
        }
        return candidates;
    }

    /** The labels of the candidates: what trials, results and summaries are keyed by. */
    public List<String> candidates() {
        return candidateList().stream().map(Candidate::label).toList();
    }

    /** The labels of the candidates whose model is simulated. */
    public List<String> simulatedCandidates() {
        return candidateList().stream()
                .filter(c -> simulatedModels.contains(c.model()))
                .map(Candidate::label)
                .toList();
    }

    /** The candidate of a label, or null when the run has no such candidate. */
    public Candidate candidate(String label) {
        return candidateList().stream()
                .filter(c -> c.label().equals(label))
                .findFirst()
                .orElse(null);
    }

    /** The model a label calls (the label itself when it is no candidate of this run). */
    public String modelOf(String label) {
        Candidate c = candidate(label);
        return c == null ? label : c.model();
    }

    public static String label(String model, String variant) {
        return variant == null ? model : model + VARIANT_SEPARATOR + variant;
    }
}
