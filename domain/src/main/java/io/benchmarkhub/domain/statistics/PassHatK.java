package io.benchmarkhub.domain.statistics;

import java.util.List;

/**
 * Unbiased estimators over cases run n times each, c of which passed: pass^k, the chance that k
 * repeats all pass, {@code mean over cases of C(c,k)/C(n,k)} (Yao et al. 2024, τ-bench), and pass@k,
 * the chance that at least one of k passes, {@code mean of 1 - C(n-c,k)/C(n,k)} (Chen et al. 2021).
 * <p>Both are NaN for no cases; {@code k} must be between 1 and every case's n.
 */
public final class PassHatK {

    /** One case: how many times it was run and how many of those runs passed. */
    public record CaseRepeats(int repeats, int passes) {
        public CaseRepeats {
            if (repeats < 0 || passes < 0 || passes > repeats) {
                throw new IllegalArgumentException("need 0 <= passes <= repeats, got " + passes + " of " + repeats);
            }
        }
    }

    private PassHatK() {}

    /** pass^k: the mean over cases of {@code C(c,k)/C(n,k)}. */
    public static double passHatK(List<CaseRepeats> cases, int k) {
        requireK(cases, k);
        double sum = 0;
        for (var c : cases) {
            sum += allOfKPass(c.repeats(), c.passes(), k);
        }
        return cases.isEmpty() ? Double.NaN : sum / cases.size();
    }

    /** pass@k: the mean over cases of {@code 1 - C(n-c,k)/C(n,k)}. */
    public static double passAtK(List<CaseRepeats> cases, int k) {
        requireK(cases, k);
        double sum = 0;
        for (var c : cases) {
            sum += 1 - allOfKPass(c.repeats(), c.repeats() - c.passes(), k);
        }
        return cases.isEmpty() ? Double.NaN : sum / cases.size();
    }

    /** {@code C(c,k)/C(n,k) = Π_{i<k} (c-i)/(n-i)}, the product form that cannot overflow (as in Chen et al.'s numpy code). */
    static double allOfKPass(int n, int c, int k) {
        double product = 1;
        for (int i = 0; i < k && product > 0; i++) {
            product *= (double) (c - i) / (n - i);
        }
        return product;
    }

    private static void requireK(List<CaseRepeats> cases, int k) {
        if (cases == null) {
            throw new IllegalArgumentException("cases must not be null");
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        for (int i = 0; i < cases.size(); i++) {
            var c = cases.get(i);
            if (c == null) {
                throw new IllegalArgumentException("cases[" + i + "] is null");
            }
            if (c.repeats() < k) {
                throw new IllegalArgumentException(
                        "cases[" + i + "] has " + c.repeats() + " repeats, fewer than k = " + k);
            }
        }
    }
}
