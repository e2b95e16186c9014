package io.benchmarkhub.command.credits;

import io.benchmarkhub.command.run.provider.CatalogueModel;
import io.benchmarkhub.command.run.provider.ProviderFailure;
import io.benchmarkhub.command.run.provider.ProviderGateway;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.grading.JudgePrompt;
import io.benchmarkhub.domain.run.JudgePanel;
import io.benchmarkhub.domain.run.PromptMessage;
import io.benchmarkhub.domain.run.PromptRendering;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An upper bound of what a run can cost, from the models' catalogue prices. A token is at least one
 * byte, so a prompt has at most as many tokens as UTF-8 bytes (plus a few per message); a completion has
 * at most {@code maxTokens}, which CREDITS runs always send, lowered to what the model can answer with at most
 * ({@link CatalogueModel#completionCap}). A judge's prompt is bounded by its fixed part in bytes plus the candidate's
 * completion cap (assuming the judge's tokenizer splits the answer no finer than the candidate's). Models without a
 * known price are listed instead.
 * <p>
 * The executor bounds each call again just before sending it, from the prompt it really sends ({@link #callBound}),
 * and sends it only when what is left of the reservation covers that bound (ADR 0017).
 */
public final class RunCostEstimate {

    static final int TOKENS_PER_MESSAGE = 8;

    /**
     * @param maxCostMicros  the bound of every call of the run: each candidate call and one call per judge of each answer
     * @param maxTrialMicros the bound of the costliest single trial: one candidate call and one call per judge of its answer
     * @param unpriced       models whose price is not known, so the bound does not hold for them
     */
    public record Estimate(long maxCostMicros, long maxTrialMicros, Set<String> unpriced) {}

    private RunCostEstimate() {}

    /** The benchmark's llm-judge at {@code index}, or the case's own at {@code index - graders}; null when the case has none there. */
    private static Grader.LlmJudge judgeOf(List<Grader> graders, int index, TestCase testCase) {
        if (index < graders.size()) return (Grader.LlmJudge) graders.get(index);
        int own = index - graders.size();
        if (own >= testCase.ownGraders().size()) return null;
        return testCase.ownGraders().get(own) instanceof Grader.LlmJudge judge ? judge : null;
    }

    public static Estimate of(
            ProviderGateway gateway,
            String promptTemplate,
            List<TestCase> cases,
            List<Grader> graders,
            List<String> models,
            List<JudgePanel> panels,
            int repeats,
            int maxTokens,
            int judgeMaxTokens) {
        var unpriced = new LinkedHashSet<String>();
        var prices = new HashMap<String, CatalogueModel>();
        Stream.concat(models.stream(), panels.stream().flatMap(p -> p.judges().stream()))
                .distinct()
                .forEach(model -> price(gateway, model)
                        .ifPresentOrElse(price -> prices.put(model, price), () -> unpriced.add(model)));
        long total = 0;
        long costliestTrial = 0;
        for (TestCase testCase : cases) {
            long promptTokens = bytes(PromptRendering.render(promptTemplate, testCase.input()));
            // a judge's prompt depends on the case and the grader, and on how long the candidate's answer may be
            var judgeFixedTokens = new long[panels.size()];
            var asked = new boolean[panels.size()];
            for (int p = 0; p < panels.size(); p++) {
                var grader = judgeOf(graders, panels.get(p).graderIndex(), testCase);
                if (grader == null) continue; // another case's own llm-judge: this case asks no one
                asked[p] = true;
                JudgePrompt prompt = JudgePrompt.render(grader.rubric(), testCase, "");
                judgeFixedTokens[p] = utf8(prompt.system()) + utf8(prompt.user()) + 2L * TOKENS_PER_MESSAGE;
            }
            for (String model : models) {
                CatalogueModel price = prices.get(model);
                int answerTokens = price == null ? maxTokens : price.completionCap(maxTokens);
                long trial = price == null ? 0 : price.costMicros(promptTokens, answerTokens);
                for (int p = 0; p < panels.size(); p++) {
                    if (!asked[p]) continue;
                    for (String judge : panels.get(p).judges()) {
                        CatalogueModel judgePrice = prices.get(judge);
                        if (judgePrice != null) {
                            trial = Math.addExact(
                                    trial,
                                    judgePrice.costMicros(
                                            judgeFixedTokens[p] + answerTokens,
                                            judgePrice.completionCap(judgeMaxTokens)));
                        }
                    }
                }
                costliestTrial = Math.max(costliestTrial, trial);
                total = Math.addExact(total, Math.multiplyExact(repeats, trial));
            }
        }
        return new Estimate(total, costliestTrial, unpriced);
    }

    /** The completion cap to send to {@code model}: {@code requested}, lowered to the model's limit in the catalogue. */
    public static int completionCap(ProviderGateway gateway, String model, int requested) {
        return price(gateway, model)
                .map(price -> price.completionCap(requested))
                .orElse(requested);
    }

    /**
     * The most one call can cost, in micro-dollars: its messages' UTF-8 bytes (plus {@value TOKENS_PER_MESSAGE} a message)
     * as prompt tokens and {@code maxTokens} completion tokens at the model's catalogue price; 0 for a simulated model;
     * empty when the price of a real model is not known, so that the call cannot be bounded.
     */
    public static OptionalLong callBound(ProviderGateway gateway, String model, List<String> messages, int maxTokens) {
        Optional<CatalogueModel> price = price(gateway, model);
        if (price.isEmpty()) return OptionalLong.empty();
        long promptTokens =
                messages.stream().mapToLong(m -> utf8(m) + TOKENS_PER_MESSAGE).sum();
        return OptionalLong.of(price.get().costMicros(promptTokens, maxTokens));
    }

    /** A simulated model costs nothing; a real one its catalogue price, when known. */
    private static Optional<CatalogueModel> price(ProviderGateway gateway, String model) {
        try {
            if (gateway.simulated(model)) return Optional.of(new CatalogueModel(model, "sim", 0L, 0L, null, true));
            return gateway.price(model).filter(CatalogueModel::priced);
        } catch (ProviderFailure failure) {
            return Optional.empty();
        }
    }

    private static long bytes(List<PromptMessage> messages) {
        return messages.stream()
                .mapToLong(m -> utf8(m.content()) + TOKENS_PER_MESSAGE)
                .sum();
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
