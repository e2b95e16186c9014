package io.benchmarkhub.api.library;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.commands.FlagContamination;
import io.benchmarkhub.projections.library.search.LibraryDocument;
import io.benchmarkhub.projections.library.search.LibrarySearchProjection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The Elasticsearch library index: rebuilt behind its alias without downtime, and never regressed by old events. */
class LibraryIndexRebuildTest extends ElasticsearchApiTestBase {

    private static final String ALIAS = "library";

    @Autowired
    ElasticsearchClient client;

    @Autowired
    LibrarySearchProjection projection;

    @Autowired
    EventStore eventStore;

    @Autowired
    CommandGateway commands;

    @Test
    void a_replay_builds_a_fresh_index_and_swaps_the_alias_while_searches_keep_answering() throws Exception {
        String tag = "rebuild" + UUID.randomUUID().toString().substring(0, 8);
        String marked = createTagged("Rebuild me marked", tag);
        for (int i = 0; i < 24; i++) createTagged("Rebuild me " + i, tag);
        // a verified benchmark with an open flag and a dismissed one: its document must come back the same
        commands.sendAndWait(
                new FlagContamination(new BenchmarkId(marked), "vendor/open", 0.9, 0.5, 0.1, 4.0, 50, 8, 6));
        commands.sendAndWait(
                new FlagContamination(new BenchmarkId(marked), "vendor/dismissed", 0.9, 0.5, 0.1, 4.0, 50, 8, 6));
        assertThat(send(
                                "POST",
                                "/api/admin/benchmarks/" + marked + "/contamination/dismiss",
                                ADMIN_TOKEN,
                                "{\"model\": \"vendor/dismissed\", \"reason\": \"checked\"}")
                        .status())
                .isEqualTo(200);
        assertThat(send(
                                "POST",
                                "/api/benchmarks/" + marked + "/verification",
                                alice,
                                "{\"licence\": \"MIT\", \"sourceUrl\": \"https://example.org/data\"}")
                        .status())
                .isEqualTo(200);
        assertThat(send("POST", "/api/admin/benchmarks/" + marked + "/verification/approve", ADMIN_TOKEN, null)
                        .status())
                .isEqualTo(200);
        long markedLast =
                eventStore.readEvents(marked).asStream().toList().getLast().getSequenceNumber();
        eventually(
                () -> total("/api/library?tags=" + tag) == 25 && version(marked) == markedLast,
                "all 25 are searchable");
        LibraryDocument markedBefore = document(marked).source();
        assertThat(markedBefore.verified()).isTrue();
        assertThat(markedBefore.flaggedModels()).containsExactly("vendor/open");
        assertThat(markedBefore.contaminationFlagged()).isTrue();
        Set<String> before = indicesBehind(ALIAS);

        var failures = new ConcurrentLinkedQueue<String>();
        var totals = new ConcurrentLinkedQueue<Long>();
        var searches = new AtomicInteger();
        var running = new AtomicBoolean(true);
        Thread searcher = Thread.ofVirtual().start(() -> {
            while (running.get()) {
                Response page = get("/api/library?tags=" + tag + "&q=rebuild", null);
                Response suggest = get("/api/library/suggest?prefix=rebuild", null);
                if (page.status() != 200) failures.add("search " + page.status() + " " + page.text());
                else totals.add(page.body().get("total").asLong());
                if (suggest.status() != 200) failures.add("suggest " + suggest.status() + " " + suggest.text());
                searches.incrementAndGet();
            }
        });

        eventually(() -> searches.get() >= 2, "searches are running");
        Response replay =
                send("POST", "/api/admin/projections/" + LibrarySearchProjection.NAME + "/replay", ADMIN_TOKEN, null);
        assertThat(replay.status()).isEqualTo(202);
        String during = createTagged("Written during the rebuild", tag);
        eventually(
                () -> !indicesBehind(ALIAS).equals(before)
                        && indicesBehind(ALIAS + "-building").isEmpty(),
                "the alias has moved");
        eventually(
                () -> total("/api/library?tags=" + tag) == 26, "the rebuilt index has everything, the live write too");
        int afterSwap = searches.get();
        eventually(() -> searches.get() >= afterSwap + 2, "searches keep running on the new index");
        running.set(false);
        searcher.join();

        assertThat(failures).isEmpty();
        assertThat(totals).allMatch(t -> t >= 25, "no search saw a half-built index");
        assertThat(indicesBehind(ALIAS)).hasSize(1);
        assertThat(get("/api/library?tags=" + tag + "&q=during", null).body().findValuesAsText("id"))
                .contains(during);
        assertThat(document(marked).source()).isEqualTo(markedBefore);
        assertThat(document(marked).version()).isEqualTo(markedLast);
    }

