package io.benchmarkhub.api.credits;

import static io.benchmarkhub.api.credits.FinanceHistory.answer;
import static io.benchmarkhub.api.credits.FinanceHistory.request;
import static io.benchmarkhub.api.credits.FinanceHistory.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.domain.run.Billing;
import io.benchmarkhub.domain.run.ProviderGeneration;
import io.benchmarkhub.domain.run.RunId;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * POST /api/finance/provider-costs and GET /api/finance/reconciliation. A CREDITS run recorded two answers (g1 1000 µ$,
 * g2 2000 µ$) and a verdict that took two judge calls (g3 300 µ$, g4 450 µ$); its simulated answer and judge, an answer
 * without a generation id and a BYOK run's call are not ours to reconcile. The provider reports g1 and g3 as we do,
 * g2 at 2100 µ$, not g4, and g6 (777 µ$), which we never made.
 */
class ReconciliationTest extends FinanceTestBase {

    private LocalDate day;
    private String g1, g2, g3, g4, g5, g6;
    private RunId credits;

    @BeforeEach
    void ids() {
        day = freshMonth().atDay(9);
        String prefix = FinanceHistory.unique("gen");
        g1 = prefix + "-1";
        g2 = prefix + "-2";
        g3 = prefix + "-3";
        g4 = prefix + "-4";
        g5 = prefix + "-5";
        g6 = prefix + "-6";
    }

    private void recordRuns() {
        credits = RunId.generate();
        RunId byok = RunId.generate();
        Instant t = day.atTime(10, 0).toInstant(ZoneOffset.UTC);
        history.run(t, request(credits, alice.id(), Billing.CREDITS, "openai/gpt-4o", "sim/echo"));
        history.run(t.plusSeconds(1), answer(credits, "c1", "openai/gpt-4o", 1_000, g1));
        history.run(t.plusSeconds(2), answer(credits, "c2", "openai/gpt-4o", 2_000, g2));
        history.run(t.plusSeconds(3), answer(credits, "c3", "openai/gpt-4o", 500, null));
        history.run(t.plusSeconds(4), answer(credits, "c1", "sim/echo", 0, g1 + "-sim"));
        history.run(
                t.plusSeconds(5),
                verdict(
                        credits,
                        "c1",
                        "openai/gpt-4o",
                        "google/judge",
                        new ProviderGeneration(g3, 300),
                        new ProviderGeneration(g4, 450)));
        history.run(
                t.plusSeconds(6),
                verdict(credits, "c1", "sim/echo", "sim/judge-1", new ProviderGeneration(g1 + "-simjudge", 0)));
        history.run(t, request(byok, bob.id(), Billing.BYOK, "openai/gpt-4o"));
        history.run(t.plusSeconds(1), answer(byok, "c1", "openai/gpt-4o", 999, g5));
        awaitProjected(credits.value(), byok.value());
    }

    @Test
    void our_generations_are_matched_with_a_csv_report_in_dollars_and_every_discrepancy_is_listed() {
        recordRuns();
        String analyst = createAnalyst();
        Response imported = importReport(ADMIN_TOKEN, "text/csv", """
                generation_id,model,cost,created_at
                %s,openai/gpt-4o,0.001,%s
                %s,openai/gpt-4o,0.0021,%s
                %s,google/judge,0.0003,%s
                %s,openai/gpt-4o,0.000777,%s
                """.formatted(
                        g1, day, g2, day, g3, day, g6, day.atTime(12, 0).toInstant(ZoneOffset.UTC)));
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        assertThat(imported.body().get("imported").asInt()).isEqualTo(4);
        assertThat(imported.body().get("source").asText()).isEqualTo("csv");

        JsonNode report = reconciliation(analyst);
        assertGroup(report.get("matched"), 2, 1_300, 1_300);
        assertThat(report.get("matched").has("items")).isFalse();
        assertGroup(report.get("missing"), 1, 450, 0);
        assertItem(report.get("missing").get("items").get(0), g4, credits.value(), "google/judge", 450L, null);
        assertGroup(report.get("mismatched"), 1, 2_000, 2_100);
        assertItem(report.get("mismatched").get("items").get(0), g2, credits.value(), "openai/gpt-4o", 2_000L, 2_100L);
        assertGroup(report.get("extra"), 1, 0, 777);
        assertItem(report.get("extra").get("items").get(0), g6, null, null, null, 777L);
        JsonNode totals = report.get("totals");
        assertThat(totals.get("oursMicros").asLong()).isEqualTo(1_300 + 450 + 2_000);
        assertThat(totals.get("theirsMicros").asLong()).isEqualTo(1_300 + 2_100 + 777);
        assertThat(totals.get("differenceMicros").asLong()).isEqualTo(4_177 - 3_750);
    }

