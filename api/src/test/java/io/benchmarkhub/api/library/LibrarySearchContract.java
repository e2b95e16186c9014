package io.benchmarkhub.api.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase.Response;
import io.benchmarkhub.query.Viewer;
import io.benchmarkhub.query.library.LibrarySearch;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * What {@code GET /api/library} and {@code /api/library/suggest} promise, whichever adapter serves
 * them: implemented once here, run by {@link PostgresLibrarySearchTest} and
 * {@link ElasticsearchLibrarySearchTest} over HTTP against the whole application. Each test makes
 * its own users and random words, so tests sharing a database and an index do not see each other.
 */
interface LibrarySearchContract {

    record User(String id, String token) {}

    User newUser(String prefix);

    /** An administrator, who approves verification requests. */
    User admin();

    Response request(String method, String path, User user, String body);

    /** Raises a contamination flag of {@code model} on the benchmark, as the contamination policy would. */
    void flagContamination(String benchmarkId, String model);

    /** The adapter the application chose: postgresql or elasticsearch. */
    String engine();

    /** The same adapter over the same data, but counting totals exactly only up to {@code exactTotalUpTo}. */
    LibrarySearch searchCountingExactlyUpTo(int exactTotalUpTo);

    /**
     * The same adapter over the same data, ranking in full under {@code sort=relevance} as few candidates as it may: on
     * PostgreSQL {@code candidates} beyond the page before its bound decides (ADR 0047); Elasticsearch ranks every match.
     */
    LibrarySearch searchRankingAtLeast(int candidates);

    // ---- search, ranking, typos, highlighting

    @Test
    default void a_word_in_the_title_ranks_above_the_same_word_in_tags_and_above_it_in_the_description() {
        User alice = newUser("alice");
        String w = word();
        String inDescription =
                create(alice, "Alpha " + word(), "about " + w + " here", List.of("misc"), "qa", "PUBLIC");
        String inTitle = create(alice, "Benchmark " + w, "nothing special", List.of("misc"), "qa", "PUBLIC");
        String inTags = create(alice, "Gamma " + word(), "nothing special", List.of(w), "qa", "PUBLIC");
        awaitTotal("/api/library?q=" + w, alice, 3);

        JsonNode page = get("/api/library?q=" + w, null);
        assertThat(ids(page)).containsExactly(inTitle, inTags, inDescription);
    }

    @Test
    default void relevance_is_the_exact_order_on_every_page_even_when_few_candidates_are_ranked_in_full() {
        User alice = newUser("alice");
        String w = word();
        // the oldest match is the best one: the word in its title, tags and description
        String best = create(alice, "Best " + w, "the description says " + w + " too", List.of(w), "qa", "PUBLIC");
        List<String> titled = new ArrayList<>();
        for (int i = 0; i < 3; i++)
            titled.add(create(alice, "Titled " + w + " " + i, "nothing special", List.of("misc"), "qa", "PUBLIC"));
        // the word only in the description, but a title that looks like it: ranked low by text alone, high by title
        String lookalike = create(
                alice,
                "Lookalike " + w.substring(0, 9) + (w.endsWith("x") ? "y" : "x"),
                "mentions " + w,
                List.of("misc"),
                "qa",
                "PUBLIC");
        List<String> tagged = new ArrayList<>();
        for (int i = 0; i < 2; i++)
            tagged.add(create(alice, "Tagged " + i, "nothing special", List.of(w), "qa", "PUBLIC"));
        List<String> described = new ArrayList<>();
        for (int i = 0; i < 2; i++)
            described.add(create(alice, "Described " + i, "about " + w + " here", List.of("misc"), "qa", "PUBLIC"));
        awaitTotal("/api/library?q=" + w, null, 9);

        List<String> exact = ids(get("/api/library?q=" + w + "&size=20", null));
        assertThat(exact).hasSize(9).doesNotHaveDuplicates();
        assertThat(exact.getFirst()).isEqualTo(best);
        assertThat(exact.subList(1, 4)).containsExactlyInAnyOrderElementsOf(titled);
        assertThat(exact.subList(exact.size() - 2, exact.size())).containsExactlyInAnyOrderElementsOf(described);
        assertThat(exact.indexOf(lookalike)).isLessThan(exact.indexOf(described.getFirst()));
        assertThat(exact).containsAll(tagged);

        // a page can only be cut from the candidates when nothing else can rank above its last item; otherwise every
        // match is ranked: either way every page is the exact order's, by number and by cursor
        LibrarySearch few = searchRankingAtLeast(3);
        for (int size = 1; size <= 5; size++) {
            List<String> byNumber = new ArrayList<>();
            for (int p = 0; p * size < exact.size(); p++)
                byNumber.addAll(itemIds(few.search(relevance(w, p, size, null), Viewer.ANONYMOUS)));
            assertThat(byNumber).as("pages of %d by number", size).isEqualTo(exact);

            List<String> byCursor = new ArrayList<>();
            LibrarySearch.LibraryPage page = few.search(relevance(w, 0, size, null), Viewer.ANONYMOUS);
            byCursor.addAll(itemIds(page));
            while (page.nextCursor() != null) {
                page = few.search(relevance(w, 0, size, page.nextCursor()), Viewer.ANONYMOUS);
                byCursor.addAll(itemIds(page));
            }
            assertThat(byCursor).as("pages of %d by cursor", size).isEqualTo(exact);
        }
    }