    /**
     * The replay tokens of Axon end their replay only at the first event past the position of the reset, so on a quiet
     * system the processor stays "replaying" at lag 0; the rebuild must swap once the index has caught up regardless.
     */
    @Test
    void a_rebuild_swaps_once_it_has_caught_up_with_nothing_written_after_the_replay() {
        String tag = "quiet" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 5; i++) createTagged("Quiet rebuild " + i, tag);
        eventually(() -> total("/api/library?tags=" + tag) == 5, "all 5 are searchable");
        eventually(() -> projection().path("lag").asLong() == 0, "the processor has caught up before the replay");
        Set<String> before = indicesBehind(ALIAS);
        long head = head();

        Response replay =
                send("POST", "/api/admin/projections/" + LibrarySearchProjection.NAME + "/replay", ADMIN_TOKEN, null);
        assertThat(replay.status()).isEqualTo(202);
        eventually(
                () -> !indicesBehind(ALIAS).equals(before)
                        && indicesBehind(ALIAS + "-building").isEmpty(),
                "the alias has moved to the rebuilt index");
        eventually(
                () -> "SWAPPED"
                        .equals(projection().path("replay").path("outcome").asText()),
                "the rebuild is reported swapped");

        JsonNode status = projection();
        assertThat(status.path("replay").path("phase").asText()).isEqualTo("DONE");
        assertThat(status.path("state").asText()).isEqualTo("LIVE");
        assertThat(status.path("lag").asLong()).isZero();
        assertThat(head()).as("no event was written during the rebuild").isEqualTo(head);
        assertThat(indicesBehind(ALIAS)).hasSize(1).doesNotContainAnyElementsOf(before);
        assertThat(total("/api/library?tags=" + tag)).isEqualTo(5);
    }

    @Test
    void redelivered_repeated_and_out_of_order_events_never_regress_a_document() throws IOException {
        String id = createBenchmark(alice, "Original title", "PRIVATE");
        send("PATCH", "/api/benchmarks/" + id, alice, "{\"title\": \"Final title\"}");
        send("POST", "/api/benchmarks/" + id + "/cases", alice, "[{\"input\": \"a\"}, {\"input\": \"b\"}]");
        send("DELETE", "/api/benchmarks/" + id + "/cases/c1", alice, null);
        send("POST", "/api/benchmarks/" + id + "/publish", alice, null);
        List<? extends DomainEventMessage<?>> history =
                eventStore.readEvents(id).asStream().toList();
        long last = history.getLast().getSequenceNumber();
        eventually(() -> version(id) == last, "the document has every event");
        GetResponse<LibraryDocument> settled = document(id);
        assertThat(settled.source().title()).isEqualTo("Final title");
        assertThat(settled.source().caseCount()).isEqualTo(3);
        assertThat(settled.source().access()).containsExactly("public");

        var adapter = new AnnotationEventHandlerAdapter(projection);
        List<DomainEventMessage<?>> reversed = new ArrayList<>(history);
        Collections.reverse(reversed);
        for (List<? extends DomainEventMessage<?>> delivery : List.of(history, reversed, List.of(history.get(1)))) {
            for (DomainEventMessage<?> event : delivery) {
                try {
                    adapter.handle(event);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        }

        GetResponse<LibraryDocument> after = document(id);
        assertThat(after.version()).isEqualTo(settled.version()).isEqualTo(last);
        assertThat(after.source()).isEqualTo(settled.source());
    }

    private String createTagged(String title, String tag) {
        return createBenchmark(alice, """
                {"title": "%s", "tags": ["%s"], "visibility": "PUBLIC",
                 "cases": [{"input": "q", "expected": "a"}], "graders": [{"type": "exact"}]}""".formatted(title, tag));
    }

    private JsonNode projection() {
        Response list = send("GET", "/api/admin/projections", ADMIN_TOKEN, null);
        assertThat(list.status()).isEqualTo(200);
        for (JsonNode p : list.body())
            if (LibrarySearchProjection.NAME.equals(p.path("name").asText())) return p;
        throw new AssertionError("no projection " + LibrarySearchProjection.NAME + " in " + list.text());
    }

    private long head() {
        Long max = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        return max == null ? -1 : max;
    }

    private long total(String path) {
        Response page = get(path, null);
        return page.status() == 200 ? page.body().get("total").asLong() : -1;
    }

    private GetResponse<LibraryDocument> document(String id) throws IOException {
        return client.get(g -> g.index(ALIAS).id(id), LibraryDocument.class);
    }

    private long version(String id) {
        try {
            GetResponse<LibraryDocument> doc = document(id);
            return doc.found() ? doc.version() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private Set<String> indicesBehind(String alias) {
        try {
            if (!client.indices().existsAlias(e -> e.name(alias)).value()) return Set.of();
            return client.indices().getAlias(g -> g.name(alias)).result().keySet();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
