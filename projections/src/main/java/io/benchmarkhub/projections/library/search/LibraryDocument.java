package io.benchmarkhub.projections.library.search;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One benchmark in the Elasticsearch library index (mapping: {@code elasticsearch/library-index.json}).
 * {@code access} says who may see it ({@code public}; for a private one {@code workspace:<id>} when it belongs to a
 * workspace, otherwise {@code owner:<id>}) and is
 * also the context of the {@code suggest} completion, so type-ahead filters by it too. Dates are
 * ISO-8601 strings, whatever JSON mapper the client uses. {@code flaggedModels} are the models with an open
 * contamination flag here, sorted; {@code contaminationFlagged} says there is one. The run fields are in the mapping
 * already; their events come with the run issues.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record LibraryDocument(
        String id,
        String title,
        String description,
        List<String> tags,
        String category,
        String caseSample,
        String ownerId,
        String workspaceId,
        String visibility,
        List<String> access,
        String forkedFrom,
        Long forkedFromVersion,
        int caseCount,
        int runCount,
        boolean verified,
        boolean contaminationFlagged,
        List<String> flaggedModels,
        String topModel,
        Double topScore,
        String createdAt,
        String updatedAt,
        Completion suggest) {

    /** The completion suggester's inputs (the title from each of its first words on) and contexts. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Completion(List<String> input, Map<String, List<String>> contexts) {}

    private static final int MAX_SUGGEST_INPUTS = 8;

    public static LibraryDocument created(
            String id,
            String title,
            String description,
            List<String> tags,
            String category,
            String caseSample,
            String ownerId,
            String workspaceId,
            String visibility,
            String forkedFrom,
            Long forkedFromVersion,
            int caseCount,
            Instant at) {
        return new LibraryDocument(
                        id,
                        title,
                        description,
                        List.copyOf(tags),
                        category,
                        caseSample,
                        ownerId,
                        workspaceId,
                        visibility,
                        null,
                        forkedFrom,
                        forkedFromVersion,
                        caseCount,
                        0,
                        false,
                        false,
                        List.of(),
                        null,
                        null,
                        at.toString(),
                        at.toString(),
                        null)
                .withAccess();
    }

    public LibraryDocument withDetails(
            String newTitle, String newDescription, List<String> newTags, String newCategory, Instant at) {
        Copy copy = copy();
        copy.title = newTitle;
        copy.description = newDescription;
        copy.tags = List.copyOf(newTags);
        copy.category = newCategory;
        copy.updatedAt = at.toString();
        return copy.build().withAccess();
    }

    public LibraryDocument withCaseCount(int newCaseCount, Instant at) {
        Copy copy = copy();
        copy.caseCount = newCaseCount;
        copy.updatedAt = at.toString();
        return copy.build();
    }

    public LibraryDocument withVisibility(String newVisibility, Instant at) {
        Copy copy = copy();
        copy.visibility = newVisibility;
        copy.updatedAt = at.toString();
        return copy.build().withAccess();
    }

    /** Keeps {@code updatedAt}: the badge is not a change of content. */
    public LibraryDocument withVerified(boolean nowVerified) {
        Copy copy = copy();
        copy.verified = nowVerified;
        return copy.build();
    }

    /**
     * The model's flag opened ({@code open}) or was withdrawn; keeps {@code updatedAt}, a flag is no change of content.
     * {@code flaggedModels} stays sorted, so a replay gives the same document.
     */
    public LibraryDocument withFlag(String model, boolean open) {
        var models = new java.util.TreeSet<>(flaggedModels == null ? List.<String>of() : flaggedModels);
        if (open) models.add(model);
        else models.remove(model);
        Copy copy = copy();
        copy.contaminationFlagged = !models.isEmpty();
        copy.flaggedModels = List.copyOf(models);
        return copy.build();
    }

    public LibraryDocument touched(Instant at) {
        return withCaseCount(caseCount, at);
    }

    /** Recomputes who may see it and the suggester's inputs, which follow visibility and title. */
    private LibraryDocument withAccess() {
        // a workspace's private benchmark is its members', not its creator's: they lose it when they leave
        List<String> who = "PUBLIC".equals(visibility)
                ? List.of("public")
                : workspaceId != null ? List.of("workspace:" + workspaceId) : List.of("owner:" + ownerId);
        Copy copy = copy();
        copy.access = who;
        copy.suggest = new Completion(suggestInputs(title), Map.of("access", who));
        return copy.build();
    }

    private Copy copy() {
        return new Copy(this);
    }

    /**
     * This document's fields, to change a few and build the new document: the one place that lists them all, so a
     * field added to the record is carried over by every change.
     */
    private static final class Copy {
        private final String id;
        private String title;
        private String description;
        private List<String> tags;
        private String category;
        private final String caseSample;
        private final String ownerId;
        private final String workspaceId;
        private String visibility;
        private List<String> access;
        private final String forkedFrom;
        private final Long forkedFromVersion;
        private int caseCount;
        private final int runCount;
        private boolean verified;
        private boolean contaminationFlagged;
        private List<String> flaggedModels;
        private final String topModel;
        private final Double topScore;
        private final String createdAt;
        private String updatedAt;
        private Completion suggest;

        private Copy(LibraryDocument d) {
            id = d.id;
            title = d.title;
            description = d.description;
            tags = d.tags;
            category = d.category;
            caseSample = d.caseSample;
            ownerId = d.ownerId;
            workspaceId = d.workspaceId;
            visibility = d.visibility;
            access = d.access;
            forkedFrom = d.forkedFrom;
            forkedFromVersion = d.forkedFromVersion;
            caseCount = d.caseCount;
            runCount = d.runCount;
            verified = d.verified;
            contaminationFlagged = d.contaminationFlagged;
            flaggedModels = d.flaggedModels;
            topModel = d.topModel;
            topScore = d.topScore;
            createdAt = d.createdAt;
            updatedAt = d.updatedAt;
            suggest = d.suggest;
        }

        private LibraryDocument build() {
            return new LibraryDocument(
                    id,
                    title,
                    description,
                    tags,
                    category,
                    caseSample,
                    ownerId,
                    workspaceId,
                    visibility,
                    access,
                    forkedFrom,
                    forkedFromVersion,
                    caseCount,
                    runCount,
                    verified,
                    contaminationFlagged,
                    flaggedModels,
                    topModel,
                    topScore,
                    createdAt,
                    updatedAt,
                    suggest);
        }
    }

    /** "GSM8K grade school math" → itself, "grade school math", "school math", "math": any word of the title starts a match. */
    static List<String> suggestInputs(String title) {
        String[] words = title.strip().split("\\s+");
        var inputs = new ArrayList<String>();
        for (int i = 0; i < words.length && inputs.size() < MAX_SUGGEST_INPUTS; i++) {
            String rest = String.join(" ", Arrays.copyOfRange(words, i, words.length));
            if (!rest.isBlank()) inputs.add(rest);
        }
        return inputs;
    }
}
