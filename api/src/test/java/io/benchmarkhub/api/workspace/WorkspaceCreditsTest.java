package io.benchmarkhub.api.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.net.Webhook;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.api.run.FakeModels;
import io.benchmarkhub.command.run.provider.FakeOpenRouterServer;
import io.benchmarkhub.domain.credits.events.CreditsCharged;
import io.benchmarkhub.domain.credits.events.CreditsPurchased;
import io.benchmarkhub.domain.credits.events.CreditsReserved;
import io.benchmarkhub.domain.run.events.ModelResponseRecorded;
import io.benchmarkhub.domain.run.events.RunCompleted;
import io.benchmarkhub.domain.run.events.RunRequested;
import io.benchmarkhub.domain.suggestion.events.SuggestionJobRequested;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A workspace's credit account against the whole app, PostgreSQL, the local provider server and the Stripe stand-in:
 * bought by its owners through checkout, read by its members, reserved on and charged by its members' runs (not their
 * own accounts), reconciled to the unit, and each member's monthly spend limit.
 */
class WorkspaceCreditsTest extends ApiTestBase {

    @Autowired
    EventStore eventStore;

    @Test
    void owners_buy_credits_for_the_workspace_and_its_members_read_the_balance() throws Exception {
        String id = workspace(alice);
        Caller carol = createUser("carol");
        Caller dave = createUser("dave");
        join(id, alice, bob, "ADMIN");
        join(id, alice, carol, "VIEWER");

        int before = STRIPE.calls().size();
        Response opened = send(
                "POST",
                "/api/credits/checkout",
                alice,
                "{\"price\": \"price_test_500\", \"workspaceId\": \"" + id + "\"}");
        assertThat(opened.status()).as(opened.text()).isEqualTo(201);
        String session = opened.body().get("sessionId").asText();
        assertThat(STRIPE.calls().get(before).form())
                .containsEntry("client_reference_id", alice.id())
                .containsEntry("metadata[workspace_id]", id)
                .containsEntry(
                        "success_url",
                        "http://localhost:8080/workspaces/" + id + "?checkout=success&session={CHECKOUT_SESSION_ID}");
        // only owners manage billing; a workspace of someone else's is a bad field
        assertThat(send(
                                "POST",
                                "/api/credits/checkout",
                                bob,
                                "{\"price\": \"price_test_500\", \"workspaceId\": \"" + id + "\"}")
                        .status())
                .isEqualTo(403);
        Response outsider = send(
                "POST",
                "/api/credits/checkout",
                dave,
                "{\"price\": \"price_test_500\", \"workspaceId\": \"" + id + "\"}");
        assertThat(outsider.status()).isEqualTo(400);
        assertThat(outsider.body().get("errors").get(0).get("field").asText()).isEqualTo("workspaceId");
        assertThat(STRIPE.calls()).hasSize(before + 1);

        assertThat(deliver(session, alice.id(), id).status()).isEqualTo(200);
        assertThat(events("acct_" + id))
                .singleElement()
                .isInstanceOfSatisfying(
                        CreditsPurchased.class, p -> assertThat(p.credits()).isEqualTo(500));
        assertThat(events("acct_" + alice.id()))
                .as("not the buyer's own account")
                .isEmpty();

        eventually(
                () -> get("/api/workspaces/" + id + "/credits/balance", carol)
                                .body()
                                .path("balance")
                                .asLong()
                        == 500,
                "a viewer reads the workspace's balance");
        JsonNode balance =
                get("/api/workspaces/" + id + "/credits/balance", bob).body();
        assertThat(balance.path("accountId").asText()).isEqualTo("acct_" + id);
        assertThat(balance.path("available").asLong()).isEqualTo(500);
        assertThat(balance.path("monthlySpendLimit").isNull()).isTrue();
        assertThat(get("/api/workspaces/" + id + "/credits/balance", dave).status())
                .isEqualTo(404);
        assertThat(get("/api/workspaces/" + id + "/credits/ledger", bob).status())
                .isEqualTo(200);
        assertThat(get("/api/workspaces/" + id + "/credits/ledger", carol).status())
                .isEqualTo(403);

        // a benchmark names its workspace (whose credits its runs use) to that workspace's members only
        String open = createBenchmark(alice, """
                {"title": "Open team benchmark", "visibility": "PUBLIC", "workspaceId": "%s",
                 "cases": [{"input": "a", "expected": "a"}], "graders": [{"type": "exact"}]}""".formatted(id));
        assertThat(get("/api/benchmarks/" + open, carol)
                        .body()
                        .get("workspaceId")
                        .asText())
                .isEqualTo(id);
        assertThat(get("/api/benchmarks/" + open, dave)
                                .body()
                                .path("workspaceId")
                                .isNull()
                        || get("/api/benchmarks/" + open, dave)
                                .body()
                                .path("workspaceId")
                                .isMissingNode())
                .isTrue();
        assertThat(get("/api/benchmarks/" + open, dave).text()).doesNotContain(id);
    }

