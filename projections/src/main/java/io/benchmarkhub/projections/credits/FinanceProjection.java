package io.benchmarkhub.projections.credits;

import static io.benchmarkhub.projections.support.Json.utc;

import io.benchmarkhub.domain.credits.ChargeAttribution;
import io.benchmarkhub.domain.credits.events.CreditsCharged;
import io.benchmarkhub.domain.run.ProviderGeneration;
import io.benchmarkhub.domain.run.events.JudgeVerdictRecorded;
import io.benchmarkhub.domain.run.events.ModelResponseRecorded;
import io.benchmarkhub.domain.run.events.RunRequested;
import io.benchmarkhub.projections.support.BatchedJdbc;
import io.benchmarkhub.projections.support.ReadModel;
import java.time.Instant;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

/**
 * What finance reads (migration V7): {@code finance_charge_line}, each charge per model and currency as
 * {@link ChargeAttribution} splits it, for margins; and {@code finance_generation}, every provider generation a
 * CREDITS run paid for with our keys, for reconciliation with the providers' reports. BYOK runs are billed to the
 * user's own key and simulated calls cost nothing, so neither is recorded; {@code finance_run} remembers each run's
 * billing, and a generation is inserted only when its run's row says CREDITS (one statement, no read). Charge lines are
 * keyed by the charge and inserted once; a generation keeps the row of the smallest run id whatever the order of
 * delivery, so a redelivered or replayed event changes nothing.
 */
@Component
@ProcessingGroup(FinanceProjection.NAME)
@ReadModel({"finance_charge_line", "finance_run", "finance_generation"})
public class FinanceProjection {

    public static final String NAME = "finance";
    /** Simulated judges ({@code sim/judge-1}, …) answer offline and cost nothing. */
    static final String SIMULATED_PREFIX = "sim/";

    private static final String INSERT_CHARGE_LINE = """
            INSERT INTO finance_charge_line (account_id, seq, model, currency, run_id, charged_at, credits, revenue_minor, api_cost_micros)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (account_id, seq, model, currency) DO NOTHING""";
    private static final String INSERT_RUN = """
            INSERT INTO finance_run (run_id, billing) VALUES (?, ?) ON CONFLICT (run_id) DO NOTHING""";
    /** INSERT … SELECT, which the driver does not fold into one multi-row statement (that could not update a row twice). */
    private static final String RECORD_GENERATION = """
            INSERT INTO finance_generation (generation_id, run_id, model, kind, cost_micros, recorded_at)
            SELECT ?, r.run_id, ?, ?, ?, ? FROM finance_run r WHERE r.run_id = ? AND r.billing = 'CREDITS'
            ON CONFLICT (generation_id) DO UPDATE SET run_id = EXCLUDED.run_id, model = EXCLUDED.model, kind = EXCLUDED.kind,
                cost_micros = EXCLUDED.cost_micros, recorded_at = EXCLUDED.recorded_at
            WHERE EXCLUDED.run_id < finance_generation.run_id""";

    private final BatchedJdbc batch;

    public FinanceProjection(BatchedJdbc batch) {
        this.batch = batch;
    }

    @EventHandler
    void on(CreditsCharged e, @SequenceNumber long seq, @Timestamp Instant at) {
        for (ChargeAttribution.Line line : ChargeAttribution.of(e)) {
            batch.update(
                    INSERT_CHARGE_LINE,
                    e.accountId().value(),
                    seq,
                    line.model(),
                    line.currency(),
                    e.runId().value(),
                    utc(at),
                    line.credits(),
                    line.revenueMinor(),
                    line.apiCostMicros());
        }
    }

    @EventHandler
    void on(RunRequested e) {
        batch.update(INSERT_RUN, e.runId().value(), e.billing().name());
    }

    @EventHandler
    void on(ModelResponseRecorded e, @Timestamp Instant at) {
        if (e.simulated() || e.generationId() == null) return;
        record(e.generationId(), e.runId().value(), e.model(), "ANSWER", e.costMicros(), at);
    }

    /** Every call the verdict paid for; a verdict recorded before they were listed names only its last one. */
    @EventHandler
    void on(JudgeVerdictRecorded e, @Timestamp Instant at) {
        if (e.judgeModel() == null || e.judgeModel().startsWith(SIMULATED_PREFIX)) return;
        List<ProviderGeneration> generations = !e.generations().isEmpty()
                ? e.generations()
                : e.generationId() == null
                        ? List.of()
                        : List.of(new ProviderGeneration(e.generationId(), e.costMicros()));
        for (ProviderGeneration generation : generations) {
            record(generation.generationId(), e.runId().value(), e.judgeModel(), "JUDGE", generation.costMicros(), at);
        }
    }

    private void record(String generationId, String runId, String model, String kind, long costMicros, Instant at) {
        batch.update(RECORD_GENERATION, generationId, model, kind, costMicros, utc(at), runId);
    }
}
