package io.benchmarkhub.api.suggestion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchmarkhub.command.run.provider.ChatMessage;
import io.benchmarkhub.domain.benchmark.BenchmarkHistory;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.suggestion.EdgeCaseType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The prompts of a job, all built before the first call (they do not depend on earlier answers), so that a CREDITS job
 * can reserve the bound of every call it will make; drafted personas are bounded by a placeholder as long as the longest
 * one kept. One call per batch of at most {@code batchSize} cases; with
 * personas, the count is shared out over the personas and each batch is drafted for one of them.
 */
final class SuggestionPrompts {

    static final int EXAMPLES = 5;
    /** The longest persona kept, as for a persona the owner gives. */
    static final int PERSONA_CHARS = 500;
    /**
     * Stands for a drafted persona while the calls are bounded before the first call: 4 bytes for each of the
     * {@link #PERSONA_CHARS} characters a drafted persona may have, so no real persona makes a longer prompt.
     */
    static final String PERSONA_PLACEHOLDER = "x".repeat(4 * PERSONA_CHARS);

    record Batch(int index, String persona, int cases, List<ChatMessage> messages) {}

    private SuggestionPrompts() {}

    static List<Batch> plan(
            ObjectMapper json,
            BenchmarkHistory.Snapshot benchmark,
            int count,
            String instructions,
            List<String> personas,
            List<EdgeCaseType> edgeCaseTypes,
            int batchSize) {
        var shares = new ArrayList<String>();
        var sizes = new ArrayList<Integer>();
        if (personas.isEmpty()) {
            for (int left = count; left > 0; left -= batchSize) {
                shares.add(null);
                sizes.add(Math.min(batchSize, left));
            }
        } else {
            for (int p = 0; p < personas.size(); p++) {
                int share = count / personas.size() + (p < count % personas.size() ? 1 : 0);
                for (int left = share; left > 0; left -= batchSize) {
                    shares.add(personas.get(p));
                    sizes.add(Math.min(batchSize, left));
                }
            }
        }
        var batches = new ArrayList<Batch>();
        String system = system(json, benchmark);
        for (int i = 0; i < shares.size(); i++) {
            batches.add(new Batch(
                    i,
                    shares.get(i),
                    sizes.get(i),
                    List.of(
                            new ChatMessage("system", system),
                            new ChatMessage("user", user(sizes.get(i), shares.get(i), instructions, edgeCaseTypes)))));
        }
        return batches;
    }

    /**
     * The first call of a job that drafts its personas: who would send this benchmark's inputs, as different from each
     * other as the task allows (promptfoo's synthesis starts the same way).
     */
    static List<ChatMessage> personaMessages(
            ObjectMapper json, BenchmarkHistory.Snapshot benchmark, int personas, String instructions) {
        var user = new StringBuilder("Before any case is written, describe ")
                .append(personas)
                .append(
                        " different people who would send inputs to this benchmark's task: their role, what they want, how they write ")
                .append(
                        "(tone, language, care). Make them as different from each other as the task allows, including people who ")
                .append(
                        "write carelessly or unusually. Answer with one JSON object and nothing else: {\"personas\": [\"...\"]}, ")
                .append("each persona one sentence of at most ")
                .append(PERSONA_CHARS)
                .append(" characters.");
        if (instructions != null && !instructions.isBlank())
            user.append("\nThe benchmark's owner asks: ").append(instructions);
        String system = system(json, benchmark)
                .replaceFirst("(?s)^.*?\n\n", "You help write test cases for an LLM benchmark.\n\n");
        return List.of(new ChatMessage("system", system), new ChatMessage("user", user.toString()));
    }

