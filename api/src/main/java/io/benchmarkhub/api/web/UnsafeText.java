package io.benchmarkhub.api.web;

/**
 * The characters no text of ours may hold: NUL (PostgreSQL refuses it in text and jsonb, so it would fail a query or
 * stall a projection far from the request that brought it) and a lone UTF-16 surrogate (not a character at all; it
 * cannot be stored as UTF-8).
 */
final class UnsafeText {

    private UnsafeText() {}

    /** Why {@code text} is refused, or null when it is fine. */
    public static String problem(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) return "contains a NUL character (U+0000) at position " + i + ", which is not allowed";
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return lone(c, i);
            }
            if (Character.isLowSurrogate(c)) return lone(c, i);
        }
        return null;
    }

    private static String lone(char c, int i) {
        return "contains a lone surrogate (U+" + Integer.toHexString(c).toUpperCase() + ") at position " + i
                + ", which is not a character; send valid UTF-8 / UTF-16";
    }
}
