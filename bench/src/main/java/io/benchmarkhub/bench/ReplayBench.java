package io.benchmarkhub.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Projection replay: fills the event store up to the wanted number of events (batches of 100
 * cases, each case one {@code TestCaseAdded} event), waits until every projection is live with no
 * lag, then replays each projection alone and finally all of them at once. Rate = events in the
 * store / wall time from the replay request until the projection is LIVE again at the head,
 * polled every 100 ms by this client (so ±0.1 s).
 */
final class ReplayBench {

    record Load(long eventsBefore, long eventsAppended, long requests, double seconds, CpuMeter.Usage cpu) {}

    record Replay(
            String projection,
            long events,
            double seconds,
            Double serverEventsPerSecond,
            Instant startedAt,
            Instant endedAt) {
        double eventsPerSecond() {
            return events / seconds;
        }
    }

    record Result(
            Load load,
            long head,
            List<Replay> each,
            List<Replay> together,
            double togetherSeconds,
            Map<String, CpuMeter.Usage> cpu) {}

    private static final int CASES_PER_REQUEST = 100;
    /** Cases per benchmark before a client starts a new one: the aggregate hashes all its cases on every change. */
    private static final int CASES_PER_BENCHMARK = 1_000;

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration REPLAY_TIMEOUT = Duration.ofMinutes(30);

    private final Api api;
    private final String adminToken;
    private final String userToken;
    private final CpuMeter cpu;
    private final int clients;
    private final long targetEvents;

    ReplayBench(Api api, String adminToken, String userToken, CpuMeter cpu, int clients, long targetEvents) {
        this.api = api;
        this.adminToken = adminToken;
        this.userToken = userToken;
        this.cpu = cpu;
        this.clients = clients;
        this.targetEvents = targetEvents;
    }

    Result run() throws Exception {
        System.out.printf("%n== Projection replay over at least %,d events ==%n", targetEvents);
        Load load = load();
        waitUntilLive();
        long head = head();
        System.out.printf("event store head: %,d events; all projections LIVE with lag 0%n", head);
        var cpuUse = new LinkedHashMap<String, CpuMeter.Usage>();

        var each = new ArrayList<Replay>();
        for (String name : api.projections(adminToken).stream()
                .filter(Api.Projection::rebuildable)
                .map(Api.Projection::name)
                .toList()) {
            CpuMeter.Sample before = cpu.sample();
            Replay r = replay(List.of(name)).getFirst();
            CpuMeter.Usage usage = CpuMeter.between(before, cpu.sample());
            cpuUse.put(name, usage);
            each.add(r);
            System.out.printf(
                    "replay %-17s %,d events in %.2f s = %,.0f events/s (server says %s)%n",
                    r.projection(),
                    r.events(),
                    r.seconds(),
                    r.eventsPerSecond(),
                    r.serverEventsPerSecond() == null ? "n/a" : String.format("%,.0f", r.serverEventsPerSecond()));
            System.out.println("  " + usage.describe());
            System.out.println("  window (for jfr-summary --from/--to): " + r.startedAt() + " " + r.endedAt());
            waitUntilLive();
        }

        CpuMeter.Sample before = cpu.sample();
        long start = System.nanoTime();
        List<Replay> together = replay(each.stream().map(Replay::projection).toList());
        double togetherSeconds = (System.nanoTime() - start) / 1e9;
        CpuMeter.Usage usage = CpuMeter.between(before, cpu.sample());
        cpuUse.put("all at once", usage);
        long total = together.stream().mapToLong(Replay::events).sum();
        System.out.printf(
                "replay all %d at once: %,d events in %.2f s = %,.0f events/s in total%n",
                together.size(), total, togetherSeconds, total / togetherSeconds);
        for (Replay r : together) System.out.printf("  %-17s done after %.2f s%n", r.projection(), r.seconds());
        System.out.println("  " + usage.describe());
        System.out.println("  window (for jfr-summary --from/--to): "
                + together.getFirst().startedAt() + " "
                + together.stream().map(Replay::endedAt).max(Instant::compareTo).orElseThrow());
        return new Result(load, head, each, together, togetherSeconds, cpuUse);
    }