    /**
     * The personas of a persona answer: one JSON object (or one in a Markdown code fence, read as a proposal answer's is) with a {@code personas} array of
     * strings; blank and repeated ones are dropped, each is cut at {@link #PERSONA_CHARS} characters, at most {@code max}
     * are kept. Throws {@link IllegalArgumentException} with the reason when the answer cannot be read.
     */
    static List<String> readPersonas(ObjectMapper json, String answer, int max) {
        String text = ProposalChecks.unfenced(answer == null ? "" : answer);
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "the persona answer is not JSON (prose, or cut off at the completion cap)");
        }
        if (node == null || !node.path("personas").isArray())
            throw new IllegalArgumentException("the persona answer has no personas array");
        var personas = new LinkedHashSet<String>();
        for (var item : node.path("personas")) {
            if (!item.isTextual() || item.asText().isBlank()) continue;
            String persona = item.asText().strip();
            personas.add(persona.length() > PERSONA_CHARS ? persona.substring(0, PERSONA_CHARS) : persona);
            if (personas.size() == max) break;
        }
        if (personas.isEmpty()) throw new IllegalArgumentException("the persona answer named no persona");
        return List.copyOf(personas);
    }

    private static String system(ObjectMapper json, BenchmarkHistory.Snapshot benchmark) {
        var text = new StringBuilder();
        text.append("You write test cases for an LLM benchmark. Answer with one JSON object and nothing else: ")
                .append(
                        "{\"cases\": [{\"input\": \"...\", \"expected\": \"...\", \"tags\": [\"...\"], \"edgeCaseType\": \"...\"}]}.\n")
                .append(
                        "input is what the model under test receives (it fills {{input}} of the prompt template); expected is the ")
                .append(
                        "answer the benchmark's graders compare against; tags are optional lowercase words; edgeCaseType is one of ")
                .append(String.join(", ", EdgeCaseType.wireNames()))
                .append(" or null. Never repeat an existing case.\n\n");
        text.append("Benchmark: ").append(benchmark.title()).append('\n');
        if (benchmark.description() != null && !benchmark.description().isBlank())
            text.append("Description: ").append(benchmark.description()).append('\n');
        if (benchmark.category() != null)
            text.append("Category: ").append(benchmark.category()).append('\n');
        text.append("Prompt template: ").append(benchmark.promptTemplate()).append('\n');
        text.append("Graders: ");
        for (Grader grader : benchmark.graders()) text.append(describe(grader)).append("; ");
        text.append('\n');
        List<TestCase> cases = benchmark.cases();
        if (!cases.isEmpty()) {
            text.append("Existing cases (examples of the style; do not repeat them):\n");
            // spread the examples over the benchmark rather than taking the first few
            int step = Math.max(1, cases.size() / EXAMPLES);
            for (int i = 0, shown = 0; i < cases.size() && shown < EXAMPLES; i += step, shown++) {
                TestCase c = cases.get(i);
                var example = json.createObjectNode();
                example.set("input", c.input());
                if (c.expected() != null) example.set("expected", c.expected());
                text.append(example).append('\n');
            }
        }
        return text.toString();
    }

    private static String describe(Grader grader) {
        return switch (grader) {
            case Grader.Exact e -> e.value() == null ? "exact match with expected" : "exact match with a fixed value";
            case Grader.Contains c ->
                c.value() == null ? "the answer contains expected" : "the answer contains a fixed value";
            case Grader.Regex r -> "the answer matches a regular expression";
            case Grader.JsonValid j -> "the answer is valid JSON";
            case Grader.JsonSchema s -> "the answer is JSON valid against a schema";
            case Grader.Numeric n ->
                n.value() == null
                        ? "the answer's number equals expected (a number)"
                        : "the answer's number equals a fixed value";
            case Grader.Similarity s ->
                s.value() == null ? "the answer is textually similar to expected" : "similar to a fixed value";
            case Grader.LlmJudge j -> "an LLM judge with the rubric: " + j.rubric();
            case Grader.StartsWith w ->
                w.value() == null ? "the answer starts with expected" : "the answer starts with a fixed value";
            case Grader.ContainsAny a -> "the answer contains at least one of: " + String.join(", ", a.values());
            case Grader.ContainsAll a -> "the answer contains all of: " + String.join(", ", a.values());
            case Grader.Not n -> "not (" + describe(n.grader()) + ")";
        };
    }

    private static String user(int cases, String persona, String instructions, List<EdgeCaseType> edgeCaseTypes) {
        var text = new StringBuilder("Write ")
                .append(cases)
                .append(cases == 1 ? " new test case." : " new test cases, all different from each other.");
        if (persona != null)
            text.append("\nWrite them as inputs from this persona: ").append(persona);
        if (!edgeCaseTypes.isEmpty()) {
            text.append("\nCover these kinds of edge case, and name the kind in edgeCaseType:");
            for (EdgeCaseType type : edgeCaseTypes)
                text.append("\n- ").append(type.wireName()).append(": ").append(type.instruction());
        }
        if (instructions != null && !instructions.isBlank())
            text.append("\nThe benchmark's owner asks: ").append(instructions);
        return text.toString();
    }
}
