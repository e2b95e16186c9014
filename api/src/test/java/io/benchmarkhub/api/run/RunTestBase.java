package io.benchmarkhub.api.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.run.events.RunEvent;
import io.benchmarkhub.projections.run.RunProjection;
import io.benchmarkhub.testsupport.RunScript;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Autowired;

/** Run histories appended by hand to the real event store, and a wait for the runs projection to apply them. */
abstract class RunTestBase extends ApiTestBase {

    @Autowired
    protected EventStore eventStore;

    /**
     * Appends the events to the run's aggregate stream in order, as one commit. The test plays the run's executor:
     * it holds the run's lease first, so that no executor of the application resumes the hand-made run.
     */
    protected void append(RunScript run, RunEvent... events) {
        jdbc.update("""
                INSERT INTO run_lease (run_id, node_id, expires_at) VALUES (?, 'test-script', now() + interval '1 day')
                ON CONFLICT (run_id) DO NOTHING""", run.id.value());
        run.appendTo(eventStore, events);
    }

    /**
     * Waits until the runs projection has processed every event stored for the run so far: every segment it has
     * claimed the token of is live and past the run's last event (a segment that failed and let go of its claim
     * would otherwise drop out of the minimum position).
     */
    protected void awaitProjected(RunScript script) {
        awaitProjected(script.id);
    }

    protected void awaitProjected(RunId run) {
        Long last = jdbc.queryForObject(
                "SELECT max(global_index) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class,
                run.value());
        eventually(() -> caughtUp(last), "the runs projection has applied " + run);
    }

    private boolean caughtUp(long last) {
        Integer tokens = jdbc.queryForObject(
                "SELECT count(*) FROM token_entry WHERE processor_name = ?", Integer.class, RunProjection.NAME);
        for (JsonNode p :
                send("GET", "/api/admin/projections", ADMIN_TOKEN, null).body()) {
            if (p.get("name").asText().equals(RunProjection.NAME)) {
                return p.get("state").asText().equals("LIVE")
                        && p.get("segments").asInt() == tokens
                        && p.get("position").asLong() >= last;
            }
        }
        throw new AssertionError("no runs projection");
    }

    protected JsonNode run(RunId id, Caller caller) {
        Response response = get("/api/runs/" + id.value(), caller);
        if (response.status() != 200) throw new AssertionError("GET run: " + response.status() + " " + response.text());
        return response.body();
    }
}
