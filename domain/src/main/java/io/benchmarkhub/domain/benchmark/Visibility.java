package io.benchmarkhub.domain.benchmark;

/** Who may see a benchmark: its owner only, or everyone (the public library). */
public enum Visibility {
    PRIVATE,
    PUBLIC
}
