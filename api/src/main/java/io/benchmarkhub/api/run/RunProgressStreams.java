package io.benchmarkhub.api.run;

import io.benchmarkhub.command.limits.LimitsProperties;
import io.benchmarkhub.domain.limits.LimitExceeded;
import io.benchmarkhub.query.Viewer;
import io.benchmarkhub.query.run.RunQueries;
import io.benchmarkhub.query.run.RunViews.RunProgress;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Events of a run's progress. Each stream polls the read model on its own virtual thread, so
 * it works the same whichever instance serves it and whichever instance's executor runs the run: a
 * {@code progress} event {status, done, total} whenever one of them changes, a comment line as heartbeat,
 * and when the run is terminal a final {@code status} event, after which the stream ends.
 * Streams end before the web server's graceful shutdown waits for open requests.
 */
@Component
class RunProgressStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RunProgressStreams.class);

    private final RunQueries runs;
    private final RunEventsProperties properties;
    private ExecutorService threads;
    private volatile boolean running;

    private final LimitsProperties limits;
    /** Streams open on this instance per user: each counted once from open until it ends, however it ends. */
    private final ConcurrentHashMap<String, AtomicInteger> openPerUser = new ConcurrentHashMap<>();

    public RunProgressStreams(RunQueries runs, RunEventsProperties properties, LimitsProperties limits) {
        this.runs = runs;
        this.properties = properties;
        this.limits = limits;
    }

    /**
     * Opens a stream for a run the viewer may see; {@code current} is its progress right now.
     *
     * @throws LimitExceeded (429) when the viewer already holds {@code benchmarkhub.limits.streams-per-user} streams here
     */
    public SseEmitter open(String runId, Viewer viewer, RunProgress current) {
        String user = viewer.userId() == null ? "" : viewer.userId().value();
        AtomicInteger open = openPerUser.computeIfAbsent(user, u -> new AtomicInteger());
        if (open.incrementAndGet() > limits.streamsPerUser()) {
            open.decrementAndGet();
            throw new LimitExceeded(
                    "streams-per-user",
                    limits.streamsPerUser(),
                    properties.heartbeat(),
                    "you have " + limits.streamsPerUser()
                            + " progress streams open; close one (or poll GET /api/runs/{id}) before opening another");
        }
        var released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) open.decrementAndGet();
        };
        // a little longer than the stream itself, so that the stream, not the container, ends it
        var emitter = new SseEmitter(
                properties.maxDuration().plus(properties.heartbeat()).toMillis());
        var closed = new AtomicBoolean();
        emitter.onCompletion(() -> {
            closed.set(true);
            release.run();
        });
        emitter.onTimeout(() -> {
            closed.set(true);
            release.run();
        });
        emitter.onError(e -> {
            closed.set(true);
            release.run();
        });
        ExecutorService pool = threads;
        if (!running || pool == null) {
            release.run();
            emitter.complete();
            return emitter;
        }
        pool.execute(() -> {
            try {
                stream(emitter, runId, viewer, current, closed);
            } finally {
                release.run();
            }
        });
        return emitter;
    }

    /** Streams the user holds open on this instance (for tests and metrics). */
    int openStreams(String userId) {
        AtomicInteger open = openPerUser.get(userId);
        return open == null ? 0 : open.get();
    }

    private void stream(SseEmitter emitter, String runId, Viewer viewer, RunProgress current, AtomicBoolean closed) {
        long started = System.nanoTime();
        long lastSent = started;
        RunProgress sent = null;
        try {
            while (!closed.get() && running) {
                long now = System.nanoTime();
                if (!current.equals(sent)) {
                    emitter.send(
                            SseEmitter.event().name("progress").data(progress(current), MediaType.APPLICATION_JSON));
                    sent = current;
                    lastSent = now;
                }
                if (current.status().terminal()) {
                    emitter.send(SseEmitter.event().name("status").data(status(current), MediaType.APPLICATION_JSON));
                    emitter.complete();
                    return;
                }
                if (now - lastSent >= properties.heartbeat().toNanos()) {
                    emitter.send(SseEmitter.event().comment("heartbeat"));
                    lastSent = now;
                }
                if (now - started >= properties.maxDuration().toNanos()) break;
                Thread.sleep(properties.pollInterval());
                Optional<RunProgress> next = runs.progress(runId, viewer);
                if (next.isEmpty()) break; // the read model is being rebuilt; the client reconnects
                current = next.get();
            }
            emitter.complete();
        } catch (IOException | IllegalStateException e) {
            // the client went away (or the emitter was completed meanwhile): nothing to tell anyone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            emitter.complete();
        } catch (RuntimeException e) {
            log.warn("Run progress stream for {} failed", runId, e);
            emitter.completeWithError(e);
        }
    }

    private static Map<String, Object> progress(RunProgress p) {
        var data = new LinkedHashMap<String, Object>();
        data.put("status", p.status());
        data.put("done", p.done());
        data.put("total", p.total());
        return data;
    }

    private static Map<String, Object> status(RunProgress p) {
        var data = progress(p);
        if (p.failureReason() != null) data.put("failureReason", p.failureReason());
        return data;
    }

    @Override
    public void start() {
        threads = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("run-events-", 0).factory());
        running = true;
    }

    /** Ends every open stream (their sleeps are interrupted), so a graceful shutdown does not wait for them. */
    @Override
    public void stop() {
        running = false;
        if (threads != null) threads.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the web server's graceful shutdown, which would otherwise wait for the open streams. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
