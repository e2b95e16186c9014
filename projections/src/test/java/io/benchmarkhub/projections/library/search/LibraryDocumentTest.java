package io.benchmarkhub.projections.library.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.projections.library.search.LibraryDocument.Completion;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each change of a library document changes its own fields and keeps every other one. */
class LibraryDocumentTest {

    private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05Z");
    private static final Instant LATER = Instant.parse("2026-02-03T04:05:06Z");

    private final LibraryDocument created = LibraryDocument.created(
            "bm_1",
            "Grade school math",
            "sums",
            List.of("math"),
            "reasoning",
            "2+2",
            "user_1",
            null,
            "PRIVATE",
            "bm_0",
            3L,
            12,
            CREATED);

    @Test
    void a_new_document_is_its_owners_with_the_title_as_suggestions() {
        assertThat(created)
                .isEqualTo(new LibraryDocument(
                        "bm_1",
                        "Grade school math",
                        "sums",
                        List.of("math"),
                        "reasoning",
                        "2+2",
                        "user_1",
                        null,
                        "PRIVATE",
                        List.of("owner:user_1"),
                        "bm_0",
                        3L,
                        12,
                        0,
                        false,
                        false,
                        List.of(),
                        null,
                        null,
                        CREATED.toString(),
                        CREATED.toString(),
                        new Completion(
                                List.of("Grade school math", "school math", "math"),
                                Map.of("access", List.of("owner:user_1")))));
    }

    @Test
    void new_details_change_the_text_the_time_and_the_suggestions_only() {
        LibraryDocument changed = created.withDetails("Harder math", "more sums", List.of("math", "hard"), null, LATER);

        assertThat(changed)
                .isEqualTo(new LibraryDocument(
                        "bm_1",
                        "Harder math",
                        "more sums",
                        List.of("math", "hard"),
                        null,
                        "2+2",
                        "user_1",
                        null,
                        "PRIVATE",
                        List.of("owner:user_1"),
                        "bm_0",
                        3L,
                        12,
                        0,
                        false,
                        false,
                        List.of(),
                        null,
                        null,
                        CREATED.toString(),
                        LATER.toString(),
                        new Completion(List.of("Harder math", "math"), Map.of("access", List.of("owner:user_1")))));
    }

    @Test
    void publishing_opens_it_to_everyone_and_the_suggester_with_it() {
        LibraryDocument published = created.withVisibility("PUBLIC", LATER);

        assertThat(published.visibility()).isEqualTo("PUBLIC");
        assertThat(published.access()).containsExactly("public");
        assertThat(published.suggest().contexts()).isEqualTo(Map.of("access", List.of("public")));
        assertThat(published.updatedAt()).isEqualTo(LATER.toString());
        assertThat(published.withVisibility("PRIVATE", LATER)).isEqualTo(created.touched(LATER));
    }

    @Test
    void a_workspaces_private_benchmark_is_its_members() {
        LibraryDocument inWorkspace = LibraryDocument.created(
                "bm_2", "T", null, List.of(), null, null, "user_1", "ws_1", "PRIVATE", null, null, 1, CREATED);

        assertThat(inWorkspace.access()).containsExactly("workspace:ws_1");
    }

    @Test
    void cases_change_the_count_and_the_time_only() {
        LibraryDocument more = created.withCaseCount(13, LATER);

        assertThat(more.caseCount()).isEqualTo(13);
        assertThat(more.updatedAt()).isEqualTo(LATER.toString());
        assertThat(more.withCaseCount(12, CREATED)).isEqualTo(created);
    }

    @Test
    void the_badge_and_flags_keep_the_update_time_and_flags_stay_sorted() {
        LibraryDocument verified = created.withVerified(true);
        assertThat(verified.verified()).isTrue();
        assertThat(verified.withVerified(false)).isEqualTo(created);

        LibraryDocument flagged = created.withFlag("z/model", true).withFlag("a/model", true);
        assertThat(flagged.flaggedModels()).containsExactly("a/model", "z/model");
        assertThat(flagged.contaminationFlagged()).isTrue();
        assertThat(flagged.updatedAt()).isEqualTo(CREATED.toString());
        assertThat(flagged.withFlag("a/model", false).withFlag("z/model", false))
                .isEqualTo(created);
    }
}
