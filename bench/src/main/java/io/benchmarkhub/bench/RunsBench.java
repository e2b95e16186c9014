package io.benchmarkhub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Runs N cases × M models × J judges against {@link FixedLatencyModelServer} (latency L, at most C
 * calls in flight) through BenchmarkHub ({@code POST /api/runs}) and through promptfoo, and prints
 * each one's wall time next to the ideal {@code calls × L ÷ C}, with calls = N × M × (1 + J).
 * The model server runs in this process, so its CPU counts as the client's.
 */
final class RunsBench {

    static final String RUBRIC = "The answer is exactly the token the question asks for, with nothing else.";
    private static final Duration POLL = Duration.ofMillis(50);

    record Workload(int cases, List<String> models, List<String> judges, Duration latency, int concurrency) {
        static Workload of(int cases, int models, int judges, Duration latency, int concurrency) {
            return new Workload(cases, names("m", models), names("j", judges), latency, concurrency);
        }

        private static List<String> names(String prefix, int count) {
            return IntStream.rangeClosed(1, count).mapToObj(i -> prefix + i).toList();
        }

        long calls() {
            return (long) cases * models.size() * (1 + judges.size());
        }

        double idealSeconds() {
            return calls() * (latency.toNanos() / 1e9) / concurrency;
        }

        Workload withCases(int n) {
            return new Workload(n, models, judges, latency, concurrency);
        }

        String describe() {
            return String.format(
                    "%,d cases × %d models × %d judges = %,d calls, latency %d ms, concurrency %d",
                    cases, models.size(), judges.size(), calls(), latency.toMillis(), concurrency);
        }
    }

    record Options(
            Workload workload,
            int warmupCases,
            int rounds,
            boolean benchmarkhub,
            boolean promptfoo,
            URI url,
            String adminToken,
            Long appPid,
            Path pgData,
            Path gcLog,
            Path promptfooDir,
            Path workDir,
            int modelServerPort) {}

    /**
     * CPU over one measured run, in cores: this client (with the model server), the tool under test
     * (the app JVM or promptfoo's node), PostgreSQL, interrupts and everything else.
     */
    record Cpu(double client, double tool, double postgres, double interrupts, double other) {
        boolean disturbed() {
            return other > 0.2;
        }

        String describe() {
            return String.format(
                    "%s / %s / %s / %s / %s%s",
                    fmt(client),
                    fmt(tool),
                    fmt(postgres),
                    fmt(interrupts),
                    fmt(other),
                    disturbed() ? " DISTURBED" : "");
        }

        private static String fmt(double v) {
            return v < 0 ? "n/a" : String.format("%.2f", v);
        }
    }

    /** One tool's measured run. {@code events}, {@code heap}: BenchmarkHub only. */
    record Result(
            String tool,
            String outcome,
            double wallSeconds,
            double idealSeconds,
            FixedLatencyModelServer.Stats server,
            Long events,
            Map<String, Long> eventsByType,
            GcLog.Heap heap,
            Double peakRssMiB,
            Cpu cpu,
            List<Double> rounds) {
        double ratio() {
            return wallSeconds / idealSeconds;
        }
    }

