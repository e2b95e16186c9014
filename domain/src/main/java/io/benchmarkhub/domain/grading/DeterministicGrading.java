package io.benchmarkhub.domain.grading;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.benchmarkhub.domain.benchmark.TestCase;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Grades one model output with one deterministic grader; a pure function.
 * <p>
 * The value compared against is the grader's own {@code value}/{@code pattern}/{@code schema},
 * else the case's {@code expected} (its text when it is a JSON string, its compact JSON otherwise);
 * with neither the grade fails with reason {@value #NO_EXPECTED}. A bad expected value (a pattern
 * that does not compile, a schema that is not one) is a failed grade with the reason, never an exception.
 * Text is compared after Unicode NFC normalisation, so a precomposed "é" equals "e" + U+0301.
 * Everything but {@code similarity} scores 1 or 0.
 */
public final class DeterministicGrading {

    public static final String NO_EXPECTED = "no expected value";
    /** Used by {@code similarity} when the grader sets no threshold. */
    public static final double DEFAULT_SIMILARITY_THRESHOLD = 0.8;

    // Strict: the whole (trimmed) output must be one JSON value; no trailing text, no comments.
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private DeterministicGrading() {}

    /** Whether {@link #grade} handles this grader; {@code llm-judge} is graded by the judge panel instead. */
    public static boolean handles(Grader grader) {
        return !(grader instanceof Grader.LlmJudge);
    }

    /**
     * @throws IllegalArgumentException for an {@code llm-judge} grader, which is not deterministic
     */
    public static Grade grade(Grader grader, TestCase testCase, String output) {
        Objects.requireNonNull(grader, "grader");
        Objects.requireNonNull(testCase, "testCase");
        String text = output == null ? "" : output;
        return switch (grader) {
            case Grader.Exact exact -> exact(exact, testCase, text);
            case Grader.Contains contains -> contains(contains, testCase, text);
            case Grader.Regex regex -> regex(regex, testCase, text);
            case Grader.JsonValid ignored -> jsonValid(text);
            case Grader.JsonSchema schema -> jsonSchema(schema, testCase, text);
            case Grader.Numeric numeric -> numeric(numeric, testCase, text);
            case Grader.Similarity similarity -> similarity(similarity, testCase, text);
            case Grader.StartsWith startsWith -> startsWith(startsWith, testCase, text);
            case Grader.ContainsAny any -> containsAny(any, text);
            case Grader.ContainsAll all -> containsAll(all, text);
            case Grader.Not not -> not(not, testCase, text);
            case Grader.LlmJudge ignored ->
                throw new IllegalArgumentException("llm-judge is graded by the judge panel, not deterministically");
        };
    }

    private static Grade startsWith(Grader.StartsWith grader, TestCase testCase, String output) {
        Optional<String> expected = expectedText(grader.value(), testCase);
        if (expected.isEmpty()) return Grade.fail(NO_EXPECTED);
        boolean ignoreCase = Boolean.TRUE.equals(grader.ignoreCase());
        return comparable(output.stripLeading(), ignoreCase).startsWith(comparable(expected.get(), ignoreCase))
                ? Grade.pass("starts with the expected text")
                : Grade.fail("does not start with the expected text");
    }

    private static Grade containsAny(Grader.ContainsAny grader, String output) {
        if (grader.values() == null || grader.values().isEmpty()) return Grade.fail(NO_EXPECTED);
        boolean ignoreCase = Boolean.TRUE.equals(grader.ignoreCase());
        String got = comparable(output, ignoreCase);
        for (String value : grader.values()) {
            if (value != null && got.contains(comparable(value, ignoreCase)))
                return Grade.pass("contains one of the texts");
        }
        return Grade.fail("contains none of the " + grader.values().size() + " texts");
    }

