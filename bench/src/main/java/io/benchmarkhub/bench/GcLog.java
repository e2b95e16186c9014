package io.benchmarkhub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The app's heap over a time window, from its GC log ({@code -Xlog:gc:file=…:time,uptime}). Every
 * collection logs the heap used before and after it: the largest "before" is the peak the heap
 * reached (used heap only grows between collections), the largest "after" the most that was still
 * live. Exact and free, unlike sampling, which misses peaks and stops the app for each sample.
 */
final class GcLog {

    /** Heap figures in MiB over a window; {@code pauses} = 0 when the log showed none. */
    record Heap(
            int pauses,
            int fullCollections,
            double peakUsedMiB,
            double peakLiveMiB,
            double committedMiB,
            double pauseMillis) {
        String describe() {
            if (pauses == 0) return "no GC pause in the window";
            return String.format(
                    "peak used %.0f MiB (before a collection), peak live %.0f MiB (after one), committed %.0f MiB; "
                            + "%d GC pauses (%d full), %.0f ms paused",
                    peakUsedMiB, peakLiveMiB, committedMiB, pauses, fullCollections, pauseMillis);
        }
    }

    // [2026-11-22T07:50:01.123+0000][12.345s] GC(3) Pause Young (Normal) (G1 Evacuation Pause) 50M->20M(256M) 5.123ms
    private static final Pattern PAUSE = Pattern.compile(
            "^\\[([^]]+)]\\[[^]]+] GC\\(\\d+\\) (Pause .*?) (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\) ([\\d.]+)ms");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private GcLog() {}

    static Heap between(Path log, Instant from, Instant to) throws IOException {
        return between(Files.readAllLines(log), from, to);
    }

    static Heap between(List<String> lines, Instant from, Instant to) {
        int pauses = 0;
        int full = 0;
        double peakUsed = 0;
        double peakLive = 0;
        double committed = 0;
        double pause = 0;
        for (String line : lines) {
            Matcher m = PAUSE.matcher(line);
            if (!m.find()) continue;
            Instant at = OffsetDateTime.parse(m.group(1), TIME).toInstant();
            if (at.isBefore(from) || at.isAfter(to)) continue;
            pauses++;
            if (m.group(2).startsWith("Pause Full")) full++;
            peakUsed = Math.max(peakUsed, mib(m.group(3), m.group(4)));
            peakLive = Math.max(peakLive, mib(m.group(5), m.group(6)));
            committed = Math.max(committed, mib(m.group(7), m.group(8)));
            pause += Double.parseDouble(m.group(9));
        }
        return new Heap(pauses, full, peakUsed, peakLive, committed, pause);
    }

    private static double mib(String value, String unit) {
        double v = Double.parseDouble(value);
        return switch (unit) {
            case "K" -> v / 1024;
            case "G" -> v * 1024;
            default -> v;
        };
    }
}
