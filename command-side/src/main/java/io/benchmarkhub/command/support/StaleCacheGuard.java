package io.benchmarkhub.command.support;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;

/**
 * Keeps the per-node aggregate cache honest when several nodes share one event store. Before a
 * command is handled, the aggregate's last stored sequence number (one indexed query) is
 * compared with the last one this node appended; when another node has appended since, or this
 * node never appended to it, the cached aggregate is evicted and loaded fresh. Without this, a
 * command that appends nothing to the cached aggregate (a fork, a no-op publish) could decide on
 * stale state, e.g. fork a benchmark its owner has just made private on another node.
 * Commands that do append are safe anyway: a stale append fails on the unique sequence and is retried.
 *
 * <p>It registers its interceptor on the command bus itself and is not a {@link MessageHandlerInterceptor}: Axon's
 * Spring Boot auto-configuration registers every interceptor bean once more, which ran this check (and its query)
 * twice per command.
 */
public class StaleCacheGuard {

    private static final int REMEMBERED_AGGREGATES = 100_000;

    private final List<Cache> caches;
    private final EventStore eventStore;
    private final CommandTargetResolver targets =
            AnnotationCommandTargetResolver.builder().build();
    /** Aggregate id → the last sequence number this node appended, for the most recently touched aggregates. */
    private final Map<String, Long> appendedHere = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED_AGGREGATES;
        }
    });

    /** @param caches the aggregate caches to guard (one per aggregate type); an id is cached in at most one of them */
    public StaleCacheGuard(List<Cache> caches, EventStore eventStore, CommandBus commandBus) {
        this.caches = List.copyOf(caches);
        this.eventStore = eventStore;
        eventStore.subscribe(events -> {
            var appended = new LinkedHashMap<String, Long>();
            for (var event : events) {
                if (event instanceof DomainEventMessage<?> domain)
                    appended.put(domain.getAggregateIdentifier(), domain.getSequenceNumber());
            }
            if (appended.isEmpty()) return;
            if (CurrentUnitOfWork.isStarted()) CurrentUnitOfWork.get().afterCommit(uow -> remember(appended));
            else remember(appended);
        });
        MessageHandlerInterceptor<CommandMessage<?>> interceptor = this::handle;
        commandBus.registerHandlerInterceptor(interceptor);
    }

    private Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        String id = targetOf(unitOfWork.getMessage());
        Cache cache = id == null
                ? null
                : caches.stream().filter(c -> c.containsKey(id)).findFirst().orElse(null);
        if (cache != null) {
            Optional<Long> stored = eventStore.lastSequenceNumberFor(id);
            Long mine = appendedHere.get(id);
            if (mine == null || stored.isEmpty() || !stored.get().equals(mine)) cache.remove(id);
        }
        return chain.proceed();
    }

    private void remember(Map<String, Long> appended) {
        appended.forEach((id, seq) -> appendedHere.merge(id, seq, Math::max));
    }

    private String targetOf(CommandMessage<?> command) {
        try {
            return targets.resolveTarget(command).getIdentifier();
        } catch (IllegalArgumentException noTarget) {
            return null;
        }
    }
}
