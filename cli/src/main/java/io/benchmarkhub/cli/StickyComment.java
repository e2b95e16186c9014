package io.benchmarkhub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One sticky pull-request comment through GitHub's REST API: the comment of {@code author} whose body holds the hidden
 * marker is updated; when there is none, one is created. Comments of anyone else, even with the marker, are left alone.
 */
final class StickyComment {

    /** What was done: CREATED or UPDATED, and the comment's id. */
    public record Outcome(String action, long commentId) {}

    private final String apiUrl;
    private final String token;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public StickyComment(String apiUrl, String token) {
        if (token == null || token.isBlank()) throw new CliException(ExitCodes.ERROR, "GITHUB_TOKEN is not set");
        String url = apiUrl == null || apiUrl.isBlank() ? "https://api.github.com" : apiUrl.strip();
        this.apiUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.token = token.strip();
    }

    public Outcome upsert(String repository, int pullRequest, String author, String marker, String body) {
        if (repository == null || !repository.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
            throw new CliException(ExitCodes.ERROR, "the repository must be owner/name (GITHUB_REPOSITORY or --repo)");
        }
        if (!body.contains(marker)) body = marker + "\n" + body;
        String comments = "/repos/" + repository + "/issues/" + pullRequest + "/comments";
        ObjectNode payload = Api.JSON.createObjectNode().put("body", body);
        for (int page = 1; page <= 50; page++) {
            JsonNode list = call("GET", comments + "?per_page=100&page=" + page, null);
            for (JsonNode comment : list) {
                if (comment.path("user").path("login").asText().equals(author)
                        && comment.path("body").asText().contains(marker)) {
                    long id = comment.path("id").asLong();
                    call("PATCH", "/repos/" + repository + "/issues/comments/" + id, payload);
                    return new Outcome("UPDATED", id);
                }
            }
            if (list.size() < 100) break;
        }
        JsonNode created = call("POST", comments, payload);
        return new Outcome("CREATED", created.path("id").asLong());
    }

    private JsonNode call(String method, String path, JsonNode body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "application/vnd.github+json")
                    .header("X-GitHub-Api-Version", "2022-11-28");
            if (body == null) request.method(method, HttpRequest.BodyPublishers.noBody());
            else
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(Api.JSON.writeValueAsBytes(body)));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new CliException(
                        ExitCodes.ERROR, "GitHub " + method + " " + path + ": HTTP " + response.statusCode());
            }
            return response.body().isBlank() ? Api.JSON.createObjectNode() : Api.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CliException(ExitCodes.ERROR, "cannot reach GitHub at " + apiUrl + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.ERROR, "interrupted");
        }
    }
}
