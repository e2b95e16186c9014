package io.benchmarkhub.domain.suggestion;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The kinds of edge case a caller may steer the generator towards; each has the instruction the model is given. */
public enum EdgeCaseType {
    BOUNDARY("values at the edges of what is valid: zero, one, the largest and smallest allowed, off-by-one"),
    FORMAT(
            "inputs in unusual but legitimate formats: other date or number notations, odd casing, extra whitespace, markup"),
    EMPTY("empty or nearly empty inputs: an empty field, only whitespace, a question with its key part missing"),
    ADVERSARIAL(
            "adversarial phrasing: misleading framing, prompt injection, distractors, a question that invites a wrong answer"),
    LONG("long inputs: several paragraphs, many items, the relevant part buried in the middle"),
    TYPOS("realistic typos, misspellings and missing punctuation in the input"),
    MINORITY("rare categories and minority classes that a model is likely to under-serve");

    private final String instruction;

    EdgeCaseType(String instruction) {
        this.instruction = instruction;
    }

    public String instruction() {
        return instruction;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type named {@code name} (any case), or null. */
    public static EdgeCaseType parse(String name) {
        if (name == null) return null;
        return Arrays.stream(values())
                .filter(t -> t.name().equalsIgnoreCase(name.strip()))
                .findFirst()
                .orElse(null);
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(EdgeCaseType::wireName).toList();
    }
}
