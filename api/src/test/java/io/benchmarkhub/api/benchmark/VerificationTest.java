package io.benchmarkhub.api.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The verified badge over HTTP: the owner requests, an admin approves, detail and library show it. */
class VerificationTest extends ApiTestBase {

    private static final String OPEN = """
            {"licence": "CC-BY-4.0", "sourceUrl": "https://example.org/datasets/capitals"}""";

    private Response request(String id, Caller caller, String body) {
        return send("POST", "/api/benchmarks/" + id + "/verification", caller, body);
    }

    private Response approve(String id, String token) {
        return send("POST", "/api/admin/benchmarks/" + id + "/verification/approve", token, null);
    }

    @Test
    void an_approved_request_shows_verified_on_the_detail_and_in_the_library_without_a_new_version() {
        String tag = "t" + UUID.randomUUID().toString().substring(0, 8);
        String id = createBenchmark(alice, """
                {"title": "Open data", "tags": ["%s"], "visibility": "PUBLIC", "promptTemplate": "{{input}}",
                 "cases": [{"input": "2+2", "expected": "4"}], "graders": [{"type": "exact"}]}""".formatted(tag));

        Response requested = request(id, alice, OPEN);
        assertThat(requested.status()).as(requested.text()).isEqualTo(200);
        assertThat(requested.body().get("verified").asBoolean()).isFalse();
        assertThat(requested.body().get("verification").get("status").asText()).isEqualTo("REQUESTED");
        JsonNode pending = get("/api/benchmarks/" + id, bob).body();
        assertThat(pending.get("verified").asBoolean()).isFalse();
        assertThat(pending.get("verification").get("licence").asText()).isEqualTo("CC-BY-4.0");

        Response approved = approve(id, ADMIN_TOKEN);
        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        assertThat(approved.body().get("verified").asBoolean()).isTrue();

        Response detail = get("/api/benchmarks/" + id, null);
        assertThat(detail.body().get("verified").asBoolean()).isTrue();
        assertThat(detail.body().get("verification").get("status").asText()).isEqualTo("VERIFIED");
        assertThat(detail.body().get("verification").get("sourceUrl").asText())
                .isEqualTo("https://example.org/datasets/capitals");
        assertThat(detail.body().get("version").asLong()).isEqualTo(1);
        assertThat(get("/api/benchmarks/" + id + "/versions", alice).body()).hasSize(1);
        eventually(
                () -> get("/api/library?tags=" + tag + "&verified=true", null)
                                .body()
                                .get("total")
                                .asLong()
                        == 1,
                "the library lists it as verified");
        assertThat(get("/api/library?tags=" + tag, null)
                        .body()
                        .get("items")
                        .get(0)
                        .get("verified")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void requesting_again_and_approving_twice_append_nothing() {
        String id = createBenchmark(alice, "Twice", "PUBLIC");
        request(id, alice, OPEN);
        long afterRequest = eventCount(id);
        assertThat(request(id, alice, OPEN).status()).isEqualTo(200);
        assertThat(eventCount(id)).isEqualTo(afterRequest);

        approve(id, ADMIN_TOKEN);
        long afterApproval = eventCount(id);
        Response again = approve(id, ADMIN_TOKEN);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("verified").asBoolean()).isTrue();
        assertThat(eventCount(id)).isEqualTo(afterApproval).isEqualTo(afterRequest + 1);
    }

    @Test
    void invalid_fields_are_a_400_naming_them() {
        String id = createBenchmark(alice, "Bad", "PUBLIC");
        Response bad = request(id, alice, """
                {"licence": "", "sourceUrl": "javascript:alert(1)"}""");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.header("Content-Type")).startsWith("application/problem+json");
        assertThat(bad.text()).contains("licence").contains("sourceUrl");
        Response tooLong = request(id, alice, """
                {"licence": "%s", "sourceUrl": "https://example.org/%s"}""".formatted("x".repeat(101), "p".repeat(2000)));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.text()).contains("licence").contains("sourceUrl");
        assertThat(eventCount(id)).isEqualTo(1);
    }

    @Test
    void only_the_owner_requests_only_an_admin_approves_and_only_what_was_requested() {
        String id = createBenchmark(alice, "Guarded", "PUBLIC");
        assertThat(request(id, bob, OPEN).status()).isEqualTo(403);
        assertThat(approve(id, ADMIN_TOKEN).status()).isEqualTo(409);
        request(id, alice, OPEN);
        assertThat(approve(id, alice.token()).status()).isEqualTo(403);
        assertThat(get("/api/benchmarks/" + id, null).body().get("verified").asBoolean())
                .isFalse();
    }

    @Test
    void a_private_benchmark_cannot_be_verified_and_is_a_404_for_others() {
        String id = createBenchmark(alice, "Private", "PRIVATE");
        Response own = request(id, alice, OPEN);
        assertThat(own.status()).isEqualTo(409);
        assertThat(own.header("Content-Type")).startsWith("application/problem+json");
        assertThat(request(id, bob, OPEN).status()).isEqualTo(404);
        assertThat(request("bm_missing", alice, OPEN).status()).isEqualTo(404);
        assertThat(approve("bm_missing", ADMIN_TOKEN).status()).isEqualTo(404);
    }

    private Response revoke(String id, String token, String body) {
        return send("POST", "/api/admin/benchmarks/" + id + "/verification/revoke", token, body);
    }

    private java.util.List<String> queue(String status) {
        return asAdmin("/api/admin/benchmarks/verification" + (status == null ? "" : "?status=" + status))
                .body()
                .findValuesAsText("benchmarkId");
    }

    private Response asAdmin(String path) {
        return send("GET", path, ADMIN_TOKEN, null);
    }

    @Test
    void admins_see_pending_requests_and_a_revoked_badge_leaves_detail_and_library_with_its_reason() {
        String tag = "t" + UUID.randomUUID().toString().substring(0, 8);
        String id = createBenchmark(alice, """
                {"title": "Revoked data", "tags": ["%s"], "visibility": "PUBLIC", "promptTemplate": "{{input}}",
                 "cases": [{"input": "2+2", "expected": "4"}], "graders": [{"type": "exact"}]}""".formatted(tag));
        String hidden = createBenchmark(alice, """
                {"title": "Hidden data", "tags": ["%s"], "visibility": "PUBLIC", "promptTemplate": "{{input}}",
                 "cases": [{"input": "2+2", "expected": "4"}], "graders": [{"type": "exact"}]}""".formatted(tag));
        assertThat(request(id, alice, OPEN).status()).isEqualTo(200);
        assertThat(request(hidden, alice, OPEN).status()).isEqualTo(200);
        assertThat(send("POST", "/api/benchmarks/" + hidden + "/unpublish", alice, null)
                        .status())
                .isEqualTo(200);

        assertThat(queue(null)).contains(id).doesNotContain(hidden);
        JsonNode listed = null;
        for (JsonNode row :
                asAdmin("/api/admin/benchmarks/verification?status=pending").body()) {
            if (row.get("benchmarkId").asText().equals(id)) listed = row;
        }
        assertThat(listed.get("title").asText()).isEqualTo("Revoked data");
        assertThat(listed.get("ownerId").asText()).isEqualTo(alice.id());
        assertThat(listed.get("licence").asText()).isEqualTo("CC-BY-4.0");
        assertThat(listed.hasNonNull("changedAt")).isTrue();
        assertThat(get("/api/admin/benchmarks/verification?status=pending", alice)
                        .status())
                .isEqualTo(403);
        Response unknown = asAdmin("/api/admin/benchmarks/verification?status=maybe");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.text()).contains("status");

        assertThat(revoke(id, ADMIN_TOKEN, "{\"reason\": \"why\"}").status())
                .as("nothing to revoke yet")
                .isEqualTo(409);
        assertThat(approve(id, ADMIN_TOKEN).status()).isEqualTo(200);
        assertThat(queue("pending")).doesNotContain(id);
        assertThat(queue("verified")).contains(id);
        eventually(
                () -> get("/api/library?tags=" + tag + "&verified=true", null)
                                .body()
                                .get("total")
                                .asLong()
                        == 1,
                "verified in the library");

        Response blank = revoke(id, ADMIN_TOKEN, "{\"reason\": \"  \"}");
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.text()).contains("reason");
        assertThat(revoke(id, alice.token(), "{\"reason\": \"mine\"}").status()).isEqualTo(403);
        Response revoked = revoke(id, ADMIN_TOKEN, "{\"reason\": \"The source now needs a login.\"}");
        assertThat(revoked.status()).as(revoked.text()).isEqualTo(200);
        assertThat(revoked.body().get("verified").asBoolean()).isFalse();
        assertThat(revoked.body().get("verification").get("status").asText()).isEqualTo("REVOKED");

        JsonNode detail = get("/api/benchmarks/" + id, null).body();
        assertThat(detail.get("verified").asBoolean()).isFalse();
        assertThat(detail.get("verification").get("status").asText()).isEqualTo("REVOKED");
        assertThat(detail.get("verification").get("revocationReason").asText())
                .isEqualTo("The source now needs a login.");
        assertThat(detail.get("version").asLong()).isEqualTo(1);
        eventually(
                () -> get("/api/library?tags=" + tag + "&verified=true", null)
                                .body()
                                .get("total")
                                .asLong()
                        == 0,
                "the library no longer lists it as verified");
        assertThat(queue("revoked")).contains(id);
        assertThat(revoke(id, ADMIN_TOKEN, "{\"reason\": \"again\"}").status()).isEqualTo(200);
        assertThat(eventCount(id)).isEqualTo(4);

        // the owner may ask again; it is pending again
        assertThat(request(id, alice, OPEN).status()).isEqualTo(200);
        assertThat(queue("pending")).contains(id);
        assertThat(get("/api/benchmarks/" + id, null).body().get("verification").has("revocationReason"))
                .isFalse();
    }
}
