package io.benchmarkhub.domain.kpi;

import io.benchmarkhub.domain.kpi.PeriodKpis.CreditMargin;
import io.benchmarkhub.domain.kpi.PeriodKpis.JudgeHumanCorrelation;
import io.benchmarkhub.domain.kpi.PeriodKpis.Share;
import io.benchmarkhub.domain.statistics.Correlation;
import io.benchmarkhub.domain.statistics.Percentiles;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The product KPIs per period, from {@link KpiFacts} only: every fact carries its event's time, so the same events
 * give the same figures, however often they are replayed. Definitions: docs/leaderboards.md ("KPIs").
 */
public final class Kpis {

    /** A user is retained when they requested a run at least this long after their first. */
    public static final Duration RETENTION = Duration.ofDays(30);
    /** 1 cent = 10,000 µ$. */
    static final long MICROS_PER_CENT = 10_000;

    private Kpis() {}

    /** The periods that start in [period start of {@code from}, {@code to}): each whole, never clipped. */
    public static List<Instant> periodStarts(KpiPeriod period, Instant from, Instant to) {
        var starts = new ArrayList<Instant>();
        for (Instant s = period.startOf(from); s.isBefore(to); s = period.next(s)) starts.add(s);
        return starts;
    }

    /**
     * The KPIs of each period from the one containing {@code from} up to the one containing the instant before
     * {@code to}. {@code to} also bounds what retention can see: a D30 cohort counts only when its period ended at
     * least 30 days before {@code to}, and {@code facts.users().lastRunAt} is the latest run before {@code to}.
     */
    public static List<PeriodKpis> compute(KpiFacts facts, KpiPeriod period, Instant from, Instant to) {
        List<Instant> starts = periodStarts(period, from, to);
        int n = starts.size();
        if (n == 0) return List.of();
        var bounds = new Instant[n + 1];
        for (int i = 0; i < n; i++) bounds[i] = starts.get(i);
        bounds[n] = period.next(starts.get(n - 1));

        var requested = new long[n];
        var ended = new long[n];
        var succeeded = new long[n];
        List<List<Double>> durations = buckets(n);
        for (KpiFacts.Run r : facts.runs()) {
            int i = index(bounds, r.requestedAt());
            if (i >= 0) requested[i]++;
            if (r.endedAt() == null) continue;
            int j = index(bounds, r.endedAt());
            if (j < 0) continue;
            ended[j]++;
            if (r.succeeded()) succeeded[j]++;
            durations.get(j).add((double)
                    Duration.between(r.requestedAt(), r.endedAt()).toMillis());
        }

        List<Set<String>> models = new ArrayList<>(n);
        for (int i = 0; i < n; i++) models.add(new HashSet<>());
        for (KpiFacts.ModelAnswered m : facts.models()) {
            int i = index(bounds, m.day());
            if (i < 0) continue;
            models.get(i).add(m.model());
        }

        var created = new long[n];
        for (KpiFacts.PublicBenchmark b : facts.benchmarks()) {
            int i = index(bounds, b.publicSince());
            if (i >= 0) created[i]++;
        }

        var cohort = new long[n];
        var retained = new long[n];
        for (KpiFacts.User u : facts.users()) {
            int i = index(bounds, u.firstRunAt());
            if (i < 0) continue;
            cohort[i]++;
            if (u.lastRunAt() != null && !u.lastRunAt().isBefore(u.firstRunAt().plus(RETENTION))) retained[i]++;
        }

        List<List<Double>> human = buckets(n), judge = buckets(n);
        for (KpiFacts.GradedPair p : facts.graded()) {
            int i = index(bounds, p.gradedAt());
            if (i < 0) continue;
            human.get(i).add(p.human());
            judge.get(i).add(p.judge());
        }

        var revenue = new long[n];
        var cost = new long[n];
        for (KpiFacts.Charge c : facts.charges()) {
            int i = index(bounds, c.chargedAt());
            if (i < 0) continue;
            revenue[i] += c.usdRevenueMinor() * MICROS_PER_CENT;
            cost[i] += c.apiCostMicros();
        }

        var result = new ArrayList<PeriodKpis>(n);
        for (int i = 0; i < n; i++) {
            Instant end = bounds[i + 1];
            result.add(new PeriodKpis(
                    bounds[i],
                    end,
                    requested[i],
                    Share.of(succeeded[i], ended[i]),
                    p95(durations.get(i)),
                    models.get(i).size(),
                    created[i],
                    forkRate(facts.benchmarks(), end),
                    end.plus(RETENTION).isAfter(to) ? null : Share.of(retained[i], cohort[i]),
                    correlation(human.get(i), judge.get(i)),
                    margin(revenue[i], cost[i])));
        }
        return result;
    }

    /** Of the benchmarks public before {@code end}, the share forked at least once before {@code end}. */
    static Share forkRate(List<KpiFacts.PublicBenchmark> benchmarks, Instant end) {
        long published = 0, forked = 0;
        for (KpiFacts.PublicBenchmark b : benchmarks) {
            if (!b.publicSince().isBefore(end)) continue;
            published++;
            if (b.firstForkedAt() != null && b.firstForkedAt().isBefore(end)) forked++;
        }
        return Share.of(forked, published);
    }

    private static Double p95(List<Double> durations) {
        if (durations.isEmpty()) return null;
        double[] values = durations.stream().mapToDouble(Double::doubleValue).toArray();
        return Percentiles.quantile(values, 0.95, Percentiles.Method.LINEAR);
    }

    private static JudgeHumanCorrelation correlation(List<Double> human, List<Double> judge) {
        if (human.isEmpty()) return new JudgeHumanCorrelation(null, null, 0);
        double[] x = human.stream().mapToDouble(Double::doubleValue).toArray();
        double[] y = judge.stream().mapToDouble(Double::doubleValue).toArray();
        Correlation pearson = Correlation.pearson(x, y);
        Correlation spearman = Correlation.spearman(x, y);
        return new JudgeHumanCorrelation(finite(pearson.coefficient()), finite(spearman.coefficient()), pearson.n());
    }

    private static CreditMargin margin(long revenueMicros, long costMicros) {
        return new CreditMargin(
                revenueMicros,
                costMicros,
                revenueMicros == 0 ? null : (double) (revenueMicros - costMicros) / revenueMicros);
    }

    private static List<List<Double>> buckets(int n) {
        var buckets = new ArrayList<List<Double>>(n);
        for (int i = 0; i < n; i++) buckets.add(new ArrayList<>());
        return buckets;
    }

    private static Double finite(double value) {
        return Double.isNaN(value) ? null : value;
    }

    /** The period [bounds[i], bounds[i+1]) that holds {@code at}, or −1 outside all of them. */
    private static int index(Instant[] bounds, Instant at) {
        if (at == null || at.isBefore(bounds[0]) || !at.isBefore(bounds[bounds.length - 1])) return -1;
        int found = Arrays.binarySearch(bounds, at);
        return found >= 0 ? found : -found - 2;
    }
}
