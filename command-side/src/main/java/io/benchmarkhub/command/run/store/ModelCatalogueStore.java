package io.benchmarkhub.command.run.store;

import io.benchmarkhub.command.run.provider.CatalogueModel;
import io.benchmarkhub.domain.catalogue.events.CatalogueEvent;
import io.benchmarkhub.domain.catalogue.events.ModelAppeared;
import io.benchmarkhub.domain.catalogue.events.ModelContextLengthChanged;
import io.benchmarkhub.domain.catalogue.events.ModelDisappeared;
import io.benchmarkhub.domain.catalogue.events.ModelPricesChanged;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Table {@code model_catalogue}: each provider's model list, replaced as a whole, and its history: what changed since the
 * previous list becomes {@link CatalogueEvent}s (aggregate {@code catalogue:<provider>}) and rows of
 * {@code model_catalogue_change}, in the transaction that replaces the list.
 * <p>
 * Two nodes syncing at once take turns per provider (a transaction-scoped advisory lock), and each compares the answer
 * with the list the other one left: the second finds nothing changed, so every change is recorded once. A list fetched
 * before the stored one was written is older than it and is dropped, so a slow sync never puts back a list the provider
 * no longer gives (which would record a change and its reversal).
 */
public class ModelCatalogueStore {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final EventStore eventStore;