    @Test
    void a_members_run_reserves_on_and_is_charged_to_the_workspace_and_reconciles_to_the_unit() throws Exception {
        awaitCatalogue("openai/gpt-4o");
        String id = workspace(alice);
        join(id, alice, bob, "MEMBER");
        grant(id, 100);
        String benchmark = createBenchmark(bob, """
                {"title": "Team billed", "visibility": "PRIVATE", "workspaceId": "%s",
                 "cases": [{"input": "one", "expected": "one"}, {"input": "two", "expected": "two"},
                 {"input": "three", "expected": "three"}], "graders": [{"type": "contains"}]}""".formatted(id));

        Response started = send("POST", "/api/runs", bob, """
                {"benchmarkId": "%s", "models": ["openai/gpt-4o"], "billing": "CREDITS"}""".formatted(benchmark));
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        String runId = started.body().get("id").asText();
        eventually(
                () -> events("acct_" + id).stream().anyMatch(CreditsCharged.class::isInstance),
                "the workspace's account is charged");
        var request = (RunRequested) events(runId).getFirst();
        assertThat(request.creditAccount().value()).isEqualTo("acct_" + id);
        assertThat(request.workspaceId()).isEqualTo(id);
        assertThat(events("acct_" + bob.id()))
                .as("the member's own account is not touched")
                .isEmpty();
        assertThat(events("acct_" + id))
                .filteredOn(CreditsReserved.class::isInstance)
                .singleElement()
                .satisfies(r -> assertThat(((CreditsReserved) r).credits()).isEqualTo(41));
        var charge = (CreditsCharged) events("acct_" + id).stream()
                .filter(CreditsCharged.class::isInstance)
                .findFirst()
                .orElseThrow();
        assertThat(charge.apiCostMicros()).isEqualTo(225);
        assertThat(charge.credits()).isEqualTo(1);
        assertThat(events(runId).getLast()).isInstanceOf(RunCompleted.class);

        // the ledger to the unit: 100 granted, 1 charged, the rest of the reservation released
        eventually(
                () -> {
                    JsonNode b = get("/api/workspaces/" + id + "/credits/balance", alice)
                            .body();
                    return b.path("balance").asLong() == 99
                            && b.path("reserved").asLong() == 0
                            && b.path("available").asLong() == 99;
                },
                "the workspace's balance shows the charge and the release");
        JsonNode ledger =
                get("/api/workspaces/" + id + "/credits/ledger", alice).body().path("items");
        assertThat(ledger.findValuesAsText("kind")).containsExactly("RELEASED", "CHARGED", "RESERVED", "GRANTED");
        assertThat(ledger.get(1).path("runId").asText()).isEqualTo(runId);
        // the member's month counts what the run was charged once the ledger shows it
        eventually(
                () -> get("/api/workspaces/" + id + "/credits/balance", bob)
                                .body()
                                .path("spentThisMonth")
                                .asLong()
                        == 1,
                "bob's month counts the charge");

        // the provider reports exactly what the run recorded: a clean reconciliation of the workspace run's generations
        var generations = events(runId).stream()
                .filter(ModelResponseRecorded.class::isInstance)
                .map(ModelResponseRecorded.class::cast)
                .toList();
        var csv = new StringBuilder("generation_id,cost_micros\n");
        generations.forEach(g ->
                csv.append(g.generationId()).append(',').append(g.costMicros()).append('\n'));
        assertThat(send(
                                "POST",
                                "/api/finance/provider-costs?format=csv&source=ws",
                                ADMIN_TOKEN,
                                csv.toString(),
                                "Content-Type",
                                "text/csv")
                        .status())
                .isEqualTo(200);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
        var ours = generations.stream().map(ModelResponseRecorded::generationId).toList();
        eventually(
                () -> {
                    JsonNode r = send(
                                    "GET",
                                    "/api/finance/reconciliation?from=" + today + "&to=" + tomorrow,
                                    ADMIN_TOKEN,
                                    null)
                            .body();
                    return r.path("matched").path("count").asLong() >= ours.size()
                            && r.path("missing").path("items").findValuesAsText("generationId").stream()
                                    .noneMatch(ours::contains)
                            && r.path("mismatched").path("items").findValuesAsText("generationId").stream()
                                    .noneMatch(ours::contains);
                },
                "the workspace run's generations reconcile");
        // the finance projection counts the workspace's charge like any other, to the unit
        eventually(
                () -> Long.valueOf(1)
                        .equals(jdbc.queryForObject(
                                "SELECT coalesce(sum(credits), 0) FROM finance_charge_line WHERE account_id = ? AND run_id = ?",
                                Long.class,
                                "acct_" + id,
                                runId)),
                "the finance projection splits the charge of 1 credit over the run's models");
    }

