package io.benchmarkhub.domain.benchmark;

import io.benchmarkhub.domain.grading.Grader;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * The content hash a run pins: {@code "sha256:" + hex(SHA-256(canonical JSON of
 * {"cases": [...in order], "graders": [...], "promptTemplate": "..."}))}. Title, description,
 * tags, visibility and decision criteria are not content: changing them keeps the hash.
 */
public final class ContentHash {

    private ContentHash() {
    }

    /** A record, not a map, so Jackson sees the declared {@code List<Grader>} and writes each grader's type. */
    private record Content(List<TestCase> cases, List<Grader> graders, String promptTemplate) {
    }

    public static String of(String promptTemplate, Collection<TestCase> cases, List<Grader> graders) {
        var content = new Content(List.copyOf(cases), graders, promptTemplate);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(CanonicalJson.bytes(content));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
