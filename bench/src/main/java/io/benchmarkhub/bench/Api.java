package io.benchmarkhub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The few BenchmarkHub endpoints the benchmark uses, over one shared HTTP/1.1 client (keep-alive). */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();

    record Response(int status, JsonNode body, String raw) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        String describe() {
            String text = raw.length() > 300 ? raw.substring(0, 300) + "…" : raw;
            return "HTTP " + status + " " + text.replace('\n', ' ');
        }
    }

    /** One line of {@code GET /api/admin/projections}. */
    record Projection(
            String name,
            String state,
            long position,
            long head,
            long lag,
            boolean rebuildable,
            Double serverEventsPerSecond) {
        boolean caughtUpWith(long target) {
            return "LIVE".equals(state) && position >= target;
        }
    }

    private final HttpClient http;
    private final URI base;
    private final Duration timeout;

    Api(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        // HTTP/1.1 explicitly: the default would try an h2c upgrade on every new connection
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    Response send(String method, String path, String token, JsonNode body) throws IOException, InterruptedException {
        return send(method, path, token, body, Map.of());
    }

    Response send(String method, String path, String token, JsonNode body, Map<String, String> headers)
            throws IOException, InterruptedException {
        var request =
                HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).header("Accept", "application/json");
        if (token != null) request.header("Authorization", "Bearer " + token);
        headers.forEach(request::header);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String raw = response.body() == null ? "" : response.body();
        JsonNode json = null;
        if (!raw.isEmpty() && (raw.startsWith("{") || raw.startsWith("["))) {
            try {
                json = JSON.readTree(raw);
            } catch (IOException notJson) {
                json = null;
            }
        }
        return new Response(response.statusCode(), json, raw);
    }

    /** Like {@link #send} but a non-2xx answer is an error: setup steps must not fail. */
    JsonNode require(String method, String path, String token, JsonNode body) throws IOException, InterruptedException {
        Response r = send(method, path, token, body);
        if (!r.ok()) throw new IllegalStateException(method + " " + path + " failed: " + r.describe());
        return r.body();
    }

    /** True when an admin endpoint accepts the token. */
    boolean accepts(String adminToken) {
        try {
            return send("GET", "/api/admin/projections", adminToken, null).status() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean healthy() {
        try {
            return send("GET", "/actuator/health", null, null).status() == 200;
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Creates a user (admin) and returns their token. */
    String createUser(String adminToken, String handle) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("handle", handle);
        return require("POST", "/api/users", adminToken, body).path("token").asText();
    }

    List<Projection> projections(String adminToken) throws IOException, InterruptedException {
        JsonNode list = require("GET", "/api/admin/projections", adminToken, null);
        var result = new ArrayList<Projection>();
        for (JsonNode p : list) {
            JsonNode eps = p.path("replay").path("eventsPerSecond");
            result.add(new Projection(
                    p.path("name").asText(),
                    p.path("state").asText(),
                    p.path("position").asLong(),
                    p.path("head").asLong(),
                    p.path("lag").asLong(),
                    p.path("rebuildable").asBoolean(),
                    eps.isNumber() ? eps.asDouble() : null));
        }
        return result;
    }

    static ObjectNode testCase(String input, String expected) {
        return JSON.createObjectNode().put("input", input).put("expected", expected);
    }

    static ObjectNode newBenchmark(String title, List<ObjectNode> cases) {
        ObjectNode body = JSON.createObjectNode().put("title", title);
        ArrayNode array = body.putArray("cases");
        cases.forEach(array::add);
        body.putArray("graders").addObject().put("type", "exact");
        return body;
    }
}
