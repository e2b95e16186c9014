package io.benchmarkhub.domain.benchmark;

import io.benchmarkhub.domain.grading.Grader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * The content hash a run pins: {@code "sha256:" + hex(SHA-256(canonical JSON of
 * {"cases": [...in order], "graders": [...], "promptTemplate": "...", "promptVariants": [...]}))}, the last only when
 * the benchmark holds several named templates. Title, description,
 * tags, visibility and decision criteria are not content: changing them keeps the hash.
 * <p>
 * The canonical form of the whole is the canonical form of each case, joined; so a benchmark
 * that keeps its cases' canonical bytes ({@link #ofCanonicalCases}) hashes a change without
 * serializing thousands of unchanged cases again, and one that also keeps the digest's state after its cases
 * ({@link CanonicalCases}) hashes an added case without digesting the others again.
 */
public final class ContentHash {

    private ContentHash() {}

    /** Keeps Jackson aware of the declared {@code List<Grader>}, so each grader's type is written. */
    private record Graders(List<Grader> graders) {}

    public static String of(String promptTemplate, Collection<TestCase> cases, List<Grader> graders) {
        return ofCanonicalCases(
                promptTemplate, cases.stream().map(TestCase::canonical).toList(), graders);
    }

    /** The same hash from each case's {@link TestCase#canonical} in order. */
    public static String ofCanonicalCases(
            String promptTemplate, Collection<String> canonicalCases, List<Grader> graders) {
        return ofCanonicalCases(promptTemplate, List.of(), canonicalCases, graders);
    }

    /**
     * With a benchmark's prompt variants: they join the hashed object as {@code "promptVariants": [...]} when there are
     * some, and leave it as it was when there are none, so every hash pinned before variants existed stays true.
     */
    public static String ofCanonicalCases(
            String promptTemplate,
            List<PromptVariant> promptVariants,
            Collection<String> canonicalCases,
            List<Grader> graders) {
        return finish(casesDigest(canonicalCases), promptTemplate, promptVariants, graders);
    }

    /** The SHA-256 state after {@code {"cases":[} and the given cases, comma-separated: what an append continues. */
    static MessageDigest casesDigest(Iterable<String> canonicalCases) {
        MessageDigest sha256 = sha256();
        sha256.update(ascii("{\"cases\":["));
        boolean first = true;
        for (String canonicalCase : canonicalCases) {
            addCase(sha256, first, canonicalCase);
            first = false;
        }
        return sha256;
    }

    /** Continues a {@link #casesDigest} with one more case; {@code first} when the digest holds none yet. */
    static void addCase(MessageDigest casesDigest, boolean first, String canonicalCase) {
        if (!first) casesDigest.update((byte) ',');
        casesDigest.update(canonicalCase.getBytes(StandardCharsets.UTF_8));
    }

    /** Closes the cases' array of a {@link #casesDigest}, adds the rest of the hashed object and digests it. */
    static String finish(
            MessageDigest sha256, String promptTemplate, List<PromptVariant> promptVariants, List<Grader> graders) {
        // {"graders":[...]} canonically, without its braces: the graders' part of the whole object
        byte[] gradersObject = CanonicalJson.bytes(new Graders(graders == null ? List.of() : graders));
        sha256.update(ascii("],"));
        sha256.update(gradersObject, 1, gradersObject.length - 2);
        if (promptTemplate != null) {
            sha256.update(ascii(",\"promptTemplate\":"));
            sha256.update(CanonicalJson.bytes(promptTemplate));
        }
        if (promptVariants != null && !promptVariants.isEmpty()) {
            sha256.update(ascii(",\"promptVariants\":"));
            sha256.update(CanonicalJson.bytes(promptVariants));
        }
        sha256.update((byte) '}');
        return "sha256:" + HexFormat.of().formatHex(sha256.digest());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
