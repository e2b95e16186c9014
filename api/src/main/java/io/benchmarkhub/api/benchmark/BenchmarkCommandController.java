package io.benchmarkhub.api.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchmarkhub.api.auth.CurrentUser;
import io.benchmarkhub.api.benchmark.BenchmarkRequests.CasesAdded;
import io.benchmarkhub.api.benchmark.BenchmarkRequests.ChangeDetailsRequest;
import io.benchmarkhub.api.benchmark.BenchmarkRequests.Changed;
import io.benchmarkhub.api.benchmark.BenchmarkRequests.CreateBenchmarkRequest;
import io.benchmarkhub.api.benchmark.BenchmarkRequests.ForkRequest;
import io.benchmarkhub.api.benchmark.BenchmarkRequests.Forked;
import io.benchmarkhub.api.benchmark.BenchmarkRequests.ForkedFrom;
import io.benchmarkhub.api.billing.PlanLimits;
import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.api.web.IfMatch;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.DecisionCriterion;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.benchmark.Visibility;
import io.benchmarkhub.domain.benchmark.commands.ChangeBenchmarkDetails;
import io.benchmarkhub.domain.benchmark.commands.ForkBenchmark;
import io.benchmarkhub.domain.benchmark.commands.PublishBenchmark;
import io.benchmarkhub.domain.benchmark.commands.RemoveTestCase;
import io.benchmarkhub.domain.benchmark.commands.ReplaceDecisionCriteria;
import io.benchmarkhub.domain.benchmark.commands.ReplaceGraders;
import io.benchmarkhub.domain.benchmark.commands.ReviseTestCase;
import io.benchmarkhub.domain.benchmark.commands.UnpublishBenchmark;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.workspace.WorkspaceRole;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The benchmark commands. Each turns a request into one command; the aggregate decides. A
 * successful write answers once its change is readable ({@link ReadYourWrites}), with the new
 * version as body and ETag; {@code If-Match: "<version>"} makes a stale edit fail with 412.
 */
@RestController
@RequestMapping("/api/benchmarks")
@Tag(name = "Benchmarks (commands)")
public class BenchmarkCommandController {

    private final CommandGateway commands;
    private final BenchmarkWrites writes;
    private final ReadYourWrites readYourWrites;
    private final ObjectMapper mapper;

    private final PlanLimits limits;
    private final JdbcTemplate jdbc;

    public BenchmarkCommandController(
            CommandGateway commands,
            BenchmarkWrites writes,
            ReadYourWrites readYourWrites,
            ObjectMapper mapper,
            PlanLimits limits,
            JdbcTemplate jdbc) {
        this.limits = limits;
        this.jdbc = jdbc;
        this.commands = commands;
        this.writes = writes;
        this.readYourWrites = readYourWrites;
        this.mapper = mapper;
    }

