package io.benchmarkhub.api.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the {@code If-Match: "<version>"} header that guards an edit against a concurrent one. */
public final class IfMatch {

    /** A strong entity tag: RFC 9110 compares If-Match strongly, so a weak W/"3" is refused. */
    private static final Pattern VERSION = Pattern.compile("\"?(\\d{1,18})\"?");

    private IfMatch() {}

    /** The expected version, or null when the header is absent (or {@code *}). */
    public static Long expectedVersion(String header) {
        if (header == null || header.isBlank() || header.strip().equals("*")) return null;
        Matcher m = VERSION.matcher(header.strip());
        if (!m.matches())
            throw new BadRequest("If-Match must be a benchmark version in quotes, e.g. If-Match: \"3\"; got " + header);
        return Long.parseLong(m.group(1));
    }

    public static String etag(long version) {
        return "\"" + version + "\"";
    }
}
