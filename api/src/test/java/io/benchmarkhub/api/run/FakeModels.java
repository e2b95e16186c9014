package io.benchmarkhub.api.run;

import static io.benchmarkhub.command.run.provider.FakeOpenRouterServer.*;

import io.benchmarkhub.command.run.provider.FakeOpenRouterServer;
import io.benchmarkhub.command.run.provider.FakeOpenRouterServer.Behaviour;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How the test provider ({@code fake/<model>}, and OpenRouter ids in the tests) answers, chosen by the
 * model's name so that concurrent calls of one run get each model's own behaviour:
 * {@code steady} echoes, {@code slow} echoes after 300 ms and reports a cost of $0.0001 ({@code usage.cost}), {@code jitter} after 5–80 ms, {@code flaky}
 * fails every second call with a 500, {@code limited} answers every third call 429 with Retry-After,
 * {@code broken} sends truncated JSON, {@code empty} an empty body, {@code hang} never answers,
 * {@code judge} gives a verdict and {@code garbled} gives prose where a verdict should be.
 * Two answer {@code yes} or {@code no}: {@code coin} says yes to a prompt on the first call when the prompt's hash is
 * even and flips on each later call of the same prompt (so two runs of one model answer every case once each way), and
 * {@code obedient} says yes unless it is asked with a temperature above 1 or fewer than 16 max tokens.
 * {@code panel…} judges (e.g. {@code fake/panel-judge-a}) go through the {@link #PANEL} gate, which counts how many judges of one
 * trial are asked at the same time.
 */
public final class FakeModels {

    private FakeModels() {}

    /**
     * Scripted answers by marker: a request whose body contains a marker gets that marker's next answer, whatever its model
     * (so a test can script answers of priced models too). A test adds its own unique marker to its prompts.
     */
    public static final Map<String, Queue<Behaviour>> SCRIPTS = new ConcurrentHashMap<>();

    /** Counts the judges of one trial in flight at once: see {@link PanelGate}. */
    public static final PanelGate PANEL = new PanelGate();

    /**
     * The {@code panel…} judges: a request of one of them counts as in flight for its trial (the judge prompt, which holds the
     * case and the candidate's answer) and waits until every judge of the panel is in flight for that trial, or until
     * {@code patience} has passed, then answers a verdict. The patience is shorter than the tests' request timeout, so a
     * judge asked alone answers before its caller gives up and never overlaps the next judge of its trial: asked one after
     * another, a trial never has two judges in flight; asked at once, all of them. The figure is a count, not a time.
     */
    public static final class PanelGate {
        private final Map<String, Trial> trials = new java.util.HashMap<>();
        private final AtomicInteger maxAtOnce = new AtomicInteger();
        private final AtomicInteger asked = new AtomicInteger();
        private volatile int panelSize = Integer.MAX_VALUE;
        private final Duration patience = Duration.ofMillis(700);

        /** Starts counting afresh for panels of {@code size} judges. */
        public synchronized void reset(int size) {
            trials.clear();
            maxAtOnce.set(0);
            asked.set(0);
            panelSize = size;
        }

        /** The most distinct judges of one trial that were in flight at the same time. */
        public int maxAtOnce() {
            return maxAtOnce.get();
        }

        /** Judge requests the gate has seen since the last reset. */
        public int asked() {
            return asked.get();
        }

        /** One trial's judges in flight, and whether the whole panel was in flight at once (which lets them all answer). */
        private static final class Trial {
            final java.util.Set<String> judges = new java.util.HashSet<>();
            boolean full;
        }

        Behaviour behaviour() {
            return (exchange, request, server) -> {
                String judge = request.body().path("model").asText();
                asked.incrementAndGet();
                long until = System.nanoTime() + patience.toNanos();
                synchronized (this) {
                    Trial trial = trials.computeIfAbsent(request.lastUserMessage(), t -> new Trial());
                    trial.judges.add(judge);
                    maxAtOnce.accumulateAndGet(trial.judges.size(), Math::max);
                    if (trial.judges.size() >= panelSize) trial.full = true;
                    notifyAll();
                    while (!trial.full && System.nanoTime() < until) {
                        wait(Math.max(1, (until - System.nanoTime()) / 1_000_000));
                    }
                    trial.judges.remove(judge);
                    if (trial.judges.isEmpty()) trials.remove(request.lastUserMessage());
                }
                verdict(request).respond(exchange, request, server);
            };
        }
    }

    public static void script(String marker, Behaviour... answers) {
        SCRIPTS.put(marker, new ConcurrentLinkedQueue<>(List.of(answers)));
    }

    private static Behaviour scripted(FakeOpenRouterServer.Recorded request) {
        if (SCRIPTS.isEmpty()) return null;
        String body = request.body().toString();
        for (var entry : SCRIPTS.entrySet()) {
            if (body.contains(entry.getKey())) {
                Behaviour next = entry.getValue().poll();
                return next != null ? next : reply("(the script of " + entry.getKey() + " is used up)");
            }
        }
        return null;
    }

    public static Behaviour dispatch() {
        AtomicLong flakyCalls = new AtomicLong();
        AtomicLong limitedCalls = new AtomicLong();
        var coinCalls = new ConcurrentHashMap<String, AtomicInteger>();
        Behaviour slow = delayed(
                Duration.ofMillis(300),
                (exchange, request, server) -> completion("echo: " + request.lastUserMessage(), "0.0001")
                        .respond(exchange, request, server));
        Behaviour jitter = randomLatency(5, 80, 42, echo());
        return (exchange, request, server) -> {
            String model = request.body().path("model").asText();
            String name = model.substring(model.lastIndexOf('/') + 1);
            Behaviour behaviour = scripted(request);
            if (behaviour != null) {
                behaviour.respond(exchange, request, server);
                return;
            }
            if (name.startsWith("slow")) behaviour = slow;
            else if (name.startsWith("jitter")) behaviour = jitter;
            else if (name.startsWith("flaky"))
                behaviour = flakyCalls.incrementAndGet() % 2 == 0 ? serverError() : echo();
            else if (name.startsWith("limited"))
                behaviour = limitedCalls.incrementAndGet() % 3 == 0 ? rateLimited("1") : echo();
            else if (name.startsWith("broken")) behaviour = malformedJson();
            else if (name.startsWith("empty")) behaviour = emptyBody();
            else if (name.startsWith("hang")) behaviour = hang();
            else if (name.startsWith("panel")) behaviour = PANEL.behaviour();
            else if (name.contains("judge")) behaviour = verdict(request);
            else if (name.startsWith("garbled")) behaviour = reply("The answer looks fine to me.");
            else if (name.startsWith("coin")) {
                String prompt = request.lastUserMessage();
                int call = coinCalls
                        .computeIfAbsent(model + '\u0000' + prompt, k -> new AtomicInteger())
                        .getAndIncrement();
                behaviour = reply((call + Math.floorMod(prompt.hashCode(), 2)) % 2 == 0 ? "yes" : "no");
            } else if (name.startsWith("obedient")) {
                boolean degraded = request.body().path("temperature").asDouble(0) > 1
                        || request.body().path("max_tokens").asInt(1024) < 16;
                behaviour = reply(degraded ? "no" : "yes");
            } else behaviour = echo();
            behaviour.respond(exchange, request, server);
        };
    }

    /** A verdict whose score is a function of the judge prompt, so judges of one answer agree and answers differ. */
    private static Behaviour verdict(FakeOpenRouterServer.Recorded request) {
        int score = Math.floorMod(
                (request.lastUserMessage()
                                + request.body().path("model").asText().length() % 2)
                        .hashCode(),
                101);
        return reply("{\"score\": " + (score / 100.0) + ", \"rationale\": \"fake verdict\"}");
    }
}
