package io.benchmarkhub.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the app's CPU went, from a Java Flight Recording of it: the share of CPU samples per
 * thread group, per component (a sample counts for every component on its stack), the hottest
 * methods by self time, the hottest BenchmarkHub methods by inclusive time, and GC pauses.
 */
final class JfrSummary {

    /** Components by package prefix, in the order they are printed. */
    private static final Map<String, List<String>> COMPONENTS = new LinkedHashMap<>();

    static {
        COMPONENTS.put("PostgreSQL JDBC driver (org.postgresql)", List.of("org.postgresql."));
        COMPONENTS.put("HikariCP", List.of("com.zaxxer.hikari."));
        COMPONENTS.put("Jackson (JSON)", List.of("com.fasterxml.jackson."));
        COMPONENTS.put("Axon Framework", List.of("org.axonframework."));
        COMPONENTS.put("Tomcat / HTTP", List.of("org.apache.tomcat.", "org.apache.coyote.", "org.apache.catalina."));
        COMPONENTS.put("Spring Security", List.of("org.springframework.security."));
        COMPONENTS.put("Spring MVC", List.of("org.springframework.web."));
        COMPONENTS.put("Spring JDBC (JdbcTemplate)", List.of("org.springframework.jdbc."));
        COMPONENTS.put("Spring transactions", List.of("org.springframework.transaction."));
        COMPONENTS.put("BenchmarkHub api", List.of("io.benchmarkhub.api."));
        COMPONENTS.put("BenchmarkHub command side", List.of("io.benchmarkhub.command."));
        COMPONENTS.put("BenchmarkHub projections", List.of("io.benchmarkhub.projections."));
        COMPONENTS.put("BenchmarkHub domain (incl. ContentHash)", List.of("io.benchmarkhub.domain."));
        COMPONENTS.put("  of which ContentHash", List.of("io.benchmarkhub.domain.benchmark.ContentHash"));
        COMPONENTS.put("java.util.regex", List.of("java.util.regex."));
        COMPONENTS.put("JDK networking / NIO", List.of("sun.nio.", "java.nio.channels.", "sun.net."));
        COMPONENTS.put(
                "MessageDigest (SHA-256)", List.of("sun.security.provider.DigestBase", "sun.security.provider.SHA"));
    }