    @Test
    default void a_typo_still_finds_the_benchmark() {
        User alice = newUser("alice");
        String w = word();
        String id = create(alice, "The " + w + " suite", "d", List.of("t"), "qa", "PUBLIC");
        awaitTotal("/api/library?q=" + w, alice, 1);

        String typo = w.substring(0, w.length() - 1) + (w.endsWith("x") ? "y" : "x");
        assertThat(ids(get("/api/library?q=" + typo, null))).contains(id);
    }

    @Test
    default void words_are_matched_as_they_are_typed_and_across_fields() {
        User alice = newUser("alice");
        String w = word();
        String tag = word();
        String id = create(alice, "Grade school " + w, "word problems", List.of(tag), "math", "PUBLIC");
        awaitTotal("/api/library?owner=" + alice.id(), alice, 1);

        assertThat(ids(get("/api/library?q=" + w.substring(0, 6), null))).contains(id);
        assertThat(ids(get("/api/library?q=" + enc(w + " " + tag), null))).containsExactly(id);
        assertThat(ids(get("/api/library?q=" + enc(w + " " + word()), null))).isEmpty();
    }

    @Test
    default void matches_are_highlighted_in_title_and_description() {
        User alice = newUser("alice");
        String w = word();
        String id = create(
                alice, "Title with " + w, "A description that mentions " + w + " once.", List.of("t"), "qa", "PUBLIC");
        awaitTotal("/api/library?q=" + w, alice, 1);

        JsonNode highlights = get("/api/library?q=" + w, null).get("highlights").get(id);
        assertThat(highlights.get("title").get(0).asText()).contains("<em>" + w + "</em>");
        assertThat(highlights.get("description").get(0).asText()).contains("<em>" + w + "</em>");
        assertThat(get("/api/library?owner=" + alice.id(), null)
                        .get("highlights")
                        .size())
                .isZero();
    }

    // ---- filters, sorts, facets

    @Test
    default void filters_combine_tags_category_verified_contamination_and_owner() {
        User alice = newUser("alice");
        User bob = newUser("bob");
        String t1 = word();
        String t2 = word();
        String both = create(alice, "Both", "d", List.of(t1, t2), "math", "PUBLIC");
        String onlyT1 = create(alice, "Only one", "d", List.of(t1), "code", "PUBLIC");
        String bobs = create(bob, "Bob's", "d", List.of(t1, t2), "math", "PUBLIC");
        awaitTotal("/api/library?tags=" + t1, alice, 3);

        assertThat(ids(get("/api/library?tags=" + t1 + "&tags=" + t2, null))).containsExactlyInAnyOrder(both, bobs);
        assertThat(ids(get("/api/library?tags=" + t1 + "&category=code", null))).containsExactly(onlyT1);
        assertThat(ids(get("/api/library?tags=" + t1 + "&owner=" + bob.id(), null)))
                .containsExactly(bobs);
        assertThat(get("/api/library?tags=" + t1 + "&verified=false&contaminationFlagged=false", null)
                        .get("total")
                        .asLong())
                .isEqualTo(3);
        assertThat(get("/api/library?tags=" + t1 + "&verified=true", null)
                        .get("total")
                        .asLong())
                .isZero();
        assertThat(get("/api/library?tags=" + t1 + "&contaminationFlagged=true", null)
                        .get("total")
                        .asLong())
                .isZero();
    }