    @Test
    void a_json_report_in_micro_dollars_or_dollars_replaces_what_was_imported_before() {
        recordRuns();
        importReport(
                ADMIN_TOKEN, "text/csv", "generation_id,cost_micros\n%s,1000\n%s,2100\n%s,300\n".formatted(g1, g2, g3));
        assertGroup(reconciliation(ADMIN_TOKEN).get("mismatched"), 1, 2_000, 2_100);

        // half-up beyond the sixth decimal: 449.5 µ$ → 450; 0.0000014 $ → 1 µ$
        String created = day.atTime(13, 0).toInstant(ZoneOffset.UTC).toString();
        Response imported = importReport(
                ADMIN_TOKEN, "application/json", """
                [{"generationId": "%s", "costMicros": 2000},
                 {"generationId": "%s", "cost": 0.0004495},
                 {"generationId": "%s", "cost": "0.0000014", "createdAt": "%s"}]""".formatted(g2, g4, g6, created), "source=openrouter-export");
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        assertThat(imported.body().get("source").asText()).isEqualTo("openrouter-export");

        JsonNode report = reconciliation(ADMIN_TOKEN);
        assertGroup(report.get("matched"), 4, 3_750, 3_750);
        assertGroup(report.get("missing"), 0, 0, 0);
        assertGroup(report.get("mismatched"), 0, 0, 0);
        assertGroup(report.get("extra"), 1, 0, 1);
        assertThat(jdbc.queryForObject("SELECT source FROM provider_cost WHERE generation_id = ?", String.class, g2))
                .isEqualTo("openrouter-export");
    }

    @Test
    void a_report_with_a_bad_row_imports_nothing_and_names_the_row() {
        Response csv = importReport(
                ADMIN_TOKEN, "text/csv", "generation_id,cost\n%s,0.001\n%s,lots\n%s,-0.5\n".formatted(g1, g2, g3));
        assertThat(csv.status()).isEqualTo(400);
        assertThat(csv.body().get("errors").findValuesAsText("field")).containsExactly("row 3", "row 4");
        assertThat(csv.body().get("detail").asText()).contains("nothing was imported");
        assertThat(imported(g1)).isZero();

        Response json = importReport(
                ADMIN_TOKEN,
                "application/json",
                "[{\"generationId\": \"%s\", \"costMicros\": 5}, {\"generationId\": \"%s\", \"costMicros\": 1.5}, {\"costMicros\": 1}]"
                        .formatted(g1, g2));
        assertThat(json.status()).isEqualTo(400);
        assertThat(json.body().get("errors").findValuesAsText("field")).containsExactly("[1].costMicros", "[2]");
        assertThat(imported(g1)).isZero();

        Response twice =
                importReport(ADMIN_TOKEN, "text/csv", "generation_id,cost_micros\n%s,1\n%s,2\n".formatted(g1, g1));
        assertThat(twice.body().get("errors").findValuesAsText("field")).containsExactly("row 3");
        Response noHeader = importReport(ADMIN_TOKEN, "text/csv", "id,cost_micros\n%s,1\n".formatted(g1));
        assertThat(noHeader.body().get("errors").findValuesAsText("field")).containsExactly("row 1");
        Response both = importReport(ADMIN_TOKEN, "text/csv", "generation_id,cost,cost_micros\n%s,1,1\n".formatted(g1));
        assertThat(both.body().get("errors").findValuesAsText("field")).containsExactly("row 1");
        assertThat(importReport(ADMIN_TOKEN, "text/plain", "generation_id,cost\n")
                        .status())
                .isEqualTo(400);
        assertThat(imported(g1)).isZero();
    }

