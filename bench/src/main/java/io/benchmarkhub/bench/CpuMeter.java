package io.benchmarkhub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where the machine's CPU went during a phase: this client, the app's JVM, PostgreSQL (the
 * postmaster and its backends) and everything else (from /proc/stat; other builds on a shared
 * machine show up there, which tells a disturbed measurement apart). Linux only; elsewhere, or
 * without the pids, the columns it cannot see stay empty.
 */
final class CpuMeter {

    /** CPU seconds used so far by each party; -1 when unknown. */
    record Sample(long atNanos, double client, double app, double postgres, double machineBusy, double interrupts) {}

    /** CPU use over an interval, in cores (CPU seconds per wall second). */
    record Usage(double seconds, double client, double app, double postgres, double machineBusy, double interrupts) {
        /** Other processes: busy time not spent in ours nor in interrupt handling (loopback TCP is softirq time). */
        double other() {
            if (machineBusy < 0) return -1;
            return Math.max(
                    0,
                    machineBusy
                            - Math.max(0, client)
                            - Math.max(0, app)
                            - Math.max(0, postgres)
                            - Math.max(0, interrupts));
        }

        /** Other processes (builds, tests) took a noticeable share: the figures of this phase are suspect. */
        boolean disturbed() {
            return other() > 0.2;
        }

        String describe() {
            return String.format(
                            "CPU (cores busy, of %d): client %s, app JVM %s, PostgreSQL %s, irq/softirq %s, other processes %s, machine %s",
                            Runtime.getRuntime().availableProcessors(),
                            fmt(client),
                            fmt(app),
                            fmt(postgres),
                            fmt(interrupts),
                            fmt(other()),
                            fmt(machineBusy))
                    + (disturbed() ? "  <- DISTURBED: other processes were busy, re-run on an idle machine" : "");
        }

        private static String fmt(double v) {
            return v < 0 ? "n/a" : String.format("%.2f", v);
        }
    }

    private static final double USER_HZ = 100.0;

    private final Long appPid;
    private final Path postgresDataDir;

    CpuMeter(Long appPid, Path postgresDataDir) {
        this.appPid = appPid;
        this.postgresDataDir = postgresDataDir;
    }

    Sample sample() {
        double[] machine = machine();
        return new Sample(
                System.nanoTime(),
                cpu(ProcessHandle.current()),
                appPid == null ? -1 : cpu(ProcessHandle.of(appPid)),
                postgres(),
                machine[0],
                machine[1]);
    }

    static Usage between(Sample a, Sample b) {
        double seconds = (b.atNanos() - a.atNanos()) / 1e9;
        return new Usage(
                seconds,
                rate(a.client(), b.client(), seconds),
                rate(a.app(), b.app(), seconds),
                rate(a.postgres(), b.postgres(), seconds),
                rate(a.machineBusy(), b.machineBusy(), seconds),
                rate(a.interrupts(), b.interrupts(), seconds));
    }

    private static double rate(double from, double to, double seconds) {
        return from < 0 || to < 0 || seconds <= 0 ? -1 : (to - from) / seconds;
    }

    private static double cpu(ProcessHandle process) {
        return process.info()
                .totalCpuDuration()
                .map(Duration::toNanos)
                .map(n -> n / 1e9)
                .orElse(-1.0);
    }

    private static double cpu(Optional<ProcessHandle> process) {
        return process.map(CpuMeter::cpu).orElse(-1.0);
    }

    /**
     * The postmaster (first line of postmaster.pid) with the CPU of its exited children (autovacuum
     * workers come and go), plus its live backends.
     */
    private double postgres() {
        if (postgresDataDir == null) return -1;
        try {
            List<String> lines = Files.readAllLines(postgresDataDir.resolve("postmaster.pid"));
            long pid = Long.parseLong(lines.getFirst().strip());
            Optional<ProcessHandle> postmaster = ProcessHandle.of(pid);
            if (postmaster.isEmpty()) return -1;
            double total = procStatSeconds(pid, true);
            if (total < 0) total = cpu(postmaster.get());
            for (ProcessHandle child : postmaster.get().children().toList()) total += Math.max(0, cpu(child));
            return total;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime + stime (+ cutime + cstime: children already waited for) from /proc/PID/stat, in seconds; -1 if unreadable. */
    private static double procStatSeconds(long pid, boolean withWaitedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            // f[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            if (withWaitedChildren) ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return ticks / USER_HZ;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU seconds of this process's children that have exited and been waited for (a finished
     * {@link Process}): a child's CPU can no longer be read from its pid once it has exited.
     */
    static double waitedChildrenSeconds() {
        double withChildren = procStatSeconds(ProcessHandle.current().pid(), true);
        double own = procStatSeconds(ProcessHandle.current().pid(), false);
        return withChildren < 0 || own < 0 ? -1 : withChildren - own;
    }

    /** A process's peak resident memory so far (VmHWM in /proc/PID/status), in MiB; 0 when unreadable. */
    static double peakRssMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /** All CPUs' non-idle time and the part of it spent in irq + softirq, from /proc/stat; -1 when unreadable. */
    private static double[] machine() {
        try {
            String[] f =
                    Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0;
            // user nice system idle iowait irq softirq steal (guest time is already inside user)
            for (int i = 1; i <= Math.min(8, f.length - 1); i++) total += Long.parseLong(f[i]);
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            long interrupts = Long.parseLong(f[6]) + Long.parseLong(f[7]);
            return new double[] {(total - idle) / USER_HZ, interrupts / USER_HZ};
        } catch (IOException | RuntimeException e) {
            return new double[] {-1, -1};
        }
    }
}
