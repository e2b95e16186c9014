package io.benchmarkhub.api.suggestion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchmarkhub.domain.benchmark.BenchmarkRules;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.grading.TextSimilarity;
import io.benchmarkhub.domain.suggestion.EdgeCaseType;
import io.benchmarkhub.domain.suggestion.Suggestion;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads one model answer and checks each proposal in it before anyone sees it: it must be a case the benchmark can hold
 * and grade, and neither a duplicate nor a near-duplicate of a case or of an earlier proposal. Duplicates are judged on
 * the input, normalised (NFKC, lower case, every run of characters that are not letters or digits made one space): equal
 * normalised inputs are duplicates, and inputs whose normalised Levenshtein similarity is at least
 * {@value #NEAR_DUPLICATE} are near-duplicates (compared while both are at most {@value #MAX_COMPARED} characters; longer
 * ones only when equal).
 */
final class ProposalChecks {

    static final double NEAR_DUPLICATE = 0.9;
    static final int MAX_COMPARED = 2_000;

    /** What an answer gave: the proposals that passed, and the skipped ones. */
    record Outcome(List<Suggestion> accepted, int malformed, int duplicates, String problem) {}

    private final ObjectMapper json;
    private final List<Grader> graders;
    /** Normalised inputs of the benchmark's cases and of every proposal kept so far. */
    private final List<String> seen = new ArrayList<>();

    ProposalChecks(ObjectMapper json, List<Grader> graders, List<TestCase> existing) {
        this.json = json;
        this.graders = graders;
        for (TestCase c : existing) seen.add(normalise(c.input()));
    }

    /**
     * Checks an answer. {@code nextId} numbers the kept proposals of the job. An answer that is not one JSON object with a
     * {@code cases} array (prose, truncated JSON, another shape) keeps nothing and counts as one malformed answer.
     */
    Outcome check(String answer, String jobId, int[] nextId, String persona) {
        JsonNode root;
        try {
            root = json.readTree(unfenced(answer));
        } catch (JsonProcessingException e) {
            return new Outcome(
                    List.of(), 1, 0, "the answer is not JSON (it may have been cut off at the completion cap)");
        }
        if (root == null || !root.isObject() || !root.path("cases").isArray()) {
            return new Outcome(List.of(), 1, 0, "the answer is not a JSON object with a \"cases\" array");
        }
        var kept = new ArrayList<Suggestion>();
        int malformed = 0;
        int duplicates = 0;
        String problem = null;
        int i = 0;
        for (JsonNode proposal : root.path("cases")) {
            String reason = problem(proposal, i++);
            if (reason != null) {
                malformed++;
                if (problem == null) problem = reason;
                continue;
            }
            String normalised = normalise(proposal.get("input"));
            if (isDuplicate(normalised)) {
                duplicates++;
                if (problem == null) problem = "cases[" + (i - 1) + "] duplicates a case or another proposal";
                continue;
            }
            seen.add(normalised);
            List<String> tags = new ArrayList<>();
            proposal.path("tags").forEach(t -> tags.add(t.asText()));
            EdgeCaseType type = EdgeCaseType.parse(
                    proposal.path("edgeCaseType").isTextual()
                            ? proposal.path("edgeCaseType").asText()
                            : null);
            JsonNode expected = proposal.get("expected");
            kept.add(new Suggestion(
                    jobId + "." + nextId[0]++,
                    new TestCase(
                            null,
                            proposal.get("input"),
                            expected == null || expected.isNull() ? null : expected,
                            tags,
                            null),
                    persona,
                    type == null ? null : type.wireName()));
        }
        return new Outcome(kept, malformed, duplicates, problem);
    }

    /** Why a proposal cannot be a case of this benchmark, or null when it can. */
    String problem(JsonNode proposal, int index) {
        String at = "cases[" + index + "]";
        if (proposal == null || !proposal.isObject()) return at + " is not an object";
        JsonNode input = proposal.get("input");
        if (input == null || input.isNull() || !(input.isTextual() || input.isObject() || input.isArray())) {
            return at + ".input must be a string, a list of messages or an object";
        }
        JsonNode tags = proposal.get("tags");
        if (tags != null && !tags.isNull() && (!tags.isArray() || !allText(tags)))
            return at + ".tags must be a list of strings";
        JsonNode expected = proposal.get("expected");
        String gradable = gradable(expected);
        if (gradable != null) return at + ".expected " + gradable;
        List<String> tagList = new ArrayList<>();
        if (tags != null) tags.forEach(t -> tagList.add(t.asText()));
        List<Violation> violations = BenchmarkRules.testCase(at, new TestCase(null, input, expected, tagList, null));
        if (!violations.isEmpty())
            return violations.getFirst().field() + " " + violations.getFirst().message();
        return null;
    }

    /** Why {@code expected} cannot be graded by the benchmark's graders, or null when it can. */
    String gradable(JsonNode expected) {
        boolean present = expected != null
                && !expected.isNull()
                && !(expected.isTextual() && expected.asText().isBlank());
        for (Grader grader : graders) {
            switch (grader) {
                case Grader.Exact e
                when e.value() == null -> {
                    if (!present || !expected.isValueNode())
                        return "must be a string or a number: an exact grader compares the answer with it";
                }
                case Grader.Contains c
                when c.value() == null -> {
                    if (!present || !expected.isValueNode())
                        return "must be a string or a number: a contains grader looks for it in the answer";
                }
                case Grader.StartsWith w
                when w.value() == null -> {
                    if (!present || !expected.isValueNode())
                        return "must be a string or a number: a starts-with grader compares the answer's start with it";
                }
                case Grader.Similarity s
                when s.value() == null -> {
                    if (!present || !expected.isValueNode())
                        return "must be a string: a similarity grader compares the answer with it";
                }
                case Grader.Numeric n
                when n.value() == null -> {
                    if (!present || !(expected.isNumber() || (expected.isTextual() && isNumber(expected.asText())))) {
                        return "must be a number: a numeric grader compares the answer's number with it";
                    }
                }
                default -> {}
            }
        }
        return null;
    }

    private boolean isDuplicate(String normalised) {
        for (String other : seen) {
            if (other.equals(normalised)) return true;
            if (other.length() <= MAX_COMPARED
                    && normalised.length() <= MAX_COMPARED
                    && TextSimilarity.levenshteinSimilarity(other, normalised) >= NEAR_DUPLICATE) {
                return true;
            }
        }
        return false;
    }

    static String normalise(JsonNode input) {
        String text = input == null ? "" : input.isTextual() ? input.asText() : input.toString();
        return Normalizer.normalize(text, Normalizer.Form.NFKC)
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}]+", " ")
                .strip();
    }

    /** The JSON inside a Markdown code fence, when the whole answer is one; else the answer. */
    static String unfenced(String answer) {
        String text = answer.strip();
        if (text.startsWith("```") && text.endsWith("```") && text.length() > 6) {
            int newline = text.indexOf('\n');
            if (newline > 0) return text.substring(newline + 1, text.length() - 3);
        }
        return text;
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode n : array) if (!n.isTextual()) return false;
        return true;
    }

    private static boolean isNumber(String text) {
        try {
            Double.parseDouble(text.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
