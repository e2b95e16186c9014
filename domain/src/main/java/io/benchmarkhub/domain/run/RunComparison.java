package io.benchmarkhub.domain.run;

import io.benchmarkhub.domain.benchmark.DecisionCriterion;
import io.benchmarkhub.domain.benchmark.DecisionCriterion.Severity;
import io.benchmarkhub.domain.statistics.PairedComparison;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a candidate model should replace a baseline, decided on one run.
 * <ul>
 *   <li>With decision criteria (the ones the run pinned), each is checked on the candidate's summary;
 *       {@code scoreDelta} is the candidate's score minus the baseline's. A failed MUST means
 *       {@link Verdict#DONT_SHIP}, otherwise a failed SHOULD means {@link Verdict#SHIP_WITH_CAVEATS},
 *       otherwise {@link Verdict#SHIP}. A criterion the run has no number for (no scored trial, no answer)
 *       counts as failed: missing evidence never ships.</li>
 *   <li>Without criteria, the paired difference over cases decides: significantly worse → DONT_SHIP,
 *       significantly better → SHIP, anything else → SHIP_WITH_CAVEATS. Significant means the 95% interval
 *       excludes 0 <em>and</em> the permutation p-value is below {@value #SIGNIFICANCE}; with few cases the
 *       bootstrap interval alone is too narrow to trust. No case scored for both models → DONT_SHIP.</li>
 *   <li>A criterion's ideal bound and weight only inform: each check says whether the ideal is met, and the
 *       weighted rubric score is the weights of the met (acceptable) lines over the total weight.</li>
 * </ul>
 */
public final class RunComparison {

    public static final double SIGNIFICANCE = 0.05;

    public enum Verdict {
        SHIP,
        SHIP_WITH_CAVEATS,
        DONT_SHIP
    }

    /**
     * One criterion checked on the candidate; {@code actual} is null when the run has no number for it.
     * {@code idealMet} is null when the criterion has no ideal bound.
     */
    public record Check(DecisionCriterion criterion, Double actual, boolean met, Boolean idealMet) {}

    /**
     * The verdict, the reasons for it in words, every criterion checked (empty without criteria), and the weighted
     * rubric score: the weights of the met lines over the total weight, in [0, 1]; null when no line has a weight
     * above 0 (it never changes the verdict).
     */
    public record Decision(Verdict verdict, List<String> reasons, List<Check> checks, Double weightedScore) {}

    private RunComparison() {}

    /**
     * The paired difference over cases that {@link #decide} weighs: every case of {@code caseOrder} both models have a
     * mean score on ({@link FailureModeAnalysis#caseMeans}), as (baseline mean, candidate mean); a case only one of them
     * scored is left out. The pairs keep {@code caseOrder}, because the bootstrap and the permutation test draw by
     * position from {@code seed}: the same cases in another order give another interval.
     */
    public static PairedComparison pairedOverCases(
            List<String> caseOrder, Map<String, Double> baselineMeans, Map<String, Double> candidateMeans, long seed) {
        var baseline = new ArrayList<Double>();
        var candidate = new ArrayList<Double>();
        for (String caseId : caseOrder) {
            if (baselineMeans.containsKey(caseId) && candidateMeans.containsKey(caseId)) {
                baseline.add(baselineMeans.get(caseId));
                candidate.add(candidateMeans.get(caseId));
            }
        }
        return PairedComparison.of(
                baseline.stream().mapToDouble(Double::doubleValue).toArray(),
                candidate.stream().mapToDouble(Double::doubleValue).toArray(),
                seed);
    }

    public static Decision decide(
            List<DecisionCriterion> criteria, ModelSummary baseline, ModelSummary candidate, PairedComparison paired) {
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(paired, "paired");
        if (criteria == null || criteria.isEmpty()) return onPairedDifference(paired);

        var checks = new ArrayList<Check>();
        var reasons = new ArrayList<String>();
        boolean mustFailed = false;
        boolean shouldFailed = false;
        for (DecisionCriterion criterion : criteria) {
            Double actual = actual(criterion.metric(), baseline, candidate);
            boolean met = actual != null && criterion.op().holds(actual, criterion.threshold());
            Boolean idealMet = criterion.ideal() == null
                    ? null
                    : actual != null && criterion.op().holds(actual, criterion.ideal());
            checks.add(new Check(criterion, actual, met, idealMet));
            if (met) continue;
            if (criterion.severity() == Severity.MUST) mustFailed = true;
            else shouldFailed = true;
            reasons.add(describe(criterion)
                    + (actual == null
                            ? " cannot be checked: the run has no "
                                    + criterion.metric().json() + " for " + candidate.model()
                            : " is not met: " + criterion.metric().json() + " is " + format(actual)));
        }
        Verdict verdict = mustFailed ? Verdict.DONT_SHIP : shouldFailed ? Verdict.SHIP_WITH_CAVEATS : Verdict.SHIP;
        if (verdict == Verdict.SHIP) reasons.add("all " + criteria.size() + " decision criteria are met");
        return new Decision(verdict, List.copyOf(reasons), List.copyOf(checks), weightedScore(checks));
    }

    private static Double weightedScore(List<Check> checks) {
        double total = 0;
        double met = 0;
        for (Check check : checks) {
            Double weight = check.criterion().weight();
            if (weight == null) continue;
            total += weight;
            if (check.met()) met += weight;
        }
        return total > 0 ? met / total : null;
    }

    /** The candidate's value of {@code metric}; null when the run has none. */
    public static Double actual(DecisionCriterion.Metric metric, ModelSummary baseline, ModelSummary candidate) {
        return switch (metric) {
            case SCORE -> candidate.score();
            case PASS_RATE -> candidate.passRate();
            case SCORE_DELTA ->
                candidate.score() == null || baseline.score() == null ? null : candidate.score() - baseline.score();
            case COST_PER_CASE_MICROS -> candidate.trials() == 0 ? null : (double) candidate.costPerCaseMicros();
            case LATENCY_P95_MS -> candidate.latencyP95Ms();
        };
    }

    private static Decision onPairedDifference(PairedComparison paired) {
        String basis = "the run has no decision criteria, so the paired difference over cases decides: ";
        if (paired.n() == 0) {
            return new Decision(
                    Verdict.DONT_SHIP,
                    List.of(basis + "no case has a score for both models, so nothing supports the candidate"),
                    List.of(),
                    null);
        }
        String numbers = "mean difference " + format(paired.meanDifference()) + ", 95% CI ["
                + format(paired.ci().lower()) + ", " + format(paired.ci().upper()) + "], p = " + format(paired.pValue())
                + ", " + paired.n() + " cases";
        boolean significant = paired.pValue() < SIGNIFICANCE;
        if (significant && paired.ci().upper() < 0) {
            return new Decision(
                    Verdict.DONT_SHIP,
                    List.of(basis + "the candidate is significantly worse (" + numbers + ")"),
                    List.of(),
                    null);
        }
        if (significant && paired.ci().lower() > 0) {
            return new Decision(
                    Verdict.SHIP,
                    List.of(basis + "the candidate is significantly better (" + numbers + ")"),
                    List.of(),
                    null);
        }
        return new Decision(
                Verdict.SHIP_WITH_CAVEATS,
                List.of(basis + "no significant difference from the baseline (" + numbers + ")"),
                List.of(),
                null);
    }

    private static String describe(DecisionCriterion c) {
        return c.severity() + " " + c.metric().json() + " " + c.op().symbol() + " " + format(c.threshold());
    }

    /** Integers as integers, anything else to 4 significant digits. */
    static String format(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) return String.valueOf(value);
        if (value == Math.rint(value) && Math.abs(value) < 1e15) return String.valueOf((long) value);
        return new BigDecimal(value)
                .round(new MathContext(4))
                .stripTrailingZeros()
                .toPlainString();
    }
}
