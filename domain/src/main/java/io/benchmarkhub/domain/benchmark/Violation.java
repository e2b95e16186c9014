package io.benchmarkhub.domain.benchmark;

/** One thing wrong with a request, named by the JSON path of the offending field. */
public record Violation(String field, String message) {}
