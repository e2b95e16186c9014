package io.benchmarkhub.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The OpenAPI spec documents the contract of API.md, and Swagger UI is served, without a token. */
class OpenApiTest extends ApiTestBase {

    @Test
    void the_openapi_spec_lists_every_benchmark_endpoint() {
        Response spec = get("/v3/api-docs", null);
        assertThat(spec.status()).isEqualTo(200);
        JsonNode paths = spec.body().get("paths");
        assertThat(paths.has("/api/benchmarks")).isTrue();
        assertThat(paths.get("/api/benchmarks/{id}").has("get")).isTrue();
        assertThat(paths.get("/api/benchmarks/{id}").has("patch")).isTrue();
        for (String path : new String[] {
            "/api/benchmarks/{id}/cases",
            "/api/benchmarks/{id}/cases/{caseId}",
            "/api/benchmarks/{id}/graders",
            "/api/benchmarks/{id}/decision-criteria",
            "/api/benchmarks/{id}/publish",
            "/api/benchmarks/{id}/unpublish",
            "/api/benchmarks/{id}/forks",
            "/api/benchmarks/{id}/versions",
            "/api/benchmarks/{id}/versions/{version}",
            "/api/benchmarks/{id}/diff",
            "/api/library",
            "/api/users",
            "/api/tokens",
            "/downloads/benchmarkhub-cli.jar"
        }) {
            assertThat(paths.has(path)).as(path).isTrue();
        }
        assertThat(spec.body()
                        .at("/components/schemas/Grader/discriminator/mapping/llm-judge")
                        .asText())
                .endsWith("/LlmJudge");
        assertThat(paths.at("/~1api~1benchmarks/post/responses").has("201")).isTrue();
        assertThat(paths.at("/~1api~1benchmarks~1{id}/patch/responses").has("412"))
                .isTrue();
        assertThat(spec.body().at("/components/securitySchemes/bearer/scheme").asText())
                .isEqualTo("bearer");
    }

    @Test
    void the_openapi_spec_lists_the_account_endpoints_and_the_session_scheme() {
        JsonNode spec = get("/v3/api-docs", null).body();
        JsonNode paths = spec.get("paths");
        for (String post : new String[] {
            "/api/auth/signup",
            "/api/auth/login",
            "/api/auth/logout",
            "/api/auth/logout-everywhere",
            "/api/auth/verify-email",
            "/api/auth/password-reset",
            "/api/auth/password-reset/confirm",
            "/api/auth/password",
            "/api/admin/users/{id}/revoke",
            "/api/admin/invitations"
        }) {
            assertThat(paths.path(post).has("post")).as(post).isTrue();
        }
        for (String get : new String[] {
            "/api/auth/me", "/api/auth/csrf", "/api/account/export", "/api/admin/users", "/api/admin/users/{id}"
        }) {
            assertThat(paths.path(get).has("get")).as(get).isTrue();
        }
        assertThat(paths.path("/api/account").has("delete")).isTrue();
        assertThat(paths.path("/api/admin/users/{id}").has("patch")).isTrue();
        assertThat(paths.at("/~1api~1auth~1signup/post/responses").has("201")).isTrue();
        assertThat(paths.at("/~1api~1auth~1login/post/responses").has("429")).isTrue();
        assertThat(paths.at("/~1api~1auth~1login/post/responses").has("403")).isTrue();
        assertThat(spec.at("/components/securitySchemes/session/in").asText()).isEqualTo("cookie");
        assertThat(spec.at("/components/schemas/CreateTokenRequest/properties").has("expiresAt"))
                .isTrue();
    }

    @Test
    void the_openapi_spec_lists_the_run_queries_and_the_event_stream() {
        JsonNode paths = get("/v3/api-docs", null).body().get("paths");
        for (String path : new String[] {
            "/api/runs", "/api/runs/{id}", "/api/runs/{id}/results", "/api/runs/{id}/compare", "/api/runs/{id}/events"
        }) {
            assertThat(paths.path(path).has("get")).as(path).isTrue();
            if (path.contains("{id}"))
                assertThat(paths.path(path).at("/get/responses").has("404"))
                        .as(path)
                        .isTrue();
        }
        assertThat(paths.at("/~1api~1runs~1{id}~1events/get/responses/200/content")
                        .has("text/event-stream"))
                .isTrue();
        assertThat(paths.at("/~1api~1runs~1{id}~1compare/get/parameters").findValuesAsText("name"))
                .contains("baseline", "candidate");
    }

    @Test
    void the_openapi_spec_lists_the_credit_and_finance_queries_and_the_cost_import() {
        JsonNode paths = get("/v3/api-docs", null).body().get("paths");
        for (String path : new String[] {
            "/api/credits/balance", "/api/credits/ledger", "/api/finance/margin", "/api/finance/reconciliation"
        }) {
            assertThat(paths.path(path).has("get")).as(path).isTrue();
        }
        assertThat(paths.at("/~1api~1finance~1provider-costs/post/requestBody/content")
                        .has("text/csv"))
                .isTrue();
        assertThat(paths.at("/~1api~1finance~1margin/get/responses").has("403")).isTrue();
        assertThat(paths.at("/~1api~1finance~1margin/get/parameters").findValuesAsText("name"))
                .contains("from", "to", "groupBy");
    }