    @Test
    default void an_approved_verification_shows_on_the_item_and_filters_without_moving_it_up_the_recent_sort() {
        User alice = newUser("alice");
        String t = word();
        String verified = create(alice, "Open data", "d", List.of(t), "qa", "PUBLIC");
        String newer = create(alice, "Newer", "d", List.of(t), "qa", "PUBLIC");
        awaitTotal("/api/library?tags=" + t, alice, 2);

        Response requested = request(
                "POST",
                "/api/benchmarks/" + verified + "/verification",
                alice,
                "{\"licence\": \"MIT\", \"sourceUrl\": \"https://example.org/data\"}");
        assertThat(requested.status()).as(requested.text()).isEqualTo(200);
        Response approved =
                request("POST", "/api/admin/benchmarks/" + verified + "/verification/approve", admin(), null);
        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        awaitTotal("/api/library?tags=" + t + "&verified=true", null, 1);

        assertThat(ids(get("/api/library?tags=" + t + "&verified=true", null))).containsExactly(verified);
        assertThat(ids(get("/api/library?tags=" + t + "&verified=false", null))).containsExactly(newer);
        JsonNode page = get("/api/library?tags=" + t + "&sort=recent", null);
        assertThat(ids(page)).containsExactly(newer, verified);
        assertThat(page.get("items").get(1).get("verified").asBoolean()).isTrue();
    }

    @Test
    default void
            open_contamination_flags_show_and_filter_a_dismissed_or_revoked_state_leaves_and_a_private_one_never_shows() {
        User alice = newUser("alice");
        User bob = newUser("bob");
        String t = word();
        String flagged = create(alice, "Leaky data", "d", List.of(t), "qa", "PUBLIC");
        String clean = create(alice, "Clean data", "d", List.of(t), "qa", "PUBLIC");
        String hidden = create(alice, "Hidden leaky data", "d", List.of(t), "qa", "PUBLIC");
        awaitTotal("/api/library?tags=" + t, null, 3);
        flagContamination(flagged, "vendor/model-b");
        flagContamination(flagged, "vendor/model-a");
        flagContamination(hidden, "vendor/model-a");
        assertThat(request("POST", "/api/benchmarks/" + hidden + "/unpublish", alice, null)
                        .status())
                .isEqualTo(200);
        awaitTotal("/api/library?tags=" + t + "&contaminationFlagged=true", alice, 2);
        // the owner saw both before the unpublish too: wait until the library has applied it for others
        awaitTotal("/api/library?tags=" + t + "&contaminationFlagged=true", null, 1);

        JsonNode page = get("/api/library?tags=" + t + "&contaminationFlagged=true", null);
        assertThat(ids(page)).containsExactly(flagged);
        JsonNode item = page.get("items").get(0);
        assertThat(item.get("contaminationFlagged").asBoolean()).isTrue();
        assertThat(item.get("contaminationFlags").asInt()).isEqualTo(2);
        assertThat(item.get("flaggedModels").toString()).isEqualTo("[\"vendor/model-a\",\"vendor/model-b\"]");
        assertThat(ids(get("/api/library?tags=" + t + "&contaminationFlagged=false", bob)))
                .containsExactly(clean);
        assertThat(get("/api/library?tags=" + t + "&contaminationFlagged=false", null)
                        .get("items")
                        .get(0)
                        .get("contaminationFlags")
                        .asInt())
                .isZero();
        // the owner sees her private flagged benchmark; nobody else does, by any filter
        assertThat(ids(get("/api/library?tags=" + t + "&contaminationFlagged=true", alice)))
                .containsExactlyInAnyOrder(flagged, hidden);
        assertThat(get("/api/library?tags=" + t + "&contaminationFlagged=true", bob)
                        .get("total")
                        .asLong())
                .isEqualTo(1);

        Response dismissed = request(
                "POST",
                "/api/admin/benchmarks/" + flagged + "/contamination/dismiss",
                admin(),
                "{\"model\": \"vendor/model-a\", \"reason\": \"checked\"}");
        assertThat(dismissed.status()).as(dismissed.text()).isEqualTo(200);
        await(
                () -> get("/api/library?tags=" + t + "&contaminationFlagged=true", null)
                                .get("items")
                                .get(0)
                                .get("contaminationFlags")
                                .asInt()
                        == 1,
                "the dismissed model leaves the item");
        JsonNode after = get("/api/library?tags=" + t + "&contaminationFlagged=true", null)
                .get("items")
                .get(0);
        assertThat(after.get("flaggedModels").toString()).isEqualTo("[\"vendor/model-b\"]");
        assertThat(after.get("contaminationFlags").asInt()).isEqualTo(1);
    }

