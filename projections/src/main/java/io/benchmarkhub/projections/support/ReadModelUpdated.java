package io.benchmarkhub.projections.support;

/**
 * Published (as a Spring application event, after commit) when a projection has applied a
 * benchmark's event number {@code sequence} (its aggregate sequence number); lets the API answer
 * a write only once all of it can be read back.
 */
public record ReadModelUpdated(String readModel, String benchmarkId, long sequence) {}
