package io.benchmarkhub.domain.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a benchmark's prompt template and a case's input into the chat messages sent to a model.
 * <ul>
 *   <li>Input that is a chat (an array of {@code {role, content}}) is sent as it is; the template is not used.</li>
 *   <li>Text input: the template with {@code {{input}}} replaced by the text, or the text alone without a template.</li>
 *   <li>An object of variables: each {@code {{name}}} replaced by that variable (text as is, anything else as
 *       compact JSON), and {@code {{input}}} by the whole object unless it has a variable named input;
 *       without a template, the object as compact JSON.</li>
 * </ul>
 * Placeholders may have spaces inside the braces ({@code {{ name }}}); an unknown one is left as written.
 */
public final class PromptRendering {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_.-]*)\\s*}}");

    private PromptRendering() {}

    public static List<PromptMessage> render(String template, JsonNode input) {
        if (input != null && isChat(input)) {
            var messages = new ArrayList<PromptMessage>();
            input.forEach(m -> messages.add(new PromptMessage(m.get("role").asText(), text(m.get("content")))));
            return messages;
        }
        String whole = text(input);
        if (template == null || template.isBlank()) return List.of(new PromptMessage("user", whole));
        Matcher matcher = PLACEHOLDER.matcher(template);
        var rendered = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value;
            if (input != null && input.isObject() && input.has(name)) value = text(input.get(name));
            else if (name.equals("input")) value = whole;
            else value = matcher.group();
            matcher.appendReplacement(rendered, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(rendered);
        return List.of(new PromptMessage("user", rendered.toString()));
    }

    /**
     * The UTF-8 size of what {@link #render} gives, counted without building it: a template that repeats
     * {@code {{input}}} thousands of times over a large case is measured in the template's length, not the prompt's,
     * so it can be refused before anything that big exists. Stops counting once past {@code limit}.
     *
     * @return the rendered prompt's UTF-8 bytes (every message's content), or a number above {@code limit} as soon as it exceeds it
     */
    public static long renderedBytes(String template, JsonNode input, long limit) {
        if (input != null && isChat(input)) {
            long total = 0;
            for (JsonNode m : input) {
                total += utf8Length(text(m.get("content")));
                if (total > limit) return total;
            }
            return total;
        }
        String whole = text(input);
        long wholeBytes = utf8Length(whole);
        if (template == null || template.isBlank()) return wholeBytes;
        Matcher matcher = PLACEHOLDER.matcher(template);
        long total = 0;
        int literalStart = 0;
        while (matcher.find()) {
            total += utf8Length(template, literalStart, matcher.start());
            String name = matcher.group(1);
            if (input != null && input.isObject() && input.has(name)) total += utf8Length(text(input.get(name)));
            else if (name.equals("input")) total += wholeBytes;
            else total += utf8Length(template, matcher.start(), matcher.end());
            literalStart = matcher.end();
            if (total > limit) return total;
        }
        return total + utf8Length(template, literalStart, template.length());
    }

    private static long utf8Length(String text) {
        return utf8Length(text, 0, text.length());
    }

    private static long utf8Length(CharSequence text, int from, int to) {
        long bytes = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < 0x80) bytes += 1;
            else if (c < 0x800) bytes += 2;
            else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else bytes += 3;
        }
        return bytes;
    }

    private static boolean isChat(JsonNode input) {
        if (!input.isArray() || input.isEmpty()) return false;
        for (JsonNode message : input) {
            if (!message.isObject() || !message.path("role").isTextual() || !message.has("content")) return false;
        }
        return true;
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull()) return "";
        return node.isTextual() ? node.asText() : node.toString();
    }
}