    @PostMapping
    @Operation(summary = "Create a benchmark")
    public ResponseEntity<Changed> create(
            @RequestBody CreateBenchmarkRequest body, @AuthenticationPrincipal CurrentUser user) {
        BenchmarkId id = writes.create(user, body);
        return ResponseEntity.created(URI.create("/api/benchmarks/" + id))
                .eTag(IfMatch.etag(1))
                .body(new Changed(id.value(), 1));
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change title, description, tags, category or prompt template")
    public ResponseEntity<Changed> changeDetails(
            @PathVariable String id,
            @RequestBody ChangeDetailsRequest body,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @AuthenticationPrincipal CurrentUser user) {
        return changed(
                id,
                commands.<Long>sendAndWait(new ChangeBenchmarkDetails(
                        new BenchmarkId(id),
                        user.actor(),
                        IfMatch.expectedVersion(ifMatch),
                        body.title(),
                        body.description(),
                        body.tags(),
                        body.category(),
                        body.promptTemplate(),
                        body.promptVariants())));
    }

    @PostMapping("/{id}/cases")
    @Operation(summary = "Add one case (a case object) or several (an array of case objects)")
    public ResponseEntity<CasesAdded> addCases(
            @PathVariable String id,
            @RequestBody JsonNode body,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @AuthenticationPrincipal CurrentUser user)
            throws IOException {
        List<TestCase> cases = readCases(body);
        CasesAdded added = writes.addCases(user, id, IfMatch.expectedVersion(ifMatch), cases);
        return ResponseEntity.ok().eTag(IfMatch.etag(added.version())).body(added);
    }

    @PutMapping("/{id}/cases/{caseId}")
    @Operation(summary = "Revise a case")
    public ResponseEntity<Changed> reviseCase(
            @PathVariable String id,
            @PathVariable String caseId,
            @RequestBody TestCase body,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @AuthenticationPrincipal CurrentUser user) {
        if (body.id() != null && !body.id().equals(caseId)) {
            throw new BadRequest(
                    "The case id in the body differs from the one in the path.",
                    List.of(new Violation("id", "must be '" + caseId + "' or left out")));
        }
        return changed(
                id,
                commands.<Long>sendAndWait(new ReviseTestCase(
                        new BenchmarkId(id), user.actor(), IfMatch.expectedVersion(ifMatch), body.withId(caseId))));
    }

    @DeleteMapping("/{id}/cases/{caseId}")
    @Operation(summary = "Remove a case")
    public ResponseEntity<Changed> removeCase(
            @PathVariable String id,
            @PathVariable String caseId,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @AuthenticationPrincipal CurrentUser user) {
        return changed(
                id,
                commands.<Long>sendAndWait(new RemoveTestCase(
                        new BenchmarkId(id), user.actor(), IfMatch.expectedVersion(ifMatch), caseId)));
    }

    @PutMapping("/{id}/graders")
    @Operation(summary = "Replace the graders (body: an array of graders)")
    public ResponseEntity<Changed> replaceGraders(
            @PathVariable String id,
            @RequestBody List<Grader> graders,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @AuthenticationPrincipal CurrentUser user) {
        return changed(
                id,
                commands.<Long>sendAndWait(new ReplaceGraders(
                        new BenchmarkId(id), user.actor(), IfMatch.expectedVersion(ifMatch), graders)));
    }

    @PutMapping("/{id}/decision-criteria")
    @Operation(summary = "Replace the decision criteria (body: an array of criteria)")
    public ResponseEntity<Changed> replaceDecisionCriteria(
            @PathVariable String id,
            @RequestBody List<DecisionCriterion> criteria,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @AuthenticationPrincipal CurrentUser user) {
        return changed(
                id,
                commands.<Long>sendAndWait(new ReplaceDecisionCriteria(
                        new BenchmarkId(id), user.actor(), IfMatch.expectedVersion(ifMatch), criteria)));
    }

    @PostMapping("/{id}/publish")
    @Operation(summary = "Make the benchmark public")
    public ResponseEntity<Changed> publish(
            @PathVariable String id,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @AuthenticationPrincipal CurrentUser user) {
        long version = commands.<Long>sendAndWait(
                new PublishBenchmark(new BenchmarkId(id), user.actor(), IfMatch.expectedVersion(ifMatch)));
        limits.releasePrivateBenchmarkSlot(id);
        return changed(id, version);
    }

    @PostMapping("/{id}/unpublish")
    @Operation(summary = "Make the benchmark private")
    public ResponseEntity<Changed> unpublish(
            @PathVariable String id,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @AuthenticationPrincipal CurrentUser user) {
        // a public benchmark's space is public knowledge; only its editors get past the command, so only they are
        // counted
        var space = jdbc.query(
                "SELECT owner_id, workspace_id FROM benchmark WHERE id = ? AND visibility = 'PUBLIC'",
                (rs, n) -> new String[] {rs.getString("owner_id"), rs.getString("workspace_id")},
                id);
        if (!space.isEmpty()) {
            String workspaceId = space.getFirst()[1];
            WorkspaceRole role = workspaceId == null ? null : user.workspaces().get(workspaceId);
            boolean editor = workspaceId == null
                    ? user.id().value().equals(space.getFirst()[0])
                    : role != null && role.atLeast(WorkspaceRole.MEMBER);
            if (editor) {
                return changed(
                        id,
                        limits.withPrivateBenchmarkSlot(
                                user.id(),
                                workspaceId,
                                id,
                                () -> commands.<Long>sendAndWait(new UnpublishBenchmark(
                                        new BenchmarkId(id), user.actor(), IfMatch.expectedVersion(ifMatch)))));
            }
        }
        return changed(
                id,
                commands.<Long>sendAndWait(
                        new UnpublishBenchmark(new BenchmarkId(id), user.actor(), IfMatch.expectedVersion(ifMatch))));
    }

    @PostMapping("/{id}/forks")
    @Operation(summary = "Fork the current version into a new benchmark of your own")
    public ResponseEntity<Forked> fork(
            @PathVariable String id,
            @RequestBody(required = false) ForkRequest body,
            @AuthenticationPrincipal CurrentUser user) {
        ForkRequest request = body == null ? new ForkRequest(null, null) : body;
        // a fork is personal; it is private when asked, or when it keeps the visibility of a private source the caller
        // sees
        boolean privateFork = request.visibility() == Visibility.PRIVATE
                || (request.visibility() == null
                        && !jdbc.query(
                                        """
                                        SELECT 1 FROM benchmark b WHERE b.id = ? AND b.visibility = 'PRIVATE'
                                           AND ((b.workspace_id IS NULL AND b.owner_id = ?)
                                                OR b.workspace_id IN (SELECT workspace_id FROM workspace_member WHERE user_id = ?))""",
                                        (rs, n) -> 1,
                                        id,
                                        user.id().value(),
                                        user.id().value())
                                .isEmpty());
        BenchmarkId forkId = BenchmarkId.generate();
        Supplier<Long> fork = () -> commands.<Long>sendAndWait(
                new ForkBenchmark(new BenchmarkId(id), forkId, user.actor(), request.title(), request.visibility()));
        long sourceVersion =
                privateFork ? limits.withPrivateBenchmarkSlot(user.id(), null, forkId.value(), fork) : fork.get();
        readYourWrites.awaitStored(forkId.value());
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/benchmarks/" + forkId))
                .eTag(IfMatch.etag(1))
                .body(new Forked(forkId.value(), 1, new ForkedFrom(id, sourceVersion)));
    }

    private ResponseEntity<Changed> changed(String id, long version) {
        readYourWrites.awaitStored(id);
        return ResponseEntity.ok().eTag(IfMatch.etag(version)).body(new Changed(id, version));
    }

    /** One case object, or an array of them; unknown fields are refused like everywhere else. */
    private List<TestCase> readCases(JsonNode body) throws IOException {
        if (body == null || !(body.isObject() || body.isArray())) {
            throw new BadRequest("The body must be a case object or an array of case objects.");
        }
        if (body.isObject()) return List.of(mapper.treeToValue(body, TestCase.class));
        var cases = new ArrayList<TestCase>(body.size());
        for (JsonNode node : body) cases.add(node.isObject() ? mapper.treeToValue(node, TestCase.class) : null);
        return cases;
    }
}