    @Test
    default void facets_count_tags_and_categories_of_the_matching_benchmarks() {
        User alice = newUser("alice");
        String t = word();
        String other = word();
        create(alice, "One", "d", List.of(t, other), "math", "PUBLIC");
        create(alice, "Two", "d", List.of(t), "math", "PUBLIC");
        create(alice, "Three", "d", List.of(t), "code", "PUBLIC");
        awaitTotal("/api/library?tags=" + t, alice, 3);

        JsonNode page = get("/api/library?tags=" + t, null);
        assertThat(facet(page, "tags", t)).isEqualTo(3);
        assertThat(facet(page, "tags", other)).isEqualTo(1);
        assertThat(facet(page, "category", "math")).isEqualTo(2);
        assertThat(facet(page, "category", "code")).isEqualTo(1);
        assertThat(facet(get("/api/library?tags=" + t + "&category=code", null), "tags", other))
                .isZero();
    }

    @Test
    default void
            the_whole_librarys_facets_count_public_benchmarks_for_everyone_and_private_ones_for_who_may_see_them() {
        User alice = newUser("alice");
        User bob = newUser("bob");
        String tag = word();
        String secretTag = word();
        String category = "cat" + word();
        // enough of one tag to be among the 20 facet values of the whole library, whatever other tests left there
        for (int i = 0; i < 25; i++) create(alice, "Counted " + i, "d", List.of(tag), category, "PUBLIC");
        List<String> hidden = new ArrayList<>();
        for (int i = 0; i < 3; i++)
            hidden.add(create(alice, "Hidden " + i, "d", List.of(tag, secretTag), category, "PRIVATE"));
        awaitTotal("/api/library?tags=" + tag, alice, 28);

        for (User viewer : new User[] {bob, null}) {
            String who = viewer == null ? "anonymous" : "bob";
            JsonNode library = get("/api/library", viewer);
            assertThat(facet(library, "tags", tag)).as("tag for %s", who).isEqualTo(25);
            assertThat(facet(library, "category", category))
                    .as("category for %s", who)
                    .isEqualTo(25);
            assertThat(facet(library, "tags", secretTag))
                    .as("private tag for %s", who)
                    .isZero();
            assertThat(library.toString()).doesNotContain(secretTag);
        }
        JsonNode own = get("/api/library", alice);
        assertThat(facet(own, "tags", tag)).isEqualTo(28);
        assertThat(facet(own, "category", category)).isEqualTo(28);
        long anonymousTotal = get("/api/library", null).get("total").asLong();
        assertThat(get("/api/library", alice).get("total").asLong()).isGreaterThanOrEqualTo(anonymousTotal + 3);

        // a benchmark published later counts for everyone from then on
        assertThat(request("POST", "/api/benchmarks/" + hidden.getFirst() + "/publish", alice, null)
                        .status())
                .isEqualTo(200);
        await(() -> facet(get("/api/library", null), "tags", tag) == 26, "the published benchmark is counted");
        assertThat(facet(get("/api/library", bob), "tags", tag)).isEqualTo(26);
        assertThat(facet(get("/api/library", alice), "tags", tag)).isEqualTo(28);
    }

