package io.benchmarkhub.api.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The visibility matrix of issue 18: each read endpoint × (owner, admin, member, viewer, a member of another workspace,
 * anonymous) × (a personal private benchmark, a workspace's private one, a public one), against the whole application
 * and its PostgreSQL; run by {@link WorkspaceVisibilityTest} (library search on PostgreSQL) and
 * {@link WorkspaceVisibilityElasticsearchTest} (library search on Elasticsearch).
 */
interface WorkspaceVisibilityMatrix {

    record User(String id, String token) {}

    User newUser(String prefix);

    Response request(String method, String path, User user, String body);

    /** The token in the invitation mailed to {@code email}, once the SMTP server has it. */
    String invitationToken(String email);

    /** Raises a contamination flag on the benchmark for the model, as the contamination policy does (its command). */
    void flagContamination(String benchmarkId, String model);

    /** Puts the workspace on the Team plan, as Stripe's signed webhook does. */
    void teamPlan(String workspaceId);

    @Test
    default void progress_streams_comparisons_failure_modes_flags_and_the_workspace_ranking_show_nothing_private() {
        var world = World.make(this);
        String model = "mx/" + world.word;
        for (String benchmark : world.benchmarks()) flagContamination(benchmark, model);
        teamPlan(world.workspace);
        User owner = world.callers.get("owner");
        // settled runs, so that a progress stream ends at once with the run's last status
        for (String run : world.runs.keySet()) {
            await(
                    () -> Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMED_OUT")
                            .contains(
                                    get("/api/runs/" + run, owner).get("status").asText()),
                    "run " + run + " settles");
        }
        await(() -> flagged(owner, model).size() == 3, "the owner sees the three flags");

        String ranking = "/api/workspaces/" + world.workspace + "/leaderboards/models?includeSimulated=true";
        for (var entry : world.callers.entrySet()) {
            String who = entry.getKey();
            User caller = entry.getValue();
            Set<String> visible = world.visibleTo(who);
            for (String run : world.runs.keySet()) {
                int expected = caller == null ? 401 : world.runVisibleTo(who, run) ? 200 : 404;
                String what = "run " + world.runs.get(run) + ", " + who;
                Response events = request("GET", "/api/runs/" + run + "/events", caller, null);
                assertThat(events.status()).as("progress stream, %s", what).isEqualTo(expected);
                if (expected == 200)
                    assertThat(events.text()).as("progress stream, %s", what).contains("event:status");
                assertThat(status("/api/runs/" + run + "/compare?baseline=sim/echo&candidate=sim/upper", caller))
                        .as("compare, %s", what)
                        .isEqualTo(expected);
                assertThat(status("/api/runs/" + run + "/compare/cases?baseline=sim/echo&candidate=sim/upper", caller))
                        .as("compared cases, %s", what)
                        .isEqualTo(expected);
                assertThat(status("/api/runs/" + run + "/failure-modes", caller))
                        .as("run failure modes, %s", what)
                        .isEqualTo(expected);
            }
            for (String benchmark : world.benchmarks()) {
                assertThat(status("/api/benchmarks/" + benchmark + "/failure-modes", caller))
                        .as("benchmark failure modes, %s on %s", who, world.name(benchmark))
                        .isEqualTo(visible.contains(benchmark) ? 200 : 404);
            }
            // contamination flags: exactly those of the benchmarks the caller sees
            assertThat(flagged(caller, model))
                    .as("contamination flags, %s", who)
                    .containsExactlyInAnyOrderElementsOf(visible);
            // the workspace's own ranking: its members only; and it never holds the owner's personal benchmark or run
            int rankingStatus = caller == null ? 401 : world.runVisibleTo(who, world.workspaceRun) ? 200 : 404;
            Response ranked = request("GET", ranking, caller, null);
            assertThat(ranked.status()).as("workspace ranking, %s", who).isEqualTo(rankingStatus);
            assertThat(ranked.text())
                    .as("workspace ranking, %s", who)
                    .doesNotContain(world.personalPrivate)
                    .doesNotContain(world.personalRun);
            if (rankingStatus != 200) {
                assertThat(ranked.text()).as("workspace ranking, %s", who).doesNotContain(world.workspacePrivate);
            }
            // the public ranking holds nothing private of anyone
            assertThat(request("GET", "/api/leaderboards/models?includeSimulated=true", caller, null)
                            .text())
                    .as("public ranking, %s", who)
                    .doesNotContain(world.workspacePrivate)
                    .doesNotContain(world.personalPrivate)
                    .doesNotContain(world.workspaceRun)
                    .doesNotContain(world.personalRun);
        }
    }

    @Test
    default void every_read_path_shows_each_benchmark_to_exactly_those_who_may_see_it() {
        var world = World.make(this);
        world.awaitIndexed(this);

        for (var entry : world.callers.entrySet()) {
            String who = entry.getKey();
            User caller = entry.getValue();
            Set<String> visible = world.visibleTo(who);
            for (String benchmark : world.benchmarks()) {
                int expected = visible.contains(benchmark) ? 200 : 404;
                String what = who + " on " + world.name(benchmark);
                assertThat(status("/api/benchmarks/" + benchmark, caller))
                        .as("detail, %s", what)
                        .isEqualTo(expected);
                assertThat(status("/api/benchmarks/" + benchmark + "/versions", caller))
                        .as("versions, %s", what)
                        .isEqualTo(expected);
                assertThat(status("/api/benchmarks/" + benchmark + "/versions/1", caller))
                        .as("version 1, %s", what)
                        .isEqualTo(expected);
                assertThat(status("/api/benchmarks/" + benchmark + "/forks", caller))
                        .as("fork tree, %s", what)
                        .isEqualTo(expected);
                assertThat(status("/api/benchmarks/" + benchmark + "/leaderboard", caller))
                        .as("leaderboard, %s", what)
                        .isEqualTo(expected);
                assertThat(status("/api/benchmarks/" + benchmark + "?asOf=" + java.time.Instant.now(), caller))
                        .as("asOf, %s", what)
                        .isEqualTo(expected);
                if (caller != null) {
                    assertThat(status("/api/benchmarks/" + benchmark + "/export?format=jsonl", caller))
                            .as("export, %s", what)
                            .isEqualTo(expected);
                }
                // the audit stream: signed in only; one's own benchmark's events, never a hint of an unseen one
                int audit = status("/api/audit/events?aggregateId=" + benchmark, caller);
                if (caller == null)
                    assertThat(audit).as("audit stream, %s", what).isEqualTo(401);
                else if (expected == 404)
                    assertThat(audit).as("audit stream, %s", what).isEqualTo(404);
                else assertThat(audit).as("audit stream, %s", what).isIn(200, 403);
            }
            // the library: hits, totals, facets and type-ahead count visible benchmarks only
            JsonNode listing = get("/api/library?tags=" + world.sharedTag, caller);
            assertThat(ids(listing)).as("library, %s", who).containsExactlyInAnyOrderElementsOf(visible);
            assertThat(listing.get("total").asLong()).as("total, %s", who).isEqualTo(visible.size());
            assertThat(facet(listing, "tags", world.sharedTag))
                    .as("tag facet, %s", who)
                    .isEqualTo(visible.size());
            assertThat(facet(listing, "tags", world.workspaceTag))
                    .as("workspace tag facet, %s", who)
                    .isEqualTo(visible.contains(world.workspacePrivate) ? 1 : 0);
            assertThat(ids(get("/api/library?q=" + world.word, caller)))
                    .as("search, %s", who)
                    .containsExactlyInAnyOrderElementsOf(visible);
            assertThat(get("/api/library/suggest?prefix=" + world.word.substring(0, 6), caller)
                            .findValuesAsText("id"))
                    .as("suggestions, %s", who)
                    .containsExactlyInAnyOrderElementsOf(visible);
            if (!visible.contains(world.workspacePrivate)) {
                assertThat(listing.toString())
                        .as("library, %s", who)
                        .doesNotContain(world.workspaceTag)
                        .doesNotContain(world.workspacePrivate);
            }
            // runs: a workspace's run is its members'; a personal run its requester's
            for (String run : world.runs.keySet()) {
                int expected = caller == null ? 401 : world.runVisibleTo(who, run) ? 200 : 404;
                assertThat(status("/api/runs/" + run, caller))
                        .as("run %s, %s", world.runs.get(run), who)
                        .isEqualTo(expected);
                assertThat(status("/api/runs/" + run + "/results", caller))
                        .as("run results %s, %s", world.runs.get(run), who)
                        .isEqualTo(expected);
            }
            if (caller != null) {
                List<String> listed = get("/api/runs?benchmarkId=" + world.workspacePrivate, caller)
                        .findValuesAsText("id");
                assertThat(listed)
                        .as("run list, %s", who)
                        .containsExactlyElementsOf(
                                world.runVisibleTo(who, world.workspaceRun) ? List.of(world.workspaceRun) : List.of());
            }
            // the workspace's own lists: its benchmarks (public and private) and its runs, to its members only
            boolean member = world.runVisibleTo(who, world.workspaceRun);
            Response benchmarks = request("GET", "/api/library?sort=recent&workspace=" + world.workspace, caller, null);
            Response runs = request("GET", "/api/runs?workspaceId=" + world.workspace, caller, null);
            if (member) {
                assertThat(benchmarks.status())
                        .as("workspace benchmarks, %s", who)
                        .isEqualTo(200);
                assertThat(ids(benchmarks.body()))
                        .as("workspace benchmarks, %s", who)
                        .containsExactly(world.workspacePublic, world.workspacePrivate);
                assertThat(benchmarks.body().get("total").asLong()).isEqualTo(2);
                assertThat(runs.status()).as("workspace runs, %s", who).isEqualTo(200);
                assertThat(runs.body().findValuesAsText("id"))
                        .as("workspace runs, %s", who)
                        .containsExactly(world.workspaceRun);
                assertThat(runs.body().get("total").asLong()).isEqualTo(1);
            } else {
                assertThat(benchmarks.status())
                        .as("workspace benchmarks, %s", who)
                        .isEqualTo(404);
                assertThat(runs.status()).as("workspace runs, %s", who).isEqualTo(caller == null ? 401 : 404);
                for (Response answer : List.of(benchmarks, runs)) {
                    assertThat(answer.text())
                            .as("workspace lists, %s", who)
                            .doesNotContain(world.workspacePrivate)
                            .doesNotContain(world.workspacePublic)
                            .doesNotContain(world.workspaceRun);
                }
            }
        }
        // paged like the other lists; a second page of one is empty, and the filters combine
        User viewer = world.callers.get("viewer");
        JsonNode second = get("/api/library?sort=recent&size=1&page=1&workspace=" + world.workspace, viewer);
        assertThat(ids(second)).containsExactly(world.workspacePrivate);
        assertThat(second.get("total").asLong()).isEqualTo(2);
        assertThat(ids(get("/api/library?workspace=" + world.workspace + "&tags=" + world.workspaceTag, viewer)))
                .containsExactly(world.workspacePrivate);
        assertThat(get("/api/runs?size=1&page=1&workspaceId=" + world.workspace, viewer)
                        .get("items"))
                .isEmpty();
        // the owner's personal run is in their run list, but never in the workspace's
        assertThat(get("/api/runs?workspaceId=" + world.workspace, world.callers.get("owner"))
                        .findValuesAsText("id"))
                .containsExactly(world.workspaceRun);
    }

    @Test
    default void viewers_read_but_neither_edit_nor_run_and_strangers_get_404() {
        var world = World.make(this);
        String patch = "{\"description\": \"changed\"}";
        String bm = "/api/benchmarks/" + world.workspacePrivate;
        assertThat(request("PATCH", bm, world.callers.get("viewer"), patch).status())
                .isEqualTo(403);
        assertThat(request("PATCH", bm, world.callers.get("outsider"), patch).status())
                .isEqualTo(404);
        assertThat(request("PATCH", bm, world.callers.get("member"), patch).status())
                .isEqualTo(200);
        assertThat(request("PATCH", bm, world.callers.get("admin"), patch).status())
                .isEqualTo(200);
        String run = "{\"benchmarkId\": \"" + world.workspacePrivate + "\", \"models\": [\"sim/echo\"]}";
        assertThat(request("POST", "/api/runs", world.callers.get("viewer"), run)
                        .status())
                .isEqualTo(403);
        assertThat(request("POST", "/api/runs", world.callers.get("outsider"), run)
                        .status())
                .isEqualTo(404);
        // a benchmark goes into a workspace only from a member who is no viewer
        String create = World.body("In " + world.word, world.sharedTag, "PRIVATE", world.workspace);
        assertThat(request("POST", "/api/benchmarks", world.callers.get("viewer"), create)
                        .status())
                .isEqualTo(403);
        Response stranger = request("POST", "/api/benchmarks", world.callers.get("outsider"), create);
        assertThat(stranger.status()).isEqualTo(400);
        assertThat(stranger.body().get("errors").findValuesAsText("field")).containsExactly("workspaceId");
        // forking is reading: a viewer may fork into their personal space
        assertThat(request("POST", bm + "/forks", world.callers.get("viewer"), "{}")
                        .status())
                .isEqualTo(201);
        assertThat(request("POST", bm + "/forks", world.callers.get("outsider"), "{}")
                        .status())
                .isEqualTo(404);
    }

    @Test
    default void a_removed_member_loses_every_channel_at_once() {
        var world = World.make(this);
        world.awaitIndexed(this);
        User member = world.callers.get("member");
        assertThat(status("/api/runs/" + world.workspaceRun, member)).isEqualTo(200);
        // the board is now kept for its position (ADR 0049); who may have it is still read with each request
        String board = "/api/benchmarks/" + world.workspacePrivate + "/leaderboard";
        assertThat(status(board, member)).isEqualTo(200);

        User admin = world.callers.get("admin");
        assertThat(request("DELETE", "/api/workspaces/" + world.workspace + "/members/" + member.id(), admin, null)
                        .status())
                .isEqualTo(204);
        // no waiting: the very next request of theirs reads the membership as it is now
        assertThat(status("/api/benchmarks/" + world.workspacePrivate, member)).isEqualTo(404);
        assertThat(status(board, member)).isEqualTo(404);
        assertThat(ids(get("/api/library?tags=" + world.sharedTag, member))).doesNotContain(world.workspacePrivate);
        assertThat(get("/api/library/suggest?prefix=" + world.word.substring(0, 6), member)
                        .findValuesAsText("id"))
                .doesNotContain(world.workspacePrivate);
        // even the run they requested themselves is the workspace's
        assertThat(status("/api/runs/" + world.workspaceRun, member)).isEqualTo(404);
        assertThat(get("/api/runs?benchmarkId=" + world.workspacePrivate, member)
                        .get("items"))
                .isEmpty();
        assertThat(status("/api/library?workspace=" + world.workspace, member)).isEqualTo(404);
        assertThat(status("/api/runs?workspaceId=" + world.workspace, member)).isEqualTo(404);
        assertThat(request("PATCH", "/api/benchmarks/" + world.workspacePrivate, member, "{\"description\": \"x\"}")
                        .status())
                .isEqualTo(404);
        assertThat(status("/api/benchmarks/" + world.workspacePublic, member)).isEqualTo(200);
        // the others keep it
        assertThat(status("/api/runs/" + world.workspaceRun, world.callers.get("viewer")))
                .isEqualTo(200);
        assertThat(status(board, world.callers.get("viewer"))).isEqualTo(200);
    }

    // --- the world -------------------------------------------------------------------------

    /**
     * Owner, admin, member and viewer of one workspace; the owner of another; anonymous. A personal private benchmark
     * of the owner's, a private and a public one in the workspace, and runs: the member's of the workspace's private
     * benchmark and the owner's of the personal one.
     */
    final class World {
        final Map<String, User> callers = new LinkedHashMap<>();
        final String word = word();
        final String sharedTag = word();
        final String workspaceTag = word();
        String workspace;
        String personalPrivate;
        String workspacePrivate;
        String workspacePublic;
        String workspaceRun;
        String personalRun;
        final Map<String, String> runs = new LinkedHashMap<>();

        static World make(WorkspaceVisibilityMatrix api) {
            var w = new World();
            User owner = api.newUser("owner");
            w.callers.put("owner", owner);
            w.callers.put("admin", api.newUser("admin"));
            w.callers.put("member", api.newUser("member"));
            w.callers.put("viewer", api.newUser("viewer"));
            w.callers.put("outsider", api.newUser("outsider"));
            w.callers.put("anonymous", null);
            w.workspace = api.workspace(owner);
            api.join(w.workspace, owner, w.callers.get("admin"), "ADMIN");
            api.join(w.workspace, owner, w.callers.get("member"), "MEMBER");
            api.join(w.workspace, w.callers.get("admin"), w.callers.get("viewer"), "VIEWER");
            api.workspace(w.callers.get("outsider"));

            w.personalPrivate = api.create(owner, body("Personal " + w.word, w.sharedTag, "PRIVATE", null));
            w.workspacePrivate = api.create(
                    w.callers.get("member"),
                    body("Team " + w.word, w.sharedTag + "\", \"" + w.workspaceTag, "PRIVATE", w.workspace));
            w.workspacePublic =
                    api.create(w.callers.get("member"), body("Shared " + w.word, w.sharedTag, "PUBLIC", w.workspace));
            w.workspaceRun = api.run(w.callers.get("member"), w.workspacePrivate);
            w.personalRun = api.run(owner, w.personalPrivate);
            w.runs.put(w.workspaceRun, "of the workspace");
            w.runs.put(w.personalRun, "personal");
            return w;
        }

        List<String> benchmarks() {
            return List.of(personalPrivate, workspacePrivate, workspacePublic);
        }

        String name(String benchmark) {
            return benchmark.equals(personalPrivate)
                    ? "personal private"
                    : benchmark.equals(workspacePrivate) ? "workspace private" : "public";
        }

        Set<String> visibleTo(String who) {
            return switch (who) {
                case "owner" -> Set.of(personalPrivate, workspacePrivate, workspacePublic);
                case "admin", "member", "viewer" -> Set.of(workspacePrivate, workspacePublic);
                default -> Set.of(workspacePublic);
            };
        }

        boolean runVisibleTo(String who, String run) {
            if (run.equals(personalRun)) return who.equals("owner");
            return Set.of("owner", "admin", "member", "viewer").contains(who);
        }

        /** Waits for the eventually consistent library to list all three to the owner (and the workspace's to a viewer). */
        void awaitIndexed(WorkspaceVisibilityMatrix api) {
            await(
                    () -> api.ids(api.get("/api/library?tags=" + sharedTag, callers.get("owner")))
                                    .size()
                            == 3,
                    "the library lists all three");
            await(
                    () -> api.get("/api/library/suggest?prefix=" + word.substring(0, 6), callers.get("owner"))
                                    .findValuesAsText("id")
                                    .size()
                            == 3,
                    "the suggester knows all three");
        }

        static String body(String title, String tags, String visibility, String workspaceId) {
            return """
                    {"title": "%s", "description": "matrix", "tags": ["%s"], "category": "qa", "visibility": "%s",%s
                     "promptTemplate": "Answer: {{input}}",
                     "cases": [{"input": "2+2", "expected": "4"}], "graders": [{"type": "exact"}]}""".formatted(
                    title, tags, visibility, workspaceId == null ? "" : " \"workspaceId\": \"" + workspaceId + "\",");
        }

        private static String word() {
            var random = new Random();
            var sb = new StringBuilder();
            for (int i = 0; i < 10; i++) sb.append((char) ('a' + random.nextInt(26)));
            return sb.toString();
        }
    }

    // --- helpers ---------------------------------------------------------------------------

    private String workspace(User owner) {
        Response created = request(
                "POST",
                "/api/workspaces",
                owner,
                "{\"name\": \"Matrix\", \"slug\": \"mx-"
                        + UUID.randomUUID().toString().substring(0, 12) + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.body().get("id").asText();
    }

    private void join(String workspace, User by, User who, String role) {
        String email = "mx-" + UUID.randomUUID() + "@example.org";
        Response invited = request(
                "POST",
                "/api/workspaces/" + workspace + "/invitations",
                by,
                "{\"email\": \"" + email + "\", \"role\": \"" + role + "\"}");
        assertThat(invited.status()).as(invited.text()).isEqualTo(201);
        Response accepted = request("POST", "/api/invitations/" + invitationToken(email) + "/accept", who, null);
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(200);
    }

    private String create(User owner, String body) {
        Response created = request("POST", "/api/benchmarks", owner, body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.body().get("id").asText();
    }

    private String run(User who, String benchmark) {
        Response started = request(
                "POST",
                "/api/runs",
                who,
                "{\"benchmarkId\": \"" + benchmark + "\", \"models\": [\"sim/echo\", \"sim/upper\"]}");
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        String id = started.body().get("id").asText();
        // the run read model is eventually consistent: wait until its requester sees it
        await(() -> status("/api/runs/" + id, who) == 200, "run " + id + " is stored");
        return id;
    }

    /** The benchmarks the caller sees a contamination flag on for {@code model}. */
    private List<String> flagged(User caller, String model) {
        List<String> benchmarks = new ArrayList<>();
        for (JsonNode flag : get("/api/integrity/contamination", caller)) {
            if (flag.get("model").asText().equals(model))
                benchmarks.add(flag.get("benchmarkId").asText());
        }
        return benchmarks;
    }

    private int status(String path, User caller) {
        return request("GET", path, caller, null).status();
    }

    private JsonNode get(String path, User caller) {
        Response response = request("GET", path, caller, null);
        assertThat(response.status()).as("GET %s: %s", path, response.text()).isEqualTo(200);
        return response.body();
    }

    private List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        for (JsonNode item : page.get("items")) ids.add(item.get("id").asText());
        return ids;
    }

    private static long facet(JsonNode page, String facet, String value) {
        for (JsonNode entry : page.get("facets").get(facet)) {
            if (entry.get("value").asText().equals(value))
                return entry.get("count").asLong();
        }
        return 0;
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
