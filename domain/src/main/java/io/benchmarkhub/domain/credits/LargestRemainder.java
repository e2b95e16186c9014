package io.benchmarkhub.domain.credits;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Splits a whole number into whole parts proportional to weights so that the parts add up to it exactly: the
 * largest-remainder (Hamilton) method. Each part is first its quota rounded down, {@code ⌊total × wᵢ ÷ Σw⌋}; the units
 * left over go one each to the parts with the largest remainders, the earlier part first on a tie. With every weight
 * 0 the split is even, by the same rule. Example: 10 by 1 : 1 : 1 is 4, 3, 3.
 */
final class LargestRemainder {

    private LargestRemainder() {}

    public static long[] split(long total, long[] weights) {
        if (total < 0) throw new IllegalArgumentException("cannot split a negative total " + total);
        if (weights.length == 0) {
            if (total != 0) throw new IllegalArgumentException("cannot split " + total + " into no parts");
            return new long[0];
        }
        if (Arrays.stream(weights).anyMatch(w -> w < 0))
            throw new IllegalArgumentException("weights must not be negative");
        long[] effective = Arrays.stream(weights).allMatch(w -> w == 0) ? ones(weights.length) : weights;
        BigInteger sum =
                Arrays.stream(effective).mapToObj(BigInteger::valueOf).reduce(BigInteger.ZERO, BigInteger::add);
        BigInteger whole = BigInteger.valueOf(total);
        long[] parts = new long[effective.length];
        BigInteger[] remainders = new BigInteger[effective.length];
        long given = 0;
        for (int i = 0; i < effective.length; i++) {
            BigInteger[] qr = whole.multiply(BigInteger.valueOf(effective[i])).divideAndRemainder(sum);
            parts[i] = qr[0].longValueExact();
            remainders[i] = qr[1];
            given += parts[i];
        }
        long left = total - given;
        Integer[] order = IntStream.range(0, effective.length)
                .boxed()
                .sorted(Comparator.<Integer, BigInteger>comparing(i -> remainders[i])
                        .reversed()
                        .thenComparing(i -> i))
                .toArray(Integer[]::new);
        for (int k = 0; k < left; k++) parts[order[k]]++;
        return parts;
    }

    private static long[] ones(int n) {
        long[] ones = new long[n];
        Arrays.fill(ones, 1);
        return ones;
    }
}
