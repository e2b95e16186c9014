package io.benchmarkhub.domain.grading;

import java.util.regex.Pattern;

/**
 * The JDK regex engine with a step budget: the text is read through a view that gives up after a fixed number of
 * character reads, so a pathological pattern (catastrophic backtracking) cannot hang a run. The {@code regex} grader
 * and the {@code pattern} and {@code patternProperties} keywords of a {@code json-schema} grader both match this way;
 * one budget covers one grade, however many patterns and strings it takes.
 */
final class BoundedRegex {

    /** Character reads allowed for one grade. */
    static final long STEPS = 20_000_000;

    private BoundedRegex() {}

    /** A fresh budget of {@link #STEPS} reads, to share between every match of one grade. */
    static long[] budget() {
        return new long[] {STEPS};
    }

    /**
     * Whether {@code pattern} is found in {@code text} (unanchored, as JSON Schema's {@code pattern} and the regex grader mean).
     *
     * @throws Exhausted when the budget runs out first
     */
    static boolean find(Pattern pattern, String text, long[] budget) {
        return pattern.matcher(new BudgetedText(text, budget)).find();
    }

    /** The budget ran out: the match is undecided. */
    static final class Exhausted extends RuntimeException {
        Exhausted() {
            super(null, null, false, false);
        }
    }

    private static final class BudgetedText implements CharSequence {
        private final String text;
        private final long[] remaining;

        BudgetedText(String text, long[] remaining) {
            this.text = text;
            this.remaining = remaining;
        }

        @Override
        public char charAt(int index) {
            if (--remaining[0] < 0) throw new Exhausted();
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new BudgetedText(text.substring(start, end), remaining);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
