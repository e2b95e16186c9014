package io.benchmarkhub.domain.benchmark;

import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.run.TrialScoring;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The limits and validity rules of a benchmark, in one place: the API checks a request with
 * them before it sends a command (400 with every problem listed), and the aggregate checks
 * them again before it decides, so no path can store an invalid benchmark.
 */
public final class BenchmarkRules {

    public static final int MAX_CASES = 10_000;
    public static final int MAX_CASE_BYTES = 64 * 1024;
    public static final int MAX_TITLE_LENGTH = 200;
    public static final int MAX_DESCRIPTION_LENGTH = 20_000;
    public static final int MAX_TAGS = 20;
    public static final int MAX_TAG_LENGTH = 50;
    public static final int MAX_CATEGORY_LENGTH = 100;
    public static final int MAX_TEMPLATE_BYTES = 64 * 1024;
    public static final int MAX_GRADERS = 50;
    public static final int MAX_CRITERIA = 50;
    /** A rubric line's weight is a percentage; so is the total of all weights. */
    public static final double MAX_CRITERION_WEIGHT = 100;

    public static final Pattern CASE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}");
    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9+#._-]*");
    public static final int MAX_LICENCE_LENGTH = 100;
    public static final int MAX_SOURCE_URL_LENGTH = 2_000;
    public static final int MAX_REASON_LENGTH = 2_000;
    /** The characters of an SPDX licence id ({@code MIT}, {@code CC-BY-4.0}, {@code LicenseRef-x}); no expressions. */
    private static final Pattern LICENCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+-]*");

    private BenchmarkRules() {}

    public static List<Violation> details(String title, String description, List<String> tags, String category) {
        var problems = new ArrayList<Violation>();
        if (title == null || title.isBlank()) problems.add(new Violation("title", "must not be blank"));
        else if (title.strip().length() > MAX_TITLE_LENGTH)
            problems.add(new Violation("title", "must be at most " + MAX_TITLE_LENGTH + " characters"));
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            problems.add(new Violation("description", "must be at most " + MAX_DESCRIPTION_LENGTH + " characters"));
        }
        problems.addAll(tags("tags", tags));
        if (category != null && category.length() > MAX_CATEGORY_LENGTH) {
            problems.add(new Violation("category", "must be at most " + MAX_CATEGORY_LENGTH + " characters"));
        }
        return problems;
    }

    public static List<Violation> promptTemplate(String template) {
        if (template != null && utf8Length(template) > MAX_TEMPLATE_BYTES) {
            return List.of(new Violation("promptTemplate", "must be at most " + MAX_TEMPLATE_BYTES + " bytes"));
        }
        return List.of();
    }

    public static final int MAX_PROMPT_VARIANTS = 10;
    public static final Pattern VARIANT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,39}");

    /** Several named templates: none, or from two to {@value #MAX_PROMPT_VARIANTS}, each named once and within the template limit. */
    public static List<Violation> promptVariants(List<PromptVariant> variants) {
        if (variants == null || variants.isEmpty()) return List.of();
        var problems = new ArrayList<Violation>();
        if (variants.size() == 1) {
            problems.add(new Violation(
                    "promptVariants", "must hold at least two variants, or be empty: one template is promptTemplate"));
        }
        if (variants.size() > MAX_PROMPT_VARIANTS) {
            problems.add(new Violation("promptVariants", "must hold at most " + MAX_PROMPT_VARIANTS + " variants"));
        }
        var names = new HashSet<String>();
        for (int i = 0; i < variants.size(); i++) {
            PromptVariant v = variants.get(i);
            String path = "promptVariants[" + i + "]";
            if (v == null) {
                problems.add(new Violation(path, "must be an object with name and template"));
                continue;
            }
            if (v.name() == null || !VARIANT_NAME.matcher(v.name()).matches()) {
                problems.add(new Violation(
                        path + ".name",
                        "must be 1 to 40 letters, digits, '_', '.' or '-', starting with a letter or digit"));
            } else if (!names.add(v.name())) {
                problems.add(new Violation(path + ".name", "names variant '" + v.name() + "' twice"));
            }
            if (v.template() == null || v.template().isBlank())
                problems.add(new Violation(path + ".template", "must not be blank"));
            else if (utf8Length(v.template()) > MAX_TEMPLATE_BYTES) {
                problems.add(new Violation(path + ".template", "must be at most " + MAX_TEMPLATE_BYTES + " bytes"));
            }
        }
        return problems;
    }

    /** Checks new cases against each other, against the ids already taken and against the case limit. */
    public static List<Violation> newCases(String path, List<TestCase> cases, Set<String> existingIds) {
        var problems = new ArrayList<Violation>();
        if (cases == null) return List.of(new Violation(path, "must be a list"));
        if (existingIds.size() + cases.size() > MAX_CASES) {
            problems.add(new Violation(
                    path,
                    "a benchmark holds at most " + MAX_CASES + " cases; this would make "
                            + (existingIds.size() + cases.size())));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < cases.size(); i++) {
            String casePath = path + "[" + i + "]";
            TestCase testCase = cases.get(i);
            problems.addAll(testCase(casePath, testCase));
            if (testCase != null
                    && testCase.id() != null
                    && (existingIds.contains(testCase.id()) || !seen.add(testCase.id()))) {
                problems.add(new Violation(casePath + ".id", "case id '" + testCase.id() + "' is used twice"));
            }
        }
        return problems;
    }

    public static List<Violation> testCase(String path, TestCase testCase) {
        if (testCase == null) return List.of(new Violation(path, "must be a case object"));
        var problems = new ArrayList<Violation>();
        if (testCase.id() != null && !CASE_ID.matcher(testCase.id()).matches()) {
            problems.add(new Violation(
                    path + ".id", "must be 1-100 letters, digits or _ . : - and start with a letter or digit"));
        }
        if (testCase.input() == null || testCase.input().isNull()) {
            problems.add(new Violation(path + ".input", "is required"));
        } else if (testCase.input().isTextual() && testCase.input().textValue().isEmpty()) {
            problems.add(new Violation(path + ".input", "must not be empty"));
        }
        if (testCase.metadata() != null
                && !testCase.metadata().isObject()
                && !testCase.metadata().isNull()) {
            problems.add(new Violation(path + ".metadata", "must be a JSON object"));
        }
        problems.addAll(tags(path + ".tags", testCase.tags()));
        if (testCase.weight() != null && !(testCase.weight() > 0 && testCase.weight() <= TestCase.MAX_WEIGHT)) {
            problems.add(new Violation(
                    path + ".weight", "must be a number above 0 and at most " + (int) TestCase.MAX_WEIGHT));
        }
        problems.addAll(caseGraders(path + ".graders", testCase.ownGraders()));
        int size = testCase.canonical().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (size > MAX_CASE_BYTES) {
            problems.add(new Violation(
                    path, "a case may be at most " + MAX_CASE_BYTES + " bytes of JSON; this one is " + size));
        }
        return problems;
    }

    public static List<Violation> graders(String path, List<Grader> graders) {
        if (graders == null) return List.of(new Violation(path, "must be a list"));
        var problems = new ArrayList<Violation>();
        if (graders.size() > MAX_GRADERS) problems.add(new Violation(path, "at most " + MAX_GRADERS + " graders"));
        for (int i = 0; i < graders.size(); i++) {
            Grader grader = graders.get(i);
            if (grader == null) problems.add(new Violation(path + "[" + i + "]", "must be a grader object"));
            else problems.addAll(grader.violations(path + "[" + i + "]"));
        }
        return problems;
    }

    /**
     * A case's own graders: like the benchmark's. A case's own llm-judge is asked of the run's panel for a case's judges
     * (the run's {@code judges}, or the default panel), and passes at {@value TrialScoring#DEFAULT_JUDGE_PASS_THRESHOLD}:
     * its scoring must not need the case (both sides score without it), so it takes no panel and no passThreshold.
     */
    public static List<Violation> caseGraders(String path, List<Grader> graders) {
        var problems = new ArrayList<>(graders(path, graders));
        for (int i = 0; i < graders.size(); i++) {
            if (graders.get(i) instanceof Grader.LlmJudge judge) {
                if (judge.panel() != null) {
                    problems.add(new Violation(
                            path + "[" + i + "].panel",
                            "a case's own llm-judge is asked of the run's judges; leave panel out"));
                }
                if (judge.passThreshold() != null) {
                    problems.add(new Violation(
                            path + "[" + i + "].passThreshold",
                            "a case's own llm-judge passes at " + TrialScoring.DEFAULT_JUDGE_PASS_THRESHOLD
                                    + "; leave passThreshold out"));
                }
            }
        }
        return problems;
    }

    public static List<Violation> decisionCriteria(String path, List<DecisionCriterion> criteria) {
        if (criteria == null) return List.of(new Violation(path, "must be a list"));
        var problems = new ArrayList<Violation>();
        if (criteria.size() > MAX_CRITERIA) problems.add(new Violation(path, "at most " + MAX_CRITERIA + " criteria"));
        double totalWeight = 0;
        for (int i = 0; i < criteria.size(); i++) {
            DecisionCriterion c = criteria.get(i);
            String at = path + "[" + i + "]";
            if (c == null) {
                problems.add(new Violation(at, "must be a criterion object"));
                continue;
            }
            if (c.metric() == null) problems.add(new Violation(at + ".metric", "is required"));
            if (c.op() == null) problems.add(new Violation(at + ".op", "is required"));
            if (!Double.isFinite(c.threshold()))
                problems.add(new Violation(at + ".threshold", "must be a finite number"));
            if (c.ideal() != null) {
                if (!Double.isFinite(c.ideal())) problems.add(new Violation(at + ".ideal", "must be a finite number"));
                else if (c.op() != null
                        && Double.isFinite(c.threshold())
                        && !DecisionCriterion.atLeastAsStrict(c.op(), c.ideal(), c.threshold())) {
                    problems.add(new Violation(
                            at + ".ideal",
                            "must be at least as strict as the acceptable threshold (" + c.op().symbol() + " "
                                    + c.threshold() + ")"));
                }
            }
            if (c.weight() != null) {
                if (!Double.isFinite(c.weight()) || c.weight() < 0 || c.weight() > MAX_CRITERION_WEIGHT) {
                    problems.add(
                            new Violation(at + ".weight", "must be a number from 0 to " + (int) MAX_CRITERION_WEIGHT));
                } else {
                    totalWeight += c.weight();
                }
            }
        }
        // Weights are percentages of the rubric, as in the product plan's table; a total above 100 is a typo, not
        // a scale, so it is refused rather than silently normalised. A total below 100 is a partial rubric: the
        // weighted score divides by the total given (RunComparison).
        if (totalWeight > MAX_CRITERION_WEIGHT + 1e-9) {
            problems.add(new Violation(
                    path,
                    "the weights add up to "
                            + (totalWeight == Math.rint(totalWeight)
                                    ? String.valueOf((long) totalWeight)
                                    : String.valueOf(totalWeight))
                            + "; they must add up to at most " + (int) MAX_CRITERION_WEIGHT));
        }
        return problems;
    }

    private static List<Violation> tags(String path, Collection<String> tags) {
        if (tags == null) return List.of();
        var problems = new ArrayList<Violation>();
        if (tags.size() > MAX_TAGS) problems.add(new Violation(path, "at most " + MAX_TAGS + " tags"));
        int i = 0;
        for (String tag : tags) {
            if (tag == null
                    || tag.length() > MAX_TAG_LENGTH
                    || !TAG.matcher(tag).matches()) {
                problems.add(new Violation(
                        path + "[" + i + "]",
                        "a tag is 1-" + MAX_TAG_LENGTH
                                + " lowercase letters, digits or + # . _ - and starts with a letter or digit"));
            }
            i++;
        }
        return problems;
    }

    private static int utf8Length(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    /** An open dataset's declaration: an SPDX licence id and the absolute http(s) URL it is published at. */
    public static List<Violation> verification(String licence, String sourceUrl) {
        var problems = new ArrayList<Violation>();
        if (licence == null || licence.isBlank()) problems.add(new Violation("licence", "must not be blank"));
        else if (licence.length() > MAX_LICENCE_LENGTH)
            problems.add(new Violation("licence", "must be at most " + MAX_LICENCE_LENGTH + " characters"));
        else if (!LICENCE.matcher(licence).matches())
            problems.add(new Violation("licence", "must be an SPDX licence id such as MIT or CC-BY-4.0"));
        if (sourceUrl == null || sourceUrl.isBlank()) problems.add(new Violation("sourceUrl", "must not be blank"));
        else if (sourceUrl.length() > MAX_SOURCE_URL_LENGTH)
            problems.add(new Violation("sourceUrl", "must be at most " + MAX_SOURCE_URL_LENGTH + " characters"));
        else if (!isHttpUrl(sourceUrl))
            problems.add(new Violation("sourceUrl", "must be an absolute http or https URL"));
        return problems;
    }

    /** The reason an admin gives for revoking a badge or dismissing a flag: shown to everyone who sees the benchmark. */
    public static List<Violation> reason(String reason) {
        if (reason == null || reason.isBlank()) return List.of(new Violation("reason", "must not be blank"));
        if (reason.length() > MAX_REASON_LENGTH)
            return List.of(new Violation("reason", "must be at most " + MAX_REASON_LENGTH + " characters"));
        return List.of();
    }

    private static boolean isHttpUrl(String value) {
        try {
            var uri = new URI(value);
            String scheme = uri.getScheme();
            return uri.isAbsolute()
                    && uri.getHost() != null
                    && !uri.getHost().isBlank()
                    && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme));
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