    @Test
    void the_openapi_spec_says_how_credits_refuse_a_run_and_what_the_payment_webhook_answers() {
        JsonNode paths = get("/v3/api-docs", null).body().get("paths");
        JsonNode run = paths.at("/~1api~1runs/post/responses");
        assertThat(run.has("402")).isTrue();
        assertThat(run.path("402").path("description").asText())
                .contains("available")
                .contains("needed")
                .contains("owed");
        assertThat(run.at("/202/content/application~1json/schema/$ref").asText())
                .endsWith("RunAccepted");
        assertThat(paths.at("/~1api~1webhooks~1payments/post/responses/200/description")
                        .asText())
                .contains("ignored");
        assertThat(paths.at("/~1api~1webhooks~1payments/post/responses/200/content/application~1json/schema/$ref")
                        .asText())
                .endsWith("Received");
        assertThat(paths.path("/api/admin/credits/settlements").has("post")).isTrue();
        assertThat(paths.at("/~1api~1finance~1provider-costs/post/summary").asText())
                .contains("admins only");
        assertThat(get("/v3/api-docs", null)
                        .body()
                        .at("/components/schemas/CreditBalance/properties")
                        .has("owed"))
                .isTrue();
    }

    @Test
    void the_openapi_spec_lists_the_integrity_endpoints() {
        JsonNode paths = get("/v3/api-docs", null).body().get("paths");
        assertThat(paths.path("/api/integrity/contamination").has("get")).isTrue();
        assertThat(paths.at("/~1api~1integrity~1contamination/get/parameters").findValuesAsText("name"))
                .contains("status");
        assertThat(paths.path("/api/admin/benchmarks/{id}/contamination/dismiss")
                        .has("post"))
                .isTrue();
        assertThat(paths.path("/api/admin/benchmarks/{id}/verification/revoke").has("post"))
                .isTrue();
        assertThat(paths.path("/api/admin/benchmarks/verification").has("get")).isTrue();
        assertThat(paths.at("/~1api~1library/get/parameters").findValuesAsText("name"))
                .contains("contaminationFlagged");
    }

    @Test
    void the_openapi_spec_documents_resuming_a_run() {
        JsonNode resume = get("/v3/api-docs", null).body().at("/paths/~1api~1runs~1{id}~1resume/post");
        assertThat(resume.path("parameters").findValuesAsText("name")).contains("id", "X-Provider-Key");
        JsonNode responses = resume.path("responses");
        assertThat(responses.has("200")).as("the answer is 202, not 200").isFalse();
        assertThat(responses.at("/202/content/application~1json/schema/$ref").asText())
                .endsWith("/RunAccepted");
        for (String status : new String[] {"400", "404", "409"}) {
            assertThat(responses
                            .at("/" + status + "/content/application~1problem+json/schema/$ref")
                            .asText())
                    .as(status)
                    .endsWith("/Problem");
        }
    }

    @Test
    void every_operation_documents_its_success_answer_and_its_answers_are_json_not_anything() {
        JsonNode paths = get("/v3/api-docs", null).body().get("paths");
        java.util.List<String> missing = new java.util.ArrayList<>();
        paths.fields()
                .forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
                    JsonNode responses = op.getValue().path("responses");
                    boolean success = false;
                    for (var codes = responses.fieldNames(); codes.hasNext(); )
                        success |= codes.next().startsWith("2");
                    if (!success) missing.add(op.getKey().toUpperCase() + " " + path.getKey());
                    responses.fields().forEachRemaining(r -> {
                        if (r.getValue().path("content").has("*/*"))
                            missing.add(op.getKey().toUpperCase() + " " + path.getKey() + " " + r.getKey() + " */*");
                    });
                }));
        assertThat(missing).isEmpty();
    }

    @Test
    void the_openapi_spec_says_what_may_be_null_and_what_is_always_there() {
        JsonNode schemas = get("/v3/api-docs", null).body().at("/components/schemas");
        // the five answers the fuzz of issue 12 found with nulls the document did not allow
        assertThat(schemas.at("/TokenInfo/properties/revokedAt/type").toString())
                .contains("null");
        assertThat(schemas.at("/TokenInfo/required").toString())
                .contains("revokedAt")
                .contains("id");
        assertThat(schemas.at("/ProjectionStatus/properties/replay/anyOf/1/type")
                        .asText())
                .isEqualTo("null");
        assertThat(schemas.at("/ProjectionStatus/properties/lag/type").asText())
                .as("a long is never null")
                .isEqualTo("integer");
        assertThat(schemas.at("/ProjectionStatus/properties/state/enum").toString())
                .contains("LIVE")
                .contains("null");
        assertThat(schemas.at("/ForkNode/properties/forkedFromVersion/type").toString())
                .contains("null");
        // a request body's schema lists nothing as required that a client may leave out
        assertThat(schemas.at("/CreateBenchmarkRequest").has("required")).isFalse();
        // two records named Imported no longer share (and overwrite) one schema
        assertThat(schemas.has("ProviderCostsImported")).isTrue();
    }

    @Test
    void swagger_ui_is_served() {
        Response ui = get("/swagger-ui/index.html", null);
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.text()).contains("Swagger UI");
        assertThat(get("/swagger-ui.html", null).status()).isIn(200, 302);
    }
}
