package io.benchmarkhub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local OpenAI-compatible model server that answers every chat completion after exactly the
 * same latency (a sleep on a virtual thread, so waiting costs no CPU), for measuring how close an
 * evaluation tool gets to {@code calls × latency ÷ concurrency}.
 * <ul>
 *   <li>{@code POST /v1/chat/completions}: a {@code chat.completion} with {@code id} and {@code usage}. A grader's
 *       request (its system message speaks of a grader or grading: BenchmarkHub's judge prompt and promptfoo's
 *       llm-rubric) gets a JSON verdict both parse: {@code {"pass": true, "score": 0.8, "reason": …, "rationale": …}}.
 *       Any other request gets the token the case asks for ("Reply with the token t17." → {@code t17}), else
 *       {@code ok}.</li>
 *   <li>{@code GET /v1/models}: the model ids it was given.</li>
 * </ul>
 * It counts the completions and the most that were in flight at once: a request is in flight from
 * the moment its headers are read until just before its answer is written, so the count never
 * exceeds what the client had outstanding.
 */
final class FixedLatencyModelServer implements AutoCloseable {

    /** What the server saw since the last {@link #reset()}. */
    record Stats(
            long completions,
            long graderCompletions,
            int peakInFlight,
            long failures,
            long firstNanos,
            long lastNanos) {
        /** Seconds from the first request's arrival to the last answer; 0 without requests. */
        double activeSeconds() {
            return completions == 0 ? 0 : (lastNanos - firstNanos) / 1e9;
        }

        /** Calls in flight on average over the active span (each call is in flight for the latency). */
        double meanInFlight(Duration latency) {
            double active = activeSeconds();
            return active <= 0 ? 0 : completions * (latency.toNanos() / 1e9) / active;
        }
    }

    static final String VERDICT =
            "{\"pass\": true, \"score\": 0.8, \"reason\": \"The answer is the requested token.\", "
                    + "\"rationale\": \"The answer is the requested token.\"}";
    private static final Pattern TOKEN = Pattern.compile("Reply with the token (\\S+?)\\.");

    private final HttpServer http;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Duration latency;
    private final List<String> models;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final AtomicLong completions = new AtomicLong();
    private final AtomicLong graderCompletions = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong firstNanos = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastNanos = new AtomicLong();

    /** Starts on 127.0.0.1:{@code port} (0: any free port). */
    FixedLatencyModelServer(int port, Duration latency, List<String> models) throws IOException {
        this.latency = latency;
        this.models = List.copyOf(models);
        // the answer goes out as headers + body in two writes: without TCP_NODELAY, Nagle and delayed ACKs add ~40 ms
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 4096);
        http.setExecutor(executor);
        http.createContext("/v1/chat/completions", this::complete);
        http.createContext("/v1/models", this::listModels);
        http.start();
    }

    int port() {
        return http.getAddress().getPort();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    Stats stats() {
        long first = firstNanos.get();
        return new Stats(
                completions.get(),
                graderCompletions.get(),
                peakInFlight.get(),
                failures.get(),
                first == Long.MAX_VALUE ? 0 : first,
                lastNanos.get());
    }

    /** Starts counting afresh (between two measured runs; nothing may be in flight). */
    void reset() {
        completions.set(0);
        graderCompletions.set(0);
        failures.set(0);
        peakInFlight.set(inFlight.get());
        firstNanos.set(Long.MAX_VALUE);
        lastNanos.set(0);
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }

    private void complete(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        firstNanos.accumulateAndGet(arrived, Math::min);
        peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        int status = 200;
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            JsonNode request = Api.JSON.readTree(in);
            JsonNode messages = request.path("messages");
            if (!exchange.getRequestMethod().equals("POST") || !messages.isArray() || messages.isEmpty()) {
                status = 400;
                body = error("POST a chat completion with a non-empty messages array");
            } else {
                boolean grader = isGrader(messages);
                String answer = grader ? VERDICT : candidateAnswer(messages);
                body = completion(request.path("model").asText(""), answer, messages);
                sleepUntil(arrived + latency.toNanos());
                completions.incrementAndGet();
                if (grader) graderCompletions.incrementAndGet();
            }
        } catch (IOException | RuntimeException e) {
            status = 500;
            body = error(e.getClass().getSimpleName());
        }
        if (status != 200) failures.incrementAndGet();
        // out of the count before answering: the client may send its next request as soon as it has this answer
        inFlight.decrementAndGet();
        lastNanos.accumulateAndGet(System.nanoTime(), Math::max);
        write(exchange, status, body);
    }

    private void listModels(HttpExchange exchange) throws IOException {
        ObjectNode list = Api.JSON.createObjectNode().put("object", "list");
        var data = list.putArray("data");
        for (String id : models)
            data.addObject()
                    .put("id", id)
                    .put("object", "model")
                    .put("created", 0)
                    .put("owned_by", "bench");
        write(exchange, 200, Api.JSON.writeValueAsBytes(list));
    }

    private static void write(HttpExchange exchange, int status, byte[] body) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** BenchmarkHub's judge ("You are an impartial grader…") and promptfoo's llm-rubric ("You are grading output…"). */
    static boolean isGrader(JsonNode messages) {
        for (JsonNode message : messages) {
            if (!"system".equals(message.path("role").asText())) continue;
            String text = message.path("content").asText("").toLowerCase(Locale.ROOT);
            if (text.contains("grader") || text.contains("grading")) return true;
        }
        return false;
    }

    static String candidateAnswer(JsonNode messages) {
        Matcher token =
                TOKEN.matcher(messages.get(messages.size() - 1).path("content").asText(""));
        return token.find() ? token.group(1) : "ok";
    }

    private byte[] completion(String model, String answer, JsonNode messages) throws IOException {
        long promptChars = 0;
        for (JsonNode message : messages)
            promptChars += message.path("content").asText("").length();
        ObjectNode body = Api.JSON
                .createObjectNode()
                .put("id", "chatcmpl-bench-" + ids.incrementAndGet())
                .put("object", "chat.completion")
                .put("created", System.currentTimeMillis() / 1000)
                .put("model", model);
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", answer);
        choice.put("finish_reason", "stop");
        long promptTokens = Math.max(1, promptChars / 4);
        long completionTokens = Math.max(1, answer.length() / 4);
        body.putObject("usage")
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        return Api.JSON.writeValueAsBytes(body);
    }

    private static byte[] error(String message) {
        return ("{\"error\":{\"message\":\"" + message + "\",\"type\":\"invalid_request_error\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void sleepUntil(long deadlineNanos) {
        long left;
        while ((left = deadlineNanos - System.nanoTime()) > 0) {
            try {
                Thread.sleep(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
