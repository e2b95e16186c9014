package io.benchmarkhub.api.credits;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local server speaking the one call of Stripe's API the app makes, {@code POST /v1/checkout/sessions}, for the tests.
 * It records each request (its Authorization header and form) and answers a session whose {@code url} is the request's
 * {@code success_url} with the session id filled in: as if the buyer paid at once and came back. {@link #refuse} makes it
 * answer Stripe's error shape instead.
 */
public final class FakeStripeServer implements AutoCloseable {

    public record Call(String authorization, Map<String, String> form) {
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger sessions = new AtomicInteger();
    private volatile int refuseWith;

    public FakeStripeServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/checkout/sessions", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> form = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            calls.add(new Call(exchange.getRequestHeaders().getFirst("Authorization"), form));
            String answer;
            int status = refuseWith;
            if (status != 0) {
                answer = "{\"error\": {\"type\": \"invalid_request_error\", \"code\": \"api_key_invalid\", \"message\": \"Invalid API Key provided: sk_test_****cret\"}}";
            } else {
                status = 200;
                String id = "cs_test_" + sessions.incrementAndGet();
                String url = form.getOrDefault("success_url", "").replace("{CHECKOUT_SESSION_ID}", id);
                answer = "{\"id\": \"" + id + "\", \"object\": \"checkout.session\", \"url\": \"" + url + "\"}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** From now on, answer every call with this HTTP status and Stripe's error shape; 0 to answer sessions again. */
    public void refuse(int status) {
        refuseWith = status;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