    private static Grade containsAll(Grader.ContainsAll grader, String output) {
        if (grader.values() == null || grader.values().isEmpty()) return Grade.fail(NO_EXPECTED);
        boolean ignoreCase = Boolean.TRUE.equals(grader.ignoreCase());
        String got = comparable(output, ignoreCase);
        long missing = grader.values().stream()
                .filter(v -> v == null || !got.contains(comparable(v, ignoreCase)))
                .count();
        return missing == 0
                ? Grade.pass("contains all " + grader.values().size() + " texts")
                : Grade.fail("misses " + missing + " of the " + grader.values().size() + " texts");
    }

    private static Grade not(Grader.Not grader, TestCase testCase, String output) {
        if (grader.grader() == null || !handles(grader.grader()))
            return Grade.fail("not: needs a deterministic grader");
        Grade inner = grade(grader.grader(), testCase, output);
        return new Grade(1 - inner.score(), !inner.passed(), "not (" + inner.reason() + ")");
    }

    private static Grade exact(Grader.Exact grader, TestCase testCase, String output) {
        Optional<String> expected = expectedText(grader.value(), testCase);
        if (expected.isEmpty()) return Grade.fail(NO_EXPECTED);
        boolean ignoreCase = Boolean.TRUE.equals(grader.ignoreCase());
        String want = comparable(expected.get().strip(), ignoreCase);
        String got = comparable(output.strip(), ignoreCase);
        return want.equals(got)
                ? Grade.pass(ignoreCase ? "equals the expected text, ignoring case" : "equals the expected text")
                : Grade.fail("differs from the expected text");
    }

    private static Grade contains(Grader.Contains grader, TestCase testCase, String output) {
        Optional<String> expected = expectedText(grader.value(), testCase);
        if (expected.isEmpty()) return Grade.fail(NO_EXPECTED);
        boolean ignoreCase = Boolean.TRUE.equals(grader.ignoreCase());
        return comparable(output, ignoreCase).contains(comparable(expected.get(), ignoreCase))
                ? Grade.pass("contains the expected text")
                : Grade.fail("does not contain the expected text");
    }

    private static Grade regex(Grader.Regex grader, TestCase testCase, String output) {
        Optional<String> pattern = expectedText(grader.pattern(), testCase);
        if (pattern.isEmpty()) return Grade.fail(NO_EXPECTED);
        Pattern compiled;
        try {
            compiled = Pattern.compile(pattern.get());
        } catch (PatternSyntaxException e) {
            return Grade.fail("not a valid regular expression: " + e.getDescription());
        }
        try {
            return BoundedRegex.find(compiled, output, BoundedRegex.budget())
                    ? Grade.pass("matches the pattern")
                    : Grade.fail("does not match the pattern");
        } catch (BoundedRegex.Exhausted e) {
            return Grade.fail("the pattern took too many steps on this output (catastrophic backtracking?)");
        }
    }

    private static Grade jsonValid(String output) {
        return parseJson(output).isPresent() ? Grade.pass("is valid JSON") : Grade.fail("is not valid JSON");
    }

    private static Grade jsonSchema(Grader.JsonSchema grader, TestCase testCase, String output) {
        JsonNode schema = grader.schema() != null ? grader.schema() : testCase.expected();
        if (schema == null) return Grade.fail(NO_EXPECTED);
        if (schema.isTextual()) {
            // an expected given as a JSON string holding a schema
            Optional<JsonNode> parsed = parseJson(schema.asText());
            if (parsed.isEmpty()) return Grade.fail("the expected value is not a JSON Schema");
            schema = parsed.get();
        }
        if (!schema.isObject() && !schema.isBoolean()) return Grade.fail("the expected value is not a JSON Schema");
        Optional<JsonNode> instance = parseJson(output);
        if (instance.isEmpty()) return Grade.fail("is not valid JSON");
        List<String> violations;
        try {
            violations = JsonSchemaCheck.violations(schema, instance.get());
        } catch (BoundedRegex.Exhausted e) {
            return Grade.fail(
                    "a pattern of the schema took too many steps on this output (catastrophic backtracking?)");
        } catch (IllegalArgumentException e) {
            return Grade.fail("the schema cannot be used: " + e.getMessage());
        }
        return violations.isEmpty()
                ? Grade.pass("valid against the schema")
                : Grade.fail("violates the schema: " + String.join("; ", violations));
    }

