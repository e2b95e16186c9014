package io.benchmarkhub.domain.credits;

import io.benchmarkhub.domain.credits.events.CreditsCharged;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which models a charge's credits, revenue and API cost belong to, for margins per model, in whole units that add up
 * exactly to the charge's own figures. Each currency the charge's lots were bought in is a slice of its own (revenue
 * in different currencies is never added up): the credits and revenue of each slice are split across the models in
 * proportion to their API cost by {@link LargestRemainder} (evenly when nothing cost anything), and each model's API
 * cost is split across the slices in proportion to their credits, so a margin per currency compares the revenue with
 * the cost those credits paid for. The charge's {@code apiCostMicros} (uncovered cost included) is what is split.
 */
public final class ChargeAttribution {

    /** A charge with no per-model costs: its cost is attributed to no model. */
    public static final String UNATTRIBUTED = "(unattributed)";
    /** The currency of a charge that took no credits (all of its cost uncovered): API cost is in dollars. */
    public static final String COST_CURRENCY = "usd";

    /** The part of one charge that one model's calls account for, in one currency. */
    public record Line(String model, String currency, long credits, long revenueMinor, long apiCostMicros) {}

    private ChargeAttribution() {}

    public static List<Line> of(CreditsCharged charge) {
        Map<String, Long> byModel = new LinkedHashMap<>();
        for (ModelCost cost : charge.byModel() == null ? List.<ModelCost>of() : charge.byModel()) {
            byModel.merge(cost.model(), cost.apiCostMicros(), Long::sum);
        }
        if (byModel.isEmpty()) byModel.put(UNATTRIBUTED, charge.apiCostMicros());
        List<String> models = List.copyOf(byModel.keySet());
        long[] modelCost = LargestRemainder.split(
                charge.apiCostMicros(),
                byModel.values().stream().mapToLong(Long::longValue).toArray());

        Map<String, long[]> byCurrency = new LinkedHashMap<>(); // currency → {credits, revenue}
        for (LotUse use : charge.lots() == null ? List.<LotUse>of() : charge.lots()) {
            long[] slice = byCurrency.computeIfAbsent(
                    use.currency() == null ? COST_CURRENCY : use.currency(), c -> new long[2]);
            slice[0] += use.credits();
            slice[1] += use.amountMinor();
        }
        if (byCurrency.isEmpty()) byCurrency.put(COST_CURRENCY, new long[2]);
        List<String> currencies = List.copyOf(byCurrency.keySet());
        long[] currencyCredits =
                byCurrency.values().stream().mapToLong(slice -> slice[0]).toArray();

        long[][] cost = new long[models.size()][];
        for (int m = 0; m < models.size(); m++) cost[m] = LargestRemainder.split(modelCost[m], currencyCredits);
        var lines = new ArrayList<Line>(models.size() * currencies.size());
        for (int c = 0; c < currencies.size(); c++) {
            long[] slice = byCurrency.get(currencies.get(c));
            long[] credits = LargestRemainder.split(slice[0], modelCost);
            long[] revenue = LargestRemainder.split(slice[1], modelCost);
            for (int m = 0; m < models.size(); m++) {
                lines.add(new Line(models.get(m), currencies.get(c), credits[m], revenue[m], cost[m][c]));
            }
        }
        return lines;
    }
}
