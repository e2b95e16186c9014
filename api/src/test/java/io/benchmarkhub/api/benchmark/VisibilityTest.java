package io.benchmarkhub.api.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Private benchmarks never show: not to other users, not to anonymous callers, on no channel. */
class VisibilityTest extends ApiTestBase {

    @Test
    void a_private_benchmark_is_a_404_for_another_user_and_for_anonymous_callers_on_every_read() {
        String id = createBenchmark(alice, "Secret", "PRIVATE");
        send("PATCH", "/api/benchmarks/" + id, alice, "{\"title\": \"Secret v2\"}");

        for (String path : new String[] {"", "/versions", "/versions/1", "/diff?from=1&to=2", "/forks", "/export"}) {
            assertThat(get("/api/benchmarks/" + id + path, bob).status())
                    .as("bob GET %s", path)
                    .isEqualTo(404);
            assertThat(get("/api/benchmarks/" + id + path, null).status())
                    .as("anonymous GET %s", path)
                    .isEqualTo(404);
        }
        assertThat(get("/api/benchmarks/" + id, alice).status()).isEqualTo(200);
    }

    @Test
    void a_private_benchmark_is_a_404_for_another_user_on_every_command_and_nothing_is_written() {
        String id = createBenchmark(alice, "Secret", "PRIVATE");
        long before = eventCount(id);
        assertThat(send("PATCH", "/api/benchmarks/" + id, bob, "{\"title\": \"mine\"}")
                        .status())
                .isEqualTo(404);
        assertThat(send("POST", "/api/benchmarks/" + id + "/cases", bob, "{\"input\": \"x\"}")
                        .status())
                .isEqualTo(404);
        assertThat(send("DELETE", "/api/benchmarks/" + id + "/cases/c1", bob, null)
                        .status())
                .isEqualTo(404);
        assertThat(send("POST", "/api/benchmarks/" + id + "/publish", bob, null).status())
                .isEqualTo(404);
        assertThat(send("POST", "/api/benchmarks/" + id + "/forks", bob, "{}").status())
                .isEqualTo(404);
        assertThat(send("POST", "/api/benchmarks/" + id + "/forks", ADMIN_TOKEN, "{}")
                        .status())
                .isEqualTo(404);
        assertThat(eventCount(id)).isEqualTo(before);
    }

    @Test
    void another_user_may_read_and_fork_a_public_benchmark_but_not_change_it() {
        String id = createBenchmark(alice, "Open", "PUBLIC");
        assertThat(get("/api/benchmarks/" + id, bob).status()).isEqualTo(200);
        assertThat(get("/api/benchmarks/" + id, null).status()).isEqualTo(200);
        assertThat(send("PATCH", "/api/benchmarks/" + id, bob, "{\"title\": \"mine\"}")
                        .status())
                .isEqualTo(403);
        assertThat(send("POST", "/api/benchmarks/" + id + "/forks", bob, "{}").status())
                .isEqualTo(201);
    }

    @Test
    void the_library_hides_private_benchmarks_from_items_totals_and_facets() {
        String tag = "t" + UUID.randomUUID().toString().substring(0, 8);
        String publicId = createBenchmark(alice, body("Shared " + tag, tag, "PUBLIC"));
        String privateId = createBenchmark(alice, body("Hidden " + tag, tag, "PRIVATE"));
        eventually(
                () -> get("/api/library?tags=" + tag, alice).body().get("total").asLong() == 2, "alice sees both");

        for (Caller viewer : new Caller[] {bob, null}) {
            JsonNode page = get("/api/library?tags=" + tag, viewer).body();
            assertThat(page.get("total").asLong()).isEqualTo(1);
            assertThat(page.get("items")).hasSize(1);
            assertThat(page.get("items").get(0).get("id").asText()).isEqualTo(publicId);
            assertThat(facetCount(page, "tags", tag)).isEqualTo(1);
            JsonNode search = get("/api/library?q=Hidden%20" + tag, viewer).body();
            assertThat(search.get("total").asLong()).isZero();
            assertThat(search.toString()).doesNotContain(privateId);
        }
        assertThat(facetCount(get("/api/library?tags=" + tag, alice).body(), "tags", tag))
                .isEqualTo(2);
    }

