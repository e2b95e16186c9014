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
 * A local stand-in for Stripe, for the tests: the API calls the app makes, {@code POST /v1/checkout/sessions} and
 * {@code POST /v1/billing_portal/sessions}, the hosted checkout page a checkout's {@code url} points at, and a bare
 * Customer Portal page whose link goes back to the session's {@code return_url}. It records each API request (its
 * Authorization header and form; the portal's in {@link #portalCalls}), and answers a portal request without a bearer
 * secret key (401) or without {@code customer} or {@code return_url} (400) with Stripe's error shape, as Stripe does. {@link #refuse} makes the API answer Stripe's error shape instead. Once {@link #connect} tells it where the app
 * is, the page's Pay button does what Stripe does when a buyer pays: it delivers a signed
 * {@code checkout.session.completed} to the app's webhook, then sends the browser to the session's {@code success_url}
 * (whose origin, the configured public URL, is replaced by the app's); Cancel goes to {@code cancel_url}.
 */
public final class FakeStripeServer implements AutoCloseable {

    public record Call(String authorization, Map<String, String> form) {}

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Call> portalCalls = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, String>> portals = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger sessions = new AtomicInteger();
    private volatile int refuseWith;
    private final Map<String, Map<String, String>> forms = new java.util.concurrent.ConcurrentHashMap<>();
    /** What the tests' price table (ApiTestBase) charges for each price id, in cents. */
    private static final Map<String, Long> AMOUNTS = Map.of("price_test_100", 1000L, "price_test_500", 2500L);

    private volatile String app;
    private volatile String webhookSecret;

    public FakeStripeServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/billing_portal/sessions", exchange -> {
            Map<String, String> form = form(exchange);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            portalCalls.add(new Call(authorization, form));
            int status;
            String answer;
            if (refuseWith != 0 || authorization == null || !authorization.startsWith("Bearer sk_")) {
                status = refuseWith != 0 ? refuseWith : 401;
                answer =
                        "{\"error\": {\"type\": \"invalid_request_error\", \"code\": \"api_key_invalid\", \"message\": \"Invalid API Key provided: sk_test_****cret\"}}";
            } else if (form.get("customer") == null || form.get("return_url") == null) {
                status = 400;
                answer =
                        "{\"error\": {\"type\": \"invalid_request_error\", \"code\": \"parameter_missing\", \"message\": \"Missing required param.\"}}";
            } else {
                status = 200;
                String id = "bps_test_" + sessions.incrementAndGet();
                portals.put(id, form);
                answer =
                        "{\"id\": \"%s\", \"object\": \"billing_portal.session\", \"customer\": \"%s\", \"url\": \"%s\"}"
                                .formatted(id, form.get("customer"), baseUrl() + "/portal/" + id);
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.createContext("/portal/", exchange -> {
            Map<String, String> form =
                    portals.get(exchange.getRequestURI().getPath().substring("/portal/".length()));
            if (form == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            String page = """
                    <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test customer portal</title></head><body><main>
                    <h1>Test customer portal</h1><p data-customer="%s">Manage your subscription</p>
                    <p><a href="%s">Return to BenchmarkHub</a></p></main></body></html>""".formatted(form.get("customer"), back(form.get("return_url")));
            byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.createContext("/v1/checkout/sessions", exchange -> {
            Map<String, String> form = form(exchange);
            calls.add(new Call(exchange.getRequestHeaders().getFirst("Authorization"), form));
            String answer;
            int status = refuseWith;
            if (status != 0) {
                answer =
                        "{\"error\": {\"type\": \"invalid_request_error\", \"code\": \"api_key_invalid\", \"message\": \"Invalid API Key provided: sk_test_****cret\"}}";
            } else {
                status = 200;
                String id = "cs_test_" + sessions.incrementAndGet();
                forms.put(id, form);
                String url = baseUrl() + "/pay/" + id;
                answer = "{\"id\": \"" + id + "\", \"object\": \"checkout.session\", \"url\": \"" + url + "\"}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.createContext("/pay/", exchange -> {
            String id = exchange.getRequestURI().getPath().substring("/pay/".length());
            Map<String, String> form = forms.get(id);
            if (form == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            long amount = amount(form);
            if ("POST".equals(exchange.getRequestMethod())) {
                exchange.getRequestBody().readAllBytes();
                deliverPaid(id, form, amount);
                redirect(exchange, back(form.get("success_url")).replace("{CHECKOUT_SESSION_ID}", id));
                return;
            }
            String page = """
                    <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test checkout</title></head><body><main>
                    <h1>Test checkout</h1><p>%d credits for %.2f USD</p>
                    <form method="post" action="/pay/%s"><button type="submit">Pay</button></form>
                    <p><a href="%s">Cancel</a></p></main></body></html>""".formatted(
                            Long.parseLong(form.getOrDefault("metadata[credits]", "0")),
                            amount / 100.0,
                            id,
                            back(form.get("cancel_url")));
            byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    private static Map<String, String> form(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            form.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    /** Where the app is ({@code http://localhost:<port>}) and the secret its webhook checks signatures with. */
    public void connect(String appBaseUrl, String secret) {
        this.app = appBaseUrl;
        this.webhookSecret = secret;
    }

    private static long amount(Map<String, String> form) {
        String price = form.get("line_items[0][price]");
        if (price != null) return AMOUNTS.getOrDefault(price, 0L);
        return Long.parseLong(form.getOrDefault("line_items[0][price_data][unit_amount]", "0"));
    }

    private String back(String url) {
        return app == null || url == null ? String.valueOf(url) : url.replaceFirst("^https?://[^/]+", app);
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(303, -1);
        exchange.close();
    }

    private void deliverPaid(String id, Map<String, String> form, long amount) throws IOException {
        if (app == null) return;
        // the session's metadata comes back in the event, as Stripe sends it
        String metadata = "{\"credits\": \"" + form.get("metadata[credits]") + "\""
                + (form.containsKey("metadata[price_id]")
                        ? ", \"price_id\": \"" + form.get("metadata[price_id]") + "\""
                        : "")
                + (form.containsKey("metadata[workspace_id]")
                        ? ", \"workspace_id\": \"" + form.get("metadata[workspace_id]") + "\""
                        : "")
                + "}";
        String payload = """
                {"id": "evt_%s", "object": "event", "type": "checkout.session.completed", "api_version": "2024-06-20",
                 "data": {"object": {"id": "%s", "object": "checkout.session", "client_reference_id": "%s",
                   "amount_total": %d, "currency": "usd", "payment_status": "paid", "metadata": %s}}}""".formatted(id, id, form.get("client_reference_id"), amount, metadata);
        try {
            String signature = com.stripe.net.Webhook.Signature.generateSignatureHeader(
                    payload, webhookSecret, com.stripe.net.Webhook.Util.getTimeNow());
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(app + "/api/webhooks/payments"))
                    .header("Content-Type", "application/json")
                    .header("Stripe-Signature", signature)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(payload))
                    .build();
            try (var client = java.net.http.HttpClient.newHttpClient()) {
                var response = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200)
                    throw new IOException("the webhook answered " + response.statusCode() + ": " + response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The Customer Portal sessions asked for. */
    public List<Call> portalCalls() {
        return List.copyOf(portalCalls);
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
