package io.benchmarkhub.domain.grading;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a judge's reply. Tolerant of how models wrap JSON (code fences, a sentence before or
 * after), but it never guesses a score: it looks for top-level JSON objects with a {@code score}
 * field and accepts the reply only when
 * <ul>
 *   <li>every such object has a JSON number {@code score} in [0,1] (no "8/10", no 1–5 or 0–10 scales,
 *       no numbers written as strings), and</li>
 *   <li>they all agree on the score (a reply that says two different things is not a verdict).</li>
 * </ul>
 * The {@code rationale} is the first object's string {@code rationale}, or empty when it has none.
 * Anything else is {@link Optional#empty()}: the caller retries the judge, then records a failed verdict.
 */
public final class JudgeVerdictParser {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JudgeVerdictParser() {}

    public static Optional<JudgeVerdict> parse(String text) {
        if (text == null || text.isBlank()) return Optional.empty();
        List<JsonNode> candidates = new ArrayList<>();
        for (JsonNode object : topLevelObjects(text)) {
            if (object.has("score")) candidates.add(object);
        }
        if (candidates.isEmpty()) return Optional.empty();
        Double agreed = null;
        for (JsonNode candidate : candidates) {
            JsonNode score = candidate.get("score");
            if (!score.isNumber()) return Optional.empty();
            double value = score.doubleValue();
            if (!(value >= 0 && value <= 1)) return Optional.empty();
            if (agreed != null && agreed != value) return Optional.empty();
            agreed = value;
        }
        JsonNode rationale = candidates.getFirst().get("rationale");
        return Optional.of(new JudgeVerdict(
                agreed,
                rationale != null && rationale.isTextual() ? rationale.asText().strip() : ""));
    }

    /** Every JSON object that starts at a '{' outside another parsed object; code fences and prose around them are skipped. */
    private static List<JsonNode> topLevelObjects(String text) {
        List<JsonNode> objects = new ArrayList<>();
        int from = 0;
        while (true) {
            int start = text.indexOf('{', from);
            if (start < 0) return objects;
            int end = parseObjectAt(text, start, objects);
            from = end > start ? end : start + 1;
        }
    }

    /** Parses one object starting at {@code start}; returns the index after it, or {@code start} when there is none. */
    private static int parseObjectAt(String text, int start, List<JsonNode> into) {
        try (JsonParser parser = JSON.createParser(text.substring(start))) {
            JsonNode node = parser.readValueAsTree();
            if (node == null || !node.isObject()) return start;
            into.add(node);
            return start + (int) parser.currentLocation().getCharOffset();
        } catch (JsonProcessingException e) {
            return start;
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
    }
}
