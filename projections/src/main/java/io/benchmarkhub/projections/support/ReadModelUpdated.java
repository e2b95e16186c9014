package io.benchmarkhub.projections.support;

/**
 * Published (as a Spring application event, after commit) when a projection has applied a
 * benchmark's {@code version}; lets the API answer a write only once it can be read back.
 */
public record ReadModelUpdated(String readModel, String benchmarkId, long version) {
}
