package io.benchmarkhub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Judges a comparison (GET /api/runs/{id}/compare) against the checks of {@code --fail-on}:
 * <ul>
 *   <li>{@code significant-regression}: the candidate is worse than the baseline with p &lt; α <em>and</em> the whole
 *       95% interval of the paired difference lies below −margin, so noise alone never fails a build;</li>
 *   <li>{@code verdict}: the benchmark's decision rubric says DONT_SHIP;</li>
 *   <li>{@code threshold=X}: the candidate's score is under X; {@code pass-rate=X}: its pass rate is under X.</li>
 * </ul>
 */
final class Gate {

    /** One check of the gate and whether it passed, with the numbers behind it. */
    public record Check(String name, boolean passed, String detail) {}

    /** One case of one model: the mean score over its repeats, whether every repeat passed, and what failed. */
    public record CaseResult(String caseId, double score, boolean passed, String output, List<String> reasons) {}

    /** A case the candidate does worse on than the baseline: both means and the difference. */
    public record Regressed(String caseId, double baseline, double candidate, double delta) {}

    public record Options(List<String> failOn, double alpha, double margin) {}

    private Gate() {}

    public static List<String> parseFailOn(List<String> raw) {
        List<String> checks = new ArrayList<>();
        for (String item : raw) {
            for (String part : item.split(",")) {
                String check = part.strip().toLowerCase(Locale.ROOT);
                if (check.isEmpty()) continue;
                if (check.equals("significant-regression") || check.equals("verdict")) {
                    checks.add(check);
                } else if (check.startsWith("threshold=") || check.startsWith("pass-rate=")) {
                    String value = check.substring(check.indexOf('=') + 1);
                    try {
                        double x = Double.parseDouble(value);
                        if (!(x >= 0 && x <= 1)) throw new NumberFormatException();
                    } catch (NumberFormatException e) {
                        throw new CliException(
                                ExitCodes.ERROR, "--fail-on " + check + ": the threshold must be a number from 0 to 1");
                    }
                    checks.add(check);
                } else {
                    throw new CliException(
                            ExitCodes.ERROR,
                            "--fail-on: unknown check '" + part.strip()
                                    + "'; known: significant-regression, verdict, threshold=X, pass-rate=X");
                }
            }
        }
        if (checks.isEmpty()) checks.add("significant-regression");
        return checks;
    }

    public static List<Check> judge(JsonNode comparison, Options options) {
        List<Check> checks = new ArrayList<>();
        JsonNode difference = comparison.path("difference");
        JsonNode candidate = comparison.path("candidateSummary");
        for (String name : options.failOn()) {
            if (name.equals("significant-regression")) {
                Double mean = number(difference.path("mean"));
                Double p = number(difference.path("pValue"));
                Double high = number(difference.path("ci95").path(1));
                Double low = number(difference.path("ci95").path(0));
                String numbers = mean == null
                        ? "no case has a score for both models"
                        : "Δ " + signed(mean) + ", 95% CI [" + signed(low) + ", " + signed(high) + "], p = " + pValue(p)
                                + ", n = " + difference.path("n").asInt() + " cases";
                boolean regression = mean != null
                        && p != null
                        && high != null
                        && mean < 0
                        && p < options.alpha()
                        && high < -options.margin();
                checks.add(new Check(
                        name,
                        !regression,
                        regression
                                ? "the candidate is significantly worse: " + numbers + " (α = " + fmt(options.alpha())
                                        + ", margin " + fmt(options.margin()) + ")"
                                : "no significant regression: " + numbers + " (fails only when p < "
                                        + fmt(options.alpha()) + " and the interval lies below −"
                                        + fmt(options.margin()) + ")"));
            } else if (name.equals("verdict")) {
                String verdict = comparison.path("verdict").asText();
                List<String> reasons = new ArrayList<>();
                comparison.path("reasons").forEach(r -> reasons.add(r.asText()));
                checks.add(new Check(
                        name,
                        !verdict.equals("DONT_SHIP"),
                        verdict + (reasons.isEmpty() ? "" : ": " + String.join("; ", reasons))));
            } else {
                boolean passRate = name.startsWith("pass-rate=");
                double threshold = Double.parseDouble(name.substring(name.indexOf('=') + 1));
                Double actual = number(candidate.path(passRate ? "passRate" : "score"));
                boolean ok = actual != null && actual >= threshold;
                checks.add(new Check(
                        name,
                        ok,
                        (passRate ? "pass rate " : "score ")
                                + (actual == null ? "unknown" : fmt(actual))
                                + (ok ? " ≥ " : " < ")
                                + fmt(threshold)));
            }
        }
        return checks;
    }

