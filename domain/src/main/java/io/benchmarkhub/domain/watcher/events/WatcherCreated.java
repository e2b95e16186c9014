package io.benchmarkhub.domain.watcher.events;

import java.util.List;
import org.axonframework.serialization.Revision;

/** A user watches for new models matching the patterns and limits, to run benchmarks on them against a production model. */
@Revision("1")
public record WatcherCreated(
        String watcherId,
        String ownerId,
        String providerPattern,
        String vendorPattern,
        Long maxPromptMicrosPerMillion,
        Integer minContextLength,
        List<String> benchmarkIds,
        String productionModel,
        String billing,
        Long monthlyCreditCap)
        implements WatcherEvent {}
