package io.benchmarkhub.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gate's checks on comparisons written as the server answers them. */
class GateTest {

    private static JsonNode comparison(double mean, double low, double high, double p, String verdict, double score)
            throws Exception {
        return Api.JSON.readTree("""
                {"difference": {"n": 30, "mean": %s, "ci95": [%s, %s], "pValue": %s}, "verdict": "%s", "reasons": ["r"],
                 "candidateSummary": {"score": %s, "passRate": %s}}""".formatted(mean, low, high, p, verdict, score, score));
    }

    private static final Gate.Options DEFAULT = new Gate.Options(List.of("significant-regression"), 0.05, 0.02);

    @Test
    void a_regression_fails_only_when_it_is_significant_and_the_whole_interval_lies_below_minus_the_margin()
            throws Exception {
        assertThat(Gate.judge(comparison(-0.2, -0.3, -0.1, 0.001, "SHIP", 0.5), DEFAULT)
                        .get(0)
                        .passed())
                .isFalse();
        // significant, but the interval reaches above −margin: a small drop the team allowed for
        assertThat(Gate.judge(comparison(-0.03, -0.05, -0.01, 0.01, "SHIP", 0.5), DEFAULT)
                        .get(0)
                        .passed())
                .isTrue();
        // below −margin on average but not significant: noise
        assertThat(Gate.judge(comparison(-0.2, -0.5, 0.1, 0.2, "SHIP", 0.5), DEFAULT)
                        .get(0)
                        .passed())
                .isTrue();
        // an improvement never fails
        assertThat(Gate.judge(comparison(0.2, 0.1, 0.3, 0.001, "SHIP", 0.5), DEFAULT)
                        .get(0)
                        .passed())
                .isTrue();
    }

    @Test
    void verdict_and_thresholds() throws Exception {
        Gate.Options all =
                new Gate.Options(Gate.parseFailOn(List.of("verdict,threshold=0.8", "pass-rate=0.4")), 0.05, 0.02);
        List<Gate.Check> checks = Gate.judge(comparison(0, -0.1, 0.1, 1, "DONT_SHIP", 0.5), all);
        assertThat(checks).extracting(Gate.Check::name).containsExactly("verdict", "threshold=0.8", "pass-rate=0.4");
        assertThat(checks).extracting(Gate.Check::passed).containsExactly(false, false, true);
    }

    @Test
    void unknown_checks_and_bad_thresholds_are_usage_errors() {
        assertThatThrownBy(() -> Gate.parseFailOn(List.of("vibes")))
                .isInstanceOf(CliException.class)
                .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(2));
        assertThatThrownBy(() -> Gate.parseFailOn(List.of("threshold=2"))).isInstanceOf(CliException.class);
    }
}