    /** The median of some wall times (the mean of the middle two for an even count). */
    static double median(List<Double> values) {
        var sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private final Options options;
    private final Workload workload;
    private final FixedLatencyModelServer server;

    RunsBench(Options options, FixedLatencyModelServer server) {
        this.options = options;
        this.workload = options.workload();
        this.server = server;
    }

    static String caseInput(int i) {
        return "Question " + i + ". Reply with the token t" + i + ".";
    }

    static String caseExpected(int i) {
        return "t" + i;
    }

    List<Result> run() throws Exception {
        System.out.printf("Runs bench: %s; model server %s%n", workload.describe(), server.baseUrl());
        System.out.printf("ideal wall time = calls × latency ÷ concurrency = %,.2f s%n", workload.idealSeconds());
        var results = new ArrayList<Result>();
        if (options.benchmarkhub()) results.add(benchmarkhub());
        if (options.promptfoo()) results.add(promptfoo());
        printSummary(results);
        return results;
    }

    // ---- BenchmarkHub

    private Result benchmarkhub() throws Exception {
        if (options.pgData() == null)
            throw new IllegalArgumentException("--pg-data is needed to see when a run has ended");
        var api = new Api(options.url(), Duration.ofMinutes(2));
        var cpu = new CpuMeter(options.appPid(), options.pgData());
        String handle = "runs-bench-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        String token = api.createUser(options.adminToken(), handle);
        try (var store = new RunEventStore(options.pgData())) {
            if (options.warmupCases() > 0) {
                Workload warmup = workload.withCases(options.warmupCases());
                System.out.printf("%nBenchmarkHub warm-up (not counted): %s%n", warmup.describe());
                Ending end = runToEnd(api, store, token, createBenchmark(api, token, warmup.cases()), warmup);
                System.out.printf(
                        "warm-up run %s %s in %.2f s (ideal %.2f s)%n",
                        end.runId(), end.status(), end.wallSeconds(), warmup.idealSeconds());
            }

            System.out.printf("%nBenchmarkHub: %s%n", workload.describe());
            String benchmarkId = createBenchmark(api, token, workload.cases());
            long headBefore = store.head();
            server.reset();
            Instant from = Instant.now();
            CpuMeter.Sample before = cpu.sample();
            Ending end = runToEnd(api, store, token, benchmarkId, workload);
            CpuMeter.Sample after = cpu.sample();
            Instant to = Instant.now();
            var stats = server.stats();
            long headAfter = store.head();
            Map<String, Long> byType = store.countByType(end.runId());
            long runEvents = byType.values().stream().mapToLong(Long::longValue).sum();
            double wall = end.wallSeconds();
            System.out.printf(
                    "run %s %s: its end was stored %.2f s after the POST (seen after %.2f s; GET /api/runs/{id} showed it "
                            + "after %.2f s, progress %s); the model server saw %,d calls (%,d judge calls), peak %d in flight, %d failed; "
                            + "first call to last answer %.2f s, %.1f in flight on average%n",
                    end.runId(),
                    end.status(),
                    wall,
                    end.observedSeconds(),
                    end.readableSeconds(),
                    end.read().path("progress"),
                    stats.completions(),
                    stats.graderCompletions(),
                    stats.peakInFlight(),
                    stats.failures(),
                    stats.activeSeconds(),
                    stats.meanInFlight(workload.latency()));
            if (stats.completions() > 0) {
                System.out.printf(
                        "the first call reached the model server %.0f ms after the POST; the run's end was stored %.0f ms after "
                                + "the last answer%n",
                        (stats.firstNanos() - end.postedNanos()) / 1e6,
                        wall * 1e3 - (stats.lastNanos() - end.postedNanos()) / 1e6);
            }
            System.out.printf(
                    "events: %,d in the run's stream %s; the store's head moved by %,d; %,.0f events/s%n",
                    runEvents, byType, headAfter - headBefore, runEvents / wall);
            var timeline = store.timeline(end.runId()).stream()
                    .map(span -> String.format(
                            "%s ×%d %.0f–%.0f",
                            span.type(),
                            span.count(),
                            Duration.between(end.posted(), span.first()).toNanos() / 1e6,
                            Duration.between(end.posted(), span.last()).toNanos() / 1e6))
                    .toList();
            System.out.println("timeline (ms after the POST when each type of event was stored, first–last): "
                    + String.join(", ", timeline));
            GcLog.Heap heap = options.gcLog() == null ? null : GcLog.between(options.gcLog(), from, to);
            Double usedAtEnd = heapUsedNow(options.appPid());
            if (heap != null) System.out.println("app heap during the run (GC log): " + heap.describe());
            if (usedAtEnd != null)
                System.out.printf("app heap used at the end (jcmd GC.heap_info): %.0f MiB%n", usedAtEnd);
            if (heap != null && usedAtEnd != null && usedAtEnd > heap.peakUsedMiB()) {
                heap = new GcLog.Heap(
                        heap.pauses(),
                        heap.fullCollections(),
                        usedAtEnd,
                        heap.peakLiveMiB(),
                        heap.committedMiB(),
                        heap.pauseMillis());
            }
            var usage = CpuMeter.between(before, after);
            System.out.println(usage.describe());
            System.out.printf("measured window: %s %s%n", from, to);
            var cores = new Cpu(usage.client(), usage.app(), usage.postgres(), usage.interrupts(), usage.other());
            String outcome = end.status();
            var rounds = new ArrayList<Double>();
            rounds.add(wall);
            printRound(1, wall);
            // more rounds of the same run (a short run is dominated by the machine's noise): only their time to results
            for (int round = 2; round <= options.rounds(); round++) {
                Ending again = runToEnd(api, store, token, createBenchmark(api, token, workload.cases()), workload);
                if (!again.status().equals("COMPLETED")) outcome = again.status();
                rounds.add(again.wallSeconds());
                printRound(round, again.wallSeconds());
            }
            return new Result(
                    "BenchmarkHub",
                    outcome,
                    wall,
                    workload.idealSeconds(),
                    stats,
                    runEvents,
                    byType,
                    heap,
                    null,
                    cores,
                    rounds);
        }
    }

    private void printRound(int round, double wallSeconds) {
        System.out.printf(
                "round %d: time to results %.2f s = %.2f × L%n", round, wallSeconds, wallSeconds / latencySeconds());
    }

    private double latencySeconds() {
        return workload.latency().toNanos() / 1e9;
    }

    /**
     * How a run ended: its last event, the wall time from just before the POST to when that event was
     * stored (the store's timestamp, same machine clock), and when the poll saw it.
     */
    record Ending(
            String runId,
            RunEventStore.Latest latest,
            double wallSeconds,
            double observedSeconds,
            double readableSeconds,
            JsonNode read,
            long postedNanos,
            Instant posted) {
        /** The status GET /api/runs/{id} shows, which must agree with the stored end event. */
        String status() {
            String shown = read.path("status").asText();
            return shown.equals(latest.status()) ? shown : latest.status() + " (GET /api/runs/{id} says " + shown + ")";
        }
    }

    private String createBenchmark(Api api, String token, int cases) throws IOException, InterruptedException {
        ObjectNode body = Api.JSON.createObjectNode().put("title", "Runs bench, " + cases + " cases");
        ArrayNode array = body.putArray("cases");
        for (int i = 1; i <= cases; i++) array.add(Api.testCase(caseInput(i), caseExpected(i)));
        ArrayNode graders = body.putArray("graders");
        graders.addObject().put("type", "exact");
        graders.addObject().put("type", "llm-judge").put("rubric", RUBRIC);
        return api.require("POST", "/api/benchmarks", token, body).path("id").asText();
    }

    /**
     * POST /api/runs, then looks at the run's stream every 50 ms until its end event is stored (and at
     * GET /api/runs/{id} every 5 s for its progress: reading a run computes its statistics, so polling
     * it faster would load the app more than a person watching would), then polls GET /api/runs/{id}
     * until the read side shows the end too.
     */
    private Ending runToEnd(Api api, RunEventStore store, String token, String benchmarkId, Workload w)
            throws Exception {
        ObjectNode request = Api.JSON.createObjectNode().put("benchmarkId", benchmarkId);
        ArrayNode models = request.putArray("models");
        w.models().forEach(m -> models.add("local/" + m));
        ArrayNode judges = request.putArray("judges");
        w.judges().forEach(j -> judges.add("local/" + j));
        request.put("repeats", 1).put("billing", "BYOK");
        Instant posted = Instant.now();
        long started = System.nanoTime();
        Api.Response accepted = api.send("POST", "/api/runs", token, request, Map.of("X-Provider-Key", "bench"));
        if (accepted.status() != 202) throw new IllegalStateException("POST /api/runs answered " + accepted.describe());
        String id = accepted.body().path("id").asText();
        System.out.printf(
                "  POST /api/runs answered 202 after %.0f ms: %s%n",
                (System.nanoTime() - started) / 1e6, accepted.raw());
        long nextReport = started + TimeUnit.SECONDS.toNanos(5);
        long deadline = started + TimeUnit.SECONDS.toNanos(Math.max(120, (long) (w.idealSeconds() * 20)));
        RunEventStore.Latest latest;
        while (true) {
            latest = store.latest(id);
            if (latest != null && latest.ended()) break;
            if (System.nanoTime() > nextReport) {
                Api.Response read = api.send("GET", "/api/runs/" + id, token, null);
                System.out.printf(
                        "  %5.1f s: %,d events; GET /api/runs/{id}: %s %s; the model server has answered %,d calls%n",
                        (System.nanoTime() - started) / 1e9,
                        latest == null ? 0 : latest.events(),
                        read.ok() ? read.body().path("status").asText() : "HTTP " + read.status(),
                        read.ok() ? read.body().path("progress") : "",
                        server.stats().completions());
                nextReport += TimeUnit.SECONDS.toNanos(5);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "run " + id + " did not end within " + (deadline - started) / 1_000_000_000L + " s");
            }
            Thread.sleep(POLL);
        }
        double observed = (System.nanoTime() - started) / 1e9;
        double wall = Duration.between(posted, latest.storedAt()).toNanos() / 1e9;
        JsonNode read;
        while (true) {
            Api.Response r = api.send("GET", "/api/runs/" + id, token, null);
            if (!r.ok()) throw new IllegalStateException("GET /api/runs/" + id + " answered " + r.describe());
            read = r.body();
            if (!read.path("status").asText().equals("REQUESTED")
                    && !read.path("status").asText().equals("RUNNING")) break;
            if (System.nanoTime() > deadline)
                throw new IllegalStateException("GET /api/runs/" + id + " still says " + read.path("status"));
            Thread.sleep(POLL);
        }
        double readable = (System.nanoTime() - started) / 1e9;
        return new Ending(id, latest, wall, observed, readable, read, started, posted);
    }

