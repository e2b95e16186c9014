package io.benchmarkhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pr-comment} against a local fake of GitHub's issue-comments REST API (real HTTP): the first push creates the
 * comment, the second updates the same one, and another bot's comment with the same marker is left alone.
 */
class PrCommentTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private final ArrayNode comments = Api.JSON.createArrayNode();
    private final List<String> requests = new ArrayList<>();
    private long nextId = 100;

    @BeforeEach
    void startFakeGitHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        // another bot's comment that carries the same marker: never ours to edit
        comments.addObject()
                .put("id", nextId++)
                .put("body", Report.MARKER + "\nsomeone else's")
                .putObject("user")
                .put("login", "other-bot[bot]");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        requests.add(method + " " + path);
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        int status;
        JsonNode answer;
        if (!"Bearer gh-test-token".equals(auth)) {
            status = 401;
            answer = Api.JSON.createObjectNode().put("message", "Bad credentials");
        } else if (method.equals("GET") && path.equals("/repos/acme/app/issues/7/comments")) {
            status = 200;
            answer = comments;
        } else if (method.equals("POST") && path.equals("/repos/acme/app/issues/7/comments")) {
            ObjectNode comment = comments.addObject()
                    .put("id", nextId++)
                    .put(
                            "body",
                            Api.JSON
                                    .readTree(exchange.getRequestBody())
                                    .path("body")
                                    .asText());
            comment.putObject("user").put("login", "github-actions[bot]");
            status = 201;
            answer = comment;
        } else if (method.equals("PATCH") && path.startsWith("/repos/acme/app/issues/comments/")) {
            long id = Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
            String body =
                    Api.JSON.readTree(exchange.getRequestBody()).path("body").asText();
            ObjectNode found = null;
            for (JsonNode c : comments) if (c.path("id").asLong() == id) found = (ObjectNode) c;
            status = found == null ? 404 : 200;
            if (found != null) found.put("body", body);
            answer = found == null ? Api.JSON.createObjectNode() : found;
        } else {
            status = 404;
            answer = Api.JSON.createObjectNode().put("message", "Not Found");
        }
        byte[] bytes = Api.JSON.writeValueAsBytes(answer);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private int comment(String token, String markdown) throws IOException {
        Path file = dir.resolve("summary.md");
        Files.writeString(file, markdown, StandardCharsets.UTF_8);
        Map<String, String> env = Map.of(
                "GITHUB_API_URL",
                "http://127.0.0.1:" + server.getAddress().getPort(),
                "GITHUB_TOKEN",
                token,
                "GITHUB_REPOSITORY",
                "acme/app");
        return BenchmarkHubCli.execute(
                new String[] {"pr-comment", "--file", file.toString(), "--pr", "7"},
                env,
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()),
                Duration.ofMillis(10));
    }

    @Test
    void the_first_push_creates_the_comment_and_the_next_updates_it_leaving_other_bots_alone() throws IOException {
        assertThat(comment("gh-test-token", Report.MARKER + "\nfirst push")).isZero();
        assertThat(comments).hasSize(2);
        long ours = comments.get(1).path("id").asLong();
        assertThat(comments.get(1).path("body").asText()).contains("first push");

        assertThat(comment("gh-test-token", Report.MARKER + "\nsecond push")).isZero();
        assertThat(comments).hasSize(2);
        assertThat(comments.get(1).path("id").asLong()).isEqualTo(ours);
        assertThat(comments.get(1).path("body").asText())
                .contains("second push")
                .doesNotContain("first push");
        assertThat(comments.get(0).path("body").asText()).endsWith("someone else's");
        assertThat(requests)
                .contains("PATCH /repos/acme/app/issues/comments/" + ours)
                .doesNotContain("PATCH /repos/acme/app/issues/comments/"
                        + comments.get(0).path("id").asLong());
    }

    @Test
    void a_markdown_without_the_marker_gets_it_so_the_comment_is_found_again() throws IOException {
        assertThat(comment("gh-test-token", "no marker here")).isZero();
        assertThat(comments.get(1).path("body").asText()).startsWith(Report.MARKER);
    }

    @Test
    void a_refused_token_exits_2() throws IOException {
        assertThat(comment("wrong", "x")).isEqualTo(2);
        assertThat(comments).hasSize(1);
    }
}