    @Test
    default void the_whole_librarys_total_is_the_real_count_after_creates_publishes_and_unpublishes_for_each_viewer() {
        User alice = newUser("alice");
        User bob = newUser("bob");
        String published = create(alice, "Counted " + word(), "d", List.of("c"), "qa", "PUBLIC");
        String secret = create(alice, "Uncounted " + word(), "d", List.of("c"), "qa", "PRIVATE");
        awaitWholeLibraryCounted(alice, bob, secret, true);

        // a private benchmark made public counts for everyone from then on
        long before = get("/api/library", null).get("total").asLong();
        assertThat(request("POST", "/api/benchmarks/" + secret + "/publish", alice, null)
                        .status())
                .isEqualTo(200);
        await(() -> get("/api/library", null).get("total").asLong() == before + 1, "the published one is counted");
        awaitWholeLibraryCounted(alice, bob, secret, false);

        // and a public one made private again only for its owner (the domain has no delete: this is how one leaves)
        assertThat(request("POST", "/api/benchmarks/" + published + "/unpublish", alice, null)
                        .status())
                .isEqualTo(200);
        await(() -> get("/api/library", null).get("total").asLong() == before, "the unpublished one leaves the count");
        awaitWholeLibraryCounted(alice, bob, published, true);
    }

    /**
     * Waits until the first page of the whole library answers, for an anonymous caller, for the owner and for another
     * user, a total equal to the items a walk through every page finds for that caller, and {@code id} counts for its
     * owner only when it is {@code ownersOnly}.
     */
    private void awaitWholeLibraryCounted(User owner, User other, String id, boolean ownersOnly) {
        await(
                () -> {
                    List<String> anonymous = walk(null);
                    List<String> owners = walk(owner);
                    List<String> others = walk(other);
                    return get("/api/library", null).get("total").asLong() == anonymous.size()
                            && get("/api/library", owner).get("total").asLong() == owners.size()
                            && get("/api/library", other).get("total").asLong() == others.size()
                            && owners.contains(id)
                            && anonymous.contains(id) != ownersOnly
                            && others.contains(id) != ownersOnly
                            && owners.size() == anonymous.size() + (ownersOnly ? 1 : 0)
                            && others.size() == anonymous.size();
                },
                "the whole library's total is the count of what each caller may see");
        assertThat(get("/api/library", null).get("totalRelation").asText()).isEqualTo("eq");
    }

    /** Every item of the whole library this viewer sees, page after page by cursor. */
    private List<String> walk(User viewer) {
        List<String> seen = new ArrayList<>();
        JsonNode page = get("/api/library?sort=recent&size=100", viewer);
        seen.addAll(ids(page));
        while (!page.get("nextCursor").isNull()) {
            page = get(
                    "/api/library?sort=recent&size=100&cursor="
                            + page.get("nextCursor").asText(),
                    viewer);
            seen.addAll(ids(page));
        }
        return seen;
    }

    @Test
    default void sorts_by_recency_forks_runs_and_score_with_recency_breaking_ties() {
        User alice = newUser("alice");
        User bob = newUser("bob");
        String a = create(alice, "A", "d", List.of("s"), "qa", "PUBLIC");
        String b = create(alice, "B", "d", List.of("s"), "qa", "PUBLIC");
        String c = create(alice, "C", "d", List.of("s"), "qa", "PUBLIC");
        assertThat(request("PATCH", "/api/benchmarks/" + a, alice, "{\"description\": \"edited\"}")
                        .status())
                .isEqualTo(200);
        for (String source : List.of(b, b, c)) {
            assertThat(request("POST", "/api/benchmarks/" + source + "/forks", bob, "{}")
                            .status())
                    .isEqualTo(201);
        }
        String mine = "/api/library?owner=" + alice.id();
        await(() -> ids(get(mine + "&sort=forks", null)).equals(List.of(b, c, a)), "fork counts reach the library");
        awaitCondition(
                () -> ids(get(mine + "&sort=recent", null)).equals(List.of(a, c, b)), "the edit reaches the library");

        JsonNode byForks = get(mine + "&sort=forks", null);
        assertThat(byForks.get("items").findValues("forkCount").stream()
                        .map(JsonNode::asLong)
                        .toList())
                .containsExactly(2L, 1L, 0L);
        assertThat(ids(get(mine + "&sort=runs", null))).containsExactly(a, c, b);
        assertThat(ids(get(mine + "&sort=score", null))).containsExactly(a, c, b);
        assertThat(ids(get(mine, null))).containsExactly(a, c, b);
        assertThat(request("GET", mine + "&sort=stars", null, null).status()).isEqualTo(400);
    }

