package io.benchmarkhub.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * A browser as the web app's pages use the API: it keeps the cookies the server sets (a cookie jar of its own, so a
 * test sees every Set-Cookie) and, like Angular or axios, echoes the XSRF-TOKEN cookie in X-XSRF-TOKEN on writes.
 */
final class Browser {

    record Response(int status, JsonNode body, String text, HttpResponse<String> raw) {
        List<String> setCookies() {
            return raw.headers().allValues("Set-Cookie");
        }

        String setCookie(String name) {
            return setCookies().stream()
                    .filter(c -> c.startsWith(name + "="))
                    .findFirst()
                    .orElse(null);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper;
    private final IntSupplier port;
    final Map<String, String> cookies = new LinkedHashMap<>();
    boolean sendCsrfHeader = true;

    Browser(ObjectMapper mapper, IntSupplier port) {
        this.mapper = mapper;
        this.port = port;
    }

    /** The same cookies, on another port (another instance of the app). */
    Browser on(IntSupplier otherPort) {
        Browser other = new Browser(mapper, otherPort);
        other.cookies.putAll(cookies);
        return other;
    }

    String cookie(String name) {
        return cookies.get(name);
    }

    Response get(String path) {
        return send("GET", path, null);
    }

    Response post(String path, String json) {
        return send("POST", path, json);
    }

    Response send(String method, String path, String json, String... headers) {
        if (!"GET".equals(method) && sendCsrfHeader && !cookies.containsKey("XSRF-TOKEN")) get("/api/auth/csrf");
        var builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port.getAsInt() + path))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) builder.setHeader("Content-Type", "application/json");
        if (!cookies.isEmpty()) {
            var pairs = new ArrayList<String>();
            cookies.forEach((k, v) -> pairs.add(k + "=" + v));
            builder.setHeader("Cookie", String.join("; ", pairs));
        }
        if (!"GET".equals(method) && sendCsrfHeader && cookies.containsKey("XSRF-TOKEN"))
            builder.setHeader("X-XSRF-TOKEN", cookies.get("XSRF-TOKEN"));
        for (int i = 0; i < headers.length; i += 2) builder.setHeader(headers[i], headers[i + 1]);
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            for (String setCookie : response.headers().allValues("Set-Cookie")) {
                String pair = setCookie.split(";", 2)[0];
                int eq = pair.indexOf('=');
                String name = pair.substring(0, eq).strip();
                String value = pair.substring(eq + 1).strip();
                boolean expired = setCookie.toLowerCase().contains("max-age=0") || value.isEmpty();
                if (expired) cookies.remove(name);
                else cookies.put(name, value);
            }
            String type = response.headers().firstValue("Content-Type").orElse("");
            JsonNode body =
                    (type.contains("json")) && !response.body().isEmpty() ? mapper.readTree(response.body()) : null;
            return new Response(response.statusCode(), body, response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
