package io.benchmarkhub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Edit commands end to end: N virtual-thread clients, each alternating {@code PATCH} (a new title)
 * and {@code POST .../cases} (one case) on a benchmark. Each answer comes only after the event is
 * appended and the detail read model shows it (read-your-writes), so one completed request is one
 * command through to its event and read model. A warm-up phase is run and discarded first;
 * afterwards every benchmark is read back to check that the read model holds every change.
 */
final class CommandBench {

    record Options(int clients, Duration warmup, Duration duration, long commands, boolean shared) {}

    record Result(
            String label,
            Latencies.Summary latency,
            long errors,
            double seconds,
            double commandsPerSecond,
            CpuMeter.Usage cpu,
            List<String> errorSamples,
            String readBack) {}

    /** Stays below the aggregate's limit of 10,000 cases; a client past it starts a fresh benchmark (rare, not timed). */
    private static final int ROLL_OVER_AT_CASES = 9_900;

    private final Api api;
    private final String token;
    private final CpuMeter cpu;
    private final Options options;

    CommandBench(Api api, String token, CpuMeter cpu, Options options) {
        this.api = api;
        this.token = token;
        this.cpu = cpu;
        this.options = options;
    }

    /** What one client edits: a benchmark of its own, or (shared) the one all clients edit. */
    private static final class Target {
        final String id;
        final AtomicLong version;
        final AtomicLong cases;

        Target(String id, long version, long cases) {
            this.id = id;
            this.version = new AtomicLong(version);
            this.cases = new AtomicLong(cases);
        }
    }

    private final class Client {
        final int number;
        Target target;
        final boolean shared;
        long step;
        long errors;
        final List<String> errorSamples = new ArrayList<>();
        Latencies latencies = new Latencies();

        Client(int number, Target target, boolean shared) {
            this.number = number;
            this.target = target;
            this.shared = shared;
        }

        /** One command; its latency is recorded, a failure counted. */
        void edit() throws InterruptedException {
            if (!shared && target.cases.get() >= ROLL_OVER_AT_CASES) target = createBenchmarkQuietly(number);
            boolean patch = step % 2 == 0;
            String path = "/api/benchmarks/" + target.id + (patch ? "" : "/cases");
            JsonNode body = patch
                    ? Api.JSON.createObjectNode().put("title", "Bench client " + number + " edit " + step)
                    : Api.testCase(
                            "Client " + number + ", step " + step + ": what is " + step + " + " + number + "?",
                            Long.toString(step + number));
            step++;
            long start = System.nanoTime();
            try {
                Api.Response r = api.send(patch ? "PATCH" : "POST", path, token, body);
                long took = System.nanoTime() - start;
                if (!r.ok()) {
                    fail(r.describe());
                    return;
                }
                long version = r.body() == null ? -1 : r.body().path("version").asLong(-1);
                // on its own benchmark, every command must make exactly one new version (one event batch)
                long previous = target.version.getAndAccumulate(version, Math::max);
                if (!shared && version != previous + 1) {
                    fail("expected version " + (previous + 1) + " but got " + version);
                } else {
                    latencies.add(took);
                }
                if (!patch) target.cases.incrementAndGet();
            } catch (java.io.IOException e) {
                fail(e.toString());
            }
        }

        private void fail(String why) {
            errors++;
            if (errorSamples.size() < 5) errorSamples.add(why);
        }
    }

    List<Result> run() throws Exception {
        var results = new ArrayList<Result>();
        results.add(phase(false));
        if (options.shared()) results.add(phase(true));
        return results;
    }

    private Result phase(boolean shared) throws Exception {
        String label = shared
                ? options.clients() + " clients, one shared benchmark"
                : options.clients() + " clients, one benchmark each";
        System.out.printf("%n== Edit commands: %s ==%n", label);
        var clients = new ArrayList<Client>();
        Target sharedTarget = shared ? createBenchmark(0) : null;
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var created = new ArrayList<Future<Target>>();
            for (int i = 0; i < options.clients(); i++) {
                int n = i + 1;
                created.add(executor.submit(() -> shared ? sharedTarget : createBenchmark(n)));
            }
            for (int i = 0; i < options.clients(); i++)
                clients.add(new Client(i + 1, created.get(i).get(), shared));
        }

