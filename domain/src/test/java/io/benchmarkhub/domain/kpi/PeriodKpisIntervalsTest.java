package io.benchmarkhub.domain.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The KPI intervals are computed once, here, so the console draws them instead of computing its own. */
class PeriodKpisIntervalsTest {

    @Test
    void a_share_carries_its_wilson_interval_and_none_without_a_denominator() {
        var share = new PeriodKpis.Share(9, 10, 0.9);
        // Wilson 95% for 9 of 10, by hand: centre (0.9 + 1.92/10) / 1.384 = 0.789, half-width 0.193
        assertThat(share.ci95().get(0)).isCloseTo(0.5958, within(1e-4));
        assertThat(share.ci95().get(1)).isCloseTo(0.9821, within(1e-4));
        assertThat(new PeriodKpis.Share(0, 0, null).ci95()).isNull();
        assertThat(new PeriodKpis.Share(3, 3, 1.0).ci95().get(1)).isEqualTo(1.0);
    }

    @Test
    void a_correlation_carries_fishers_z_interval_from_four_pairs_on() {
        var c = new PeriodKpis.JudgeHumanCorrelation(0.7, 0.66, 30);
        // atanh(0.7) = 0.8673, ± 1.96 / sqrt(27) = 0.3772: tanh(0.4901) = 0.4543, tanh(1.2445) = 0.8467
        assertThat(c.pearsonCi95().get(0)).isCloseTo(0.4543, within(1e-3));
        assertThat(c.pearsonCi95().get(1)).isCloseTo(0.8467, within(1e-3));
        assertThat(new PeriodKpis.JudgeHumanCorrelation(0.7, 0.7, 3).pearsonCi95())
                .isNull();
        assertThat(new PeriodKpis.JudgeHumanCorrelation(null, null, 0).pearsonCi95())
                .isNull();
        assertThat(new PeriodKpis.JudgeHumanCorrelation(1.0, 1.0, 10).pearsonCi95())
                .isNull();
    }
}