    /**
     * What a sample was doing: the first activity in this list with a frame anywhere on the stack.
     * Specific activities come first, the layers that wrap them (MVC, security, Tomcat) last, so a
     * JDBC call made by the token lookup counts as "bearer token lookup", not as Spring Security.
     */
    private static final List<Map.Entry<String, String>> ACTIVITIES = List.of(
            Map.entry("org.axonframework.messaging.timeout.", "Axon handler timeouts (AxonTimeLimitedTask)"),
            // runs: a model call runs inside AdaptiveConcurrencyLimit.call, so only its acquire/release count as the
            // limit
            Map.entry(
                    "io.benchmarkhub.command.run.provider.AdaptiveConcurrencyLimit.acquire",
                    "runs: waiting for a provider permit (AdaptiveConcurrencyLimit)"),
            Map.entry(
                    "io.benchmarkhub.command.run.provider.AdaptiveConcurrencyLimit.release",
                    "runs: returning a provider permit (AdaptiveConcurrencyLimit)"),
            Map.entry(
                    "io.benchmarkhub.command.run.provider.OpenAiCompatibleProvider",
                    "runs: model calls (HttpClient, request and answer JSON)"),
            Map.entry("jdk.internal.net.http.", "runs: JDK HttpClient internals"),
            Map.entry("io.benchmarkhub.domain.run.RunStatistics", "runs: statistics (bootstrap, intervals)"),
            Map.entry(
                    "io.benchmarkhub.command.run.ResultRecorder", "runs: recording result batches (RecordRunResults)"),
            Map.entry(
                    "io.benchmarkhub.domain.benchmark.ContentHash.of",
                    "ContentHash (canonical JSON + SHA-256 of all cases)"),
            Map.entry("io.benchmarkhub.domain.benchmark.BenchmarkRules.", "command validation (BenchmarkRules)"),
            Map.entry(
                    "org.axonframework.eventsourcing.EventSourcingRepository.doLoadWithLock",
                    "aggregate load from its events (cache miss)"),
            Map.entry(
                    "org.axonframework.eventsourcing.eventstore.AbstractEventStorageEngine.appendEvents",
                    "event append (serialize + INSERT)"),
            Map.entry(
                    "io.benchmarkhub.api.benchmark.ReadYourWrites.await",
                    "read-your-writes (re-reading benchmark.version)"),
            Map.entry("io.benchmarkhub.api.auth.UserAccounts.authenticate", "bearer token lookup"),
            Map.entry("readWithMessageConverters", "request JSON parsing"),
            Map.entry("io.benchmarkhub.api.benchmark.BenchmarkCommandController.readCases", "request JSON parsing"),
            Map.entry("writeWithMessageConverters", "response writing (JSON, headers, socket)"),
            Map.entry("org.axonframework.serialization.", "event deserialization (Axon serializer)"),
            Map.entry(
                    "io.benchmarkhub.projections.support.BatchedJdbc$Pending.flush",
                    "projection: JDBC statements (BatchedJdbc flush)"),
            Map.entry("org.axonframework.eventhandling.tokenstore.", "projection: token store"),
            Map.entry("io.benchmarkhub.projections.", "projection: handler code"),
            Map.entry(
                    "org.axonframework.eventhandling.pooled.Coordinator",
                    "coordinator: fetch events (JDBC) and dispatch"),
            Map.entry(
                    "org.axonframework.messaging.unitofwork.AbstractUnitOfWork.commit", "unit of work commit (other)"),
            Map.entry("io.benchmarkhub.command.benchmark.Benchmark.", "aggregate handlers (other)"),
            Map.entry("org.axonframework.commandhandling.SimpleCommandBus.dispatch", "Axon command bus (other)"),
            Map.entry("org.springframework.web.servlet.DispatcherServlet.doDispatch", "Spring MVC (other)"),
            Map.entry(
                    "org.springframework.security.web.FilterChainProxy",
                    "Spring Security filter chain incl. its observations"),
            Map.entry(
                    "org.springframework.web.filter.ServerHttpObservationFilter", "HTTP server observation (metrics)"),
            Map.entry("org.apache.coyote.http11.Http11Processor.service", "Tomcat + servlet filters (other)"),
            Map.entry("org.apache.tomcat.util.net.", "Tomcat NIO"),
            Map.entry("org.axonframework.eventhandling.pooled.WorkPackage", "projection: work package (other Axon)"));

    private JfrSummary() {}

    static void print(Path recording, int top, Instant from, Instant to) throws IOException {
        List<RecordedEvent> samples = new ArrayList<>();
        Duration gcPause = Duration.ZERO;
        int gcs = 0;
        double jvmCpu = 0;
        double machineCpu = 0;
        int cpuLoads = 0;
        try (var file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                if ((from != null && e.getStartTime().isBefore(from))
                        || (to != null && e.getStartTime().isAfter(to))) continue;
                switch (e.getEventType().getName()) {
                    case "jdk.ExecutionSample" -> samples.add(e);
                    case "jdk.GarbageCollection" -> {
                        gcs++;
                        gcPause = gcPause.plus(e.getDuration("sumOfPauses"));
                    }
                    case "jdk.CPULoad" -> {
                        jvmCpu += e.getFloat("jvmUser") + e.getFloat("jvmSystem");
                        machineCpu += e.getFloat("machineTotal");
                        cpuLoads++;
                    }
                    default -> {}
                }
            }
        }
        int n = samples.size();
        if (from != null || to != null)
            System.out.printf("window: %s .. %s%n", from == null ? "start" : from, to == null ? "end" : to);
        System.out.printf(
                "JFR %s: %,d CPU samples of Java code; %d GCs, %d ms paused in total%n",
                recording, n, gcs, gcPause.toMillis());
        if (cpuLoads > 0) {
            System.out.printf(
                    "average CPU load over the recording: this JVM %.0f%%, machine %.0f%% (of all %d cores)%n",
                    100 * jvmCpu / cpuLoads,
                    100 * machineCpu / cpuLoads,
                    Runtime.getRuntime().availableProcessors());
        }
        if (n == 0) return;

