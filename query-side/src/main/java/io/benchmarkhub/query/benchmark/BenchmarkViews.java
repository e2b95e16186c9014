package io.benchmarkhub.query.benchmark;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.domain.benchmark.Verification;
import io.benchmarkhub.domain.user.Actor;
import io.benchmarkhub.domain.user.UserId;
import io.benchmarkhub.query.leaderboard.LeaderboardViews.ContaminationFlag;
import java.time.Instant;
import java.util.List;

/** What the benchmark read model answers with; field names are the REST contract (API.md). */
public final class BenchmarkViews {

    private BenchmarkViews() {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    /** {@code graders}: the case's own graders, after the benchmark's; left out when it has none. */
    public record CaseView(
            String id,
            JsonNode input,
            JsonNode expected,
            List<String> tags,
            JsonNode metadata,
            double weight,
            List<io.benchmarkhub.domain.grading.Grader> graders) {}

    public record ForkedFrom(String id, long version) {}

    /**
     * @param cases           one page of the current version's cases, in order ({@code casesLimit}, 1000 by default)
     * @param caseCount       how many cases the version has in all
     * @param casesNextCursor give it as {@code casesCursor} for the next page; null on the last page
     * @param promptVariants  the named prompt templates ({@code [{name, template}]}, the first the default, whose template is
     *                        promptTemplate) when the benchmark holds several; null when it has one template
     * @param workspaceId     the workspace the benchmark belongs to, for that workspace's members (its runs are billed to the
     *                        workspace's credits); null for a personal benchmark and for anyone outside the workspace
     * @param permissions     what the caller may do with it now, from their current role (the web app offers only these)
     */
    public record BenchmarkView(
            String id,
            String title,
            String description,
            List<String> tags,
            String category,
            String visibility,
            String ownerId,
            long version,
            String contentHash,
            String promptTemplate,
            List<CaseView> cases,
            long caseCount,
            String casesNextCursor,
            JsonNode graders,
            JsonNode decisionCriteria,
            ForkedFrom forkedFrom,
            long forkCount,
            long runCount,
            boolean verified,
            Verification verification,
            List<ContaminationFlag> contaminationFlags,
            Instant createdAt,
            Instant updatedAt,
            JsonNode promptVariants,
            String workspaceId,
            Permissions permissions) {}

    /**
     * What the caller may do with a benchmark they can see, by the same rules the commands apply, so that a client
     * offers exactly the actions the server would accept (plan limits aside: those answer 402 when tried).
     *
     * @param edit     change its content or metadata: its creator (personal), a member above viewer (workspace), or a
     *                 platform admin (ADR 0004)
     * @param publish  publish or unpublish it: as edit
     * @param suggest  have a model draft cases for it: as edit, without the platform admin
     * @param run      start a run of it: anyone signed in, except a workspace's viewers on its private benchmarks
     * @param schedule schedule its runs: its creator only, in a workspace while still a member above viewer
     */
    public record Permissions(boolean edit, boolean publish, boolean suggest, boolean run, boolean schedule) {

        public static final Permissions NONE = new Permissions(false, false, false, false, false);

        /** {@code actor} null: an anonymous caller, who may do none of these. */
        public static Permissions of(Actor actor, String ownerId, String workspaceId, String visibility) {
            if (actor == null) return NONE;
            UserId owner = new UserId(ownerId);
            boolean change = actor.mayChange(owner, workspaceId);
            boolean edit = change || actor.admin();
            boolean run = change || !"PRIVATE".equals(visibility) || workspaceId == null;
            return new Permissions(edit, edit, change, run, actor.maySchedule(owner, workspaceId));
        }
    }

    /** One verification in the admin's list: a public benchmark's declaration and where it stands. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VerificationListing(
            String benchmarkId,
            String title,
            String ownerId,
            Verification.Status status,
            String licence,
            String sourceUrl,
            Instant changedAt,
            String revocationReason) {}

    /** One entry of the version history: who made the version, when, and which kinds of change it holds. */
    public record VersionSummary(
            long version,
            String contentHash,
            int caseCount,
            String changedBy,
            Instant changedAt,
            List<String> changes) {}

    public record VersionView(
            String id,
            long version,
            String title,
            String description,
            List<String> tags,
            String category,
            String visibility,
            String contentHash,
            String promptTemplate,
            List<CaseView> cases,
            JsonNode graders,
            JsonNode decisionCriteria,
            String changedBy,
            Instant changedAt,
            List<String> changes,
            JsonNode promptVariants) {}

    public record FieldChange(String field, JsonNode from, JsonNode to) {}

    public record CaseRevision(String id, CaseView from, CaseView to) {}

    /** What differs between two versions, and the versions (with author and time) that made the difference. */
    public record VersionDiff(
            String id,
            long from,
            long to,
            String fromContentHash,
            String toContentHash,
            List<FieldChange> fields,
            List<CaseView> casesAdded,
            List<CaseView> casesRemoved,
            List<CaseRevision> casesRevised,
            List<VersionSummary> versions) {}
}
