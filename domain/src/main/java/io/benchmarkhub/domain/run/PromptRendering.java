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

    private PromptRendering() {
    }

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
