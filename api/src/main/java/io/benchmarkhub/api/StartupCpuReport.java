package io.benchmarkhub.api;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.metrics.ApplicationStartup;
import org.springframework.core.metrics.StartupStep;

/**
 * Where the CPU of a start goes, by Spring startup step ({@code docs/performance.md}, "Cold start"): each step (a bean
 * created, the configuration classes parsed, the context refreshed, …) records the CPU time of the thread it runs on,
 * and the step's own share is that minus its nested steps'. When the application is ready it logs the steps with the
 * most CPU of their own, then the CPU of the process by thread. Off unless {@code -Dbenchmarkhub.startup-report=N}
 * (or {@code BENCHMARKHUB_STARTUP_REPORT=N}) asks for the top N: thread CPU time is exact, so the figures depend far
 * less on other load on the machine than wall times do.
 */
final class StartupCpuReport implements ApplicationStartup {

    private static final Logger log = LoggerFactory.getLogger(StartupCpuReport.class);
    private static final String LAST_STEP = "spring.boot.application.ready";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final ThreadLocal<Deque<Step>> open = ThreadLocal.withInitial(ArrayDeque::new);
    private final ConcurrentLinkedQueue<Step> ended = new ConcurrentLinkedQueue<>();
    private final AtomicLong ids = new AtomicLong();
    private final int top;

    StartupCpuReport(int top) {
        this.top = top;
    }

    /** The report asked for by the system property or the environment, if any. */
    static StartupCpuReport requested() {
        String value = System.getProperty("benchmarkhub.startup-report", System.getenv("BENCHMARKHUB_STARTUP_REPORT"));
        if (value == null || value.isBlank() || value.equals("false")) return null;
        int top;
        try {
            top = value.equals("true") ? 30 : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            top = 30;
        }
        return new StartupCpuReport(Math.max(1, top));
    }

    @Override
    public StartupStep start(String name) {
        Deque<Step> stack = open.get();
        Step step = new Step(
                ids.incrementAndGet(),
                name,
                stack.peek(),
                Thread.currentThread().threadId());
        stack.push(step);
        step.cpuStart = threads.getCurrentThreadCpuTime();
        step.wallStart = System.nanoTime();
        return step;
    }

    private void ended(Step step) {
        step.cpu = threads.getCurrentThreadCpuTime() - step.cpuStart;
        step.wall = System.nanoTime() - step.wallStart;
        // steps end in the order they started on their thread; one ended elsewhere is left open on its own
        open.get().remove(step);
        if (step.parent != null && step.parent.threadId == step.threadId) step.parent.childCpu += step.cpu;
        ended.add(step);
        if (step.name.equals(LAST_STEP)) report();
    }

    private void report() {
        List<Step> steps = new ArrayList<>(ended);
        long stepsCpu = steps.stream()
                .filter(s -> s.parent == null)
                .mapToLong(s -> s.cpu)
                .sum();
        long mainCpu = threads.getCurrentThreadCpuTime();
        long processCpu = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                .getProcessCpuTime();
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                "Start-up CPU: process %,d ms in %,d ms since the JVM started; this thread %,d ms, of which %,d ms in"
                        + " Spring's startup steps%n",
                processCpu / 1_000_000,
                ManagementFactory.getRuntimeMXBean().getUptime(),
                mainCpu / 1_000_000,
                stepsCpu / 1_000_000));
        out.append(String.format("  by step (own CPU = without nested steps), top %d:%n", top));
        out.append(String.format("  %8s %8s %8s  %s%n", "own ms", "incl ms", "wall ms", "step"));
        steps.stream()
                .sorted(Comparator.comparingLong(Step::ownCpu).reversed())
                .limit(top)
                .forEach(s -> out.append(String.format(
                        "  %8.1f %8.1f %8.1f  %s%n", s.ownCpu() / 1e6, s.cpu / 1e6, s.wall / 1e6, s.label())));
        Map<String, long[]> byName = new LinkedHashMap<>();
        steps.forEach(s -> byName.computeIfAbsent(s.name, n -> new long[2])[0] += s.ownCpu());
        steps.forEach(s -> byName.get(s.name)[1]++);
        out.append("  by kind of step (own CPU, count):\n");
        byName.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[0])
                        .reversed())
                .forEach(e -> out.append(
                        String.format("  %8.1f %8d  %s%n", e.getValue()[0] / 1e6, e.getValue()[1], e.getKey())));
        out.append("  by thread (CPU so far; the rest of the process is the JIT compilers and the GC):\n");
        Map<String, Long> byThread = new LinkedHashMap<>();
        long javaThreads = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) continue;
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu <= 0) continue;
            javaThreads += cpu;
            byThread.merge(info.getThreadName().replaceAll("[-#]?\\d+$", "-N"), cpu, Long::sum);
        }
        byThread.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(12)
                .forEach(e -> out.append(String.format("  %8.1f  %s%n", e.getValue() / 1e6, e.getKey())));
        out.append(String.format("  %8.1f  (JIT, GC and other VM threads)%n", (processCpu - javaThreads) / 1e6));
        log.info("{}", out);
    }

    private final class Step implements StartupStep {

        private final long id;
        private final String name;
        private final Step parent;
        private final long threadId;
        private final Map<String, String> tags = new LinkedHashMap<>();
        private long cpuStart;
        private long wallStart;
        private long cpu;
        private long wall;
        private long childCpu;

        Step(long id, String name, Step parent, long threadId) {
            this.id = id;
            this.name = name;
            this.parent = parent;
            this.threadId = threadId;
        }

        long ownCpu() {
            return cpu - childCpu;
        }

        String label() {
            // the bean created, or the post-processor that ran
            String subject = tags.getOrDefault("beanName", tags.get("postProcessor"));
            return subject == null ? name : name + " " + subject.replaceAll("@[0-9a-f]+$", "");
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public long getId() {
            return id;
        }

        @Override
        public Long getParentId() {
            return parent == null ? null : parent.id;
        }

        @Override
        public StartupStep tag(String key, String value) {
            tags.put(key, value);
            return this;
        }

        @Override
        public StartupStep tag(String key, Supplier<String> value) {
            return tag(key, value.get());
        }

        @Override
        public Tags getTags() {
            List<Tag> list = new ArrayList<>();
            tags.forEach((k, v) -> list.add(new Tag() {
                @Override
                public String getKey() {
                    return k;
                }

                @Override
                public String getValue() {
                    return v;
                }
            }));
            return new Tags() {
                @Override
                public Iterator<Tag> iterator() {
                    return list.iterator();
                }
            };
        }

        @Override
        public void end() {
            ended(this);
        }
    }
}