    // ---- paging

    @Test
    default void a_cursor_walks_every_item_once_in_the_order_of_page_numbers_even_while_benchmarks_are_added() {
        User alice = newUser("alice");
        String tag = word();
        for (int i = 0; i < 7; i++) create(alice, "Paged " + i, "d", List.of(tag), "qa", "PUBLIC");
        awaitTotal("/api/library?tags=" + tag, alice, 7);
        String base = "/api/library?tags=" + tag + "&sort=recent&size=3";
        List<String> byPages = new ArrayList<>();
        for (int p = 0; p < 3; p++) byPages.addAll(ids(get(base + "&page=" + p, null)));

        List<String> byCursor = new ArrayList<>();
        JsonNode page = get(base, null);
        byCursor.addAll(ids(page));
        create(alice, "Added meanwhile", "d", List.of(tag), "qa", "PUBLIC"); // sorts first: must not shift later pages
        while (!page.get("nextCursor").isNull()) {
            page = get(base + "&cursor=" + page.get("nextCursor").asText(), null);
            byCursor.addAll(ids(page));
        }
        assertThat(byCursor).hasSize(7).doesNotHaveDuplicates().isEqualTo(byPages);
        assertThat(get(base, null).get("total").asLong()).isBetween(7L, 8L);
    }

    @Test
    default void the_first_page_answers_total_and_facets_and_a_cursor_page_leaves_them_to_it() {
        User alice = newUser("alice");
        String tag = word();
        for (int i = 0; i < 3; i++) create(alice, "Faceted " + i, "d", List.of(tag), "qa", "PUBLIC");
        awaitTotal("/api/library?tags=" + tag, alice, 3);
        String base = "/api/library?tags=" + tag + "&sort=recent&size=2";

        JsonNode first = get(base, null);
        assertThat(first.get("total").asLong()).isEqualTo(3);
        assertThat(first.get("totalRelation").asText()).isEqualTo("eq");
        assertThat(facet(first, "category", "qa")).isEqualTo(3);
        // a page number is still a first page of its own (API clients may page by number)
        JsonNode byNumber = get(base + "&page=1", null);
        assertThat(byNumber.get("total").asLong()).isEqualTo(3);
        assertThat(facet(byNumber, "tags", tag)).isEqualTo(3);

        JsonNode continued = get(base + "&cursor=" + first.get("nextCursor").asText(), null);
        assertThat(ids(continued)).hasSize(1).isEqualTo(ids(byNumber));
        assertThat(continued.get("total").isNull()).isTrue();
        assertThat(continued.get("totalRelation").isNull()).isTrue();
        assertThat(continued.get("facets").isNull()).isTrue();
    }

    @Test
    default void above_the_exact_count_the_total_is_a_lower_bound_and_says_so() {
        User alice = newUser("alice");
        String tag = word();
        for (int i = 0; i < 4; i++) create(alice, "Counted " + i, "d", List.of(tag), i < 3 ? "qa" : "code", "PUBLIC");
        awaitTotal("/api/library?tags=" + tag, alice, 4);
        var query = new LibrarySearch.SearchQuery(
                null, List.of(tag), null, null, null, null, null, LibrarySearch.Sort.RECENT, 0, 2, null);

        LibrarySearch.LibraryPage capped = searchCountingExactlyUpTo(2).search(query, Viewer.ANONYMOUS);
        assertThat(capped.total()).isEqualTo(2);
        assertThat(capped.totalRelation()).isEqualTo(LibrarySearch.TotalRelation.GTE);
        assertThat(capped.items()).hasSize(2);
        // the facets stay exact: they count every match
        assertThat(capped.facets().get("category"))
                .containsExactly(new LibrarySearch.FacetValue("qa", 3), new LibrarySearch.FacetValue("code", 1));

        LibrarySearch.LibraryPage exact = searchCountingExactlyUpTo(4).search(query, Viewer.ANONYMOUS);
        assertThat(exact.total()).isEqualTo(4);
        assertThat(exact.totalRelation()).isEqualTo(LibrarySearch.TotalRelation.EQ);
    }

