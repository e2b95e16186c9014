package io.benchmarkhub.api.benchmark;

import io.benchmarkhub.domain.benchmark.DecisionCriterion;
import io.benchmarkhub.domain.benchmark.PromptVariant;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.Verification;
import io.benchmarkhub.domain.benchmark.Visibility;
import io.benchmarkhub.domain.grading.Grader;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** Request and response bodies of the benchmark commands (API.md, "Benchmarks (commands)"). */
public final class BenchmarkRequests {

    private BenchmarkRequests() {}

    public record CreateBenchmarkRequest(
            String title,
            String description,
            List<String> tags,
            String category,
            Visibility visibility,
            String workspaceId,
            String promptTemplate,
            List<TestCase> cases,
            List<Grader> graders,
            List<DecisionCriterion> decisionCriteria,

            @Schema(
                    description = "several named prompt templates (at least two): the first is the default "
                            + "and its template is promptTemplate (which may then be left out); a run's "
                            + "candidates are then model@variant")
            List<PromptVariant> promptVariants) {

        public CreateBenchmarkRequest(
                String title,
                String description,
                List<String> tags,
                String category,
                Visibility visibility,
                String workspaceId,
                String promptTemplate,
                List<TestCase> cases,
                List<Grader> graders,
                List<DecisionCriterion> decisionCriteria) {
            this(
                    title,
                    description,
                    tags,
                    category,
                    visibility,
                    workspaceId,
                    promptTemplate,
                    cases,
                    graders,
                    decisionCriteria,
                    null);
        }
    }

    /** A partial update: fields left out keep their value. */
    public record ChangeDetailsRequest(
            String title,
            String description,
            List<String> tags,
            String category,

            @Schema(description = "with prompt variants: the default variant's template")
            String promptTemplate,

            @Schema(
                    description = "all the named prompt templates (at least two, the first the default), "
                            + "or [] to keep only promptTemplate; left out: unchanged")
            List<PromptVariant> promptVariants) {

        public ChangeDetailsRequest(
                String title, String description, List<String> tags, String category, String promptTemplate) {
            this(title, description, tags, category, promptTemplate, null);
        }
    }

    public record ForkRequest(String title, Visibility visibility) {}

    public record Changed(String id, long version) {}

    public record CasesAdded(String id, long version, List<String> caseIds) {}

    public record ForkedFrom(String id, long version) {}

    public record Forked(String id, long version, ForkedFrom forkedFrom) {}

    /** The open dataset's declaration: an SPDX licence id and where the dataset is published. */
    public record VerificationRequest(String licence, String sourceUrl) {}

    /** A benchmark's verification after a request, an approval or a revocation, in the shape of the detail view's fields. */
    public record VerificationState(String id, boolean verified, Verification verification) {}

    /** Why an admin revokes a badge or dismisses a flag; shown to everyone who sees the benchmark. */
    public record Reason(String reason) {}

    /** The flag of {@code model} an admin dismisses, and why. */
    public record Dismissal(String model, String reason) {}

    /** The flag after a dismissal. */
    public record DismissedFlag(String benchmarkId, String model, String status, String reason) {}
}