    /** Heap used right now by the app (jcmd GC.heap_info), which the GC log only shows at the next collection; null if unknown. */
    private static Double heapUsedNow(Long pid) {
        if (pid == null) return null;
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), pid.toString(), "GC.heap_info")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) return null;
            var m = Pattern.compile("heap\\s+total (?:reserved )?\\d+K, committed \\d+K, used (\\d+)K")
                    .matcher(out);
            return m.find() ? Long.parseLong(m.group(1)) / 1024.0 : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    // ---- promptfoo

    private Result promptfoo() throws Exception {
        System.out.printf("%npromptfoo: %s%n", workload.describe());
        var eval = new PromptfooEval(options.promptfooDir(), options.workDir().resolve("promptfoo"));
        Path config = eval.writeConfig(workload, server.baseUrl(), RUBRIC);
        // the BenchmarkHub app (idle by now) and PostgreSQL are ours, not a disturbance
        var cpu = new CpuMeter(options.appPid(), options.pgData());
        server.reset();
        CpuMeter.Sample before = cpu.sample();
        double childrenBefore = CpuMeter.waitedChildrenSeconds();
        long started = System.nanoTime();
        Process process = eval.start(config, workload.concurrency(), Map.of());
        double peakRss = 0;
        while (!process.waitFor(200, TimeUnit.MILLISECONDS))
            peakRss = Math.max(peakRss, CpuMeter.peakRssMiB(process.pid()));
        double wall = (System.nanoTime() - started) / 1e9;
        CpuMeter.Sample after = cpu.sample();
        double node = (CpuMeter.waitedChildrenSeconds() - childrenBefore) / wall;
        var stats = server.stats();
        int exit = process.exitValue();
        System.out.printf(
                "promptfoo exited %d after %.2f s; the model server saw %,d calls (%,d grader calls), peak %d in flight, %d failed; "
                        + "first call to last answer %.2f s, %.1f in flight on average%n",
                exit,
                wall,
                stats.completions(),
                stats.graderCompletions(),
                stats.peakInFlight(),
                stats.failures(),
                stats.activeSeconds(),
                stats.meanInFlight(workload.latency()));
        eval.logTail(12).forEach(line -> System.out.println("  | " + line));
        var usage = CpuMeter.between(before, after);
        double ours = Math.max(0, usage.app()) + Math.max(0, usage.postgres());
        var cores = new Cpu(usage.client(), node, -1, usage.interrupts(), Math.max(0, usage.other() - node));
        System.out.printf(
                "CPU (cores busy): client + model server %.2f, promptfoo (node) %.2f, idle BenchmarkHub app + PostgreSQL %.2f, "
                        + "irq/softirq %.2f, other processes %.2f%s%n",
                usage.client(),
                node,
                ours,
                usage.interrupts(),
                cores.other(),
                cores.disturbed() ? "  <- DISTURBED: other processes were busy, re-run on an idle machine" : "");
        return new Result(
                "promptfoo",
                exit == 0 || exit == 100 ? "exit " + exit : "FAILED exit " + exit,
                wall,
                workload.idealSeconds(),
                stats,
                null,
                Map.of(),
                null,
                peakRss > 0 ? peakRss : null,
                cores,
                List.of(wall));
    }

    // ---- summary

    private void printSummary(List<Result> results) {
        System.out.printf("%n================ Runs: %s ================%n", workload.describe());
        System.out.println(
                "| tool | outcome | wall s | ideal s | wall/ideal | calls (expected) | in flight: peak / mean | events | events/s "
                        + "| peak heap MiB (used / live) | peak RSS MiB | CPU cores: client+server / tool / PostgreSQL / irq / other |");
        System.out.println("|---|---|---:|---:|---:|---|---:|---:|---:|---|---:|---|");
        for (Result r : results) {
            System.out.printf(
                    "| %s | %s | **%.2f** | %.2f | **%.3f** | %,d (%,d) | %d / %.1f | %s | %s | %s | %s | %s |%n",
                    r.tool(),
                    r.outcome(),
                    r.wallSeconds(),
                    r.idealSeconds(),
                    r.ratio(),
                    r.server().completions(),
                    workload.calls(),
                    r.server().peakInFlight(),
                    r.server().meanInFlight(workload.latency()),
                    r.events() == null ? "" : String.format("%,d", r.events()),
                    r.events() == null ? "" : String.format("%,.0f", r.events() / r.wallSeconds()),
                    r.heap() == null || r.heap().pauses() == 0
                            ? ""
                            : String.format(
                                    "%.0f / %.0f",
                                    r.heap().peakUsedMiB(), r.heap().peakLiveMiB()),
                    r.peakRssMiB() == null ? "" : String.format("%.0f", r.peakRssMiB()),
                    r.cpu().describe());
        }
        Result hub = results.stream()
                .filter(r -> r.tool().equals("BenchmarkHub"))
                .findFirst()
                .orElse(null);
        Result promptfoo = results.stream()
                .filter(r -> r.tool().equals("promptfoo"))
                .findFirst()
                .orElse(null);
        // time to results as a multiple of the model latency L: a trial is at least its answer and then its judges, so
        // a
        // run whose calls all fit in C at once cannot take less than 2 × L (or 1 × L without judges)
        int floor = workload.judges().isEmpty() ? 1 : 2;
        // printed for runs whose calls of one step fit in C at once (a small run); a larger run is bound by C, not by L
        boolean small = (long) workload.cases()
                        * workload.models().size()
                        * Math.max(1, workload.judges().size())
                <= workload.concurrency();
        for (Result r : small ? results : List.<Result>of()) {
            var multiples = r.rounds().stream()
                    .map(w -> String.format("%.2f", w / latencySeconds()))
                    .toList();
            System.out.printf(
                    "time to results (%s, POST to the run's end%s): %.2f × L (median of %d round%s: %s × L; L = %d ms; "
                            + "the floor is %d × L when each trial's calls fit in C at once)%n",
                    r.tool(),
                    r.tool().equals("BenchmarkHub") ? " stored" : ": the process's wall time",
                    median(r.rounds()) / latencySeconds(),
                    r.rounds().size(),
                    r.rounds().size() == 1 ? "" : "s",
                    String.join(", ", multiples),
                    workload.latency().toMillis(),
                    floor);
        }
        if (hub != null && promptfoo != null) {
            System.out.printf(
                    "speed: BenchmarkHub is %.2f× as fast as promptfoo (promptfoo wall ÷ BenchmarkHub wall)%n",
                    promptfoo.wallSeconds() / hub.wallSeconds());
        }
        for (Result r : results) {
            if (r.server().peakInFlight() > workload.concurrency()) {
                System.out.printf(
                        "NOTE: %s had %d calls in flight at once, more than the concurrency %d: not a like-for-like comparison%n",
                        r.tool(), r.server().peakInFlight(), workload.concurrency());
            }
            if (r.server().completions() != workload.calls()) {
                System.out.printf(
                        "NOTE: %s made %,d calls, not the %,d the workload needs%n",
                        r.tool(), r.server().completions(), workload.calls());
            }
            if (r.cpu().disturbed())
                System.out.printf(
                        "NOTE: %s's run was DISTURBED by other processes; re-run on an idle machine%n", r.tool());
        }
    }
}