    @Test
    default void a_damaged_or_foreign_cursor_is_a_400() {
        assertThat(request("GET", "/api/library?cursor=not-a-cursor", null, null)
                        .status())
                .isEqualTo(400);
        User alice = newUser("alice");
        String tag = word();
        create(alice, "One", "d", List.of(tag), "qa", "PUBLIC");
        create(alice, "Two", "d", List.of(tag), "qa", "PUBLIC");
        awaitTotal("/api/library?tags=" + tag, alice, 2);
        String cursor = get("/api/library?tags=" + tag + "&size=1&sort=recent", null)
                .get("nextCursor")
                .asText();
        Response otherSort =
                request("GET", "/api/library?tags=" + tag + "&size=1&sort=runs&cursor=" + cursor, null, null);
        assertThat(otherSort.status()).isEqualTo(400);
        assertThat(otherSort.body().toString()).contains("cursor");
    }

    // ---- type-ahead

    @Test
    default void suggestions_complete_any_word_of_a_title() {
        User alice = newUser("alice");
        String w = word();
        String id = create(alice, "Grade " + w + " math", "d", List.of("t"), "qa", "PUBLIC");
        awaitSuggestion(w.substring(0, 5), alice, id);

        assertThat(suggestionIds(w.substring(0, 5), null)).contains(id);
        assertThat(suggestionIds("grade " + w.substring(0, 4), null)).contains(id);
        JsonNode first = get("/api/library/suggest?prefix=" + w.substring(0, 5), null)
                .get("items")
                .get(0);
        assertThat(first.get("title").asText()).isEqualTo("Grade " + w + " math");
        assertThat(request("GET", "/api/library/suggest?prefix=", null, null).status())
                .isEqualTo(400);
    }

    // ---- visibility, channel by channel

    @Test
    default void a_private_benchmark_leaks_through_no_channel_to_another_user_or_an_anonymous_caller() {
        User alice = newUser("alice");
        User bob = newUser("bob");
        String secret = word();
        String secretTag = word();
        String shared = word();
        String privateId = create(
                alice,
                "Secret " + secret,
                "describes " + secret,
                List.of(shared, secretTag),
                "secretcat" + secret,
                "PRIVATE");
        String publicId = create(alice, "Open " + word(), "open", List.of(shared), "qa", "PUBLIC");
        awaitTotal("/api/library?tags=" + shared, alice, 2);
        awaitSuggestion(secret.substring(0, 5), alice, privateId);

        for (User viewer : new User[] {bob, null}) {
            String who = viewer == null ? "anonymous" : "bob";
            JsonNode hits = get("/api/library?q=" + secret, viewer);
            assertThat(hits.get("items")).as("hits for %s", who).isEmpty();
            assertThat(hits.get("total").asLong()).as("total for %s", who).isZero();
            assertThat(hits.get("highlights").size())
                    .as("highlights for %s", who)
                    .isZero();
            JsonNode listing = get("/api/library?tags=" + shared, viewer);
            assertThat(ids(listing)).as("listing for %s", who).containsExactly(publicId);
            assertThat(listing.get("total").asLong()).as("total for %s", who).isEqualTo(1);
            assertThat(facet(listing, "tags", shared))
                    .as("tag facet for %s", who)
                    .isEqualTo(1);
            assertThat(facet(listing, "tags", secretTag))
                    .as("secret tag facet for %s", who)
                    .isZero();
            assertThat(facet(get("/api/library", viewer), "category", "secretcat" + secret))
                    .as("category facet for %s", who)
                    .isZero();
            assertThat(get("/api/library?owner=" + alice.id(), viewer)
                            .get("total")
                            .asLong())
                    .as("owner filter for %s", who)
                    .isEqualTo(1);
            assertThat(suggestionIds(secret.substring(0, 5), viewer))
                    .as("suggestions for %s", who)
                    .isEmpty();
            assertThat(get("/api/library/suggest?prefix=secret", viewer).toString())
                    .as("suggestions for %s", who)
                    .doesNotContain(privateId);
            for (JsonNode page : List.of(hits, listing))
                assertThat(page.toString()).doesNotContain(privateId).doesNotContain(secret);
        }
        // the owner sees it on every channel
        assertThat(ids(get("/api/library?q=" + secret, alice))).containsExactly(privateId);
        assertThat(get("/api/library?q=" + secret, alice).get("highlights").has(privateId))
                .isTrue();
        assertThat(facet(get("/api/library?tags=" + shared, alice), "tags", secretTag))
                .isEqualTo(1);
        assertThat(suggestionIds(secret.substring(0, 5), alice)).containsExactly(privateId);
    }