    @Test
    void a_members_monthly_limit_refuses_a_run_that_would_pass_it_with_a_402_and_records_nothing() throws Exception {
        awaitCatalogue("openai/gpt-4o");
        String id = workspace(alice);
        join(id, alice, bob, "MEMBER");
        Caller carol = createUser("carol");
        join(id, alice, carol, "ADMIN");
        grant(id, 1_000);
        String benchmark = createBenchmark(bob, """
                {"title": "Limited", "visibility": "PRIVATE", "workspaceId": "%s",
                 "cases": [{"input": "one", "expected": "one"}], "graders": [{"type": "contains"}]}""".formatted(id));

        // who may set it, and what it may be
        String member = "/api/workspaces/" + id + "/members/" + bob.id();
        assertThat(send("PATCH", member, bob, "{\"monthlySpendLimit\": 5}").status())
                .isEqualTo(403);
        for (String bad : List.of("-1", "1.5", "\"ten\"")) {
            Response refused = send("PATCH", member, carol, "{\"monthlySpendLimit\": " + bad + "}");
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.body().get("errors").get(0).get("field").asText())
                    .isEqualTo("monthlySpendLimit");
        }
        Response set = send("PATCH", member, carol, "{\"monthlySpendLimit\": 5}");
        assertThat(set.status()).as(set.text()).isEqualTo(200);
        assertThat(set.body().get("monthlySpendLimit").asLong()).isEqualTo(5);
        assertThat(set.body().get("role").asText()).as("the role is unchanged").isEqualTo("MEMBER");
        assertThat(payloads(id)).contains("WorkspaceMemberSpendLimitChanged");

