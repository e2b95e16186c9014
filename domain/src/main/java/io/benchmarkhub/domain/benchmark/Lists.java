package io.benchmarkhub.domain.benchmark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Defensive copies for message records that, unlike {@link List#copyOf}, keep null elements so validation can name them. */
public final class Lists {

    private Lists() {}

    /** An unmodifiable copy; null becomes the empty list, null elements stay (and are reported by {@link BenchmarkRules}). */
    public static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }
}