    @Test
    void a_private_fork_is_not_counted_and_a_private_source_is_not_named() {
        String source = createBenchmark(alice, "Source", "PUBLIC");
        Response privateFork =
                send("POST", "/api/benchmarks/" + source + "/forks", bob, "{\"visibility\": \"PRIVATE\"}");
        String forkId = privateFork.body().get("id").asText();

        JsonNode asAlice = get("/api/benchmarks/" + source, alice).body();
        assertThat(asAlice.get("forkCount").asLong()).isZero();
        assertThat(get("/api/benchmarks/" + source + "/forks", alice).body().toString())
                .doesNotContain(forkId);
        eventually(
                () -> get("/api/benchmarks/" + source, bob)
                                .body()
                                .get("forkCount")
                                .asLong()
                        == 1,
                "bob sees his own fork counted");

        // alice makes her source private: bob's public fork no longer names it
        String secretSource = createBenchmark(alice, "Soon private", "PUBLIC");
        String publicFork = send("POST", "/api/benchmarks/" + secretSource + "/forks", bob, "{}")
                .body()
                .get("id")
                .asText();
        send("POST", "/api/benchmarks/" + secretSource + "/unpublish", alice, null);
        JsonNode fork = get("/api/benchmarks/" + publicFork, null).body();
        assertThat(fork.get("forkedFrom").isNull()).isTrue();
        assertThat(get("/api/benchmarks/" + publicFork + "/forks", null).body().get("ancestors"))
                .isEmpty();
    }

    @Test
    void writing_needs_a_token_and_a_bad_token_is_a_401_even_on_public_reads() {
        assertThat(send("POST", "/api/benchmarks", (String) null, "{\"title\": \"x\"}")
                        .status())
                .isEqualTo(401);
        Response badToken = send("GET", "/api/library", "bh_not-a-real-token", null);
        assertThat(badToken.status()).isEqualTo(401);
        assertThat(badToken.header("Content-Type")).startsWith("application/problem+json");
        assertThat(get("/api/library", null).status()).isEqualTo(200);
    }

    @Test
    void only_an_admin_may_create_users() {
        assertThat(send(
                                "POST",
                                "/api/users",
                                alice,
                                "{\"handle\": \"eve-"
                                        + UUID.randomUUID().toString().substring(0, 6) + "\"}")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void tokens_are_stored_only_as_hashes_and_a_revoked_token_stops_working() {
        Response issued = send("POST", "/api/tokens", alice, "{\"name\": \"ci\"}");
        assertThat(issued.status()).isEqualTo(201);
        String token = issued.body().get("token").asText();
        Integer stored = jdbc.queryForObject(
                "SELECT count(*) FROM api_token WHERE token_hash = ? OR token_hash = ?",
                Integer.class,
                token,
                alice.token());
        assertThat(stored).isZero();
        assertThat(send("GET", "/api/me", token, null).status()).isEqualTo(200);

        assertThat(send("DELETE", "/api/tokens/" + issued.body().get("id").asText(), alice, null)
                        .status())
                .isEqualTo(204);
        assertThat(send("GET", "/api/me", token, null).status()).isEqualTo(401);
    }

    private static String body(String title, String tag, String visibility) {
        return """
                {"title": "%s", "tags": ["%s"], "visibility": "%s",
                 "cases": [{"input": "q", "expected": "a"}], "graders": [{"type": "exact"}]}""".formatted(title, tag, visibility);
    }

    private static long facetCount(JsonNode page, String facet, String value) {
        for (JsonNode entry : page.get("facets").get(facet)) {
            if (entry.get("value").asText().equals(value))
                return entry.get("count").asLong();
        }
        return 0;
    }
}
