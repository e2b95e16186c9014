package io.benchmarkhub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The REST API as the CLI uses it: JSON over HTTP with the bearer token. Every answer that is not 2xx becomes a
 * {@link CliException} with exit code 2 naming the request, the status and the problem's detail (and its field errors);
 * the token is never part of a message.
 */
public final class Api {

    /** A 2xx answer: its status, body (null when empty) and ETag. */
    public record Answer(int status, JsonNode body, String etag) {}

    /** A non-2xx answer, kept for callers that handle a status themselves (412 on a stale If-Match). */
    public static final class Refused extends CliException {
        private final int status;

        Refused(int status, String message) {
            super(ExitCodes.ERROR, message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    public Api(String baseUrl, String token) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new CliException(
                    ExitCodes.ERROR,
                    "BENCHMARKHUB_URL is not set (or pass --url): the address of the BenchmarkHub server");
        }
        if (token == null || token.isBlank()) {
            throw new CliException(
                    ExitCodes.ERROR,
                    "BENCHMARKHUB_TOKEN is not set: create an API token in BenchmarkHub and export it");
        }
        String url = baseUrl.strip();
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.token = token.strip();
    }

    public String baseUrl() {
        return baseUrl;
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public Answer get(String path) {
        return send("GET", path, null, null, null);
    }

    public Answer send(String method, String path, JsonNode body, String ifMatch, String providerKey) {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(baseUrl + path));
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.ERROR, "BENCHMARKHUB_URL is not a valid URL: " + baseUrl);
        }
        request.timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (ifMatch != null) request.header("If-Match", ifMatch);
        if (providerKey != null && !providerKey.isBlank()) request.header("X-Provider-Key", providerKey.strip());
        try {
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = parse(response);
            if (response.statusCode() / 100 != 2) {
                throw new Refused(response.statusCode(), describe(method, path, response.statusCode(), json));
            }
            return new Answer(
                    response.statusCode(),
                    json,
                    response.headers().firstValue("ETag").orElse(null));
        } catch (IOException e) {
            throw new CliException(
                    ExitCodes.ERROR,
                    "cannot reach " + baseUrl + " (" + method + " " + path + "): "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.ERROR, "interrupted");
        }
    }

    private static JsonNode parse(HttpResponse<String> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (response.body() == null || response.body().isBlank() || !(type.contains("json"))) return null;
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            return null;
        }
    }

    private static String describe(String method, String path, int status, JsonNode problem) {
        StringBuilder message = new StringBuilder(method)
                .append(' ')
                .append(path)
                .append(": HTTP ")
                .append(status);
        if (status == 401) message.append(" (the token is missing, wrong, expired or revoked)");
        if (status == 403) message.append(" (the token's user may not do this)");
        if (problem != null) {
            String detail = problem.path("detail").asText(problem.path("title").asText(""));
            if (!detail.isBlank()) message.append(": ").append(detail);
            for (JsonNode error : problem.path("errors")) {
                message.append("\n  ")
                        .append(error.path("field").asText())
                        .append(": ")
                        .append(error.path("message").asText());
            }
        }
        return message.toString();
    }
}
