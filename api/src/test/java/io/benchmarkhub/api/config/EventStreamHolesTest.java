package io.benchmarkhub.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.api.ApiTestBase;
import org.junit.jupiter.api.Test;

/**
 * Every append takes a position, also one that rolls back, so the event stream has holes. The processors read the next
 * stored rows rather than a range of positions, with Axon's extra probe for long holes switched off (ADR 0045): a hole
 * longer than their batch of 500 must not stop them, and the positions in it, kept as gaps of their tokens, must not
 * either.
 */
class EventStreamHolesTest extends ApiTestBase {

    private long lastPosition(String aggregateId) {
        return jdbc.queryForObject(
                "SELECT max(global_index) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class,
                aggregateId);
    }

    private boolean chained(long position) {
        return jdbc.queryForObject("SELECT count(*) FROM event_hash_chain WHERE global_index = ?", Long.class, position)
                == 1;
    }

    private String title(String id) {
        Response detail = get("/api/benchmarks/" + id, alice);
        assertThat(detail.status()).as(detail.text()).isEqualTo(200);
        return detail.body().get("title").asText();
    }

    @Test
    void processors_step_over_a_hole_longer_than_their_batch() {
        String id = createBenchmark(alice, "Before the hole", "PRIVATE");
        long before = lastPosition(id);
        // 1,500 positions taken and never stored, as three rolled-back appends of 500 events would leave them
        jdbc.queryForList("SELECT nextval('domain_event_entry_global_index_seq') FROM generate_series(1, 1500)");

        Response renamed = send("PATCH", "/api/benchmarks/" + id, alice, "{\"title\": \"After the hole\"}");
        assertThat(renamed.status()).as(renamed.text()).isEqualTo(200);
        long after = lastPosition(id);
        assertThat(after).isGreaterThan(before + 1500);
        // the detail projection and the audit chain (a processor of its own) are both past the hole
        eventually(() -> title(id).equals("After the hole"), "the detail read model shows the edit after the hole");
        eventually(() -> chained(after), "the event after the hole is chained");

        // the tokens now carry the hole's positions as gaps, which every later read asks for again
        Response again = send("PATCH", "/api/benchmarks/" + id, alice, "{\"title\": \"Past the gaps\"}");
        assertThat(again.status()).as(again.text()).isEqualTo(200);
        eventually(() -> title(id).equals("Past the gaps"), "the detail read model shows the next edit");
        eventually(() -> chained(lastPosition(id)), "the next event is chained");
    }
}
