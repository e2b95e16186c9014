package io.benchmarkhub.domain.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.domain.integrity.ContaminationDetector.Evidence;
import io.benchmarkhub.domain.integrity.ContaminationDetector.Flag;
import io.benchmarkhub.domain.leaderboard.BenchmarkScore;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The detector on synthetic histories (the numbers are in docs/leaderboards.md). A clean history: 12 models × 30
 * benchmarks; each model ran each benchmark with probability 0.7; a run has 20–200 cases; each case passes with
 * probability {@code logistic(strength − difficulty)}, strength ~ N(0, 0.8²), difficulty ~ N(0, 1); the score is
 * the share passed. So the data are not additive on the score scale and carry binomial noise, as real ones do.
 */
class ContaminationDetectorSimulationTest {

    private static final int HISTORIES = 1_000;
    private static final int MODELS = 12;
    private static final int BENCHMARKS = 30;

    record History(List<BenchmarkScore> scores, BenchmarkScore planted) {}

    /** A clean history; with {@code boost} > 0 one pair whose true pass rate is in [0.3, 0.6] passes {@code boost} more of its cases. */
    static History history(long seed, double boost) {
        var random = new SplittableRandom(seed);
        double[] strength = new double[MODELS];
        double[] difficulty = new double[BENCHMARKS];
        for (int m = 0; m < MODELS; m++) strength[m] = 0.8 * gaussian(random);
        for (int b = 0; b < BENCHMARKS; b++) difficulty[b] = gaussian(random);
        var scores = new ArrayList<BenchmarkScore>();
        BenchmarkScore planted = null;
        for (int b = 0; b < BENCHMARKS; b++) {
            for (int m = 0; m < MODELS; m++) {
                if (random.nextDouble() >= 0.7) continue;
                int cases = 20 + random.nextInt(181);
                double p = 1 / (1 + Math.exp(-(strength[m] - difficulty[b])));
                boolean plant = boost > 0 && planted == null && p >= 0.3 && p <= 0.6;
                if (plant) p = Math.min(1, p + boost);
                int passed = 0;
                for (int c = 0; c < cases; c++) if (random.nextDouble() < p) passed++;
                var score = new BenchmarkScore("bm" + b, "m" + m, (double) passed / cases, cases);
                if (plant) planted = score;
                scores.add(score);
            }
        }
        return new History(scores, planted);
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    @Test
    void across_1000_clean_histories_few_pairs_are_flagged() {
        int flaggedHistories = 0;
        long flags = 0;
        long pairs = 0;
        for (int h = 0; h < HISTORIES; h++) {
            History history = history(h, 0);
            List<Flag> found = ContaminationDetector.detect(history.scores(), Evidence.DEFAULT);
            pairs += history.scores().size();
            flags += found.size();
            if (!found.isEmpty()) flaggedHistories++;
        }
        double perPair = (double) flags / pairs;
        System.out.printf(
                "clean histories: %d of %d with a false flag; %d false flags in %d pairs (%.4f%% per pair)%n",
                flaggedHistories, HISTORIES, flags, pairs, 100 * perPair);
        // measured 341 of 251,845 pairs (0.135%, the nominal one-sided 3σ rate); 0.31% before the fit-error and
        // small-sample terms
        assertThat(perPair).isLessThan(0.002);
    }

    @Test
    void a_pair_that_passes_30_points_more_of_its_cases_is_flagged_in_most_histories() {
        int found = 0;
        int trials = 200;
        for (int h = 0; h < trials; h++) {
            History history = history(10_000 + h, 0.30);
            BenchmarkScore planted = history.planted();
            if (ContaminationDetector.detect(history.scores(), Evidence.DEFAULT).stream()
                    .anyMatch(f -> f.benchmarkId().equals(planted.benchmarkId())
                            && f.model().equals(planted.model()))) found++;
        }
        System.out.printf("planted +0.30: flagged in %d of %d histories%n", found, trials);
        // measured 174 of 200 (87%); 184 (92%) before the fit-error and small-sample terms
        assertThat(found).isGreaterThanOrEqualTo(trials * 85 / 100);
    }
}
