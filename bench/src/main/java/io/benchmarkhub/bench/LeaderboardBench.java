package io.benchmarkhub.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchmarkhub.domain.integrity.ContaminationDetector;
import io.benchmarkhub.domain.leaderboard.BenchmarkScore;
import io.benchmarkhub.domain.leaderboard.PooledEntry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;

/**
 * Issues 6 and 7 over a large history (docs/performance.md, "Leaderboards, KPIs, detector and rebuild over 1,000,000
 * trial events"): seeds the event store of a running app ({@link LeaderboardSeed}), times the projections catching
 * up, then measures read latency of the leaderboard, ranking, KPI and contamination endpoints under concurrent
 * clients, the contamination detector over all scores, and the rebuild (replay) rate of each projection and of all
 * at once.
 */
final class LeaderboardBench {

    record Options(
            URI url,
            String adminToken,
            Path pgData,
            Long appPid,
            LeaderboardSeed.Options seed,
            boolean skipSeed,
            int clients,
            Duration warmup,
            Duration duration,
            boolean skipQueries,
            int detectorRepeats,
            boolean skipDetector,
            List<String> replay,
            boolean skipReplay) {}

    /** The read models a rebuild replays: every projection; not the run-billing policy, nor the audit chain (never replayed). */
    static final List<String> REPLAYED = List.of(
            "benchmark-detail",
            "benchmark-forks",
            "library",
            "runs",
            "leaderboards",
            "credit-ledger",
            "finance",
            "kpis");

    private record Endpoint(String label, double weight) {}

    private static final List<Endpoint> MIX = List.of(
            new Endpoint("GET /api/benchmarks/{id}/leaderboard", 0.50),
            new Endpoint("GET /api/leaderboards/models", 0.20),
            new Endpoint("GET /api/kpis?period=week", 0.0667),
            new Endpoint("GET /api/kpis?period=day", 0.0667),
            new Endpoint("GET /api/kpis?period=month", 0.0666),
            new Endpoint("GET /api/integrity/contamination", 0.10));

    private final Options options;
    private final Api api;
    private final CpuMeter cpu;
    private final List<String> summary = new ArrayList<>();
    /** "benchmarkId model" of the pairs the seed made pass far more often than expected. */
    private List<String> planted = List.of();

    LeaderboardBench(Options options) {
        this.options = options;
        this.api = new Api(options.url(), Duration.ofMinutes(2));
        this.cpu = new CpuMeter(options.appPid(), options.pgData());
    }

    void run() throws Exception {
        System.out.printf(
                "Leaderboards bench: %s, %s; %d CPUs; client on Java %s%n",
                options.url(), Instant.now(), Runtime.getRuntime().availableProcessors(), Runtime.version());
        try (Connection db = connect()) {
            if (!options.skipSeed()) {
                checkEncoding(db);
                seed(db);
            }
            ReplayBench.waitUntilLive(api, options.adminToken());
            describeStore(db);
            if (!options.skipQueries()) queries(db);
            if (!options.skipDetector()) detector(db);
        }
        if (!options.skipReplay()) replay();
        System.out.printf("%n================ Summary ================%n");
        summary.forEach(System.out::println);
    }

    // --- phase 0: the seeded payloads are the app's ----------------------------------------

