package io.benchmarkhub.api.webhooks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server standing in for a team's webhook endpoint: it records every request and answers each path with the
 * statuses it was told, in order (then 200), e.g. 500, 500 and then 200 for a receiver that fails twice.
 */
final class WebhookReceiver implements AutoCloseable {

    record ReceivedRequest(String path, String body, String signature, String webhookId, String type, int answered) {}

    private final HttpServer server;
    private final List<ReceivedRequest> received = new CopyOnWriteArrayList<>();
    private final Map<String, List<Integer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    /** Listens on {@code host} (e.g. 127.0.0.1, or 0.0.0.0 to answer on every local address) at a free port. */
    WebhookReceiver(String host) {
        try {
            server = HttpServer.create(new InetSocketAddress(host, 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int n = calls.computeIfAbsent(path, k -> new AtomicInteger()).getAndIncrement();
            List<Integer> script = scripts.getOrDefault(path, List.of());
            int status = n < script.size() ? script.get(n) : 200;
            received.add(new ReceivedRequest(
                    path,
                    body,
                    exchange.getRequestHeaders().getFirst("Webhook-Signature"),
                    exchange.getRequestHeaders().getFirst("Webhook-Id"),
                    exchange.getRequestHeaders().getFirst("Webhook-Event"),
                    status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** The first answers to requests on {@code path}; after them, 200. */
    WebhookReceiver answer(String path, Integer... statuses) {
        scripts.put(path, List.of(statuses));
        return this;
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    List<ReceivedRequest> on(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
