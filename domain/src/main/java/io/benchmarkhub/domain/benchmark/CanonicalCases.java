package io.benchmarkhub.domain.benchmark;

import io.benchmarkhub.domain.grading.Grader;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A benchmark's cases as their canonical JSON ({@link TestCase#canonical}), in case order, for its {@link ContentHash}.
 * It also keeps the SHA-256 state after {@code {"cases":[} and every case, so adding cases, the common edit, digests
 * only the added ones (a copy of that state is finished with them); without it every added case re-digested all the
 * others, which grows with the benchmark up to 10,000 cases. A revision or a removal changes bytes in the middle: the
 * state is dropped, the hash digests every case, and the state is built again by the next hash that needs it.
 *
 * <p>Every hash equals {@link ContentHash#ofCanonicalCases} over {@link #values()} with the change made. Not safe for
 * concurrent use: an aggregate changes it under its lock.
 */
public final class CanonicalCases {

    private final Map<String, String> byId = new LinkedHashMap<>();
    /**
     * The state after every case of {@link #byId} in order; null until a hash needs it and after an in-place change.
     * Derived from the cases, so not state of its own: transient, which Axon's test fixture also skips when it compares
     * an aggregate that handled a command (and built this) with one sourced from the same events (without it).
     */
    private transient MessageDigest digested;

    /** Adds a case at the end, or replaces the one with its id in place. */
    public void put(String id, String canonical) {
        Objects.requireNonNull(canonical);
        boolean first = byId.isEmpty();
        String before = byId.put(id, canonical);
        if (before == null) {
            if (digested != null) ContentHash.addCase(digested, first, canonical);
        } else if (!before.equals(canonical)) {
            digested = null;
        }
    }

    public void remove(String id) {
        if (byId.remove(id) != null) digested = null;
    }

    public Collection<String> values() {
        return Collections.unmodifiableCollection(byId.values());
    }

    /** The hash of these cases with the given rest of the content. */
    public String hash(String promptTemplate, List<PromptVariant> promptVariants, List<Grader> graders) {
        return ContentHash.finish(copyOfDigested(), promptTemplate, promptVariants, graders);
    }

    /** The hash after {@code added} (canonical forms of cases whose ids are new) are appended. */
    public String hashWithAdded(
            List<String> added, String promptTemplate, List<PromptVariant> promptVariants, List<Grader> graders) {
        MessageDigest sha256 = copyOfDigested();
        boolean first = byId.isEmpty();
        for (String canonical : added) {
            ContentHash.addCase(sha256, first, canonical);
            first = false;
        }
        return ContentHash.finish(sha256, promptTemplate, promptVariants, graders);
    }

    /** The hash after the case {@code id} is revised to {@code canonical}, in its place. */
    public String hashWithRevised(
            String id,
            String canonical,
            String promptTemplate,
            List<PromptVariant> promptVariants,
            List<Grader> graders) {
        Iterable<String> after =
                byId.entrySet().stream().map(c -> c.getKey().equals(id) ? canonical : c.getValue())::iterator;
        return ContentHash.finish(ContentHash.casesDigest(after), promptTemplate, promptVariants, graders);
    }

    /** The hash after the case {@code id} is removed. */
    public String hashWithout(
            String id, String promptTemplate, List<PromptVariant> promptVariants, List<Grader> graders) {
        Iterable<String> after =
                byId.entrySet().stream().filter(c -> !c.getKey().equals(id)).map(Map.Entry::getValue)::iterator;
        return ContentHash.finish(ContentHash.casesDigest(after), promptTemplate, promptVariants, graders);
    }

    /** A copy of the state after every case, built first if there is none; the kept one stays open for appends. */
    private MessageDigest copyOfDigested() {
        if (digested == null) digested = ContentHash.casesDigest(byId.values());
        try {
            return (MessageDigest) digested.clone();
        } catch (CloneNotSupportedException e) {
            // every JDK's SHA-256 can be cloned; a provider whose cannot costs a full digest, never a different hash
            return ContentHash.casesDigest(byId.values());
        }
    }
}