    /**
     * Creates one benchmark through the API and checks that the bench's serializer reproduces the stored payload and
     * metadata byte for byte and the timestamp's format: the seeded rows are then what the app would have stored.
     */
    private void checkEncoding(Connection db) throws Exception {
        ObjectNode body =
                Api.newBenchmark("Seed encoding probe", List.of(Api.testCase("2+2", "4"), Api.testCase("3+5", "8")));
        body.withArray("graders").addObject().put("type", "llm-judge").put("rubric", "Is the number correct?");
        body.putArray("tags").add("probe");
        String id = api.require("POST", "/api/benchmarks", options.adminToken(), body)
                .path("id")
                .asText();
        Serializer serializer = EventRows.serializer();
        int checked = 0;
        try (var query = db.prepareStatement(
                "SELECT payload_type, payload_revision, payload, meta_data, time_stamp FROM domain_event_entry "
                        + "WHERE aggregate_identifier = ? ORDER BY sequence_number")) {
            query.setString(1, id);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    byte[] payload = rs.getBytes(3), meta = rs.getBytes(4);
                    Object event = serializer.deserialize(
                            new SimpleSerializedObject<>(payload, byte[].class, rs.getString(1), rs.getString(2)));
                    MetaData metaData = serializer.deserialize(
                            new SimpleSerializedObject<>(meta, byte[].class, MetaData.class.getName(), null));
                    var again = serializer.serialize(event, byte[].class);
                    boolean same = Arrays.equals(again.getData(), payload)
                            && again.getType().getName().equals(rs.getString(1))
                            && String.valueOf(again.getType().getRevision()).equals(String.valueOf(rs.getString(2)))
                            && Arrays.equals(
                                    serializer.serialize(metaData, byte[].class).getData(), meta)
                            && DateTimeUtils.formatInstant(DateTimeUtils.parseInstant(rs.getString(5)))
                                    .equals(rs.getString(5))
                            && metaData.keySet().equals(Set.of("correlationId", "traceId", "userId", "requestId"));
                    if (!same) {
                        throw new IllegalStateException("the bench would not store " + rs.getString(1)
                                + " as the app does:\n  app:   "
                                + new String(payload) + " " + new String(meta) + " " + rs.getString(5) + "\n  bench: "
                                + new String(again.getData()) + " "
                                + new String(serializer
                                        .serialize(metaData, byte[].class)
                                        .getData()));
                    }
                    checked++;
                }
            }
        }
        if (checked == 0) throw new IllegalStateException("the probe benchmark " + id + " has no stored event");
        System.out.printf(
                "encoding check: the app's %d stored event(s) of a new benchmark re-serialize byte for byte with the bench's "
                        + "serializer (payload, payload type and revision, metadata, timestamp format)%n",
                checked);
    }

    // --- phase 1: seed and catch up ---------------------------------------------------------

    private void seed(Connection db) throws Exception {
        var o = options.seed();
        System.out.printf(
                "%n== Seed: ~%,d trial events over %,d benchmarks and %d models, %d users, %d days up to %s, seed %d ==%n",
                o.trialEvents(), o.benchmarks(), o.models(), o.users(), o.days(), o.end(), o.seed());
        long headBefore = head(db);
        LeaderboardSeed.Result seeded = new LeaderboardSeed(o).seed(db);
        planted = seeded.plantedPairs();
        db.setAutoCommit(true);
        long committedAt = System.nanoTime();
        CpuMeter.Sample cpuBefore = cpu.sample();
        long head = head(db);
        System.out.printf(
                "seeded %,d events (%,d trial events) in %.1f s (%,.0f events/s: generate, serialize, COPY, commit); "
                        + "event time %s to %s; store head %,d%n",
                seeded.events(),
                seeded.trialEvents(),
                seeded.seconds(),
                seeded.events() / seeded.seconds(),
                seeded.from(),
                seeded.to(),
                head);
        var mix = new StringBuilder("event mix:");
        seeded.byType().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> mix.append(String.format(" %s %,d;", e.getKey(), e.getValue())));
        System.out.println(mix);
        System.out.printf(
                "runs: %,d (%s); benchmarks public at the end: %,d of %,d, forks %,d; planted contaminated pairs: %s%n",
                seeded.runs(),
                seeded.runEnds(),
                seeded.publicBenchmarks(),
                o.benchmarks(),
                seeded.forks(),
                seeded.plantedPairs());

        // catching up: each processor from where it was to the head at the commit
        System.out.println("waiting for every projection to catch up (LIVE, position ≥ head at the commit)…");
        var caughtUp = new TreeMap<String, Double>();
        long deadline = committedAt + Duration.ofMinutes(60).toNanos();
        while (true) {
            List<Api.Projection> all = api.projections(options.adminToken());
            for (Api.Projection p : all) {
                if (!caughtUp.containsKey(p.name()) && p.caughtUpWith(head))
                    caughtUp.put(p.name(), (System.nanoTime() - committedAt) / 1e9);
                if ("ERROR".equals(p.state()))
                    throw new IllegalStateException("projection " + p.name() + " is in ERROR while catching up");
            }
            if (caughtUp.size() == all.size()) break;
            if (System.nanoTime() > deadline) throw new IllegalStateException("not caught up after 60 min: " + all);
            Thread.sleep(250);
        }
        double all = caughtUp.values().stream()
                .mapToDouble(Double::doubleValue)
                .max()
                .orElse(0);
        CpuMeter.Usage usage = CpuMeter.between(cpuBefore, cpu.sample());
        long events = head - headBefore;
        System.out.printf(
                "caught up: %,d events in %.1f s after the commit (all processors at once, ±0.25 s)%n", events, all);
        summary.add(String.format(
                "%nCatch-up after seeding: %,d events (%,d trial events); every processor at the head after %.1f s "
                        + "(%,.0f events/s per processor, %,.0f events/s over all %d)",
                events, seeded.trialEvents(), all, events / all, events * caughtUp.size() / all, caughtUp.size()));
        summary.add("| processor | caught up after s | events/s |");
        summary.add("|---|---:|---:|");
        caughtUp.forEach((name, s) -> {
            System.out.printf("  %-17s %7.1f s  %,9.0f events/s%n", name, s, events / s);
            summary.add(String.format("| %s | %.1f | %,.0f |", name, s, events / s));
        });
        System.out.println("  " + usage.describe());
        summary.add("CPU while catching up: " + usage.describe());
    }

    private void describeStore(Connection db) throws Exception {
        try (var s = db.createStatement();
                ResultSet rs = s.executeQuery("""
                     SELECT (SELECT count(*) FROM leaderboard_result), (SELECT count(DISTINCT benchmark_id) FROM leaderboard_result),
                            (SELECT count(*) FROM contamination_flag), (SELECT count(*) FROM kpi_run), (SELECT count(*) FROM kpi_verdict),
                            (SELECT coalesce(max(global_index), 0) FROM domain_event_entry)""")) {
            rs.next();
            System.out.printf(
                    "%nread models: %,d leaderboard results on %,d benchmarks, %,d contamination flags, %,d runs and %,d verdicts "
                            + "in the KPI facts; store head %,d%n",
                    rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6));
        }
    }

    // --- phase 2: query load ----------------------------------------------------------------

    private void queries(Connection db) throws Exception {
        var boards = new ArrayList<String>();
        try (var s = db.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT DISTINCT r.benchmark_id FROM leaderboard_result r JOIN benchmark b ON b.id = r.benchmark_id "
                                + "AND b.content_hash = r.content_hash WHERE b.visibility = 'PUBLIC' ORDER BY 1")) {
            while (rs.next()) boards.add(rs.getString(1));
        }
        if (boards.isEmpty()) throw new IllegalStateException("no public benchmark has a leaderboard: seed first");
        String reader = api.require(
                        "POST",
                        "/api/users",
                        options.adminToken(),
                        Api.JSON
                                .createObjectNode()
                                .put("handle", "bench-reader-" + Long.toHexString(System.nanoTime())))
                .path("token")
                .asText();
        String analyst = api.require(
                        "POST",
                        "/api/users",
                        options.adminToken(),
                        Api.JSON
                                .createObjectNode()
                                .put("handle", "bench-analyst-" + Long.toHexString(System.nanoTime()))
                                .put("role", "ANALYST"))
                .path("token")
                .asText();
        System.out.printf(
                "%n== Queries: %d clients, warm-up %d s (discarded), %d s measured; %,d public benchmarks with a board ==%n",
                options.clients(),
                options.warmup().toSeconds(),
                options.duration().toSeconds(),
                boards.size());
        System.out.println("mix: "
                + MIX.stream()
                        .map(e -> String.format("%s %.0f%%", e.label(), e.weight() * 100))
                        .toList() + "; leaderboards and contamination as a user, KPIs as an analyst");

        int n = MIX.size();
        var latencies = new ArrayList<List<Latencies>>();
        var errors = new long[options.clients()][n];
        var firstError = new String[1];
        for (int c = 0; c < options.clients(); c++) {
            var mine = new ArrayList<Latencies>();
            for (int i = 0; i < n; i++) mine.add(new Latencies());
            latencies.add(mine);
        }
        double[] cumulative = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) cumulative[i] = sum += MIX.get(i).weight();
        long start = System.nanoTime();
        long measureFrom = start + options.warmup().toNanos();
        long stopAt = measureFrom + options.duration().toNanos();
        CpuMeter.Sample[] cpuAt = new CpuMeter.Sample[2];
        Instant[] window = new Instant[2];
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var running = new ArrayList<Future<?>>();
            for (int c = 0; c < options.clients(); c++) {
                int client = c;
                running.add(pool.submit(() -> {
                    var random = new Random(1_000 + client);
                    while (true) {
                        long now = System.nanoTime();
                        if (now >= stopAt) return null;
                        double x = random.nextDouble() * cumulative[n - 1];
                        int e = 0;
                        while (e < n - 1 && x > cumulative[e]) e++;
                        String path;
                        String token;
                        switch (e) {
                            case 0 -> {
                                path = "/api/benchmarks/" + boards.get(random.nextInt(boards.size())) + "/leaderboard";
                                token = reader;
                            }
                            case 1 -> {
                                path = "/api/leaderboards/models";
                                token = reader;
                            }
                            case 2 -> {
                                path = "/api/kpis?period=week";
                                token = analyst;
                            }
                            case 3 -> {
                                path = "/api/kpis?period=day";
                                token = analyst;
                            }
                            case 4 -> {
                                path = "/api/kpis?period=month";
                                token = analyst;
                            }
                            default -> {
                                path = "/api/integrity/contamination";
                                token = reader;
                            }
                        }
                        long began = System.nanoTime();
                        Api.Response r;
                        try {
                            r = api.send("GET", path, token, null);
                        } catch (java.io.IOException failed) {
                            r = new Api.Response(0, null, failed.toString());
                        }
                        long took = System.nanoTime() - began;
                        if (began >= measureFrom && began < stopAt) {
                            latencies.get(client).get(e).add(took);
                            if (!r.ok()) {
                                errors[client][e]++;
                                synchronized (firstError) {
                                    if (firstError[0] == null) firstError[0] = path + " → " + r.describe();
                                }
                            }
                        }
                    }
                }));
            }
            Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
            cpuAt[0] = cpu.sample();
            window[0] = Instant.now();
            statementsCounted = resetStatements(db);
            Thread.sleep(Math.max(0, (stopAt - System.nanoTime()) / 1_000_000));
            cpuAt[1] = cpu.sample();
            window[1] = Instant.now();
            if (statementsCounted) statements = statements(db);
            for (Future<?> f : running) f.get();
        }
        CpuMeter.Usage usage = CpuMeter.between(cpuAt[0], cpuAt[1]);
        double seconds = options.duration().toNanos() / 1e9;
        summary.add(String.format(
                "%nQueries: %d clients, %d s measured after %d s warm-up; %,d public benchmarks with a board",
                options.clients(),
                options.duration().toSeconds(),
                options.warmup().toSeconds(),
                boards.size()));
        summary.add("| endpoint | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |");
        summary.add("|---|---:|---:|---:|---:|---:|---:|---:|");
        var everything = new ArrayList<Latencies>();
        long allErrors = 0;
        for (int e = 0; e < n; e++) {
            var parts = new ArrayList<Latencies>();
            long errs = 0;
            for (int c = 0; c < options.clients(); c++) {
                parts.add(latencies.get(c).get(e));
                errs += errors[c][e];
            }
            everything.addAll(parts);
            allErrors += errs;
            summary.add(row(MIX.get(e).label(), Latencies.summarize(parts), errs, seconds));
        }
        summary.add(row("**all**", Latencies.summarize(everything), allErrors, seconds));
        summary.add("CPU: " + usage.describe());
        System.out.println(String.join("\n", summary.subList(summary.size() - n - 4, summary.size())));
        System.out.println("window (for jfr-summary --from/--to): " + window[0] + " " + window[1]);
        if (firstError[0] != null) System.out.println("first error: " + firstError[0]);
        long answered = everything.stream().mapToLong(Latencies::count).sum();
        if (statementsCounted) printStatements(statements, answered);
        else
            System.out.println(
                    "(no statement counts: PostgreSQL without pg_stat_statements; bench/leaderboards.sh --profile DIR loads it)");
    }

    private boolean statementsCounted;
    private List<Statement> statements = List.of();

    /** One normalized statement of pg_stat_statements over the measured window. */
    private record Statement(long calls, double totalMillis, long rows, String query) {}

    /**
     * Empties pg_stat_statements at the start of the measured window, when PostgreSQL preloads it (bench/leaderboards.sh
     * --profile restarts it so); false when it does not, and the phase prints no statement counts.
     */
    private static boolean resetStatements(Connection db) throws SQLException {
        try (var s = db.createStatement()) {
            try (ResultSet rs = s.executeQuery("SHOW shared_preload_libraries")) {
                if (!rs.next() || !rs.getString(1).contains("pg_stat_statements")) return false;
            }
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            s.execute("SELECT pg_stat_statements_reset()");
            return true;
        }
    }

    /** Every statement run since {@link #resetStatements}, but this client's own (the reset and this read). */
    private static List<Statement> statements(Connection db) throws SQLException {
        var all = new ArrayList<Statement>();
        try (var s = db.createStatement();
                ResultSet rs = s.executeQuery("""
                        SELECT calls, total_exec_time, rows, regexp_replace(query, '\\s+', ' ', 'g') FROM pg_stat_statements
                         WHERE query NOT ILIKE '%pg_stat_statements%' AND query NOT ILIKE '%shared_preload_libraries%'
                         ORDER BY calls DESC""")) {
            while (rs.next()) all.add(new Statement(rs.getLong(1), rs.getDouble(2), rs.getLong(3), rs.getString(4)));
        }
        return all;
    }

    /**
     * Statements per answered request over the measured window (pg_stat_statements counts the whole database, so the
     * app's background work, processors' polls and claim updates, is in it too), the most frequent and the costliest.
     */
    private void printStatements(List<Statement> all, long answered) {
        long calls = all.stream().mapToLong(Statement::calls).sum();
        double millis = all.stream().mapToDouble(Statement::totalMillis).sum();
        double per = Math.max(1, answered);
        String line = String.format(
                "SQL statements in the measured window (pg_stat_statements, whole database): %,d for %,d answers, "
                        + "**%.2f per answer**; PostgreSQL executor time %.0f ms, %.3f ms per answer",
                calls, answered, calls / per, millis, millis / per);
        System.out.println(line);
        summary.add(line);
        System.out.println("most frequent (calls, per answer, total ms, mean ms, rows, statement):");
        all.stream().limit(15).forEach(st -> System.out.println(describe(st, per)));
        System.out.println("costliest (executor time):");
        all.stream()
                .sorted(java.util.Comparator.comparingDouble(Statement::totalMillis)
                        .reversed())
                .limit(10)
                .forEach(st -> System.out.println(describe(st, per)));
    }

    private static String describe(Statement st, double answers) {
        String query = st.query().length() > 200 ? st.query().substring(0, 200) + "…" : st.query();
        return String.format(
                "  %,9d  %6.2f  %8.0f  %7.3f  %,9d  %s",
                st.calls(),
                st.calls() / answers,
                st.totalMillis(),
                st.totalMillis() / Math.max(1, st.calls()),
                st.rows(),
                query);
    }

    private static String row(String label, Latencies.Summary l, long errors, double seconds) {
        return String.format(
                "| %s | %,d | %d | %,.1f | %.1f | **%.1f** | %.1f | %.1f |",
                label,
                l.count(),
                errors,
                l.count() / seconds,
                l.p50Millis(),
                l.p95Millis(),
                l.p99Millis(),
                l.maxMillis());
    }

    // --- phase 3: the contamination detector ------------------------------------------------

    /**
     * The detector as the app's {@code ContaminationPolicy} runs it: the scores of {@code LeaderboardQueries.publicScores}
     * (same SQL, over JDBC), then {@link ContaminationDetector#detect} with the default evidence. Timed here because the
     * app recomputes only after a completed run; the app logs its own passes ("contamination detector: …").
     */
    private void detector(Connection db) throws Exception {
        System.out.printf("%n== Contamination detector over all public (benchmark, model) scores ==%n");
        var evidence = ContaminationDetector.Evidence.DEFAULT;
        long[] readNanos = new long[options.detectorRepeats()];
        long[] detectNanos = new long[options.detectorRepeats()];
        List<BenchmarkScore> scores = List.of();
        List<ContaminationDetector.Flag> flags = List.of();
        for (int i = -1; i < options.detectorRepeats(); i++) { // the first pass warms the JIT up and is not counted
            long began = System.nanoTime();
            scores = publicScores(db);
            long read = System.nanoTime();
            flags = ContaminationDetector.detect(scores, evidence);
            long done = System.nanoTime();
            if (i >= 0) {
                readNanos[i] = read - began;
                detectNanos[i] = done - read;
            }
        }
        Arrays.sort(readNanos);
        Arrays.sort(detectNanos);
        long benchmarks =
                scores.stream().map(BenchmarkScore::benchmarkId).distinct().count();
        long models = scores.stream().map(BenchmarkScore::model).distinct().count();
        String line = String.format(
                "%,d scores (%,d benchmarks × %d models), %d flags; reading the scores %.0f ms, detecting %.0f ms "
                        + "(median of %d; min %.0f / max %.0f ms), in all **%.0f ms**",
                scores.size(),
                benchmarks,
                models,
                flags.size(),
                median(readNanos),
                median(detectNanos),
                detectNanos.length,
                detectNanos[0] / 1e6,
                detectNanos[detectNanos.length - 1] / 1e6,
                median(readNanos) + median(detectNanos));
        if (!planted.isEmpty()) {
            var found =
                    flags.stream().map(f -> f.benchmarkId() + " " + f.model()).toList();
            line += String.format(
                    "; planted pairs flagged: %d of %d",
                    planted.stream().filter(found::contains).count(), planted.size());
        }
        System.out.println(line);
        summary.add("\nContamination detector (in the client, same SQL and detector as the app): " + line);
    }

    private static double median(long[] sortedNanos) {
        return sortedNanos[sortedNanos.length / 2] / 1e6;
    }

    /** The runs of one user that count in an entry: the app's default {@code benchmarkhub.leaderboards.max-runs-per-user}. */
    private static final int MAX_RUNS_PER_USER = 3;

    /** {@code LeaderboardQueries.publicScores(null, null)}: the same SQL and the same pooling ({@link PooledEntry}). */
    private static List<BenchmarkScore> publicScores(Connection db) throws Exception {
        var pairs = new LinkedHashMap<List<String>, List<PooledEntry.Run>>();
        var weights = new HashMap<List<String>, double[]>();
        try (var s = db.createStatement();
                ResultSet rs = s.executeQuery("""
                     SELECT r.benchmark_id, r.model, r.run_id, r.requested_by, r.benchmark_version, r.completed_at, r.case_means,
                            r.scored, r.passed, r.cost_per_case_micros, r.latency_p95_ms, lr.case_weights
                       FROM leaderboard_result r JOIN benchmark b ON b.id = r.benchmark_id AND b.content_hash = r.content_hash
                       JOIN leaderboard_run lr ON lr.run_id = r.run_id
                      WHERE b.visibility = 'PUBLIC' AND NOT r.simulated
                      ORDER BY r.benchmark_id, r.model""")) {
            while (rs.next()) {
                var pair = List.of(rs.getString("benchmark_id"), rs.getString("model"));
                Double[] means = Arrays.stream(
                                (Object[]) rs.getArray("case_means").getArray())
                        .map(v -> v == null ? null : ((Number) v).doubleValue())
                        .toArray(Double[]::new);
                double latency = rs.getDouble("latency_p95_ms");
                pairs.computeIfAbsent(pair, k -> new ArrayList<>())
                        .add(new PooledEntry.Run(
                                rs.getString("run_id"),
                                rs.getString("requested_by"),
                                rs.getTimestamp("completed_at").toInstant(),
                                rs.getLong("benchmark_version"),
                                means,
                                rs.getInt("scored"),
                                rs.getInt("passed"),
                                rs.getLong("cost_per_case_micros"),
                                rs.wasNull() ? null : latency));
                java.sql.Array w = rs.getArray("case_weights");
                if (w != null)
                    weights.put(
                            pair,
                            Arrays.stream((Object[]) w.getArray())
                                    .mapToDouble(v -> ((Number) v).doubleValue())
                                    .toArray());
            }
        }
        var scores = new ArrayList<BenchmarkScore>();
        pairs.forEach((pair, runs) -> {
            PooledEntry.Estimate estimate = PooledEntry.estimate(runs, MAX_RUNS_PER_USER, weights.get(pair));
            if (estimate != null)
                scores.add(new BenchmarkScore(pair.get(0), pair.get(1), estimate.score(), estimate.cases()));
        });
        return scores;
    }

    // --- phase 4: rebuild -------------------------------------------------------------------

    private void replay() throws Exception {
        List<String> known = api.projections(options.adminToken()).stream()
                .map(Api.Projection::name)
                .toList();
        List<String> names = options.replay().stream().filter(known::contains).toList();
        System.out.printf("%n== Rebuild: replay %s one at a time, then all at once ==%n", names);
        ReplayBench.waitUntilLive(api, options.adminToken());
        summary.add(String.format(
                "%nRebuild from position 0 (client-timed: replay request → LIVE at the head it started from, ±0.1 s)"));
        summary.add(
                "| projection | events | seconds | events/s | events/s (server) | CPU µs per event: app / PostgreSQL | CPU cores: client / app / PG / other |");
        summary.add("|---|---:|---:|---:|---:|---|---|");
        for (String name : names) {
            CpuMeter.Sample before = cpu.sample();
            ReplayBench.Replay r =
                    ReplayBench.replay(api, options.adminToken(), List.of(name)).getFirst();
            CpuMeter.Usage usage = CpuMeter.between(before, cpu.sample());
            System.out.printf(
                    "replay %-17s %,d events in %.2f s = %,.0f events/s%n  %s%n  window: %s %s%n",
                    name, r.events(), r.seconds(), r.eventsPerSecond(), usage.describe(), r.startedAt(), r.endedAt());
            summary.add(String.format(
                    "| %s | %,d | %.2f | **%,.0f** | %s | %s | %s |",
                    name,
                    r.events(),
                    r.seconds(),
                    r.eventsPerSecond(),
                    r.serverEventsPerSecond() == null ? "n/a" : String.format("%,.0f", r.serverEventsPerSecond()),
                    perEvent(usage, r.eventsPerSecond()),
                    cores(usage)));
            ReplayBench.waitUntilLive(api, options.adminToken());
        }
        CpuMeter.Sample before = cpu.sample();
        long began = System.nanoTime();
        List<ReplayBench.Replay> together = ReplayBench.replay(api, options.adminToken(), names);
        double seconds = (System.nanoTime() - began) / 1e9;
        CpuMeter.Usage usage = CpuMeter.between(before, cpu.sample());
        long total = together.stream().mapToLong(ReplayBench.Replay::events).sum();
        System.out.printf(
                "replay all %d at once: %,d events (%d × head) in %.2f s = %,.0f events/s in total%n",
                together.size(), total, together.size(), seconds, total / seconds);
        for (ReplayBench.Replay r : together)
            System.out.printf("  %-17s done after %.2f s%n", r.projection(), r.seconds());
        System.out.println("  " + usage.describe());
        summary.add(String.format(
                "| all %d at once (%d × head) | %,d | %.2f | **%,.0f** in total | | %s | %s |",
                together.size(),
                together.size(),
                total,
                seconds,
                total / seconds,
                perEvent(usage, total / seconds),
                cores(usage)));
        summary.add("All at once, each done after: "
                + together.stream()
                        .map(r -> String.format("%s %.1f s", r.projection(), r.seconds()))
                        .toList());
        ReplayBench.waitUntilLive(api, options.adminToken());
    }

    private static String perEvent(CpuMeter.Usage u, double perSecond) {
        if (u == null || perSecond <= 0 || u.app() < 0) return "";
        return String.format(
                "%.0f / %.0f",
                u.app() / perSecond * 1e6, u.postgres() < 0 ? Double.NaN : u.postgres() / perSecond * 1e6);
    }

    private static String cores(CpuMeter.Usage u) {
        return String.format(
                "%.2f / %.2f / %.2f / %.2f%s",
                u.client(), u.app(), u.postgres(), u.other(), u.disturbed() ? " DISTURBED" : "");
    }

    // --- JDBC -------------------------------------------------------------------------------

    private Connection connect() throws Exception {
        List<String> pid = Files.readAllLines(options.pgData().resolve("postmaster.pid"));
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + pid.get(3).strip() + "/postgres", "postgres", "");
    }

    private static long head(Connection db) throws Exception {
        try (var s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(max(global_index), 0) FROM domain_event_entry")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
