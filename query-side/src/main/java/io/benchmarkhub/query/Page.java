package io.benchmarkhub.query;

import java.util.List;

/** One page of a list: {@code {items, page, size, total}}. */
public record Page<T>(List<T> items, int page, int size, long total) {}
