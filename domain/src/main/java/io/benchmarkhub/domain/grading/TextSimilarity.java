package io.benchmarkhub.domain.grading;

/**
 * Normalised Levenshtein similarity: {@code 1 - distance(a, b) / max(|a|, |b|)} over Unicode code
 * points, so 1 means identical and 0 means nothing in common; two empty strings are identical.
 * Chosen over token-set Jaccard because it is order-sensitive and degrades smoothly with typos,
 * which is what a short expected answer ("Paris", "42 km") needs; it is O(|a|·|b|) time, O(|b|) memory.
 * The similarity grader computes it only while |a|·|b| is at most {@link #MAX_CELLS}.
 */
public final class TextSimilarity {

    /** The most cells of the edit-distance table the similarity grader fills: 4,000 × 4,000 code points. */
    public static final long MAX_CELLS = 16_000_000L;

    private TextSimilarity() {}

    public static double levenshteinSimilarity(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        int longest = Math.max(x.length, y.length);
        if (longest == 0) {
            return 1;
        }
        return 1 - (double) levenshtein(x, y) / longest;
    }

    /** Edit distance (insertions, deletions, substitutions of one code point each), two-row dynamic programme. */
    static int levenshtein(int[] x, int[] y) {
        int[] previous = new int[y.length + 1];
        int[] current = new int[y.length + 1];
        for (int j = 0; j <= y.length; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= x.length; i++) {
            current[0] = i;
            for (int j = 1; j <= y.length; j++) {
                int substitution = previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[y.length];
    }
}
