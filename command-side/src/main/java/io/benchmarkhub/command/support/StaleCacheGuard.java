package io.benchmarkhub.command.support;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.ReflectionUtils;
import org.axonframework.common.annotation.AnnotationUtils;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Keeps the per-node aggregate cache honest when several nodes share one event store: a command never decides on a
 * cached aggregate that another node has changed since. The aggregate's last stored sequence number (one primary-key
 * query, ADR 0040's head row) is compared with the last one this node appended; when they differ, the cached
 * aggregate is stale. Without this, a command that appends nothing to the cached aggregate (a fork, a no-op publish)
 * or one it refuses (a version it does not know yet) could decide on stale state, e.g. fork a benchmark its owner has
 * just made private on another node.
 *
 * <p>A command that appends to its aggregate needs no query: an append on stale state takes a sequence number the
 * other node has taken and fails as a {@link ConcurrencyException}; Axon's repository evicts the aggregate on that
 * rollback and the gateway's retry loads it fresh. So the query is asked afterwards, and only when the command appended
 * nothing to its target (just before the commit) or was refused; when it finds the cache stale, the aggregate is
 * evicted and the command fails as a ConcurrencyException too, which is retried on fresh state. An aggregate that has
 * lost such a race once (another node writes it too) is checked before each later command instead, as every command
 * was before: with several nodes taking turns on it, asking first is cheaper than failing and retrying. So is a command
 * sent from within another unit of work (a policy's). One this node has never appended to is evicted without asking:
 * nothing vouches for its cached state.
 *
 * <p>It registers its interceptor on the command bus itself and is not a {@link MessageHandlerInterceptor}: Axon's
 * Spring Boot auto-configuration registers every interceptor bean once more, which ran this check (and its query)
 * twice per command.
 */
public class StaleCacheGuard {

    private static final int REMEMBERED_AGGREGATES = 100_000;

    /**
     * Per command class, how to read its target aggregate's id ({@code @TargetAggregateIdentifier}), found once by
     * reflection as Axon's {@code AnnotationCommandTargetResolver} finds it; null for a command without one.
     */
    private static final ClassValue<Function<Object, Object>> TARGETS = new ClassValue<>() {
        @Override
        protected Function<Object, Object> computeValue(Class<?> type) {
            return targetAccessor(type);
        }
    };

    private final List<Cache> caches;
    private final EventStore eventStore;
    /** The unit-of-work resource naming the aggregates its events were appended to (this guard's own key). */
    private final String appendedKey = this + ".appended";
    /** Aggregate id → the last sequence number this node appended, for the most recently touched aggregates. */
    private final Map<String, Long> appendedHere = lastUsed();
    /** Aggregates another node has also written since this node cached them: checked before each command. */
    private final Map<String, Boolean> contended = lastUsed();

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
            if (CurrentUnitOfWork.isStarted()) {
                UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
                unitOfWork
                        .root()
                        .getOrComputeResource(appendedKey, key -> new HashSet<String>())
                        .addAll(appended.keySet());
                unitOfWork.afterCommit(uow -> remember(appended));
            } else {
                remember(appended);
            }
        });
        MessageHandlerInterceptor<CommandMessage<?>> interceptor = this::handle;
        commandBus.registerHandlerInterceptor(interceptor);
    }

    private Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        String id = targetOf(unitOfWork.getMessage());
        Cache cache = id == null ? null : cacheHolding(id);
        if (cache == null) return chain.proceed(); // loaded from the store: fresh
        if (!appendedHere.containsKey(id)) {
            cache.remove(id);
            return chain.proceed();
        }
        if (contended.containsKey(id) || unitOfWork.parent().isPresent()) {
            // asked first: contended, or sent from another unit of work (a policy), whose append happens only when
            // that one commits, so a lost race would fail and repeat the caller's whole batch rather than this command
            if (stale(id)) cache.remove(id);
            return chain.proceed();
        }
        unitOfWork.onRollback(uow -> {
            if (uow.getExecutionResult() != null
                    && lostARace(uow.getExecutionResult().getExceptionResult())) contended.put(id, Boolean.TRUE);
        });
        Object result;
        try {
            result = chain.proceed();
        } catch (Exception refused) {
            boolean stale;
            try {
                stale = stale(id);
            } catch (RuntimeException unanswered) {
                // e.g. the refusal came from a failed statement that ended the transaction: the refusal is the answer
                refused.addSuppressed(unanswered);
                throw refused;
            }
            if (stale) throw staleCache(cache, id);
            throw refused;
        }
        // Registered after the handler, so it runs after the event store's own prepare-commit step, which appended
        // this command's events and told the subscriber above which aggregates they belong to.
        unitOfWork.onPrepareCommit(uow -> {
            Set<String> appended = uow.root().getResource(appendedKey);
            if ((appended == null || !appended.contains(id)) && stale(id)) throw staleCache(cache, id);
        });
        return result;
    }

    /** Whether the cached aggregate {@code id} may be older than the store: another node appended since this one. */
    private boolean stale(String id) {
        Optional<Long> stored = eventStore.lastSequenceNumberFor(id);
        Long mine = appendedHere.get(id);
        return mine == null || stored.isEmpty() || !stored.get().equals(mine);
    }

    private ConcurrencyException staleCache(Cache cache, String id) {
        cache.remove(id);
        contended.put(id, Boolean.TRUE);
        return new ConcurrencyException(
                "aggregate " + id + " was changed by another node since this one cached it; retried on fresh state");
    }

    private Cache cacheHolding(String id) {
        for (Cache cache : caches) {
            if (cache.containsKey(id)) return cache;
        }
        return null;
    }

    private void remember(Map<String, Long> appended) {
        appended.forEach((id, seq) -> appendedHere.merge(id, seq, Math::max));
    }

    private static boolean lostARace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyException) return true;
        }
        return false;
    }

    /** The command's target aggregate id as Axon's repository names it ({@code toString()} of the annotated value). */
    static String targetOf(CommandMessage<?> command) {
        Object payload = command.getPayload();
        Function<Object, Object> accessor = payload == null ? null : TARGETS.get(payload.getClass());
        Object target = accessor == null ? null : accessor.apply(payload);
        return target == null ? null : target.toString();
    }

    /** Methods first, then fields, as {@code AnnotationCommandTargetResolver} looks (meta-annotations included). */
    private static Function<Object, Object> targetAccessor(Class<?> type) {
        for (Method method : ReflectionUtils.methodsOf(type)) {
            if (method.getParameterCount() == 0
                    && AnnotationUtils.isAnnotationPresent(method, TargetAggregateIdentifier.class)) {
                ReflectionUtils.ensureAccessible(method);
                return payload -> {
                    try {
                        return method.invoke(payload);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalArgumentException("cannot read the target aggregate of " + type, e);
                    }
                };
            }
        }
        for (Field field : ReflectionUtils.fieldsOf(type)) {
            if (AnnotationUtils.isAnnotationPresent(field, TargetAggregateIdentifier.class)) {
                ReflectionUtils.ensureAccessible(field);
                return payload -> ReflectionUtils.getFieldValue(field, payload);
            }
        }
        return null;
    }

    private static <V> Map<String, V> lastUsed() {
        return Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > REMEMBERED_AGGREGATES;
            }
        });
    }
}
