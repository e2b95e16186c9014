package io.benchmarkhub.bench;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The BenchmarkHub performance benchmark client. Usually started by {@code bench/run.sh}, which
 * also starts the app; it can be pointed at any running instance with an admin token.
 *
 * <pre>
 * java -jar benchmarkhub-bench.jar run --url http://127.0.0.1:8080 --admin-token TOKEN
 *      [--clients 16] [--warmup 60] [--duration 30 | --commands N] [--shared]
 *      [--replay-events 200000] [--skip-commands] [--skip-replay] [--app-pid PID] [--pg-data DIR]
 * java -jar benchmarkhub-bench.jar runs [--url URL --admin-token TOKEN] --cases N --models M --judges J --latency-ms L
 *      --concurrency C [--model-port P] [--warmup-cases K] [--promptfoo DIR] [--work DIR] [--gc-log FILE]
 *      [--skip-benchmarkhub] [--skip-promptfoo] [--app-pid PID] [--pg-data DIR]
 * java -jar benchmarkhub-bench.jar leaderboards --url URL --admin-token TOKEN --pg-data DIR [--app-pid PID]
 *      [--benchmarks 2000] [--models 50] [--trial-events 1000000] [--users 200] [--days 90] [--seed 42] [--end DATE]
 *      [--clients 16] [--warmup 30] [--duration 60] [--detector-repeats 5] [--replay a,b,…]
 *      [--skip-seed] [--skip-queries] [--skip-detector] [--skip-replay]
 * java -jar benchmarkhub-bench.jar model-server --port P --latency-ms L [--models m1,j1]
 * java -jar benchmarkhub-bench.jar free-port
 * java -jar benchmarkhub-bench.jar wait-health --url URL [--pid PID] [--admin-token TOKEN] [--timeout 180]
 * java -jar benchmarkhub-bench.jar jfr-summary APP.jfr [--top 30] [--from INSTANT] [--to INSTANT]
 * </pre>
 */
public final class BenchMain {

