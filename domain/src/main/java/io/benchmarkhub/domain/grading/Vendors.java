package io.benchmarkhub.domain.grading;

import java.util.Locale;
import java.util.Map;

/**
 * Who made a model, for flagging self-preference (a judge grading its own vendor's model).
 * <p>
 * The vendor is the first path segment of the model id ({@code openai/gpt-4o} → openai), with
 * OpenRouter's organisation names folded to one vendor each ({@code meta-llama} → meta,
 * {@code mistralai} → mistral, {@code x-ai} → xai). When the first segment is a host rather than a
 * known vendor ({@code ollama/llama3}, a named OpenAI-compatible endpoint) and the model name
 * starts with a well-known family ({@code llama}, {@code gpt-}, {@code claude}, …), the family's
 * vendor is used; otherwise the first segment is. An id without a slash is read the same way.
 * {@code sim/...} models are vendor "sim".
 */
public final class Vendors {

    private static final Map<String, String> ORGANISATIONS = Map.ofEntries(
            Map.entry("openai", "openai"),
            Map.entry("anthropic", "anthropic"),
            Map.entry("google", "google"),
            Map.entry("meta-llama", "meta"),
            Map.entry("meta", "meta"),
            Map.entry("mistralai", "mistral"),
            Map.entry("mistral", "mistral"),
            Map.entry("x-ai", "xai"),
            Map.entry("xai", "xai"),
            Map.entry("deepseek", "deepseek"),
            Map.entry("qwen", "qwen"),
            Map.entry("cohere", "cohere"),
            Map.entry("microsoft", "microsoft"),
            Map.entry("amazon", "amazon"),
            Map.entry("nvidia", "nvidia"),
            Map.entry("sim", "sim"));

    /** Model-name prefix → vendor, longest first where prefixes overlap. */
    private static final Map<String, String> FAMILIES = Map.ofEntries(
            Map.entry("gpt-", "openai"),
            Map.entry("chatgpt", "openai"),
            Map.entry("o1", "openai"),
            Map.entry("o3", "openai"),
            Map.entry("o4", "openai"),
            Map.entry("claude", "anthropic"),
            Map.entry("gemini", "google"),
            Map.entry("gemma", "google"),
            Map.entry("llama", "meta"),
            Map.entry("codellama", "meta"),
            Map.entry("mistral", "mistral"),
            Map.entry("mixtral", "mistral"),
            Map.entry("codestral", "mistral"),
            Map.entry("ministral", "mistral"),
            Map.entry("grok", "xai"),
            Map.entry("deepseek", "deepseek"),
            Map.entry("qwen", "qwen"),
            Map.entry("qwq", "qwen"),
            Map.entry("command", "cohere"),
            Map.entry("phi", "microsoft"),
            Map.entry("nova", "amazon"));

    private Vendors() {}

    public static String of(String modelId) {
        if (modelId == null || modelId.isBlank()) throw new IllegalArgumentException("model id must not be blank");
        String id = modelId.strip().toLowerCase(Locale.ROOT);
        int slash = id.indexOf('/');
        String first = slash < 0 ? id : id.substring(0, slash);
        String organisation = ORGANISATIONS.get(first);
        if (organisation != null) return organisation;
        String name = slash < 0 ? id : id.substring(id.lastIndexOf('/') + 1);
        String family = family(name);
        if (family != null) return family;
        return first;
    }

    /** True when the judge and the candidate come from the same vendor (the judge may favour its own). */
    public static boolean selfPreference(String judgeModel, String candidateModel) {
        return of(judgeModel).equals(of(candidateModel));
    }

    private static String family(String name) {
        String best = null;
        int bestLength = 0;
        for (var entry : FAMILIES.entrySet()) {
            if (name.startsWith(entry.getKey()) && entry.getKey().length() > bestLength) {
                best = entry.getValue();
                bestLength = entry.getKey().length();
            }
        }
        return best;
    }
}