    public ModelCatalogueStore(JdbcTemplate jdbc, TransactionTemplate transaction, EventStore eventStore) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.eventStore = eventStore;
    }

    /** The database's clock: taken just before a provider is asked for its list, and compared under the lock in {@link #replace}. */
    public Instant now() {
        return jdbc.queryForObject("SELECT clock_timestamp()", Timestamp.class).toInstant();
    }

    /**
     * Replaces {@code provider}'s models, fetched from the provider from {@code fetchedAt} on (see {@link #now}), in one
     * transaction and answers the changes it recorded; none when the stored list was written after that.
     */
    public List<CatalogueEvent> replace(String provider, List<CatalogueModel> models, Instant fetchedAt) {
        return transaction.execute(status -> {
            jdbc.queryForList("SELECT pg_advisory_xact_lock(hashtext('model-catalogue'), hashtext(?))", provider);
            Timestamp stored = jdbc.queryForObject(
                    "SELECT max(synced_at) FROM model_catalogue WHERE provider = ?", Timestamp.class, provider);
            if (stored != null && stored.toInstant().isAfter(fetchedAt)) return List.<CatalogueEvent>of();
            Map<String, CatalogueModel> before = new LinkedHashMap<>();
            jdbc.query(
                    """
                    SELECT model_id, prompt_micros_per_million_tokens, completion_micros_per_million_tokens, context_length, simulated
                    FROM model_catalogue WHERE provider = ? ORDER BY model_id""",
                    rs -> {
                        before.put(
                                rs.getString(1),
                                new CatalogueModel(
                                        rs.getString(1),
                                        provider,
                                        rs.getObject(2, Long.class),
                                        rs.getObject(3, Long.class),
                                        rs.getObject(4, Integer.class),
                                        rs.getBoolean(5)));
                    },
                    provider);
            Map<String, CatalogueModel> after = new LinkedHashMap<>();
            for (CatalogueModel model : models) after.putIfAbsent(model.id(), model);
            List<CatalogueEvent> changes = diff(provider, before, after);
            record(provider, changes);

            jdbc.update("DELETE FROM model_catalogue WHERE provider = ?", provider);
            jdbc.batchUpdate("""
                    INSERT INTO model_catalogue (model_id, provider, prompt_micros_per_million_tokens,
                        completion_micros_per_million_tokens, context_length, simulated, synced_at)
                    VALUES (?, ?, ?, ?, ?, ?, now())
                    ON CONFLICT (model_id) DO UPDATE SET provider = excluded.provider,
                        prompt_micros_per_million_tokens = excluded.prompt_micros_per_million_tokens,
                        completion_micros_per_million_tokens = excluded.completion_micros_per_million_tokens,
                        context_length = excluded.context_length, simulated = excluded.simulated, synced_at = now()""", List.copyOf(after.values()), 500, (ps, m) -> {
                ps.setString(1, m.id());
                ps.setString(2, provider);
                ps.setObject(3, m.promptMicrosPerMillionTokens());
                ps.setObject(4, m.completionMicrosPerMillionTokens());
                ps.setObject(5, m.contextLength());
                ps.setBoolean(6, m.simulated());
            });
            return changes;
        });
    }

    /** The changes from {@code before} to {@code after}, in model id order: appeared, prices, context length, disappeared. */
    static List<CatalogueEvent> diff(
            String provider, Map<String, CatalogueModel> before, Map<String, CatalogueModel> after) {
        boolean initial = before.isEmpty();
        List<CatalogueEvent> changes = new ArrayList<>();
        for (CatalogueModel now : after.values().stream()
                .sorted(java.util.Comparator.comparing(CatalogueModel::id))
                .toList()) {
            CatalogueModel then = before.get(now.id());
            if (then == null) {
                changes.add(new ModelAppeared(
                        provider,
                        now.id(),
                        CatalogueEvent.vendorOf(provider, now.id()),
                        now.promptMicrosPerMillionTokens(),
                        now.completionMicrosPerMillionTokens(),
                        now.contextLength(),
                        initial));
                continue;
            }
            if (!Objects.equals(then.promptMicrosPerMillionTokens(), now.promptMicrosPerMillionTokens())
                    || !Objects.equals(
                            then.completionMicrosPerMillionTokens(), now.completionMicrosPerMillionTokens())) {
                changes.add(new ModelPricesChanged(
                        provider,
                        now.id(),
                        then.promptMicrosPerMillionTokens(),
                        then.completionMicrosPerMillionTokens(),
                        now.promptMicrosPerMillionTokens(),
                        now.completionMicrosPerMillionTokens()));
            }
            if (!Objects.equals(then.contextLength(), now.contextLength())) {
                changes.add(
                        new ModelContextLengthChanged(provider, now.id(), then.contextLength(), now.contextLength()));
            }
        }
        for (String gone : before.keySet()) {
            if (!after.containsKey(gone)) changes.add(new ModelDisappeared(provider, gone));
        }
        return changes;
    }

    private void record(String provider, List<CatalogueEvent> changes) {
        if (changes.isEmpty()) return;
        String aggregate = CatalogueEvent.aggregateId(provider);
        Long last = jdbc.queryForObject(
                "SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class,
                aggregate);
        long next = last == null ? 0 : last + 1;
        for (CatalogueEvent change : changes) {
            var message = new GenericDomainEventMessage<>(
                    CatalogueEvent.AGGREGATE_TYPE,
                    aggregate,
                    next++,
                    change,
                    MetaData.with("source", "catalogue-sync"));
            eventStore.publish(message);
            insertRow(message.getIdentifier(), Timestamp.from(message.getTimestamp()), change);
        }
    }

    private void insertRow(String eventId, Timestamp at, CatalogueEvent change) {
        String provider = change.provider();
        String model = change.modelId();
        String vendor = CatalogueEvent.vendorOf(provider, model);
        String sql = """
                INSERT INTO model_catalogue_change (event_id, kind, provider, model_id, vendor, initial,
                    previous_prompt_micros_per_million_tokens, previous_completion_micros_per_million_tokens, previous_context_length,
                    prompt_micros_per_million_tokens, completion_micros_per_million_tokens, context_length, changed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
        switch (change) {
            case ModelAppeared e ->
                jdbc.update(
                        sql,
                        eventId,
                        "APPEARED",
                        provider,
                        model,
                        vendor,
                        e.initial(),
                        null,
                        null,
                        null,
                        e.promptMicrosPerMillionTokens(),
                        e.completionMicrosPerMillionTokens(),
                        e.contextLength(),
                        at);
            case ModelPricesChanged e ->
                jdbc.update(
                        sql,
                        eventId,
                        "PRICES_CHANGED",
                        provider,
                        model,
                        vendor,
                        false,
                        e.previousPromptMicrosPerMillionTokens(),
                        e.previousCompletionMicrosPerMillionTokens(),
                        null,
                        e.promptMicrosPerMillionTokens(),
                        e.completionMicrosPerMillionTokens(),
                        null,
                        at);
            case ModelContextLengthChanged e ->
                jdbc.update(
                        sql,
                        eventId,
                        "CONTEXT_LENGTH_CHANGED",
                        provider,
                        model,
                        vendor,
                        false,
                        null,
                        null,
                        e.previousContextLength(),
                        null,
                        null,
                        e.contextLength(),
                        at);
            case ModelDisappeared e ->
                jdbc.update(
                        sql,
                        eventId,
                        "DISAPPEARED",
                        provider,
                        model,
                        vendor,
                        false,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        at);
        }
    }
}
