package io.benchmarkhub.command.run.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local server speaking the OpenAI / OpenRouter chat-completions protocol, for tests over real HTTP.
 * Bound to 127.0.0.1 on a free port, under {@code /api/v1} like OpenRouter. Each chat request takes the
 * next scripted {@link Behaviour}, or the default one when the script is used up. It records every
 * request (path, Authorization header, body) and the highest number of requests it had in flight at once.
 */
public final class FakeOpenRouterServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the server does with one chat request. */
    @FunctionalInterface
    public interface Behaviour {
        void respond(HttpExchange exchange, Recorded request, FakeOpenRouterServer server)
                throws IOException, InterruptedException;
    }

    public record Recorded(String method, String path, String authorization, JsonNode body) {
        public String lastUserMessage() {
            JsonNode messages = body.path("messages");
            for (int i = messages.size() - 1; i >= 0; i--) {
                if ("user".equals(messages.get(i).path("role").asText()))
                    return messages.get(i).path("content").asText();
            }
            return "";
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final ConcurrentLinkedQueue<Behaviour> script = new ConcurrentLinkedQueue<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    /** The current request's way to leave the in-flight count; handlers run on their own (virtual) thread. */
    private static final ThreadLocal<Runnable> LEAVE_IN_FLIGHT = new ThreadLocal<>();

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile Behaviour fallback = reply("ok");
    private volatile String modelsBody = """
            {"data": [
              {"id": "openai/gpt-4o", "context_length": 128000, "pricing": {"prompt": "0.0000025", "completion": "0.00001"},
               "top_provider": {"max_completion_tokens": 16384}},
              {"id": "meta-llama/llama-3.1-8b-instruct", "context_length": 131072, "pricing": {"prompt": "0.00000002", "completion": "0.00000005"},
               "top_provider": {"max_completion_tokens": 256}},
              {"id": "openrouter/auto", "context_length": 2000000, "pricing": {"prompt": "-1", "completion": "-1"}},
              {"id": "local/unpriced"}
            ]}""";

    public FakeOpenRouterServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/api/v1/chat/completions", this::chat);
        server.createContext("/api/v1/models", this::models);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1";
    }

    /** The next requests get these behaviours, in order. */
    public FakeOpenRouterServer script(Behaviour... behaviours) {
        script.addAll(List.of(behaviours));
        return this;
    }

    /** What requests get once the script is used up. */
    public FakeOpenRouterServer otherwise(Behaviour behaviour) {
        fallback = behaviour;
        return this;
    }

    public FakeOpenRouterServer models(String body) {
        modelsBody = body;
        return this;
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    public int requestCount() {
        return requests.size();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- behaviours ----

    /** 200 with this content, 10 prompt and 5 completion tokens, no cost. */
    public static Behaviour reply(String content) {
        return completion(content, null);
    }

    /** 200 echoing the last user message. */
    public static Behaviour echo() {
        return (exchange, request, server) -> send(
                exchange,
                200,
                completionBody("echo: " + request.lastUserMessage(), null).toString());
    }

    /** 200 with this content and OpenRouter's {@code usage.cost}, written as this JSON number literal. */
    public static Behaviour completion(String content, String costLiteral) {
        return (exchange, request, server) ->
                send(exchange, 200, completionBody(content, costLiteral).toString());
    }

    public static Behaviour withTokens(String content, long promptTokens, long completionTokens) {
        return (exchange, request, server) -> {
            ObjectNode body = completionBody(content, null);
            body.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens);
            send(exchange, 200, body.toString());
        };
    }

    public static Behaviour delayed(Duration latency, Behaviour then) {
        return (exchange, request, server) -> {
            Thread.sleep(latency);
            then.respond(exchange, request, server);
        };
    }

    /** Latency drawn uniformly from [min, max] ms by a seeded generator shared by all requests. */
    public static Behaviour randomLatency(long minMs, long maxMs, long seed, Behaviour then) {
        Random random = new Random(seed);
        return (exchange, request, server) -> {
            long ms;
            synchronized (random) {
                ms = minMs + (long) (random.nextDouble() * (maxMs - minMs + 1));
            }
            Thread.sleep(ms);
            then.respond(exchange, request, server);
        };
    }

    public static Behaviour rateLimited(String retryAfter) {
        return (exchange, request, server) -> {
            if (retryAfter != null) exchange.getResponseHeaders().add("Retry-After", retryAfter);
            send(
                    exchange,
                    429,
                    "{\"error\": {\"code\": 429, \"message\": \"Rate limit exceeded: free-models-per-min\"}}");
        };
    }

    public static Behaviour status(int status, String body) {
        return (exchange, request, server) -> send(exchange, status, body);
    }

    public static Behaviour serverError() {
        return status(500, "{\"error\": {\"code\": 500, \"message\": \"Internal Server Error\"}}");
    }

    /** Echoes the caller's Authorization header in an error body, as a careless server might. */
    public static Behaviour errorEchoingAuthorization(int status) {
        return (exchange, request, server) -> send(
                exchange,
                status,
                JSON.createObjectNode()
                        .set(
                                "error",
                                JSON.createObjectNode()
                                        .put("code", status)
                                        .put("message", "bad credentials: " + request.authorization()))
                        .toString());
    }

    /** Never answers (until the server closes). */
    public static Behaviour hang() {
        return (exchange, request, server) -> server.closed.await(60, TimeUnit.SECONDS);
    }

    public static Behaviour malformedJson() {
        return status(200, "{\"id\": \"gen-1\", \"choices\": [{\"message\": {\"content\": \"trunc");
    }

    public static Behaviour emptyBody() {
        return status(200, "");
    }

    public static Behaviour missingChoices() {
        return status(
                200,
                "{\"id\": \"gen-1\", \"object\": \"chat.completion\", \"usage\": {\"prompt_tokens\": 3, \"completion_tokens\": 0}}");
    }

    public static Behaviour missingContent() {
        return status(
                200,
                "{\"id\": \"gen-1\", \"choices\": [{\"message\": {\"role\": \"assistant\"}, \"finish_reason\": \"length\"}]}");
    }

    // ---- handling ----

    private static ObjectNode completionBody(String content, String costLiteral) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", "gen-" + Integer.toHexString(content.hashCode()));
        body.put("object", "chat.completion");
        body.putArray("choices")
                .addObject()
                .put("index", 0)
                .put("finish_reason", "stop")
                .putObject("message")
                .put("role", "assistant")
                .put("content", content);
        ObjectNode usage = body.putObject("usage")
                .put("prompt_tokens", 10)
                .put("completion_tokens", 5)
                .put("total_tokens", 15);
        if (costLiteral != null)
            usage.set("cost", JSON.getNodeFactory().numberNode(new java.math.BigDecimal(costLiteral)));
        return body;
    }

    private void chat(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        var left = new AtomicBoolean();
        Runnable leave = () -> {
            if (left.compareAndSet(false, true)) inFlight.decrementAndGet();
        };
        LEAVE_IN_FLIGHT.set(leave);
        try (exchange) {
            Recorded request = record(exchange);
            Behaviour behaviour = script.poll();
            (behaviour == null ? fallback : behaviour).respond(exchange, request, this);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            leave.run();
            LEAVE_IN_FLIGHT.remove();
        }
    }

    private void models(HttpExchange exchange) throws IOException {
        try (exchange) {
            record(exchange);
            send(exchange, 200, modelsBody);
        }
    }

    private Recorded record(HttpExchange exchange) throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readAllBytes();
        }
        JsonNode body = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
        var recorded = new Recorded(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Authorization"),
                body);
        requests.add(recorded);
        return recorded;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        // the request stops counting as in flight before its answer is written: once the client has read the answer it
        // may send the next request at once, and that one must not find this one still counted
        Runnable leave = LEAVE_IN_FLIGHT.get();
        if (leave != null) leave.run();
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) exchange.getResponseBody().write(bytes);
    }

    public static List<Behaviour> times(int n, Behaviour behaviour) {
        var list = new ArrayList<Behaviour>();
        for (int i = 0; i < n; i++) list.add(behaviour);
        return list;
    }
}
