package io.benchmarkhub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * What {@code gate} found, in the forms it writes: a table for people on stdout, Markdown for a pull-request comment or
 * {@code $GITHUB_STEP_SUMMARY} (starting with the hidden marker {@value #MARKER} that finds the comment again), JUnit XML
 * (a suite of the gate's checks and one of the candidate's cases) and JSON.
 */
public record Report(
        String runId,
        String runUrl,
        String benchmarkId,
        long benchmarkVersion,
        String contentHash,
        String baseline,
        String baselineRunId,
        String candidate,
        JsonNode comparison,
        List<Gate.Check> checks,
        List<Gate.CaseResult> candidateCases,
        List<Gate.Regressed> regressed) {

    public static final String MARKER = "<!-- benchmarkhub-gate -->";

    public boolean passed() {
        return checks.stream().allMatch(Gate.Check::passed);
    }

    public String table() {
        StringBuilder out = new StringBuilder();
        out.append("run ")
                .append(runId)
                .append(" of ")
                .append(benchmarkId)
                .append(" v")
                .append(benchmarkVersion)
                .append(" (content ")
                .append(shortHash())
                .append(")\n");
        out.append(String.format(
                Locale.ROOT,
                "%-10s %-28s %-24s %-40s %12s %10s%n",
                "",
                "model",
                "score (95% CI)",
                "Δ vs baseline (95% CI, p)",
                "cost $",
                "p95 ms"));
        out.append(row("baseline", comparison.path("baselineSummary"), ""))
                .append(baselineRunId.equals(runId) ? "" : "  (" + baselineRunId + ")")
                .append('\n');
        out.append(row(
                        "candidate",
                        comparison.path("candidateSummary"),
                        delta() + " p="
                                + Gate.pValue(Gate.number(
                                        comparison.path("difference").path("pValue")))))
                .append('\n');
        out.append("verdict: ").append(comparison.path("verdict").asText()).append('\n');
        for (Gate.Check check : checks) {
            out.append(check.passed() ? "  pass  " : "  FAIL  ")
                    .append(check.name())
                    .append(": ")
                    .append(check.detail())
                    .append('\n');
        }
        if (!regressed.isEmpty()) {
            out.append("cases the candidate does worse on:\n");
            for (Gate.Regressed r : regressed) {
                out.append(
                        String.format(Locale.ROOT, "  %-20s %.3f → %.3f%n", r.caseId(), r.baseline(), r.candidate()));
            }
        }
        out.append(passed() ? "gate: PASSED" : "gate: FAILED").append('\n');
        return out.toString();
    }

    private String row(String role, JsonNode model, String delta) {
        return String.format(
                Locale.ROOT,
                "%-10s %-28s %-24s %-40s %12s %10s",
                role,
                model.path("model").asText(),
                scoreWithCi(model),
                delta,
                dollars(model.path("costMicros").asLong()),
                ms(model.path("latencyMs").path("p95")));
    }

    public String markdown() {
        StringBuilder md = new StringBuilder(MARKER).append('\n');
        md.append("### BenchmarkHub gate: ")
                .append(passed() ? "✅ passed" : "❌ failed")
                .append("\n\n");
        md.append("| | model | score ± 95% CI | Δ vs baseline (95% CI) | p-value | cost | p95 latency | verdict |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        JsonNode b = comparison.path("baselineSummary");
        JsonNode c = comparison.path("candidateSummary");
        JsonNode d = comparison.path("difference");
        md.append("| baseline | `")
                .append(escape(b.path("model").asText()))
                .append('`')
                .append(baselineRunId.equals(runId) ? "" : " (run " + baselineRunId + ")")
                .append(" | ")
                .append(scoreWithCi(b))
                .append(" | | | ")
                .append(dollars(b.path("costMicros").asLong()))
                .append(" | ")
                .append(ms(b.path("latencyMs").path("p95")))
                .append(" ms | |\n");
        md.append("| candidate | `")
                .append(escape(c.path("model").asText()))
                .append("` | ")
                .append(scoreWithCi(c))
                .append(" | ")
                .append(delta())
                .append(" | ")
                .append(Gate.pValue(Gate.number(d.path("pValue"))))
                .append(" | ")
                .append(dollars(c.path("costMicros").asLong()))
                .append(" | ")
                .append(ms(c.path("latencyMs").path("p95")))
                .append(" ms | **")
                .append(comparison.path("verdict").asText())
                .append("** |\n\n");
        md.append("| check | result | details |\n|---|---|---|\n");
        for (Gate.Check check : checks) {
            md.append("| ")
                    .append(escape(check.name()))
                    .append(" | ")
                    .append(check.passed() ? "pass" : "**fail**")
                    .append(" | ")
                    .append(escape(check.detail()))
                    .append(" |\n");
        }
        if (!regressed.isEmpty()) {
            md.append("\n<details><summary>Top regressed cases (")
                    .append(regressed.size())
                    .append(")</summary>\n\n");
            md.append("| case | baseline | candidate | Δ |\n|---|---|---|---|\n");
            for (Gate.Regressed r : regressed) {
                md.append(String.format(
                        Locale.ROOT,
                        "| `%s` | %.3f | %.3f | %+.3f |%n",
                        escape(r.caseId()),
                        r.baseline(),
                        r.candidate(),
                        r.delta()));
            }
            md.append("\n</details>\n");
        }
        md.append("\nRun [")
                .append(runId)
                .append("](")
                .append(runUrl)
                .append(") · benchmark `")
                .append(benchmarkId)
                .append("` v")
                .append(benchmarkVersion)
                .append(" · content `")
                .append(shortHash())
                .append("` · cases won/lost/tied ")
                .append(comparison.path("casesWon").asInt())
                .append('/')
                .append(comparison.path("casesLost").asInt())
                .append('/')
                .append(comparison.path("casesTied").asInt())
                .append('\n');
        return md.toString();
    }

    public String junit() {
        long gateFailures = checks.stream().filter(check -> !check.passed()).count();
        long caseFailures = candidateCases.stream().filter(c -> !c.passed()).count();
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<testsuites name=\"benchmarkhub\" tests=\"")
                .append(checks.size() + candidateCases.size())
                .append("\" failures=\"")
                .append(gateFailures + caseFailures)
                .append("\">\n");
        xml.append("  <testsuite name=\"gate\" tests=\"")
                .append(checks.size())
                .append("\" failures=\"")
                .append(gateFailures)
                .append("\" errors=\"0\" skipped=\"0\">\n");
        for (Gate.Check check : checks) {
            xml.append("    <testcase classname=\"benchmarkhub.gate\" name=\"")
                    .append(attr(check.name()))
                    .append('"');
            if (check.passed()) {
                xml.append("/>\n");
            } else {
                xml.append(">\n      <failure message=\"")
                        .append(attr(check.detail()))
                        .append("\" type=\"")
                        .append(attr(check.name()))
                        .append("\">")
                        .append(text(check.detail()))
                        .append("</failure>\n    </testcase>\n");
            }
        }
        xml.append("  </testsuite>\n");
        String suite = "cases " + candidate;
        xml.append("  <testsuite name=\"")
                .append(attr(suite))
                .append("\" tests=\"")
                .append(candidateCases.size())
                .append("\" failures=\"")
                .append(caseFailures)
                .append("\" errors=\"0\" skipped=\"0\">\n");
        String classname = "benchmarkhub." + benchmarkId + "." + candidate;
        for (Gate.CaseResult c : candidateCases) {
            xml.append("    <testcase classname=\"")
                    .append(attr(classname))
                    .append("\" name=\"")
                    .append(attr(c.caseId()))
                    .append('"');
            if (c.passed()) {
                xml.append("/>\n");
            } else {
                String reason = c.reasons().isEmpty() ? "did not pass" : String.join("; ", c.reasons());
                xml.append(">\n      <failure message=\"")
                        .append(attr(reason))
                        .append("\" type=\"graded\">")
                        .append(text("score " + String.format(Locale.ROOT, "%.3f", c.score()) + "\n"
                                + String.join("\n", c.reasons()) + "\noutput:\n"
                                + (c.output() == null ? "(none)" : c.output())))
                        .append("</failure>\n    </testcase>\n");
            }
        }
        xml.append("  </testsuite>\n</testsuites>\n");
        return xml.toString();
    }

    public ObjectNode json() {
        ObjectNode json = Api.JSON.createObjectNode();
        json.put("passed", passed())
                .put("runId", runId)
                .put("runUrl", runUrl)
                .put("benchmarkId", benchmarkId)
                .put("benchmarkVersion", benchmarkVersion)
                .put("contentHash", contentHash)
                .put("baseline", baseline)
                .put("baselineRunId", baselineRunId)
                .put("candidate", candidate);
        json.set("score", comparison.path("candidateSummary").path("score"));
        json.set("difference", comparison.path("difference"));
        json.put("verdict", comparison.path("verdict").asText());
        ArrayNode checkList = json.putArray("checks");
        for (Gate.Check check : checks)
            checkList
                    .addObject()
                    .put("name", check.name())
                    .put("passed", check.passed())
                    .put("detail", check.detail());
        ArrayNode cases = json.putArray("regressedCases");
        for (Gate.Regressed r : regressed) {
            cases.addObject()
                    .put("caseId", r.caseId())
                    .put("baseline", r.baseline())
                    .put("candidate", r.candidate())
                    .put("delta", r.delta());
        }
        json.set("comparison", comparison);
        return json;
    }

    private String delta() {
        JsonNode d = comparison.path("difference");
        Double mean = Gate.number(d.path("mean"));
        if (mean == null) return "–";
        return Gate.signed(mean) + " [" + Gate.signed(Gate.number(d.path("ci95").path(0))) + ", "
                + Gate.signed(Gate.number(d.path("ci95").path(1))) + "]";
    }

    private static String scoreWithCi(JsonNode model) {
        Double score = Gate.number(model.path("score"));
        if (score == null) return "–";
        Double low = Gate.number(model.path("ci95").path(0));
        Double high = Gate.number(model.path("ci95").path(1));
        return Gate.fmt(score) + (low == null ? "" : " [" + Gate.fmt(low) + ", " + Gate.fmt(high) + "]");
    }

    private static String dollars(long micros) {
        return String.format(Locale.ROOT, "$%.4f", micros / 1_000_000.0);
    }

    private static String ms(JsonNode value) {
        return value.isNumber() ? String.format(Locale.ROOT, "%.0f", value.asDouble()) : "–";
    }

    private String shortHash() {
        if (contentHash == null) return "–";
        String hex = contentHash.startsWith("sha256:") ? contentHash.substring("sha256:".length()) : contentHash;
        return hex.length() <= 12 ? hex : hex.substring(0, 12);
    }

    private static String escape(String markdown) {
        return markdown.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;");
    }

    private static String attr(String value) {
        return text(value).replace("\"", "&quot;").replace("\n", "&#10;");
    }

    /** XML text: escaped, and without the characters XML 1.0 cannot hold at all. */
    private static String text(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(cp -> {
            switch (cp) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> {
                    boolean allowed = cp == 0x9
                            || cp == 0xA
                            || cp == 0xD
                            || (cp >= 0x20 && cp <= 0xD7FF)
                            || (cp >= 0xE000 && cp <= 0xFFFD)
                            || cp >= 0x10000 && cp <= 0x10FFFF;
                    if (allowed) out.appendCodePoint(cp);
                }
            }
        });
        return out.toString();
    }
}