    /** Per case, over repeats: the mean score, whether every trial passed, the first failing output and its reasons. */
    public static List<CaseResult> cases(List<JsonNode> trials) {
        Map<String, List<JsonNode>> byCase = new LinkedHashMap<>();
        for (JsonNode trial : trials)
            byCase.computeIfAbsent(trial.path("caseId").asText(), k -> new ArrayList<>())
                    .add(trial);
        List<CaseResult> results = new ArrayList<>();
        byCase.forEach((caseId, list) -> {
            double sum = 0;
            boolean passed = true;
            String output = null;
            List<String> reasons = new ArrayList<>();
            for (JsonNode trial : list) {
                sum += trial.path("score").asDouble(0);
                boolean ok = trial.path("passed").asBoolean(false)
                        && trial.path("outcome").asText().equals("ANSWERED");
                if (!ok && passed) {
                    passed = false;
                    output = trial.path("output").isTextual()
                            ? trial.path("output").asText()
                            : null;
                    if (trial.path("failure").isObject()) {
                        reasons.add("call failed ("
                                + trial.path("failure").path("kind").asText() + "): "
                                + trial.path("failure").path("reason").asText());
                    }
                    for (JsonNode grade : trial.path("grades")) {
                        if (!grade.path("passed").asBoolean())
                            reasons.add(grade.path("type").asText() + ": "
                                    + grade.path("reason").asText());
                    }
                    for (JsonNode verdict : trial.path("verdicts")) {
                        if (verdict.path("failed").asBoolean())
                            reasons.add("judge " + verdict.path("judge").asText() + " failed: "
                                    + verdict.path("failure").asText());
                        else
                            reasons.add("judge " + verdict.path("judge").asText() + " scored "
                                    + verdict.path("score").asText() + ": "
                                    + verdict.path("rationale").asText());
                    }
                }
            }
            results.add(new CaseResult(caseId, sum / list.size(), passed, output, reasons));
        });
        return results;
    }

    /** The cases the candidate scores lower on than the baseline, worst first, at most {@code limit}. */
    public static List<Regressed> regressed(List<CaseResult> baseline, List<CaseResult> candidate, int limit) {
        Map<String, Double> base = new LinkedHashMap<>();
        baseline.forEach(c -> base.put(c.caseId(), c.score()));
        return candidate.stream()
                .filter(c -> base.containsKey(c.caseId()))
                .map(c -> new Regressed(c.caseId(), base.get(c.caseId()), c.score(), c.score() - base.get(c.caseId())))
                .filter(r -> r.delta() < -1e-12)
                .sorted(Comparator.comparingDouble(Regressed::delta).thenComparing(Regressed::caseId))
                .limit(limit)
                .toList();
    }

    static Double number(JsonNode node) {
        return node != null && node.isNumber() ? node.asDouble() : null;
    }

    static String fmt(Double value) {
        if (value == null) return "–";
        return String.format(Locale.ROOT, "%.3f", value);
    }

    static String signed(Double value) {
        if (value == null) return "–";
        return String.format(Locale.ROOT, "%+.3f", value);
    }

    static String pValue(Double p) {
        if (p == null) return "–";
        return p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
    }
}
