package io.benchmarkhub.projections.library;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.domain.benchmark.TestCase;
import java.util.List;

/**
 * The searchable sample of a benchmark's cases: the text of its first few inputs, taken from the
 * event that created (or forked) it, so both library read models search the same words.
 */
public final class CaseSample {

    static final int CASES = 5;
    static final int CHARS_PER_CASE = 200;

    private CaseSample() {}

    public static String of(List<TestCase> cases) {
        var sb = new StringBuilder();
        for (TestCase c : cases.subList(0, Math.min(CASES, cases.size()))) {
            String text = text(c.input()).strip();
            if (text.isEmpty()) continue;
            if (!sb.isEmpty()) sb.append('\n');
            sb.append(text, 0, Math.min(CHARS_PER_CASE, text.length()));
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    /** A string input as is; chat messages as their contents; template variables as their values. */
    private static String text(JsonNode input) {
        if (input == null) return "";
        if (input.isTextual()) return input.asText();
        if (input.isValueNode()) return input.asText();
        var sb = new StringBuilder();
        for (JsonNode child : input) {
            JsonNode content = child.isObject() && child.has("content") ? child.get("content") : child;
            String part = text(content);
            if (!part.isBlank()) sb.append(sb.isEmpty() ? "" : " ").append(part);
        }
        return sb.toString();
    }
}
