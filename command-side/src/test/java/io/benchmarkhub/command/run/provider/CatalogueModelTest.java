package io.benchmarkhub.command.run.provider;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CatalogueModelTest {

    @ParameterizedTest(name = "${0}/token = {1} µ$/M tokens")
    @CsvSource({
        "0.000003, 3000000",
        "0.0000025, 2500000",
        "0.00000002, 20000",
        "0.0000000375, 37500",
        "0, 0",
        "3e-6, 3000000",
        "0.00000000000049, 0",
        "0.0000000000005, 1",
    })
    void openrouter_prices_become_micro_dollars_per_million_tokens(String dollarsPerToken, long micros) {
        assertThat(CatalogueModel.microsPerMillionTokens(dollarsPerToken)).isEqualTo(micros);
    }

    @Test
    void negative_missing_or_unreadable_prices_are_unknown() {
        assertThat(CatalogueModel.microsPerMillionTokens("-1")).isNull();
        assertThat(CatalogueModel.microsPerMillionTokens(null)).isNull();
        assertThat(CatalogueModel.microsPerMillionTokens("")).isNull();
        assertThat(CatalogueModel.microsPerMillionTokens("free")).isNull();
    }

    @Test
    void cost_is_tokens_times_prices_rounded_half_up_once() {
        var model = new CatalogueModel("m", "p", 2_500_000L, 10_000_000L, null, false);
        assertThat(model.costMicros(1000, 500)).isEqualTo(7_500);
        // 1 × 2.5 + 0 = 2.5 → 3; rounding each part separately would give the same here, so also:
        assertThat(model.costMicros(1, 0)).isEqualTo(3);
        // 1 × 0.02 + 1 × 0.05 = 0.07 → 0, and 7 × 0.07 = 0.49 → 0, 8 × 0.07 = 0.56 → 1
        var cheap = new CatalogueModel("m", "p", 20_000L, 50_000L, null, false);
        assertThat(cheap.costMicros(1, 1)).isZero();
        assertThat(cheap.costMicros(8, 8)).isEqualTo(1);
    }

    @Test
    void an_unpriced_model_costs_nothing_known() {
        assertThat(new CatalogueModel("m", "p", null, 1L, null, false).costMicros(100, 100))
                .isZero();
    }
}