        String personal = createBenchmark(bob, "mine", "PRIVATE");
        long before = totalEvents();
        // the estimate says so before the run is asked for: the limit, the month so far, what is left
        Response estimate = send("POST", "/api/runs/estimate", bob, """
                {"benchmarkId": "%s", "models": ["openai/gpt-4o"], "billing": "CREDITS"}""".formatted(benchmark));
        assertThat(estimate.status()).as(estimate.text()).isEqualTo(200);
        assertThat(estimate.body().get("workspaceId").asText()).isEqualTo(id);
        assertThat(estimate.body().get("monthlySpendLimit").asLong()).isEqualTo(5);
        assertThat(estimate.body().get("spentThisMonth").asLong()).isZero();
        assertThat(estimate.body().get("spendLeft").asLong()).isEqualTo(5);
        assertThat(estimate.body().get("reservedCredits").asLong()).isGreaterThan(5);
        // the workspace's owner has no limit; a personal benchmark bills no workspace
        Response unlimited = send("POST", "/api/runs/estimate", alice, """
                {"benchmarkId": "%s", "models": ["openai/gpt-4o"], "billing": "CREDITS"}""".formatted(benchmark));
        assertThat(unlimited.body().get("workspaceId").asText()).isEqualTo(id);
        assertThat(unlimited.body().get("monthlySpendLimit").isNull()).isTrue();
        assertThat(unlimited.body().get("spendLeft").isNull()).isTrue();
        Response own = send("POST", "/api/runs/estimate", bob, """
                {"benchmarkId": "%s", "models": ["openai/gpt-4o"], "billing": "CREDITS"}""".formatted(personal));
        assertThat(own.body().get("workspaceId").isNull()).isTrue();
        assertThat(own.body().get("spentThisMonth").isNull()).isTrue();
        assertThat(totalEvents()).as("an estimate records nothing").isEqualTo(before);
        Response refused = send("POST", "/api/runs", bob, """
                {"benchmarkId": "%s", "models": ["openai/gpt-4o"], "billing": "CREDITS"}""".formatted(benchmark));
        assertThat(refused.status()).as(refused.text()).isEqualTo(402);
        assertThat(refused.header("Content-Type")).contains("application/problem+json");
        assertThat(refused.body().get("monthlySpendLimit").asLong()).isEqualTo(5);
        assertThat(refused.body().get("left").asLong()).isEqualTo(5);
        long needed = refused.body().get("needed").asLong();
        assertThat(needed).isGreaterThan(5);
        assertThat(refused.body().get("detail").asText())
                .contains("monthly spend limit")
                .contains("5");
        assertThat(totalEvents()).as("nothing recorded, nothing reserved").isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM workspace_spend WHERE workspace_id = ?", Long.class, id))
                .isZero();

