package io.benchmarkhub.projections.library.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The physical indices behind the library alias. Searches read the alias ({@code library}); the
 * projection writes the index behind it, or, while a replay rebuilds the library, a fresh index
 * marked by the alias {@code library-building}. When the replay has caught up, {@link #swap()} moves
 * the search alias onto the fresh index in one atomic alias update and drops the old index a little
 * later, so searches never see a missing or half-built index.
 */
public class LibraryIndex {

    private static final Logger log = LoggerFactory.getLogger(LibraryIndex.class);
    private static final String MAPPING = "/elasticsearch/library-index.json";
    /** Searches that resolved the old index just before the swap get this long to finish. */
    private static final Duration OLD_INDEX_GRACE = Duration.ofSeconds(10);

    private final ElasticsearchClient client;
    private final String alias;
    private final String buildingAlias;
    private volatile String writeIndex;

    public LibraryIndex(ElasticsearchClient client, String alias) {
        this.client = client;
        this.alias = alias;
        this.buildingAlias = alias + "-building";
    }

    public String alias() {
        return alias;
    }

    /** Finds (or, on first use, creates) the index to write: a rebuild's index when one is under way. */
    public synchronized void open() {
        try {
            List<String> building = indicesOf(buildingAlias);
            if (!building.isEmpty()) {
                writeIndex = building.getFirst();
                addNewFields(writeIndex);
                return;
            }
            List<String> serving = indicesOf(alias);
            if (serving.isEmpty()) {
                // a fixed first name: two nodes starting together create one index, not two
                String first = alias + "-v0";
                create(first, alias);
                serving = List.of(first);
            }
            writeIndex = serving.getFirst();
            addNewFields(writeIndex);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the library index " + alias, e);
        }
    }

    /** The index the projection writes to. */
    public String writeIndex() {
        if (writeIndex == null) open();
        return writeIndex;
    }

    public boolean rebuilding() {
        try {
            return !indicesOf(buildingAlias).isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts writing into a fresh, empty index; searches keep reading the current one. */
    public synchronized String startRebuild() {
        try {
            Set<String> keep = Set.copyOf(indicesOf(alias));
            for (String index :
                    client.indices().get(g -> g.index(alias + "-v*")).result().keySet()) {
                if (!keep.contains(index))
                    client.indices().delete(d -> d.index(index)); // an abandoned rebuild or a leftover
            }
            String fresh = alias + "-v" + System.currentTimeMillis() + "-"
                    + ThreadLocalRandom.current().nextInt(1000);
            create(fresh, buildingAlias);
            writeIndex = fresh;
            log.info("Rebuilding the library search index into {}; searches stay on {}", fresh, keep);
            return fresh;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start rebuilding the library index", e);
        }
    }

    /** Points the search alias at the rebuilt index (atomically) and drops the old index after a grace period. */
    public synchronized void swap() {
        try {
            List<String> building = indicesOf(buildingAlias);
            if (building.isEmpty()) return;
            String fresh = building.getFirst();
            List<String> old = indicesOf(alias);
            client.indices().refresh(r -> r.index(fresh));
            client.indices().updateAliases(u -> {
                for (String index : old)
                    u.actions(a -> a.remove(r -> r.index(index).alias(alias)));
                u.actions(a -> a.add(ad -> ad.index(fresh).alias(alias)));
                u.actions(a -> a.remove(r -> r.index(fresh).alias(buildingAlias)));
                return u;
            });
            writeIndex = fresh;
            log.info("Library search now answers from {} (was {})", fresh, old);
            Thread.ofVirtual().name("library-index-cleanup").start(() -> dropLater(old));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot swap the library alias", e);
        }
    }

    private void dropLater(List<String> indices) {
        try {
            Thread.sleep(OLD_INDEX_GRACE);
            for (String index : indices)
                client.indices().delete(d -> d.index(index).ignoreUnavailable(true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | ElasticsearchException e) {
            log.warn("Could not drop the old library index {}; the next rebuild drops it: {}", indices, e.toString());
        }
    }

    /**
     * Puts the current mapping on an index made by an earlier release: fields added since (e.g. {@code flaggedModels})
     * are added, as the strict mapping would refuse documents that carry them. Existing fields cannot change this way;
     * a changed field needs a rebuild. Documents written before get the new fields by a replay of the projection.
     */
    private void addNewFields(String index) throws IOException {
        String mappings;
        try (InputStream mapping = LibraryIndex.class.getResourceAsStream(MAPPING)) {
            mappings = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(mapping)
                    .get("mappings")
                    .toString();
        }
        client.indices().putMapping(p -> p.index(index).withJson(new java.io.StringReader(mappings)));
    }

    private void create(String index, String withAlias) throws IOException {
        try (InputStream mapping = LibraryIndex.class.getResourceAsStream(MAPPING)) {
            client.indices().create(c -> c.index(index).withJson(mapping).aliases(withAlias, a -> a));
        } catch (ElasticsearchException e) {
            if (!"resource_already_exists_exception".equals(e.error().type())) throw e;
        }
    }

    private List<String> indicesOf(String name) throws IOException {
        if (!client.indices().existsAlias(e -> e.name(name)).value()) return List.of();
        return new ArrayList<>(
                client.indices().getAlias(g -> g.name(name)).result().keySet());
    }
}
