package io.benchmarkhub.command.run.provider;

import io.benchmarkhub.domain.grading.TextSimilarity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code sim}: offline models for the embedded default, demos and tests. Everything about an answer
 * (text, latency, tokens, cost, generation id) is a function of the model id and the messages, so
 * the same request always gets the same result; every result is labelled simulated.
 * <ul>
 *   <li>{@code echo}: the last user message</li>
 *   <li>{@code upper}: the last user message in upper case</li>
 *   <li>{@code random} / {@code random-<seed>}: one of a few canned answers, picked by a hash of the seed and the messages</li>
 *   <li>{@code judge} / {@code judge-<seed>}: {@code {"score": s, "rationale": "..."}} with s in [0,1] (two decimals). When the
 *       message is a judge prompt with a reference answer, s is 0.8 × the similarity of the candidate output to the
 *       reference plus 0.2 × a hash of the messages, so better answers score higher and judges disagree a little;
 *       otherwise s comes from the hash alone</li>
 * </ul>
 * Latency is 20–200 ms from the hash, slept for real unless sleeping is off. Tokens are
 * ⌈characters / 4⌉ (at least 1); prices are fixed and fake: $1 per million prompt tokens and $2 per
 * million completion tokens. With {@code maxTokens} the answer is cut at {@code 4 × maxTokens} characters.
 * The provider's ids have no prefix ({@code echo}); the gateway exposes them as {@code sim/echo}.
 */
final class SimulatedProvider implements ModelProvider {

    public static final String NAME = "sim";
    static final long PROMPT_MICROS_PER_MILLION = 1_000_000;
    static final long COMPLETION_MICROS_PER_MILLION = 2_000_000;
    static final int CONTEXT_LENGTH = 32_768;
    static final List<String> CANNED = List.of("yes", "no", "42", "I don't know.", "{\"answer\": 42}", "Paris");

    private final boolean sleep;
    private final Sleeper sleeper;

    public SimulatedProvider(boolean sleep, Sleeper sleeper) {
        this.sleep = sleep;
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    public SimulatedProvider(boolean sleep) {
        this(sleep, Sleeper.REAL);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean simulated() {
        return true;
    }

    @Override
    public ChatResult complete(ChatRequest request) throws ProviderFailure {
        byte[] hash = hash(request);
        long h = toLong(hash);
        String model = request.model();
        String last = request.lastUserMessage();
        String output;
        if (model.equals("echo")) {
            output = last;
        } else if (model.equals("upper")) {
            output = last.toUpperCase(Locale.ROOT);
        } else if (model.equals("random") || model.startsWith("random-")) {
            output = CANNED.get((int) Math.floorMod(h, (long) CANNED.size()));
        } else if (model.equals("judge") || model.startsWith("judge-")) {
            long hundredths = judgeHundredths(request, h);
            output = String.format(
                    Locale.ROOT,
                    "{\"score\": %s, \"rationale\": \"Simulated verdict %s.\"}",
                    hundredths == 100 ? "1.0" : String.format(Locale.ROOT, "0.%02d", hundredths),
                    HexFormat.of().formatHex(hash, 0, 4));
        } else {
            throw new ProviderFailure(ProviderFailure.Kind.CLIENT_ERROR, unknownModel(model));
        }
        if (request.maxTokens() != null && output.length() > 4L * request.maxTokens()) {
            int cut = 4 * request.maxTokens();
            if (Character.isHighSurrogate(output.charAt(cut - 1))) cut--;
            output = output.substring(0, cut);
        }
        long latencyMs = 20 + Math.floorMod(h >>> 16, 181L);
        if (sleep) {
            try {
                sleeper.sleep(Duration.ofMillis(latencyMs));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderFailure(ProviderFailure.Kind.CANCELLED, "the call to sim was cancelled");
            }
        }
        long promptChars =
                request.messages().stream().mapToLong(m -> m.content().length()).sum();
        long promptTokens = tokens(promptChars);
        long completionTokens = tokens(output.length());
        long cost = catalogueEntry(model).costMicros(promptTokens, completionTokens);
        return new ChatResult(
                output,
                latencyMs,
                promptTokens,
                completionTokens,
                cost,
                "sim-" + HexFormat.of().formatHex(hash, 0, 12),
                true);
    }

    @Override
    public Optional<CatalogueModel> price(String model) {
        return unknownModel(model) == null ? Optional.of(catalogueEntry(model)) : Optional.empty();
    }

    @Override
    public String unknownModel(String model) {
        boolean known = model.equals("echo")
                || model.equals("upper")
                || model.equals("random")
                || model.startsWith("random-")
                || model.equals("judge")
                || model.startsWith("judge-");
        return known
                ? null
                : "sim has no model \"" + model + "\"; try sim/echo, sim/upper, sim/random-<seed> or sim/judge-<seed>";
    }

    @Override
    public List<CatalogueModel> models() {
        return List.of(
                catalogueEntry("echo"),
                catalogueEntry("upper"),
                catalogueEntry("random-1"),
                catalogueEntry("random-2"),
                catalogueEntry("random-3"),
                catalogueEntry("judge"));
    }

    private static CatalogueModel catalogueEntry(String id) {
        return new CatalogueModel(
                id, NAME, PROMPT_MICROS_PER_MILLION, COMPLETION_MICROS_PER_MILLION, CONTEXT_LENGTH, true);
    }

    /** 0–100: similarity-led for a judge prompt with a reference and a candidate output, else from the hash. */
    private static long judgeHundredths(ChatRequest request, long h) {
        long noise = Math.floorMod(h, 101L);
        String prompt = request.lastUserMessage();
        String reference = section(prompt, "reference");
        String candidate = section(prompt, "candidate_output");
        if (reference == null || candidate == null) return noise;
        double similarity = TextSimilarity.levenshteinSimilarity(
                reference.strip().toLowerCase(Locale.ROOT), candidate.strip().toLowerCase(Locale.ROOT));
        return Math.round(80 * similarity + 0.2 * noise);
    }

    private static String section(String prompt, String tag) {
        int start = prompt.indexOf("<" + tag + ">\n");
        int end = prompt.indexOf("\n</" + tag + ">");
        if (start < 0 || end < start) return null;
        return prompt.substring(start + tag.length() + 3, end);
    }

    private static long tokens(long characters) {
        return Math.max(1, (characters + 3) / 4);
    }

    private static byte[] hash(ChatRequest request) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            update(digest, request.model());
            for (ChatMessage message : request.messages()) {
                update(digest, message.role());
                update(digest, message.content());
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    private static void update(MessageDigest digest, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        // length-prefixed, so ("ab","c") and ("a","bc") hash differently
        digest.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
    }

    private static long toLong(byte[] hash) {
        long value = 0;
        for (int i = 0; i < 8; i++) value = (value << 8) | (hash[i] & 0xff);
        return value;
    }
}