    /** Appends events until the store holds the target: 16 clients, each adding 100 cases per request. */
    private Load load() throws Exception {
        long before = head();
        long missing = targetEvents - before;
        if (missing <= 0) {
            System.out.printf("the store already holds %,d events%n", before);
            return new Load(before, 0, 0, 0, null);
        }
        System.out.printf(
                "loading %,d events (%d clients, %d cases per request, a new benchmark every %,d cases)…%n",
                missing, clients, CASES_PER_REQUEST, CASES_PER_BENCHMARK);
        var remaining = new AtomicLong(missing);
        var appended = new AtomicLong();
        var requests = new AtomicLong();
        CpuMeter.Sample cpuBefore = cpu.sample();
        long start = System.nanoTime();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var running = new ArrayList<Future<?>>();
            for (int i = 0; i < clients; i++) {
                int client = i + 1;
                running.add(executor.submit(() -> {
                    for (int round = 0; remaining.get() > 0; round++) {
                        String label = "Load " + client + "-" + round;
                        ObjectNode body = Api.newBenchmark(label, List.of(Api.testCase("What is 2 + 2?", "4")));
                        String id = api.require("POST", "/api/benchmarks", userToken, body)
                                .path("id")
                                .asText();
                        remaining.addAndGet(-1);
                        appended.addAndGet(1);
                        requests.incrementAndGet();
                        for (int added = 1;
                                added + CASES_PER_REQUEST <= CASES_PER_BENCHMARK && remaining.get() > 0;
                                added += CASES_PER_REQUEST) {
                            api.require("POST", "/api/benchmarks/" + id + "/cases", userToken, cases(label, added));
                            remaining.addAndGet(-CASES_PER_REQUEST);
                            appended.addAndGet(CASES_PER_REQUEST);
                            requests.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuMeter.Usage usage = CpuMeter.between(cpuBefore, cpu.sample());
        System.out.printf(
                "loaded %,d events with %,d requests in %.1f s = %,.0f events/s appended (each with its read-model update)%n",
                appended.get(), requests.get(), seconds, appended.get() / seconds);
        System.out.println("  " + usage.describe());
        return new Load(before, appended.get(), requests.get(), seconds, usage);
    }

    private static ArrayNode cases(String label, int first) {
        ArrayNode array = Api.JSON.createArrayNode();
        for (int i = first; i < first + CASES_PER_REQUEST; i++) {
            array.add(Api.testCase(
                    "Benchmark " + label + ", case " + i + ": reply with the number " + i
                            + " written in digits, and nothing else.",
                    Integer.toString(i)));
        }
        return array;
    }

    private List<Replay> replay(List<String> names) throws Exception {
        return replay(api, adminToken, names);
    }

    /** Starts a replay of each named projection, then polls until each is LIVE again at the head it started from. */
    static List<Replay> replay(Api api, String adminToken, List<String> names) throws Exception {
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        var heads = new LinkedHashMap<String, Long>();
        for (String name : names) {
            var started = api.require("POST", "/api/admin/projections/" + name + "/replay", adminToken, null);
            heads.put(name, started.path("head").asLong());
        }
        var done = new LinkedHashMap<String, Replay>();
        long deadline = start + REPLAY_TIMEOUT.toNanos();
        while (done.size() < names.size()) {
            if (System.nanoTime() > deadline)
                throw new IllegalStateException("replay of " + names + " did not finish in " + REPLAY_TIMEOUT);
            Thread.sleep(POLL);
            for (Api.Projection p : api.projections(adminToken)) {
                Long head = heads.get(p.name());
                if (head == null || done.containsKey(p.name())) continue;
                if ("ERROR".equals(p.state()))
                    throw new IllegalStateException("projection " + p.name() + " is in ERROR during replay");
                if (p.caughtUpWith(head)) {
                    done.put(
                            p.name(),
                            new Replay(
                                    p.name(),
                                    head,
                                    (System.nanoTime() - start) / 1e9,
                                    p.serverEventsPerSecond(),
                                    startedAt,
                                    Instant.now()));
                }
            }
        }
        return names.stream().map(done::get).toList();
    }

    private void waitUntilLive() throws Exception {
        waitUntilLive(api, adminToken);
    }

    /** Polls until every projection (and policy) is LIVE with no lag. */
    static void waitUntilLive(Api api, String adminToken) throws Exception {
        long deadline = System.nanoTime() + REPLAY_TIMEOUT.toNanos();
        while (true) {
            List<Api.Projection> all = api.projections(adminToken);
            if (all.stream().allMatch(p -> "LIVE".equals(p.state()) && p.lag() == 0)) return;
            if (System.nanoTime() > deadline) throw new IllegalStateException("projections not live: " + all);
            Thread.sleep(POLL);
        }
    }

    private long head() throws Exception {
        return api.projections(adminToken).stream()
                .mapToLong(Api.Projection::head)
                .max()
                .orElse(0);
    }
}
