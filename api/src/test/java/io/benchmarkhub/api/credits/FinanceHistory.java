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
import io.benchmarkhub.testsupport.EventHistory;
import io.benchmarkhub.testsupport.StoredHistory;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Credit-account and run histories appended by hand to the real event store ({@link StoredHistory}), each event at a
 * time the test chooses (finance groups by day and month, so tests put their events on days no other test uses). A
 * run's lease is taken first, so no executor of the application resumes the hand-made run, and runs are never ended
 * here, so the billing policy charges nothing behind the test's back.
 */
public final class FinanceHistory {

    /** Far in the future, where no other test's events are; every call gets a month after the last one. */
    private static final AtomicReference<YearMonth> LAST_MONTH = new AtomicReference<>(
            YearMonth.of(2400 + ThreadLocalRandom.current().nextInt(4000), 1));

    private final StoredHistory stored;

    public FinanceHistory(EventStore eventStore, JdbcTemplate jdbc) {
        this.stored = new StoredHistory(eventStore, jdbc);
    }

    public void credit(Instant at, CreditEvent event) {
        stored.publish(at, event);
    }

    /** One account's events in one commit (so a projection gets them in one batch), a minute apart from {@code start}. */
    public void credits(Instant start, List<? extends CreditEvent> events) {
        EventHistory history = stored.history();
        for (int i = 0; i < events.size(); i++) history.appendAt(start.plusSeconds(60L * i), events.get(i));
        stored.publish(history);
    }

    public void run(Instant at, RunEvent event) {
        stored.publish(at, event);
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
}
