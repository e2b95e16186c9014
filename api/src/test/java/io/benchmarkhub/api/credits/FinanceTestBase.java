package io.benchmarkhub.api.credits;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.projections.credits.CreditLedgerProjection;
import io.benchmarkhub.projections.credits.FinanceProjection;
import java.time.YearMonth;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/** Finance over hand-made histories: a month of its own for each test, and a wait for the finance projections. */
abstract class FinanceTestBase extends ApiTestBase {

    @Autowired
    protected EventStore eventStore;

    protected FinanceHistory history;

    @BeforeEach
    void startHistory() {
        history = new FinanceHistory(eventStore, jdbc);
    }

    protected static YearMonth freshMonth() {
        return FinanceHistory.freshMonth();
    }

    /** A new user with role ANALYST; returns their token. */
    protected String createAnalyst() {
        String handle = FinanceHistory.unique("analyst");
        Response created =
                send("POST", "/api/users", ADMIN_TOKEN, "{\"handle\":\"" + handle + "\", \"role\": \"ANALYST\"}");
        if (created.status() != 201) throw new IllegalStateException("cannot create analyst: " + created.text());
        return created.body().get("token").asText();
    }

    protected String adminId() {
        return send("GET", "/api/me", ADMIN_TOKEN, null).body().get("id").asText();
    }

    protected Response get(String path, String token) {
        return send("GET", path, token, null);
    }

    /** Waits until both finance projections have processed every event stored for these aggregates so far. */
    protected void awaitProjected(String... aggregateIds) {
        Long last = jdbc.queryForObject(
                "SELECT max(global_index) FROM domain_event_entry WHERE aggregate_identifier IN ("
                        + String.join(
                                ",",
                                List.of(aggregateIds).stream().map(id -> "?").toList()) + ")",
                Long.class,
                (Object[]) aggregateIds);
        eventually(
                () -> caughtUp(CreditLedgerProjection.NAME, last) && caughtUp(FinanceProjection.NAME, last),
                "the finance projections have applied " + List.of(aggregateIds));
    }

    private boolean caughtUp(String processor, long last) {
        Integer tokens = jdbc.queryForObject(
                "SELECT count(*) FROM token_entry WHERE processor_name = ?", Integer.class, processor);
        for (JsonNode p :
                send("GET", "/api/admin/projections", ADMIN_TOKEN, null).body()) {
            if (p.get("name").asText().equals(processor)) {
                return p.get("state").asText().equals("LIVE")
                        && p.get("segments").asInt() == tokens
                        && p.get("position").asLong() >= last;
            }
        }
        throw new AssertionError("no projection " + processor);
    }
}