        System.out.printf("warm-up %d s (not counted)…%n", options.warmup().toSeconds());
        drive(clients, System.nanoTime() + options.warmup().toNanos(), null);
        long warmupCommands =
                clients.stream().mapToLong(c -> c.latencies.count()).sum();
        long warmupErrors = clients.stream().mapToLong(c -> c.errors).sum();
        System.out.printf("warm-up: %d commands, %d errors%n", warmupCommands, warmupErrors);
        for (Client c : clients) {
            c.latencies = new Latencies();
            c.errors = 0;
            c.errorSamples.clear();
        }

        AtomicLong budget = options.commands() > 0 ? new AtomicLong(options.commands()) : null;
        System.out.println(
                budget != null
                        ? "measuring " + options.commands() + " commands…"
                        : "measuring for " + options.duration().toSeconds() + " s…");
        CpuMeter.Sample before = cpu.sample();
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        drive(
                clients,
                budget != null ? Long.MAX_VALUE : start + options.duration().toNanos(),
                budget);
        long end = System.nanoTime();
        Instant endedAt = Instant.now();
        CpuMeter.Usage usage = CpuMeter.between(before, cpu.sample());

        double seconds = (end - start) / 1e9;
        Latencies.Summary latency =
                Latencies.summarize(clients.stream().map(c -> c.latencies).toList());
        long errors = clients.stream().mapToLong(c -> c.errors).sum();
        var samples = new ArrayList<String>();
        clients.forEach(c -> samples.addAll(c.errorSamples));
        String readBack = readBack(clients, shared);
        var result = new Result(
                label,
                latency,
                errors,
                seconds,
                latency.count() / seconds,
                usage,
                samples.subList(0, Math.min(5, samples.size())),
                readBack);
        System.out.printf(
                "%d commands in %.1f s = %.0f commands/s; p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms; errors %d%n",
                latency.count(),
                seconds,
                result.commandsPerSecond(),
                latency.p50Millis(),
                latency.p95Millis(),
                latency.p99Millis(),
                latency.maxMillis(),
                errors);
        if (latency.atLeast5s() > 0) {
            System.out.printf(
                    "WARNING: %d answers took 5 s or more: the read model was late (read-your-writes timed out)%n",
                    latency.atLeast5s());
        }
        System.out.println(usage.describe());
        System.out.println("measured window (for jfr-summary --from/--to): " + startedAt + " " + endedAt);
        System.out.println("read-back check: " + readBack);
        samples.forEach(s -> System.out.println("  error: " + s));
        return result;
    }

    /** Runs every client until the deadline or until the shared budget of commands is spent. */
    private void drive(List<Client> clients, long deadline, AtomicLong budget) throws Exception {
        var go = new CountDownLatch(1);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var running = new ArrayList<Future<?>>();
            for (Client c : clients) {
                running.add(executor.submit(() -> {
                    go.await();
                    while (System.nanoTime() < deadline && (budget == null || budget.getAndDecrement() > 0)) c.edit();
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : running) f.get();
        }
    }

    /** Reads every edited benchmark back: the read model must hold the last version and every case added. */
    private String readBack(List<Client> clients, boolean shared) throws Exception {
        var problems = Collections.synchronizedList(new ArrayList<String>());
        var targets = shared
                ? List.of(clients.getFirst().target)
                : clients.stream().map(c -> c.target).toList();
        for (Target t : targets) {
            JsonNode b = api.require("GET", "/api/benchmarks/" + t.id, token, null);
            long version = b.path("version").asLong();
            int cases = b.path("cases").size();
            if (version != t.version.get())
                problems.add(t.id + ": read model at version " + version + ", last write answered " + t.version.get());
            if (cases != t.cases.get())
                problems.add(t.id + ": read model has " + cases + " cases, expected " + t.cases.get());
        }
        return problems.isEmpty()
                ? "OK (" + targets.size() + " benchmark(s): versions and case counts match)"
                : String.join("; ", problems);
    }

    private Target createBenchmark(int client) throws Exception {
        ObjectNode body = Api.newBenchmark("Bench client " + client, List.of(Api.testCase("What is 1 + 1?", "2")));
        JsonNode created = api.require("POST", "/api/benchmarks", token, body);
        return new Target(created.path("id").asText(), created.path("version").asLong(), 1);
    }

    private Target createBenchmarkQuietly(int client) throws InterruptedException {
        try {
            return createBenchmark(client);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not create a fresh benchmark for client " + client, e);
        }
    }
}
