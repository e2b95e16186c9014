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
import java.util.Set;
import java.util.stream.Stream;

/**
 * An upper bound of what a run can cost, from the models' catalogue prices. A token is at least one
 * byte, so a prompt has at most as many tokens as UTF-8 bytes (plus a few per message); a completion has
 * at most {@code maxTokens}, which CREDITS runs always send. A judge's prompt is bounded by its fixed
 * part in bytes plus the candidate's {@code maxTokens} (assuming the judge's tokenizer splits the answer no finer
 * than the candidate's; when it does, the run may cost a little more than it reserved, and the charge is capped at the
 * reservation with the rest recorded as uncovered). Models without a known price are listed instead.
 */
public final class RunCostEstimate {

    static final int TOKENS_PER_MESSAGE = 8;

    /** @param unpriced models whose price is not known, so the bound does not hold for them */
    public record Estimate(long maxCostMicros, Set<String> unpriced) {
    }

    private RunCostEstimate() {
    }

    public static Estimate of(ProviderGateway gateway, String promptTemplate, List<TestCase> cases, List<Grader> graders,
                              List<String> models, List<JudgePanel> panels, int repeats, int maxTokens, int judgeMaxTokens) {
        var unpriced = new LinkedHashSet<String>();
        var prices = new HashMap<String, CatalogueModel>();
        Stream.concat(models.stream(), panels.stream().flatMap(p -> p.judges().stream())).distinct()
                .forEach(model -> price(gateway, model).ifPresentOrElse(price -> prices.put(model, price), () -> unpriced.add(model)));
        long total = 0;
        for (TestCase testCase : cases) {
            long promptTokens = bytes(PromptRendering.render(promptTemplate, testCase.input()));
            // a judge's prompt depends on the case and the grader, not on the candidate
            var judgePromptTokens = new long[panels.size()];
            for (int p = 0; p < panels.size(); p++) {
                var grader = (Grader.LlmJudge) graders.get(panels.get(p).graderIndex());
                JudgePrompt prompt = JudgePrompt.render(grader.rubric(), testCase, "");
                judgePromptTokens[p] = utf8(prompt.system()) + utf8(prompt.user()) + 2L * TOKENS_PER_MESSAGE + maxTokens;
            }
            for (String model : models) {
                CatalogueModel price = prices.get(model);
                if (price != null) total = Math.addExact(total, Math.multiplyExact(repeats, price.costMicros(promptTokens, maxTokens)));
                for (int p = 0; p < panels.size(); p++) {
                    for (String judge : panels.get(p).judges()) {
                        CatalogueModel judgePrice = prices.get(judge);
                        if (judgePrice != null) {
                            total = Math.addExact(total, Math.multiplyExact(repeats, judgePrice.costMicros(judgePromptTokens[p], judgeMaxTokens)));
                        }
                    }
                }
            }
        }
        return new Estimate(total, unpriced);
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
        return messages.stream().mapToLong(m -> utf8(m.content()) + TOKENS_PER_MESSAGE).sum();
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