    private static final Set<String> FLAGS = Set.of(
            "shared",
            "skip-commands",
            "skip-replay",
            "skip-benchmarkhub",
            "skip-promptfoo",
            "skip-seed",
            "skip-queries",
            "skip-detector");

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || Set.of("-h", "--help", "help").contains(args[0])) {
            usage();
            return;
        }
        if (args[0].equals("jfr-summary") && args.length >= 2) {
            Map<String, String> options = parse(Arrays.copyOfRange(args, 1, args.length));
            JfrSummary.print(
                    Path.of(args[1]),
                    Integer.parseInt(options.getOrDefault("top", "30")),
                    options.containsKey("from") ? Instant.parse(options.get("from")) : null,
                    options.containsKey("to") ? Instant.parse(options.get("to")) : null);
            return;
        }
        Map<String, String> options = parse(args);
        switch (args[0]) {
            case "free-port" -> freePort();
            case "wait-health" -> System.exit(waitHealth(options) ? 0 : 1);
            case "run" -> run(options);
            case "runs" -> runs(options);
            case "leaderboards" -> leaderboards(options);
            case "model-server" -> modelServer(options);
            default -> {
                usage();
                System.exit(2);
            }
        }
    }

    private static void usage() {
        System.out.println("""
                usage: java -jar benchmarkhub-bench.jar run --url URL --admin-token TOKEN
                           [--clients 16] [--warmup 60] [--duration 30 | --commands N] [--shared]
                           [--replay-events 200000] [--skip-commands] [--skip-replay]
                           [--app-pid PID] [--pg-data DIR]   (for the CPU split; Linux)
                       java -jar benchmarkhub-bench.jar runs [--url URL --admin-token TOKEN] --cases N --models M --judges J
                           --latency-ms L --concurrency C [--model-port P] [--warmup-cases K] [--rounds R] [--promptfoo DIR] [--work DIR]
                           [--gc-log FILE] [--skip-benchmarkhub] [--skip-promptfoo] [--app-pid PID] [--pg-data DIR]
                           (a run through BenchmarkHub and through promptfoo against a fixed-latency model server; bench/runs.sh)
                       java -jar benchmarkhub-bench.jar leaderboards --url URL --admin-token TOKEN --pg-data DIR [--app-pid PID]
                           [--benchmarks 2000] [--models 50] [--trial-events 1000000] [--users 200] [--days 90] [--seed 42]
                           [--end YYYY-MM-DD (default today, UTC)] [--clients 16] [--warmup 30] [--duration 60]
                           [--detector-repeats 5] [--replay name,name,…] [--skip-seed] [--skip-queries] [--skip-detector] [--skip-replay]
                           (seed a history into the app's embedded PostgreSQL, then catch-up, query latency, detector, rebuild;
                           bench/leaderboards.sh)
                       java -jar benchmarkhub-bench.jar model-server --port P --latency-ms L [--models m1,m2,j1]
                           (only the fixed-latency OpenAI-compatible server, until stopped)
                       java -jar benchmarkhub-bench.jar free-port
                       java -jar benchmarkhub-bench.jar wait-health --url URL [--pid PID] [--admin-token TOKEN] [--timeout 180]
                       java -jar benchmarkhub-bench.jar jfr-summary APP.jfr [--top 30] [--from INSTANT] [--to INSTANT]
                           (where the app's CPU went; the run prints the instants of each phase)""");
    }

    private static Map<String, String> parse(String[] args) {
        var options = new HashMap<String, String>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("unexpected argument: " + args[i]);
            String key = args[i].substring(2);
            if (FLAGS.contains(key)) options.put(key, "true");
            else if (i + 1 < args.length) options.put(key, args[++i]);
            else throw new IllegalArgumentException("--" + key + " needs a value");
        }
        return options;
    }

    private static void freePort() throws Exception {
        try (var socket = new ServerSocket(0)) {
            System.out.println(socket.getLocalPort());
        }
    }

    /**
     * Polls /actuator/health until 200 and, with {@code --admin-token}, GET /api/admin/projections until that token is
     * accepted: the app answers health while its start-up runners (the golden library, then the bootstrap admin) still
     * work, and the admin token exists only after them. Gives up at the timeout or when the app process has died.
     */
    private static boolean waitHealth(Map<String, String> options) throws InterruptedException {
        var api = new Api(URI.create(required(options, "url")), Duration.ofSeconds(5));
        Long pid = options.containsKey("pid") ? Long.valueOf(options.get("pid")) : null;
        String adminToken = options.get("admin-token");
        long deadline = System.nanoTime()
                + Duration.ofSeconds(Long.parseLong(options.getOrDefault("timeout", "180")))
                        .toNanos();
        while (System.nanoTime() < deadline) {
            if (api.healthy() && (adminToken == null || api.accepts(adminToken))) return true;
            if (pid != null && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                System.err.println("the app (pid " + pid + ") exited before it was healthy");
                return false;
            }
            Thread.sleep(250);
        }
        System.err.println("the app was not healthy in time");
        return false;
    }

    private static void run(Map<String, String> options) throws Exception {
        URI url = URI.create(required(options, "url"));
        String adminToken = required(options, "admin-token");
        int clients = Integer.parseInt(options.getOrDefault("clients", "16"));
        long replayEvents = Long.parseLong(options.getOrDefault("replay-events", "200000"));
        var commandOptions = new CommandBench.Options(
                clients,
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "60"))),
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("duration", "30"))),
                Long.parseLong(options.getOrDefault("commands", "0")),
                options.containsKey("shared"));
        var cpu = new CpuMeter(
                options.containsKey("app-pid") ? Long.valueOf(options.get("app-pid")) : null,
                options.containsKey("pg-data") ? Path.of(options.get("pg-data")) : null);
        var api = new Api(url, Duration.ofMinutes(2));

        String started = OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        System.out.printf(
                "BenchmarkHub bench: %s, %s; %d CPUs; client on Java %s%n",
                url, started, Runtime.getRuntime().availableProcessors(), Runtime.version());
        String handle = "bench-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        String userToken = api.createUser(adminToken, handle);
        System.out.println("created user " + handle);

        List<CommandBench.Result> commands = options.containsKey("skip-commands")
                ? List.of()
                : new CommandBench(api, userToken, cpu, commandOptions).run();
        ReplayBench.Result replay = options.containsKey("skip-replay")
                ? null
                : new ReplayBench(api, adminToken, userToken, cpu, clients, replayEvents).run();
        printSummary(started, commandOptions, commands, replay);
        boolean failed =
                commands.stream().anyMatch(r -> r.errors() > 0 || !r.readBack().startsWith("OK"));
        if (failed) {
            System.err.println("FAILED: some commands failed or were not readable afterwards (see above)");
            System.exit(1);
        }
    }

    private static void runs(Map<String, String> options) throws Exception {
        int cases = Integer.parseInt(options.getOrDefault("cases", "1000"));
        var workload = RunsBench.Workload.of(
                cases,
                Integer.parseInt(options.getOrDefault("models", "5")),
                Integer.parseInt(options.getOrDefault("judges", "3")),
                Duration.ofMillis(Long.parseLong(options.getOrDefault("latency-ms", "100"))),
                Integer.parseInt(options.getOrDefault("concurrency", "32")));
        boolean benchmarkhub = !options.containsKey("skip-benchmarkhub");
        var runOptions = new RunsBench.Options(
                workload,
                Integer.parseInt(options.getOrDefault("warmup-cases", Integer.toString(Math.min(100, cases)))),
                Math.max(1, Integer.parseInt(options.getOrDefault("rounds", "1"))),
                benchmarkhub,
                !options.containsKey("skip-promptfoo"),
                benchmarkhub ? URI.create(required(options, "url")) : null,
                benchmarkhub ? required(options, "admin-token") : null,
                options.containsKey("app-pid") ? Long.valueOf(options.get("app-pid")) : null,
                options.containsKey("pg-data") ? Path.of(options.get("pg-data")) : null,
                options.containsKey("gc-log") ? Path.of(options.get("gc-log")) : null,
                Path.of(options.getOrDefault("promptfoo", "bench/promptfoo")).toAbsolutePath(),
                Path.of(options.getOrDefault("work", System.getProperty("java.io.tmpdir")))
                        .toAbsolutePath(),
                Integer.parseInt(options.getOrDefault("model-port", "0")));
        var names = new java.util.ArrayList<>(workload.models());
        names.addAll(workload.judges());
        List<RunsBench.Result> results;
        try (var server = new FixedLatencyModelServer(runOptions.modelServerPort(), workload.latency(), names)) {
            results = new RunsBench(runOptions, server).run();
        }
        if (results.stream()
                .anyMatch(r -> !r.outcome().equals("COMPLETED") && !r.outcome().startsWith("exit "))) {
            System.err.println("FAILED: a run did not complete (see above)");
            System.exit(1);
        }
    }

    private static void leaderboards(Map<String, String> options) throws Exception {
        var seed = new LeaderboardSeed.Options(
                Integer.parseInt(options.getOrDefault("benchmarks", "2000")),
                Integer.parseInt(options.getOrDefault("models", "50")),
                Long.parseLong(options.getOrDefault("trial-events", "1000000")),
                Integer.parseInt(options.getOrDefault("users", "200")),
                Integer.parseInt(options.getOrDefault("days", "90")),
                Long.parseLong(options.getOrDefault("seed", "42")),
                options.containsKey("end")
                        ? java.time.LocalDate.parse(options.get("end"))
                        : java.time.LocalDate.now(java.time.ZoneOffset.UTC));
        var replay =
                options.containsKey("replay") ? List.of(options.get("replay").split(",")) : LeaderboardBench.REPLAYED;
        new LeaderboardBench(new LeaderboardBench.Options(
                        URI.create(required(options, "url")),
                        required(options, "admin-token"),
                        Path.of(required(options, "pg-data")),
                        options.containsKey("app-pid") ? Long.valueOf(options.get("app-pid")) : null,
                        seed,
                        options.containsKey("skip-seed"),
                        Integer.parseInt(options.getOrDefault("clients", "16")),
                        Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "30"))),
                        Duration.ofSeconds(Long.parseLong(options.getOrDefault("duration", "60"))),
                        options.containsKey("skip-queries"),
                        Integer.parseInt(options.getOrDefault("detector-repeats", "5")),
                        options.containsKey("skip-detector"),
                        replay,
                        options.containsKey("skip-replay")))
                .run();
    }

    private static void modelServer(Map<String, String> options) throws Exception {
        var latency = Duration.ofMillis(Long.parseLong(options.getOrDefault("latency-ms", "100")));
        var models = List.of(
                options.getOrDefault("models", "m1,m2,m3,m4,m5,j1,j2,j3").split(","));
        var server = new FixedLatencyModelServer(Integer.parseInt(options.getOrDefault("port", "0")), latency, models);
        System.out.printf(
                "model server on %s, latency %d ms, models %s; stop with Ctrl-C%n",
                server.baseUrl(), latency.toMillis(), models);
        while (true) {
            Thread.sleep(10_000);
            var stats = server.stats();
            System.out.printf(
                    "%,d completions (%,d graders), peak %d in flight, %d failed%n",
                    stats.completions(), stats.graderCompletions(), stats.peakInFlight(), stats.failures());
        }
    }

    private static void printSummary(
            String started,
            CommandBench.Options options,
            List<CommandBench.Result> commands,
            ReplayBench.Result replay) {
        System.out.printf(
                "%n================ Summary (%s, %d CPUs) ================%n",
                started, Runtime.getRuntime().availableProcessors());
        if (!commands.isEmpty()) {
            System.out.printf(
                    "Edit commands end to end (PATCH title / POST one case, alternating; each answered after its event "
                            + "is stored and the read model shows it); warm-up %d s; %s%n",
                    options.warmup().toSeconds(),
                    options.commands() > 0
                            ? options.commands() + " commands measured"
                            : options.duration().toSeconds() + " s measured");
            System.out.println(
                    "| scenario | commands | errors | answers ≥ 5 s | commands/s | p50 ms | p95 ms | p99 ms | max ms "
                            + "| CPU ms per command: app / PostgreSQL | CPU cores: client / app / PostgreSQL / other |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
            for (CommandBench.Result r : commands) {
                var l = r.latency();
                System.out.printf(
                        "| %s | %,d | %d | %d | **%,.0f** | %.1f | %.1f | %.1f | %.1f | %s | %s |%n",
                        r.label(),
                        l.count(),
                        r.errors(),
                        l.atLeast5s(),
                        r.commandsPerSecond(),
                        l.p50Millis(),
                        l.p95Millis(),
                        l.p99Millis(),
                        l.maxMillis(),
                        perUnit(r.cpu(), r.commandsPerSecond(), 1e3, "%.2f"),
                        cores(r.cpu()));
            }
        }
        if (replay != null) {
            if (replay.load().eventsAppended() > 0) {
                var load = replay.load();
                System.out.printf(
                        "%nLoad: %,d events appended with %,d requests of up to 100 cases in %.1f s = %,.0f events/s (%s)%n",
                        load.eventsAppended(),
                        load.requests(),
                        load.seconds(),
                        load.eventsAppended() / load.seconds(),
                        cores(load.cpu()));
            }
            System.out.printf(
                    "%nProjection replay from position 0 over %,d events (client-timed: request → LIVE at head)%n",
                    replay.head());
            System.out.println(
                    "| projection | events | seconds | events/s | events/s (server) | CPU µs per event: app / PostgreSQL "
                            + "| CPU cores: client / app / PostgreSQL / other |");
            System.out.println("|---|---:|---:|---:|---:|---|---|");
            for (ReplayBench.Replay r : replay.each()) {
                CpuMeter.Usage cpu = replay.cpu().get(r.projection());
                System.out.printf(
                        "| %s | %,d | %.2f | **%,.0f** | %s | %s | %s |%n",
                        r.projection(),
                        r.events(),
                        r.seconds(),
                        r.eventsPerSecond(),
                        r.serverEventsPerSecond() == null ? "n/a" : String.format("%,.0f", r.serverEventsPerSecond()),
                        perUnit(cpu, r.eventsPerSecond(), 1e6, "%.0f"),
                        cores(cpu));
            }
            long total = replay.together().stream()
                    .mapToLong(ReplayBench.Replay::events)
                    .sum();
            CpuMeter.Usage cpu = replay.cpu().get("all at once");
            System.out.printf(
                    "| all %d at once | %,d | %.2f | **%,.0f** (total) | | %s | %s |%n",
                    replay.together().size(),
                    total,
                    replay.togetherSeconds(),
                    total / replay.togetherSeconds(),
                    perUnit(cpu, total / replay.togetherSeconds(), 1e6, "%.0f"),
                    cores(cpu));
        }
    }

    /** CPU time per command or event of the app and of PostgreSQL: unlike the rates, hardly moved by other load on the machine. */
    private static String perUnit(CpuMeter.Usage u, double perSecond, double scale, String format) {
        if (u == null || perSecond <= 0) return "";
        return String.format(
                format + " / " + format,
                u.app() < 0 ? Double.NaN : u.app() / perSecond * scale,
                u.postgres() < 0 ? Double.NaN : u.postgres() / perSecond * scale);
    }

    private static String cores(CpuMeter.Usage u) {
        if (u == null) return "";
        return String.format(
                "%s / %s / %s / %s%s",
                fmt(u.client()), fmt(u.app()), fmt(u.postgres()), fmt(u.other()), u.disturbed() ? " (disturbed)" : "");
    }

    private static String fmt(double v) {
        return v < 0 ? "n/a" : String.format("%.2f", v);
    }

    private static String required(Map<String, String> options, String key) {
        String value = options.get(key);
        if (value == null) throw new IllegalArgumentException("--" + key + " is required");
        return value;
    }
}
