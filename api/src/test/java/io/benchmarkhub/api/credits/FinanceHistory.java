package io.benchmarkhub.api.credits;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.credits.LotUse;
import io.benchmarkhub.domain.credits.ModelCost;
import io.benchmarkhub.domain.credits.events.CreditEvent;
import io.benchmarkhub.domain.credits.events.CreditsCharged;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.run.Billing;
import io.benchmarkhub.domain.run.ProviderGeneration;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.run.RunParams;
import io.benchmarkhub.domain.run.events.JudgeVerdictRecorded;
import io.benchmarkhub.domain.run.events.ModelResponseRecorded;
import io.benchmarkhub.domain.run.events.RunEvent;
import io.benchmarkhub.domain.run.events.RunRequested;
import io.benchmarkhub.domain.user.UserId;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Credit-account and run histories appended by hand to the real event store, each event at a time the test chooses
 * (finance groups by day and month, so tests put their events on days no other test uses). A run's lease is taken
 * first, so no executor of the application resumes the hand-made run, and runs are never ended here, so the billing
 * policy charges nothing behind the test's back.
 */
public final class FinanceHistory {

    /** Far in the future, where no other test's events are; every call gets a month after the last one. */
    private static final AtomicReference<YearMonth> LAST_MONTH = new AtomicReference<>(
            YearMonth.of(2400 + ThreadLocalRandom.current().nextInt(4000), 1));

    private final EventStore eventStore;
    private final JdbcTemplate jdbc;

    public FinanceHistory(EventStore eventStore, JdbcTemplate jdbc) {
        this.eventStore = eventStore;
        this.jdbc = jdbc;
    }

    public void credit(Instant at, CreditEvent event) {
        append("CreditAccount", event.accountId().value(), at, event);
    }

    /** One account's events in one commit (so a projection gets them in one batch), a minute apart from {@code start}. */
    public void credits(Instant start, List<? extends CreditEvent> events) {
        String account = events.getFirst().accountId().value();
        long seq = nextSequence(account);
        var messages = new ArrayList<DomainEventMessage<?>>();
        for (int i = 0; i < events.size(); i++) {
            messages.add(new GenericDomainEventMessage<>(
                    "CreditAccount",
                    account,
                    seq + i,
                    events.get(i),
                    Map.of(),
                    UUID.randomUUID().toString(),
                    start.plusSeconds(60L * i)));
        }
        eventStore.publish(messages);
    }

    public void run(Instant at, RunEvent event) {
        jdbc.update("""
                INSERT INTO run_lease (run_id, node_id, expires_at) VALUES (?, 'test-script', now() + interval '1 day')
                ON CONFLICT (run_id) DO NOTHING""", event.runId().value());
        append("Run", event.runId().value(), at, event);
    }

    /** A run of {@code models} over one case, requested by {@code user}. */
    public static RunRequested request(RunId run, String user, Billing billing, String... models) {
        return new RunRequested(
                run,
                new BenchmarkId("bm_" + run.value()),
                1,
                "sha256:" + run.value(),
                new UserId(user),
                List.of(models),
                List.of(models).stream().filter(m -> m.startsWith("sim/")).toList(),
                1,
                billing,
                RunParams.DEFAULTS,
                List.of("c1", "c2", "c3"),
                List.of(new Grader.Exact(null, null)),
                List.of(),
                List.of(),
                "api",
                3600,
                null,
                null);
    }

    public static ModelResponseRecorded answer(
            RunId run, String caseId, String model, long costMicros, String generationId) {
        return new ModelResponseRecorded(
                run, caseId, model, 1, "answer", 100, 10, 5, costMicros, generationId, model.startsWith("sim/"), 1);
    }

    /** A verdict that paid for {@code generations} (the last one names it). */
    public static JudgeVerdictRecorded verdict(
            RunId run, String caseId, String model, String judge, ProviderGeneration... generations) {
        List<ProviderGeneration> calls = List.of(generations);
        return new JudgeVerdictRecorded(
                run,
                caseId,
                model,
                1,
                0,
                judge,
                0.5,
                "fine",
                null,
                false,
                calls.stream().mapToLong(ProviderGeneration::costMicros).sum(),
                calls.isEmpty() ? null : calls.getLast().generationId(),
                Math.max(1, calls.size()),
                calls);
    }

    public static CreditsCharged charge(
            AccountId account, RunId run, long credits, long apiCostMicros, List<LotUse> lots, ModelCost... byModel) {
        return new CreditsCharged(account, run, credits, apiCostMicros, 0, lots, List.of(byModel));
    }

    /** A month no other test puts events in, with the one after it also free. */
    public static YearMonth freshMonth() {
        return LAST_MONTH.updateAndGet(m -> m.plusMonths(2));
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void append(String type, String aggregateId, Instant at, Object event) {
        eventStore.publish(new GenericDomainEventMessage<>(
                type,
                aggregateId,
                nextSequence(aggregateId),
                event,
                Map.of(),
                UUID.randomUUID().toString(),
                at));
    }

    private long nextSequence(String aggregateId) {
        Long last = jdbc.queryForObject(
                "SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class,
                aggregateId);
        return last == null ? 0 : last + 1;
    }
}
