package io.benchmarkhub.domain.grading;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the first number written in a text: an optional sign (ASCII {@code -}/{@code +} or the
 * Unicode minus U+2212), digits with optional thousands separators ({@code 1,234,567}), an
 * optional fraction and an optional exponent ({@code -3e2}). A comma not followed by exactly
 * three digits ends the number, so {@code "1,5"} reads as 1 (we do not guess a decimal comma).
 */
final class NumberExtraction {

    private static final Pattern NUMBER = Pattern.compile(
            "(?<![\\p{L}\\p{N}_.])[-+\u2212]?(?:(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?|\\.\\d+)(?:[eE][-+]?\\d+)?");

    private NumberExtraction() {}

    public static Optional<BigDecimal> first(String text) {
        var matcher = NUMBER.matcher(text);
        while (matcher.find()) {
            String literal = matcher.group().replace(",", "").replace('\u2212', '-');
            try {
                return Optional.of(new BigDecimal(literal));
            } catch (NumberFormatException | ArithmeticException e) {
                // an exponent beyond BigDecimal's range: not a number we can compare, look further
            }
        }
        return Optional.empty();
    }
}
