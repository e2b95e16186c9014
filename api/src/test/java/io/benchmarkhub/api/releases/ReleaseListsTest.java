package io.benchmarkhub.api.releases;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bulk reads the releases screens use: a benchmark's schedules (its owner only) and the caller's watchers. */
class ReleaseListsTest extends ApiTestBase {

    /** Plans are sold in the tests; scheduled runs and release watchers are Pro's (docs/plans.md). */
    @BeforeEach
    void alicePaysForPro() {
        subscribePro(alice);
    }

    private String schedule(Caller owner, String benchmark, String cron) {
        var created = send("POST", "/api/benchmarks/" + benchmark + "/schedules", owner, """
                {"cron": "%s", "timeZone": "Europe/Berlin", "models": ["sim/echo"], "billing": "CREDITS", "monthlyCreditCap": 40}""".formatted(cron));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.body().get("id").asText();
    }

    private static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    @Test
    void the_owner_lists_a_benchmarks_schedules_and_nobody_else_does() {
        String mine = createBenchmark(alice, "scheduled", "PRIVATE");
        String shown = createBenchmark(alice, "scheduled in public", "PUBLIC");
        String other = createBenchmark(alice, "another", "PRIVATE");
        assertThat(get("/api/benchmarks/" + mine + "/schedules", alice).body().get("items"))
                .isEmpty();

        String first = schedule(alice, mine, "0 6 * * MON-FRI");
        String second = schedule(alice, mine, "30 18 * * *");
        schedule(alice, other, "0 7 * * *");
        assertThat(send("PATCH", "/api/schedules/" + second, alice, "{\"paused\": true}")
                        .status())
                .isEqualTo(200);

        var list = get("/api/benchmarks/" + mine + "/schedules", alice);
        assertThat(list.status()).isEqualTo(200);
        assertThat(ids(list.body().get("items"))).containsExactly(first, second);
        JsonNode paused = list.body().get("items").get(1);
        assertThat(paused.get("cron").asText()).isEqualTo("30 18 * * *");
        assertThat(paused.get("timeZone").asText()).isEqualTo("Europe/Berlin");
        assertThat(paused.get("paused").asBoolean()).isTrue();
        assertThat(paused.get("monthlyCreditCap").asLong()).isEqualTo(40);
        assertThat(paused.get("creditsReservedThisMonth").asLong()).isZero();
        assertThat(paused.get("fires").isArray()).isTrue();
        assertThat(list.body().get("items").get(0).get("paused").asBoolean()).isFalse();

        assertThat(send("DELETE", "/api/schedules/" + first, alice, null).status())
                .isEqualTo(204);
        assertThat(ids(get("/api/benchmarks/" + mine + "/schedules", alice)
                        .body()
                        .get("items")))
                .containsExactly(second);

        // someone who cannot see the benchmark: 404; who sees it but does not own it: 403; no benchmark: 404
        assertThat(get("/api/benchmarks/" + mine + "/schedules", bob).status()).isEqualTo(404);
        var seen = get("/api/benchmarks/" + shown + "/schedules", bob);
        assertThat(seen.status()).isEqualTo(403);
        assertThat(seen.text()).doesNotContain(second);
        assertThat(get("/api/benchmarks/bm_nope/schedules", alice).status()).isEqualTo(404);
        // signed out: 401, for a public benchmark too (the fuzz found a 500 here)
        assertThat(get("/api/benchmarks/" + shown + "/schedules", (Caller) null).status())
                .isEqualTo(401);
    }

    @Test
    void each_person_lists_their_own_watchers() {
        String mine = createBenchmark(alice, "watched", "PRIVATE");
        var created = send("POST", "/api/watchers", alice, """
                {"match": {"providerPattern": "fake", "vendorPattern": "acme", "minContextLength": 32000},
                 "benchmarkIds": ["%s"], "productionModel": "fake/acme/steady-prod", "billing": "CREDITS", "monthlyCreditCap": 300}""".formatted(mine));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String watcher = created.body().get("id").asText();

        var list = get("/api/watchers", alice);
        assertThat(list.status()).isEqualTo(200);
        assertThat(ids(list.body().get("items"))).containsExactly(watcher);
        JsonNode item = list.body().get("items").get(0);
        assertThat(item).isEqualTo(get("/api/watchers/" + watcher, alice).body());
        assertThat(item.get("match").get("vendorPattern").asText()).isEqualTo("acme");
        assertThat(item.get("benchmarkIds").get(0).asText()).isEqualTo(mine);

        var theirs = get("/api/watchers", bob);
        assertThat(theirs.status()).isEqualTo(200);
        assertThat(theirs.body().get("items")).isEmpty();
        assertThat(send("GET", "/api/watchers", (String) null, null).status()).isEqualTo(401);

        // only its owner deletes it; then it is gone from the list, and its history says who deleted it
        assertThat(send("DELETE", "/api/watchers/" + watcher, bob, null).status())
                .isEqualTo(404);
        assertThat(get("/api/watchers", alice).body().get("items")).hasSize(1);
        assertThat(send("DELETE", "/api/watchers/" + watcher, alice, null).status())
                .isEqualTo(204);
        assertThat(get("/api/watchers", alice).body().get("items")).isEmpty();
        assertThat(get("/api/watchers/" + watcher, alice).status()).isEqualTo(404);
        assertThat(get("/api/watchers/" + watcher + "/reports", alice).status()).isEqualTo(404);
        assertThat(send("DELETE", "/api/watchers/" + watcher, alice, null).status())
                .isEqualTo(404);
        var audit = send("GET", "/api/audit/events?aggregateId=" + watcher + "&limit=100", ADMIN_TOKEN, null);
        List<String> types = new ArrayList<>();
        audit.body().get("items").forEach(event -> types.add(event.get("type").asText()));
        assertThat(types).containsExactly("WatcherCreated", "WatcherDeleted");
    }
}