    private static Grade numeric(Grader.Numeric grader, TestCase testCase, String output) {
        Optional<BigDecimal> expected;
        if (grader.value() != null) {
            if (grader.value().isNaN() || grader.value().isInfinite())
                return Grade.fail("the expected value is not a number");
            expected = Optional.of(BigDecimal.valueOf(grader.value()));
        } else if (testCase.expected() == null) {
            return Grade.fail(NO_EXPECTED);
        } else if (testCase.expected().isNumber()) {
            expected = Optional.of(testCase.expected().decimalValue());
        } else if (testCase.expected().isTextual()) {
            expected = NumberExtraction.first(testCase.expected().asText());
        } else {
            expected = Optional.empty();
        }
        if (expected.isEmpty()) return Grade.fail("the expected value is not a number");
        Optional<BigDecimal> actual = NumberExtraction.first(output);
        if (actual.isEmpty()) return Grade.fail("no number in the output");
        BigDecimal tolerance = grader.tolerance() == null ? BigDecimal.ZERO : BigDecimal.valueOf(grader.tolerance());
        BigDecimal difference = actual.get().subtract(expected.get()).abs();
        return difference.compareTo(tolerance) <= 0
                ? Grade.pass("read " + actual.get().toPlainString() + ", within " + tolerance.toPlainString() + " of "
                        + expected.get().toPlainString())
                : Grade.fail("read " + actual.get().toPlainString() + ", off by " + difference.toPlainString()
                        + " from " + expected.get().toPlainString());
    }

    private static Grade similarity(Grader.Similarity grader, TestCase testCase, String output) {
        Optional<String> expected = expectedText(grader.value(), testCase);
        if (expected.isEmpty()) return Grade.fail(NO_EXPECTED);
        double threshold = grader.threshold() == null ? DEFAULT_SIMILARITY_THRESHOLD : grader.threshold();
        String want = nfc(expected.get().strip());
        String got = nfc(output.strip());
        long wantPoints = want.codePointCount(0, want.length());
        long gotPoints = got.codePointCount(0, got.length());
        if (wantPoints * gotPoints > TextSimilarity.MAX_CELLS) {
            // the edit distance is O(n·m): above the bound only the lengths are compared, which may already decide it
            long longest = Math.max(wantPoints, gotPoints);
            double atMost = 1 - (double) Math.abs(wantPoints - gotPoints) / longest;
            String bound = String.format(Locale.ROOT, "%.3f", atMost);
            return atMost < threshold
                    ? new Grade(
                            atMost,
                            false,
                            "similarity at most " + bound + " < " + threshold + " (the lengths alone differ that much)")
                    : Grade.fail("too long to compare: " + wantPoints + " × " + gotPoints
                            + " code points is above the similarity " + "grader's bound of " + TextSimilarity.MAX_CELLS
                            + "; use contains, regex or an llm-judge for long answers");
        }
        double score = TextSimilarity.levenshteinSimilarity(want, got);
        String rounded = String.format(Locale.ROOT, "%.3f", score);
        return new Grade(
                score,
                score >= threshold,
                score >= threshold
                        ? "similarity " + rounded + " >= " + threshold
                        : "similarity " + rounded + " < " + threshold);
    }

    /** The grader's own value, else the case's expected: a JSON string's text, any other JSON as compact JSON. */
    private static Optional<String> expectedText(String own, TestCase testCase) {
        if (own != null) return Optional.of(own);
        JsonNode expected = testCase.expected();
        if (expected == null) return Optional.empty();
        return Optional.of(expected.isTextual() ? expected.asText() : expected.toString());
    }

    static Optional<JsonNode> parseJson(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) return Optional.empty();
        try {
            return Optional.of(JSON.readTree(trimmed));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static String comparable(String text, boolean ignoreCase) {
        String normalised = nfc(text);
        // upper then lower folds "ß" and "SS" together, which equalsIgnoreCase does not
        return ignoreCase ? normalised.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT) : normalised;
    }

    private static String nfc(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFC);
    }
}