        // a limit that covers the run lets it through; afterwards the month counts its charge
        assertThat(send("PATCH", member, carol, "{\"monthlySpendLimit\": " + (needed + 3) + "}")
                        .status())
                .isEqualTo(200);
        Response started = send("POST", "/api/runs", bob, """
                {"benchmarkId": "%s", "models": ["openai/gpt-4o"], "billing": "CREDITS"}""".formatted(benchmark));
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        eventually(
                () -> {
                    JsonNode b = get("/api/workspaces/" + id + "/credits/balance", bob)
                            .body();
                    return b.path("spentThisMonth").asLong() == 1
                            && b.path("leftThisMonth").asLong() == needed + 2;
                },
                "bob's month counts the charge of 1 credit, not the reservation");
        for (JsonNode m :
                get("/api/workspaces/" + id + "/members", alice).body().path("items")) {
            if (m.path("userId").asText().equals(bob.id())) {
                assertThat(m.path("spentThisMonth").asLong()).isEqualTo(1);
                assertThat(m.path("monthlySpendLimit").asLong()).isEqualTo(needed + 3);
            }
        }
        // null removes the limit
        assertThat(send("PATCH", member, carol, "{\"monthlySpendLimit\": null}")
                        .body()
                        .get("monthlySpendLimit")
                        .isNull())
                .isTrue();
    }

    @Test
    void a_removed_member_can_no_longer_cancel_grade_or_tag_a_run_they_started_and_viewers_never_could() {
        String id = workspace(alice);
        join(id, alice, bob, "MEMBER");
        Caller carol = createUser("carol");
        join(id, alice, carol, "VIEWER");
        Caller erin = createUser("erin");
        join(id, alice, erin, "MEMBER");
        String benchmark = createBenchmark(bob, """
                {"title": "Graded", "visibility": "PRIVATE", "workspaceId": "%s",
                 "cases": [{"id": "c1", "input": "one", "expected": "one"}], "graders": [{"type": "contains"}]}""".formatted(id));
        Response started = send("POST", "/api/runs", bob, """
                {"benchmarkId": "%s", "models": ["sim/echo"], "billing": "CREDITS"}""".formatted(benchmark));
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        String run = started.body().get("id").asText();
        eventually(() -> events(run).getLast() instanceof RunCompleted, "the run completes");
        String grade = "{\"caseId\": \"c1\", \"model\": \"sim/echo\", \"score\": 1}";
        String tag = "{\"name\": \"echoes\", \"caseIds\": [\"c1\"]}";

        // a viewer reads the run but changes nothing on it
        assertThat(get("/api/runs/" + run, carol).status()).isEqualTo(200);
        assertThat(send("POST", "/api/runs/" + run + "/cancel", carol, null).status())
                .isEqualTo(403);
        assertThat(send("POST", "/api/runs/" + run + "/human-grades", carol, grade)
                        .status())
                .isEqualTo(403);
        assertThat(send("POST", "/api/runs/" + run + "/failure-modes", carol, tag)
                        .status())
                .isEqualTo(403);
        // another member works on the team's run
        assertThat(send("POST", "/api/runs/" + run + "/human-grades", erin, grade)
                        .status())
                .isEqualTo(201);
        assertThat(send("POST", "/api/runs/" + run + "/cancel", erin, null).status())
                .as("permitted, but the run has ended")
                .isEqualTo(409);

        // its requester, removed, no longer sees it: it does not exist for them
        assertThat(send("DELETE", "/api/workspaces/" + id + "/members/" + bob.id(), alice, null)
                        .status())
                .isEqualTo(204);
        long before = totalEvents();
        assertThat(send("POST", "/api/runs/" + run + "/cancel", bob, null).status())
                .isEqualTo(404);
        assertThat(send("POST", "/api/runs/" + run + "/human-grades", bob, grade)
                        .status())
                .isEqualTo(404);
        assertThat(send("POST", "/api/runs/" + run + "/failure-modes", bob, tag).status())
                .isEqualTo(404);
        assertThat(totalEvents()).isEqualTo(before);
    }

    // --- helpers ------------------------------------------------------------------------------

    private String workspace(Caller owner) {
        Response created = send(
                "POST", "/api/workspaces", owner, "{\"name\": \"Team\", \"slug\": \"" + WorkspacesTest.slug() + "\"}");
        assertThat(created.status()).isEqualTo(201);
        return created.body().get("id").asText();
    }

    @Test
    void
            a_members_suggestion_job_on_a_workspace_benchmark_reserves_on_and_is_charged_to_the_workspace_within_their_limit()
                    throws Exception {
        awaitCatalogue("openai/gpt-4o");
        String id = workspace(alice);
        join(id, alice, bob, "MEMBER");
        Caller vera = createUser("vera");
        join(id, alice, vera, "VIEWER");
        grant(id, 1_000);
        String marker = "mk" + UUID.randomUUID().toString().substring(0, 8);
        String benchmark = createBenchmark(bob, """
                {"title": "Drafted %s", "visibility": "PRIVATE", "workspaceId": "%s",
                 "promptTemplate": "Answer with the number only: {{input}}",
                 "cases": [{"input": "2+2", "expected": "4"}], "graders": [{"type": "exact"}]}""".formatted(marker, id));
        String path = "/api/benchmarks/" + benchmark + "/suggestions";
        String ask = "{\"count\": 2, \"model\": \"openai/gpt-4o\", \"billing\": \"CREDITS\"}";
        // viewers read but do not draft; to anyone outside the workspace the benchmark does not exist
        assertThat(send("POST", path, vera, ask).status()).isEqualTo(403);
        assertThat(send("POST", path, createUser("stranger"), ask).status()).isEqualTo(404);

        // the member's monthly limit holds for a job as for a run: 402 naming it, and nothing recorded or held
        String member = "/api/workspaces/" + id + "/members/" + bob.id();
        assertThat(send("PATCH", member, alice, "{\"monthlySpendLimit\": 1}").status())
                .isEqualTo(200);
        long before = totalEvents();
        Response refused = send("POST", path, bob, ask);
        assertThat(refused.status()).as(refused.text()).isEqualTo(402);
        assertThat(refused.header("Content-Type")).contains("application/problem+json");
        assertThat(refused.body().get("monthlySpendLimit").asLong()).isEqualTo(1);
        assertThat(refused.body().get("needed").asLong()).isGreaterThan(1);
        assertThat(refused.body().get("detail").asText()).contains("monthly spend limit");
        assertThat(totalEvents()).as("nothing recorded, nothing reserved").isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM workspace_spend WHERE workspace_id = ?", Long.class, id))
                .isZero();

        assertThat(send("PATCH", member, alice, "{\"monthlySpendLimit\": null}").status())
                .isEqualTo(200);
        FakeModels.script(
                marker,
                FakeOpenRouterServer.reply(
                        "{\"cases\": [{\"input\": \"What is six times seven?\", \"expected\": \"42\"}, "
                                + "{\"input\": \"What is eleven plus eleven?\", \"expected\": \"22\"}]}"));
        try {
            Response started = send("POST", path, bob, ask);
            assertThat(started.status()).as(started.text()).isEqualTo(202);
            String jobId = started.body().path("jobId").asText();
            eventually(
                    () -> events("acct_" + id).stream()
                            .anyMatch(e -> e instanceof CreditsCharged c
                                    && c.runId().value().equals(jobId)),
                    "the workspace's account is charged for the job");
            var request = (SuggestionJobRequested) events(jobId).getFirst();
            assertThat(request.creditAccount().value()).isEqualTo("acct_" + id);
            assertThat(events("acct_" + bob.id()))
                    .as("the member's own account is not touched")
                    .isEmpty();
            long reserved = events("acct_" + id).stream()
                    .filter(e ->
                            e instanceof CreditsReserved r && r.runId().value().equals(jobId))
                    .mapToLong(e -> ((CreditsReserved) e).credits())
                    .sum();
            assertThat(reserved).isEqualTo(request.reservedCredits()).isGreaterThan(1);
            // one call: 10 prompt and 5 completion tokens at $2.5/M and $10/M = 75 µ$ → 1 credit (×1.3, rounded up)
            var charge = (CreditsCharged) events("acct_" + id).stream()
                    .filter(e ->
                            e instanceof CreditsCharged c && c.runId().value().equals(jobId))
                    .findFirst()
                    .orElseThrow();
            assertThat(charge.credits()).isEqualTo(1);
            assertThat(charge.apiCostMicros()).isEqualTo(75);

            // the ledger to the unit: 1,000 granted, 1 charged, the rest of the reservation released
            eventually(
                    () -> {
                        JsonNode b = get("/api/workspaces/" + id + "/credits/balance", alice)
                                .body();
                        return b.path("balance").asLong() == 999
                                && b.path("reserved").asLong() == 0
                                && b.path("available").asLong() == 999;
                    },
                    "the workspace's balance shows the job's charge and release");
            JsonNode ledger = get("/api/workspaces/" + id + "/credits/ledger", alice)
                    .body()
                    .path("items");
            assertThat(ledger.findValuesAsText("kind")).containsExactly("RELEASED", "CHARGED", "RESERVED", "GRANTED");
            assertThat(ledger.get(1).path("runId").asText()).isEqualTo(jobId);
            eventually(
                    () -> get("/api/workspaces/" + id + "/credits/balance", bob)
                                    .body()
                                    .path("spentThisMonth")
                                    .asLong()
                            == 1,
                    "bob's month counts the job's charge, not its reservation");
            // finance counts the workspace's charge for the job like any other, to the unit
            eventually(
                    () -> Long.valueOf(1)
                            .equals(jdbc.queryForObject(
                                    "SELECT coalesce(sum(credits), 0) FROM finance_charge_line WHERE account_id = ? AND run_id = ?",
                                    Long.class,
                                    "acct_" + id,
                                    jobId)),
                    "the finance projection holds the job's charge of 1 credit on the workspace's account");
        } finally {
            FakeModels.SCRIPTS.remove(marker);
        }

        // a personal benchmark's job still bills its requester: bob has no credits of his own
        String personal = createBenchmark(bob, """
                {"title": "Mine %s", "visibility": "PRIVATE", "promptTemplate": "Answer: {{input}}",
                 "cases": [{"input": "2+2", "expected": "4"}], "graders": [{"type": "exact"}]}""".formatted(marker));
        Response own = send("POST", "/api/benchmarks/" + personal + "/suggestions", bob, ask);
        assertThat(own.status()).as(own.text()).isEqualTo(402);
        assertThat(own.body().has("monthlySpendLimit")).isFalse();
    }

    @Test
    void a_workspace_whose_account_holds_credits_is_not_deleted_and_the_409_names_the_balance() {
        String id = workspace(alice);
        grant(id, 7);
        eventually(
                () -> get("/api/workspaces/" + id + "/credits/balance", alice)
                                .body()
                                .path("balance")
                                .asLong()
                        == 7,
                "the grant is in the workspace's balance");

        Response refused = send("DELETE", "/api/workspaces/" + id, alice, null);
        assertThat(refused.status()).as(refused.text()).isEqualTo(409);
        assertThat(refused.header("Content-Type")).contains("application/problem+json");
        assertThat(refused.body().get("balance").asLong()).isEqualTo(7);
        assertThat(refused.body().get("detail").asText()).contains("7 credits");
        // nothing changed: the workspace, its owner and its account are all still there
        assertThat(get("/api/workspaces/" + id, alice).status()).isEqualTo(200);
        assertThat(payloads(id)).doesNotContain("WorkspaceDeleted");
        // a workspace with no account row at all (never credited) still deletes
        String empty = workspace(alice);
        assertThat(send("DELETE", "/api/workspaces/" + empty, alice, null).status())
                .isEqualTo(204);
    }

    /** Invites {@code who} by mail and accepts as them. */
    private void join(String id, Caller admin, Caller who, String role) {
        String email = "credits-" + UUID.randomUUID() + "@example.org";
        Response invited = send(
                "POST",
                "/api/workspaces/" + id + "/invitations",
                admin,
                "{\"email\": \"" + email + "\", \"role\": \"" + role + "\"}");
        assertThat(invited.status()).as(invited.text()).isEqualTo(201);
        String token = WorkspacesTest.tokenIn(WorkspacesTest.awaitMail(email));
        assertThat(send("POST", "/api/invitations/" + token + "/accept", who, null)
                        .status())
                .isEqualTo(200);
    }

    private void grant(String id, long credits) {
        Response granted = send(
                "POST",
                "/api/admin/credits/grants",
                ADMIN_TOKEN,
                "{\"accountId\": \"acct_" + id + "\", \"credits\": " + credits + ", \"reason\": \"team\"}");
        assertThat(granted.status()).as(granted.text()).isEqualTo(201);
    }

    private Response deliver(String session, String buyer, String workspaceId) throws Exception {
        String payload = """
                {"id": "evt_%s", "object": "event", "type": "checkout.session.completed", "api_version": "2024-06-20",
                 "data": {"object": {"id": "%s", "object": "checkout.session", "client_reference_id": "%s",
                   "amount_total": 2500, "currency": "usd", "payment_status": "paid",
                   "metadata": {"price_id": "price_test_500", "credits": "500", "workspace_id": "%s"}}}}""".formatted(session, session, buyer, workspaceId);
        return send(
                "POST",
                "/api/webhooks/payments",
                (String) null,
                payload,
                "Stripe-Signature",
                Webhook.Signature.generateSignatureHeader(payload, WEBHOOK_SECRET, Webhook.Util.getTimeNow()));
    }

    private List<Object> events(String aggregateId) {
        return eventStore
                .readEvents(aggregateId)
                .asStream()
                .map(m -> (Object) m.getPayload())
                .toList();
    }

    private String payloads(String id) {
        return String.join(
                "\n",
                jdbc.queryForList(
                        "SELECT payload_type || convert_from(payload, 'UTF8') FROM domain_event_entry WHERE aggregate_identifier = ?",
                        String.class,
                        id));
    }
}