    @Test
    void reconciliation_is_read_by_admins_and_analysts_and_imports_are_for_admins_only() {
        assertThat(get("/api/finance/reconciliation", alice).status()).isEqualTo(403);
        assertThat(importReport(alice.token(), "text/csv", "generation_id,cost_micros\n%s,1\n".formatted(g1))
                        .status())
                .isEqualTo(403);
        assertThat(imported(g1)).isZero();
        assertThat(get("/api/finance/reconciliation", (Caller) null).status()).isEqualTo(401);
        assertThat(importReport(null, "text/csv", "generation_id,cost_micros\n%s,1\n".formatted(g1))
                        .status())
                .isEqualTo(401);
        String analyst = createAnalyst();
        assertThat(get("/api/finance/reconciliation", analyst).status()).isEqualTo(200);
        assertThat(get("/api/finance/margin", analyst).status()).isEqualTo(200);
        assertThat(get("/api/finance/reconciliation?limit=0", ADMIN_TOKEN).status())
                .isEqualTo(400);

        // what reconciliation compares against is written by admins only: an analyst's import is refused and stores
        // nothing
        Response byAnalyst = importReport(analyst, "text/csv", "generation_id,cost_micros\n%s,1\n".formatted(g1));
        assertThat(byAnalyst.status()).isEqualTo(403);
        assertThat(byAnalyst.header("Content-Type")).contains("application/problem+json");
        assertThat(byAnalyst.body().path("detail").asText()).contains("admin");
        assertThat(imported(g1)).isZero();
        assertThat(importReport(ADMIN_TOKEN, "text/csv", "generation_id,cost_micros\n%s,1\n".formatted(g1))
                        .status())
                .isEqualTo(200);
        assertThat(imported(g1)).isEqualTo(1);
    }

    private JsonNode reconciliation(String token) {
        Response response = get("/api/finance/reconciliation?from=" + day + "&to=" + day.plusDays(1), token);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.body();
    }

    private Response importReport(String token, String contentType, String body, String... query) {
        var builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/finance/provider-costs"
                        + (query.length == 0 ? "" : "?" + String.join("&", query))))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return exchange(builder, token);
    }

    private long imported(String generationId) {
        Long n = jdbc.queryForObject(
                "SELECT count(*) FROM provider_cost WHERE generation_id = ?", Long.class, generationId);
        return n == null ? 0 : n;
    }

    private static void assertGroup(JsonNode group, long count, long ours, long theirs) {
        String what = group.toString();
        assertThat(group.get("count").asLong()).as(what).isEqualTo(count);
        assertThat(group.get("oursMicros").asLong()).as(what).isEqualTo(ours);
        assertThat(group.get("theirsMicros").asLong()).as(what).isEqualTo(theirs);
        assertThat(group.get("differenceMicros").asLong()).as(what).isEqualTo(theirs - ours);
    }

    private static void assertItem(
            JsonNode item, String generationId, String runId, String model, Long ours, Long theirs) {
        String what = item.toString();
        assertThat(item.get("generationId").asText()).as(what).isEqualTo(generationId);
        assertThat(item.get("runId").isNull() ? null : item.get("runId").asText())
                .as(what)
                .isEqualTo(runId);
        assertThat(item.get("model").isNull() ? null : item.get("model").asText())
                .as(what)
                .isEqualTo(model);
        assertThat(
                        item.get("oursMicros").isNull()
                                ? null
                                : item.get("oursMicros").asLong())
                .as(what)
                .isEqualTo(ours);
        assertThat(
                        item.get("theirsMicros").isNull()
                                ? null
                                : item.get("theirsMicros").asLong())
                .as(what)
                .isEqualTo(theirs);
        assertThat(item.get("differenceMicros").asLong())
                .as(what)
                .isEqualTo((theirs == null ? 0 : theirs) - (ours == null ? 0 : ours));
    }
}
