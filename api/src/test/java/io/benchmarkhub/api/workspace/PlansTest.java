package io.benchmarkhub.api.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.api.ApiTestBase;
import org.junit.jupiter.api.Test;

/** GET /api/plans: public, three plans, none for sale yet, and what is enforced today said as such. */
class PlansTest extends ApiTestBase {

    @Test
    void anyone_reads_the_plans_and_only_what_the_server_checks_today_is_called_enforced() {
        Response plans = get("/api/plans", null);
        assertThat(plans.status()).isEqualTo(200);
        assertThat(plans.body().get("items").findValuesAsText("id")).containsExactly("FREE", "PRO", "TEAM");
        assertThat(plans.body().get("items").findValuesAsText("purchasable")).containsOnly("false");
        var team = plans.body().get("items").get(2).get("features");
        assertThat(team.get(0).get("key").asText()).isEqualTo("workspaces");
        assertThat(team.get(0).get("enforcement").asText()).isEqualTo("ENFORCED");
        assertThat(plans.body().get("items").get(1).get("features").findValuesAsText("enforcement"))
                .containsOnly("PLANNED");
    }
}
