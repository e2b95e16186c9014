package io.benchmarkhub.api.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.api.ApiTestBase;
import org.junit.jupiter.api.Test;

/** GET /api/plans: public, three plans, the paid ones for sale at the configured price, and what is enforced said so. */
class PlansTest extends ApiTestBase {

    @Test
    void anyone_reads_the_plans_their_prices_and_which_limits_the_server_enforces() {
        Response plans = get("/api/plans", null);
        assertThat(plans.status()).isEqualTo(200);
        var items = plans.body().get("items");
        assertThat(items.findValuesAsText("id")).containsExactly("FREE", "PRO", "TEAM");
        assertThat(items.findValuesAsText("purchasable")).containsExactly("false", "true", "true");
        assertThat(items.get(0).get("price").isNull()).isTrue();
        assertThat(items.get(1).get("price").get("amountMinor").asLong()).isEqualTo(1900);
        assertThat(items.get(2).get("price").get("amountMinor").asLong()).isEqualTo(4900);
        assertThat(items.get(2).get("price").get("interval").asText()).isEqualTo("month");
        var free = items.get(0).get("features");
        assertThat(free.get(1).get("key").asText()).isEqualTo("private-benchmarks");
        assertThat(free.get(1).get("description").asText()).startsWith("Up to 10 private benchmarks");
        assertThat(free.get(1).get("enforcement").asText()).isEqualTo("ENFORCED");
        var team = items.get(2).get("features");
        assertThat(team.get(0).get("key").asText()).isEqualTo("workspaces");
        assertThat(team.get(3).get("key").asText()).isEqualTo("workspace-leaderboards");
        assertThat(team.get(3).get("enforcement").asText()).isEqualTo("ENFORCED");
        var pro = items.get(1).get("features");
        assertThat(pro.get(3).get("key").asText()).isEqualTo("scheduled-runs");
        assertThat(pro.get(3).get("enforcement").asText()).isEqualTo("ENFORCED");
        // the history window (ADR 0042) and the personal ranking are enforced where plans are sold, as here
        assertThat(free.get(2).get("key").asText()).isEqualTo("history");
        assertThat(free.get(2).get("description").asText()).contains("30 days");
        assertThat(free.get(2).get("enforcement").asText()).isEqualTo("ENFORCED");
        assertThat(pro.get(1).get("key").asText()).isEqualTo("private-leaderboards");
        assertThat(pro.get(1).get("enforcement").asText()).isEqualTo("ENFORCED");
        assertThat(team.get(4).get("key").asText()).isEqualTo("workspace-history");
        assertThat(team.get(4).get("enforcement").asText()).isEqualTo("ENFORCED");
    }
}