    @Test
    default void a_private_fork_counts_only_for_its_owner() {
        User alice = newUser("alice");
        User bob = newUser("bob");
        String source = create(alice, "Forked " + word(), "d", List.of("f"), "qa", "PUBLIC");
        assertThat(request("POST", "/api/benchmarks/" + source + "/forks", bob, "{\"visibility\": \"PRIVATE\"}")
                        .status())
                .isEqualTo(201);
        String mine = "/api/library?owner=" + alice.id();
        await(
                () -> get(mine, bob).path("items").path(0).path("forkCount").asLong(-1) == 1,
                "bob sees his private fork counted");

        assertThat(get(mine, alice).get("items").get(0).get("forkCount").asLong())
                .isZero();
        assertThat(get(mine, null).get("items").get(0).get("forkCount").asLong())
                .isZero();
    }

    @Test
    default void unpublishing_removes_a_benchmark_from_every_channel_for_others() {
        User alice = newUser("alice");
        String w = word();
        String id = create(alice, "Briefly " + w, "d", List.of(w), "qa", "PUBLIC");
        awaitSuggestion(w.substring(0, 5), null, id);
        assertThat(request("POST", "/api/benchmarks/" + id + "/unpublish", alice, null)
                        .status())
                .isEqualTo(200);

        await(() -> get("/api/library?q=" + w, null).get("total").asLong() == 0, "the search forgets it");
        await(() -> suggestionIds(w.substring(0, 5), null).isEmpty(), "the suggester forgets it");
        assertThat(facet(get("/api/library?tags=" + w, null), "tags", w)).isZero();
        assertThat(ids(get("/api/library?q=" + w, alice))).containsExactly(id);
    }

    // ---- helpers

    private String create(
            User owner, String title, String description, List<String> tags, String category, String visibility) {
        String body = """
                {"title": "%s", "description": "%s", "tags": [%s], "category": "%s", "visibility": "%s",
                 "cases": [{"input": "What is 2+2?", "expected": "4"}], "graders": [{"type": "exact"}]}""".formatted(
                        title,
                        description,
                        String.join(",", tags.stream().map(t -> "\"" + t + "\"").toList()),
                        category,
                        visibility);
        Response created = request("POST", "/api/benchmarks", owner, body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.body().get("id").asText();
    }

    private JsonNode get(String path, User viewer) {
        Response response = request("GET", path, viewer, null);
        assertThat(response.status()).as("GET %s: %s", path, response.text()).isEqualTo(200);
        return response.body();
    }

    private List<String> suggestionIds(String prefix, User viewer) {
        return get("/api/library/suggest?prefix=" + enc(prefix), viewer).findValuesAsText("id");
    }

    private void awaitTotal(String path, User viewer, long total) {
        await(() -> get(path, viewer).get("total").asLong() == total, path + " has " + total + " items");
    }

    private void awaitSuggestion(String prefix, User viewer, String id) {
        await(() -> suggestionIds(prefix, viewer).contains(id), "suggestions for " + prefix + " include " + id);
    }

    private void awaitCondition(BooleanSupplier condition, String what) {
        await(condition, what);
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

    private static LibrarySearch.SearchQuery relevance(String q, int page, int size, String cursor) {
        return new LibrarySearch.SearchQuery(
                q, List.of(), null, null, null, null, null, LibrarySearch.Sort.RELEVANCE, page, size, cursor);
    }

    private static List<String> itemIds(LibrarySearch.LibraryPage page) {
        return page.items().stream().map(LibrarySearch.LibraryItem::id).toList();
    }

    private static List<String> ids(JsonNode page) {
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

    /** A random lowercase word of 10 letters: unique to one test, in every index and table. */
    private static String word() {
        Random random = new Random();
        var sb = new StringBuilder();
        for (int i = 0; i < 10; i++) sb.append((char) ('a' + random.nextInt(26)));
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