        var threads = new HashMap<String, Integer>();
        var components = new LinkedHashMap<String, Integer>();
        COMPONENTS.keySet().forEach(k -> components.put(k, 0));
        var self = new HashMap<String, Integer>();
        var activities = new TreeMap<String, Map<String, Integer>>();
        var ownInclusive = new HashMap<String, Integer>();
        for (RecordedEvent e : samples) {
            threads.merge(threadGroup(e.getThread("sampledThread")), 1, Integer::sum);
            RecordedStackTrace stack = e.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) continue;
            List<RecordedFrame> frames = stack.getFrames();
            self.merge(name(frames.getFirst().getMethod()), 1, Integer::sum);
            Set<String> seenComponents = new HashSet<>();
            Set<String> seenOwn = new HashSet<>();
            for (RecordedFrame f : frames) {
                String method = name(f.getMethod());
                for (var c : COMPONENTS.entrySet()) {
                    if (c.getValue().stream().anyMatch(method::startsWith)) seenComponents.add(c.getKey());
                }
                if (method.startsWith("io.benchmarkhub.")) seenOwn.add(method);
            }
            seenComponents.forEach(c -> components.merge(c, 1, Integer::sum));
            activities
                    .computeIfAbsent(
                            threadGroup(e.getThread("sampledThread")).replaceAll("\\[.*]", "[*]"), k -> new HashMap<>())
                    .merge(activity(frames), 1, Integer::sum);
            seenOwn.forEach(m -> ownInclusive.merge(m, 1, Integer::sum));
        }

        System.out.println("\nCPU samples by thread (pools grouped):");
        printTop(threads, n, top);
        System.out.println("\nCPU samples by component on the stack (inclusive; a sample counts once per component):");
        components.forEach((k, v) -> System.out.printf("  %5.1f%%  %s%n", 100.0 * v / n, k));
        System.out.println(
                "\nCPU samples by activity, per thread group (share of the group; first matching activity of a fixed list):");
        activities.forEach((group, counts) -> {
            int total = counts.values().stream().mapToInt(Integer::intValue).sum();
            if (total * 100 < n) return;
            System.out.printf("  %s: %.1f%% of all samples%n", group, 100.0 * total / n);
            counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .forEach(c -> System.out.printf("    %5.1f%%  %s%n", 100.0 * c.getValue() / total, c.getKey()));
        });
        System.out.println("\nHottest methods (self, top frame):");
        printTop(self, n, top);
        System.out.println("\nHottest BenchmarkHub methods (inclusive):");
        printTop(ownInclusive, n, top);
    }

    private static void printTop(Map<String, Integer> counts, int n, int top) {
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> System.out.printf("  %5.1f%%  %s%n", 100.0 * e.getValue() / n, e.getKey()));
    }

    private static String activity(List<RecordedFrame> frames) {
        List<String> methods = frames.stream().map(f -> name(f.getMethod())).toList();
        for (var a : ACTIVITIES) {
            for (String method : methods) {
                if (method.contains(a.getKey())) return a.getValue();
            }
        }
        return "other";
    }

    private static String name(RecordedMethod m) {
        return m.getType().getName() + "." + m.getName();
    }

    /** Thread names without their numbers, so a pool is one line; virtual threads have no name. */
    private static String threadGroup(RecordedThread t) {
        if (t == null) return "(unknown)";
        String name = t.getJavaName() == null || t.getJavaName().isEmpty()
                ? (t.isVirtual() ? "(virtual threads: HTTP requests)" : "(unnamed)")
                : t.getJavaName();
        return name.replaceAll("\\d+", "#");
    }
}
