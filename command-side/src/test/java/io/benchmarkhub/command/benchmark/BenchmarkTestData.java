package io.benchmarkhub.command.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.benchmarkhub.domain.benchmark.BenchmarkException;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.ContentHash;
import io.benchmarkhub.domain.benchmark.DecisionCriterion;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.benchmark.Visibility;
import io.benchmarkhub.domain.benchmark.commands.CreateBenchmark;
import io.benchmarkhub.domain.benchmark.events.BenchmarkCreated;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.user.Actor;
import io.benchmarkhub.domain.user.UserId;
import java.util.ArrayList;
import java.util.List;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeDiagnosingMatcher;

/** Shared test data for the {@link Benchmark} aggregate tests. */
final class BenchmarkTestData {

    static final BenchmarkId ID = new BenchmarkId("bm_source");
    static final BenchmarkId FORK_ID = new BenchmarkId("bm_fork");

    static final UserId OWNER_ID = new UserId("usr_owner");
    static final UserId STRANGER_ID = new UserId("usr_stranger");
    static final UserId ADMIN_ID = new UserId("usr_admin");
    /** The creator, an owner of the workspace the test benchmark belongs to. */
    static final Actor OWNER = new Actor(
            OWNER_ID, false, java.util.Map.of("ws_main", io.benchmarkhub.domain.workspace.WorkspaceRole.OWNER));

    static final Actor STRANGER = Actor.user(STRANGER_ID);
    static final Actor ADMIN = new Actor(ADMIN_ID, true);

    static final String WORKSPACE = "ws_main";
    static final String TITLE = "Capital cities";
    static final String DESCRIPTION = "Does the model know its capitals?";
    static final List<String> TAGS = List.of("geography", "qa");
    static final String CATEGORY = "knowledge";
    static final String TEMPLATE = "Answer briefly: {{input}}";

    static final Grader EXACT = new Grader.Exact(null, true);
    static final Grader CONTAINS = new Grader.Contains("Paris", false);
    static final List<Grader> GRADERS = List.of(EXACT);

    static final DecisionCriterion PASS_RATE_AT_LEAST_90 = new DecisionCriterion(
            DecisionCriterion.Metric.PASS_RATE,
            DecisionCriterion.Comparison.AT_LEAST,
            0.9,
            DecisionCriterion.Severity.MUST);
    static final List<DecisionCriterion> CRITERIA = List.of(PASS_RATE_AT_LEAST_90);

    static final TestCase C1 = testCase("c1", "Capital of France?", "Paris");
    static final TestCase C2 = testCase("c2", "Capital of Italy?", "Rome");
    static final List<TestCase> CASES = List.of(C1, C2);

    private BenchmarkTestData() {}

    static JsonNode text(String value) {
        return JsonNodeFactory.instance.textNode(value);
    }

    /** A case as events carry it: with its weight (the default). */
    static TestCase testCase(String id, String input, String expected) {
        return new TestCase(
                id, text(input), expected == null ? null : text(expected), List.of(), null, TestCase.DEFAULT_WEIGHT);
    }

    /** A case without an id, as a command carries it before the benchmark assigns one. */
    static TestCase newCase(String input) {
        return testCase(null, input, null);
    }

    static List<TestCase> manyCases(int count) {
        var cases = new ArrayList<TestCase>(count);
        for (int i = 1; i <= count; i++) cases.add(testCase("c" + i, "question " + i, null));
        return cases;
    }

    static String hash(List<TestCase> cases, List<Grader> graders) {
        return ContentHash.of(TEMPLATE, cases, graders);
    }

    static BenchmarkCreated created(Visibility visibility, List<TestCase> cases, List<Grader> graders) {
        return new BenchmarkCreated(
                ID,
                OWNER_ID,
                WORKSPACE,
                TITLE,
                DESCRIPTION,
                TAGS,
                CATEGORY,
                visibility,
                TEMPLATE,
                cases,
                graders,
                CRITERIA,
                1,
                hash(cases, graders));
    }

    /** The usual starting point: a private benchmark at version 1 with cases c1, c2 and one exact grader. */
    static BenchmarkCreated createdPrivate() {
        return created(Visibility.PRIVATE, CASES, GRADERS);
    }

    static BenchmarkCreated createdPublic() {
        return created(Visibility.PUBLIC, CASES, GRADERS);
    }

    static CreateBenchmark create(Visibility visibility, List<TestCase> cases, List<Grader> graders) {
        return new CreateBenchmark(
                ID,
                OWNER,
                TITLE,
                DESCRIPTION,
                TAGS,
                CATEGORY,
                visibility,
                WORKSPACE,
                TEMPLATE,
                cases,
                graders,
                CRITERIA);
    }

    /** Matches a {@link BenchmarkException.Invalid} with a violation of exactly that field. */
    static Matcher<Throwable> invalidNaming(String field) {
        return new TypeSafeDiagnosingMatcher<>() {
            @Override
            protected boolean matchesSafely(Throwable item, Description mismatch) {
                if (!(item instanceof BenchmarkException.Invalid invalid)) {
                    mismatch.appendText("was ").appendValue(item);
                    return false;
                }
                List<String> fields =
                        invalid.violations().stream().map(Violation::field).toList();
                if (!fields.contains(field)) {
                    mismatch.appendText("violations named ").appendValue(fields);
                    return false;
                }
                return true;
            }

            @Override
            public void describeTo(Description description) {
                description
                        .appendText("BenchmarkException.Invalid with a violation of field ")
                        .appendValue(field);
            }
        };
    }

    /** Matches a {@link BenchmarkException.VersionConflict} with those versions. */
    static Matcher<Throwable> versionConflict(long expected, long actual) {
        return new TypeSafeDiagnosingMatcher<>() {
            @Override
            protected boolean matchesSafely(Throwable item, Description mismatch) {
                if (item instanceof BenchmarkException.VersionConflict conflict
                        && conflict.expected() == expected
                        && conflict.actual() == actual) {
                    return true;
                }
                mismatch.appendText("was ").appendValue(item);
                return false;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("VersionConflict(expected=" + expected + ", actual=" + actual + ")");
            }
        };
    }
}
