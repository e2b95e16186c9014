package io.benchmarkhub.command.benchmark;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.createNew;

import io.benchmarkhub.domain.benchmark.BenchmarkException;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.BenchmarkRules;
import io.benchmarkhub.domain.benchmark.CanonicalCases;
import io.benchmarkhub.domain.benchmark.ContentHash;
import io.benchmarkhub.domain.benchmark.DecisionCriterion;
import io.benchmarkhub.domain.benchmark.Lists;
import io.benchmarkhub.domain.benchmark.PromptVariant;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.benchmark.Visibility;
import io.benchmarkhub.domain.benchmark.commands.AddTestCases;
import io.benchmarkhub.domain.benchmark.commands.ChangeBenchmarkDetails;
import io.benchmarkhub.domain.benchmark.commands.CreateBenchmark;
import io.benchmarkhub.domain.benchmark.commands.ForkBenchmark;
import io.benchmarkhub.domain.benchmark.commands.PublishBenchmark;
import io.benchmarkhub.domain.benchmark.commands.RemoveTestCase;
import io.benchmarkhub.domain.benchmark.commands.ReplaceDecisionCriteria;
import io.benchmarkhub.domain.benchmark.commands.ReplaceGraders;
import io.benchmarkhub.domain.benchmark.commands.ReviseTestCase;
import io.benchmarkhub.domain.benchmark.commands.UnpublishBenchmark;
import io.benchmarkhub.domain.benchmark.events.BenchmarkCreated;
import io.benchmarkhub.domain.benchmark.events.BenchmarkDetailsChanged;
import io.benchmarkhub.domain.benchmark.events.BenchmarkForked;
import io.benchmarkhub.domain.benchmark.events.BenchmarkPublished;
import io.benchmarkhub.domain.benchmark.events.BenchmarkStarted;
import io.benchmarkhub.domain.benchmark.events.BenchmarkUnpublished;
import io.benchmarkhub.domain.benchmark.events.DecisionCriteriaChanged;
import io.benchmarkhub.domain.benchmark.events.GradingChanged;
import io.benchmarkhub.domain.benchmark.events.PromptTemplateChanged;
import io.benchmarkhub.domain.benchmark.events.PromptVariantsChanged;
import io.benchmarkhub.domain.benchmark.events.TestCaseAdded;
import io.benchmarkhub.domain.benchmark.events.TestCaseRemoved;
import io.benchmarkhub.domain.benchmark.events.TestCaseRevised;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.user.Actor;
import io.benchmarkhub.domain.user.UserId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A benchmark: details, prompt template, cases, graders and decision criteria. Every accepted
 * command appends events of one new version. It keeps the full content because a fork copies
 * it and every content change needs the new content hash. Contamination flags and the verification are separate
 * state machines whose events leave the version alone: they are members ({@link ContaminationFlags},
 * {@link BenchmarkVerification}).
 */
@Aggregate(cache = "benchmarkCache")
public class Benchmark {

    /** Ids of the form this aggregate generates; at most 18 digits so the number fits a long. */
    private static final Pattern GENERATED_ID = Pattern.compile("c[1-9][0-9]{0,17}");

    @AggregateIdentifier
    private BenchmarkId id;

    private UserId ownerId;
    private String workspaceId;
    private Visibility visibility;
    private long version;
    private String title;
    private String description;
    private List<String> tags;
    private String category;
    private String promptTemplate;
    /** The named templates when there are several (the first is the default, its template is promptTemplate); else empty. */
    private List<PromptVariant> promptVariants = List.of();

    private final Map<String, TestCase> cases = new LinkedHashMap<>();
    /**
     * Each case's canonical JSON, in case order, and the digest after them: a change is hashed without serializing
     * every case again, and an added case without digesting every other one again.
     */
    private final CanonicalCases canonicalCases = new CanonicalCases();

    private List<Grader> graders = List.of();
    private List<DecisionCriterion> decisionCriteria = List.of();
    /** The highest n of any case id {@code c<n>} seen so far, so a generated id is never reused, even after a removal. */
    private long highestCaseNumber;
    /** Each model's contamination flag here, so the policy's repeated findings append nothing. */
    @AggregateMember
    private final ContaminationFlags contaminationFlags = new ContaminationFlags(this);
    /** The open-dataset verification and its badge. */
    @AggregateMember
    private final BenchmarkVerification verification = new BenchmarkVerification(this);

    protected Benchmark() {
        // for Axon
    }

    @CommandHandler
    public Benchmark(CreateBenchmark cmd) {
        var problems = new ArrayList<Violation>();
        problems.addAll(BenchmarkRules.details(cmd.title(), cmd.description(), cmd.tags(), cmd.category()));
        problems.addAll(BenchmarkRules.promptTemplate(cmd.promptTemplate()));
        problems.addAll(BenchmarkRules.promptVariants(cmd.promptVariants()));
        problems.addAll(defaultTemplateMatches(cmd.promptTemplate(), cmd.promptVariants()));
        problems.addAll(BenchmarkRules.newCases("cases", cmd.cases(), Set.of()));
        problems.addAll(BenchmarkRules.graders("graders", cmd.graders()));
        problems.addAll(BenchmarkRules.decisionCriteria("decisionCriteria", cmd.decisionCriteria()));
        if (!problems.isEmpty()) throw new BenchmarkException.Invalid(problems);
        if (cmd.workspaceId() != null) {
            var role = cmd.actor().roleIn(cmd.workspaceId());
            if (role == null)
                throw new BenchmarkException.Invalid(
                        List.of(new Violation("workspaceId", "is not a workspace you belong to")));
            if (!cmd.actor().mayChange(null, cmd.workspaceId())) {
                throw new BenchmarkException.NotPermitted("viewers of a workspace cannot create benchmarks in it");
            }
        }
        List<TestCase> withIds = assignIds(cmd.cases(), Map.of(), highestCaseNumber(cmd.cases(), 0));
        if (cmd.visibility() == Visibility.PUBLIC)
            assertPublishable(withIds.size(), cmd.graders().size());
        apply(new BenchmarkCreated(
                cmd.benchmarkId(),
                cmd.actor().userId(),
                cmd.workspaceId(),
                cmd.title().strip(),
                cmd.description(),
                cmd.tags(),
                cmd.category(),
                cmd.visibility(),
                cmd.promptTemplate(),
                withIds,
                cmd.graders(),
                cmd.decisionCriteria(),
                1,
                ContentHash.of(cmd.promptTemplate(), withIds, cmd.graders())));
        if (!cmd.promptVariants().isEmpty()) {
            // events applied in a constructor reach the handlers after it: the state is not there yet, the command is
            apply(new PromptVariantsChanged(
                    cmd.benchmarkId(),
                    cmd.actor().userId(),
                    1,
                    cmd.promptVariants(),
                    ContentHash.ofCanonicalCases(
                            cmd.promptVariants().getFirst().template(),
                            cmd.promptVariants(),
                            withIds.stream().map(TestCase::canonical).toList(),
                            cmd.graders())));
        }
    }

    /** With variants, {@code promptTemplate} is the first one's template: it may be left out, never different. */
    private static List<Violation> defaultTemplateMatches(String promptTemplate, List<PromptVariant> variants) {
        if (variants == null || variants.isEmpty() || promptTemplate == null || variants.getFirst() == null)
            return List.of();
        if (promptTemplate.equals(variants.getFirst().template())) return List.of();
        return List.of(new Violation(
                "promptTemplate",
                "must be left out or equal the template of the first prompt variant ("
                        + variants.getFirst().name() + "), which is the default"));
    }

    /** A fork is created by its source (see {@link #handle(ForkBenchmark)}), never by a command of its own. */
    Benchmark(BenchmarkForked forked, List<PromptVariant> variants) {
        apply(forked);
        if (!variants.isEmpty()) {
            apply(new PromptVariantsChanged(forked.benchmarkId(), forked.ownerId(), 1, variants, forked.contentHash()));
        }
    }

    @CommandHandler
    public long handle(ChangeBenchmarkDetails cmd) {
        assertCanEdit(cmd.actor());
        assertVersion(cmd.expectedVersion());
        String newTitle = cmd.title() != null ? cmd.title().strip() : title;
        String newDescription = cmd.description() != null ? cmd.description() : description;
        List<String> newTags = cmd.tags() != null ? Lists.copy(cmd.tags()) : tags;
        String newCategory = cmd.category() != null ? cmd.category() : category;
        var problems = new ArrayList<Violation>(BenchmarkRules.details(newTitle, newDescription, newTags, newCategory));
        problems.addAll(BenchmarkRules.promptTemplate(cmd.promptTemplate()));
        problems.addAll(BenchmarkRules.promptVariants(cmd.promptVariants()));
        problems.addAll(defaultTemplateMatches(cmd.promptTemplate(), cmd.promptVariants()));
        if (!problems.isEmpty()) throw new BenchmarkException.Invalid(problems);

        List<PromptVariant> newVariants =
                cmd.promptVariants() != null ? List.copyOf(cmd.promptVariants()) : promptVariants;
        String newTemplate = cmd.promptTemplate() != null ? cmd.promptTemplate() : promptTemplate;
        if (!newVariants.isEmpty()) {
            if (cmd.promptVariants() == null && cmd.promptTemplate() != null) {
                // the template of a benchmark with variants is its default variant's: changing one changes the other
                var changed = new ArrayList<>(newVariants);
                changed.set(0, new PromptVariant(changed.getFirst().name(), cmd.promptTemplate()));
                newVariants = List.copyOf(changed);
            }
            newTemplate = newVariants.getFirst().template();
        }

        boolean detailsChange = !Objects.equals(newTitle, title)
                || !Objects.equals(newDescription, description)
                || !Objects.equals(newTags, tags)
                || !Objects.equals(newCategory, category);
        boolean variantsChange = !newVariants.equals(promptVariants);
        boolean templateChange =
                !Objects.equals(newTemplate, promptTemplate) && (newVariants.isEmpty() || !variantsChange);
        if (!detailsChange && !templateChange && !variantsChange) return version;

        long next = version + 1;
        if (detailsChange) {
            apply(new BenchmarkDetailsChanged(
                    id, cmd.actor().userId(), next, newTitle, newDescription, newTags, newCategory));
        }
        if (variantsChange) {
            apply(new PromptVariantsChanged(
                    id,
                    cmd.actor().userId(),
                    next,
                    newVariants,
                    canonicalCases.hash(newVariants.isEmpty() ? promptTemplate : newTemplate, newVariants, graders)));
        }
        if (templateChange) {
            apply(new PromptTemplateChanged(
                    id,
                    cmd.actor().userId(),
                    next,
                    newTemplate,
                    canonicalCases.hash(newTemplate, promptVariants, graders)));
        }
        return next;
    }

    @CommandHandler
    public AddedCases handle(AddTestCases cmd) {
        assertCanEdit(cmd.actor());
        assertVersion(cmd.expectedVersion());
        if (cmd.cases().isEmpty())
            throw new BenchmarkException.Invalid(List.of(new Violation("cases", "must hold at least one case")));
        var problems = BenchmarkRules.newCases("cases", cmd.cases(), cases.keySet());
        if (!problems.isEmpty()) throw new BenchmarkException.Invalid(problems);

        List<TestCase> added = assignIds(cmd.cases(), cases, highestCaseNumber(cmd.cases(), highestCaseNumber));
        long next = version + 1;
        String hash = canonicalCases.hashWithAdded(
                added.stream().map(TestCase::canonical).toList(), promptTemplate, promptVariants, graders);
        added.forEach(c -> apply(new TestCaseAdded(id, cmd.actor().userId(), next, c, hash)));
        return new AddedCases(next, added.stream().map(TestCase::id).toList());
    }

    @CommandHandler
    public long handle(ReviseTestCase cmd) {
        assertCanEdit(cmd.actor());
        assertVersion(cmd.expectedVersion());
        var problems = BenchmarkRules.testCase("case", cmd.testCase());
        if (!problems.isEmpty()) throw new BenchmarkException.Invalid(problems);
        TestCase revised = cmd.testCase().withDefaultWeight();
        assertCaseExists(revised.id());
        if (revised.equals(cases.get(revised.id()))) return version;

        long next = version + 1;
        apply(new TestCaseRevised(
                id,
                cmd.actor().userId(),
                next,
                revised,
                canonicalCases.hashWithRevised(
                        revised.id(), revised.canonical(), promptTemplate, promptVariants, graders)));
        return next;
    }

    @CommandHandler
    public long handle(RemoveTestCase cmd) {
        assertCanEdit(cmd.actor());
        assertVersion(cmd.expectedVersion());
        assertCaseExists(cmd.caseId());

        if (visibility == Visibility.PUBLIC) assertPublishable(cases.size() - 1, graders.size());
        long next = version + 1;
        apply(new TestCaseRemoved(
                id,
                cmd.actor().userId(),
                next,
                cmd.caseId(),
                canonicalCases.hashWithout(cmd.caseId(), promptTemplate, promptVariants, graders)));
        return next;
    }

    @CommandHandler
    public long handle(ReplaceGraders cmd) {
        assertCanEdit(cmd.actor());
        assertVersion(cmd.expectedVersion());
        var problems = BenchmarkRules.graders("graders", cmd.graders());
        if (!problems.isEmpty()) throw new BenchmarkException.Invalid(problems);
        if (cmd.graders().equals(graders)) return version;
        if (visibility == Visibility.PUBLIC)
            assertPublishable(cases.size(), cmd.graders().size());

        long next = version + 1;
        apply(new GradingChanged(
                id,
                cmd.actor().userId(),
                next,
                cmd.graders(),
                canonicalCases.hash(promptTemplate, promptVariants, cmd.graders())));
        return next;
    }

    @CommandHandler
    public long handle(ReplaceDecisionCriteria cmd) {
        assertCanEdit(cmd.actor());
        assertVersion(cmd.expectedVersion());
        var problems = BenchmarkRules.decisionCriteria("decisionCriteria", cmd.decisionCriteria());
        if (!problems.isEmpty()) throw new BenchmarkException.Invalid(problems);
        if (cmd.decisionCriteria().equals(decisionCriteria)) return version;

        long next = version + 1;
        apply(new DecisionCriteriaChanged(id, cmd.actor().userId(), next, cmd.decisionCriteria()));
        return next;
    }

    @CommandHandler
    public long handle(PublishBenchmark cmd) {
        assertCanEdit(cmd.actor());
        assertVersion(cmd.expectedVersion());
        if (visibility == Visibility.PUBLIC) return version;
        assertPublishable(cases.size(), graders.size());
        long next = version + 1;
        apply(new BenchmarkPublished(id, cmd.actor().userId(), next));
        return next;
    }

    @CommandHandler
    public long handle(UnpublishBenchmark cmd) {
        assertCanEdit(cmd.actor());
        assertVersion(cmd.expectedVersion());
        if (visibility == Visibility.PRIVATE) return version;
        long next = version + 1;
        apply(new BenchmarkUnpublished(id, cmd.actor().userId(), next));
        return next;
    }

    @CommandHandler
    public long handle(ForkBenchmark cmd) throws Exception {
        assertCanRead(cmd.actor());
        String forkTitle = cmd.title() != null ? cmd.title().strip() : title;
        Visibility forkVisibility = cmd.visibility() != null ? cmd.visibility() : visibility;
        var problems = BenchmarkRules.details(forkTitle, description, tags, category);
        if (!problems.isEmpty()) throw new BenchmarkException.Invalid(problems);
        if (forkVisibility == Visibility.PUBLIC) assertPublishable(cases.size(), graders.size());

        var copied = List.copyOf(cases.values());
        var forked = new BenchmarkForked(
                cmd.forkId(),
                cmd.actor().userId(),
                id,
                version,
                forkTitle,
                description,
                tags,
                category,
                forkVisibility,
                promptTemplate,
                copied,
                graders,
                decisionCriteria,
                1,
                canonicalCases.hash(promptTemplate, promptVariants, graders));
        var variants = promptVariants;
        createNew(Benchmark.class, () -> new Benchmark(forked, variants));
        return version;
    }

    /**
     * Records the contamination policy's finding, once per flag: the policy recomputes from the read model and finds
     * the same pair again (after every completed run, after a replay), and that must not raise it twice. A pair whose
     * flag was cleared by later evidence can be raised again; one an admin dismissed never is. Returns whether a new
     * flag was raised.
     */
    /** The result of adding cases: the new version and the ids the cases got. */
    public record AddedCases(long version, List<String> caseIds) {}

    // --- what the members read ------------------------------------------------------------

    BenchmarkId id() {
        return id;
    }

    long version() {
        return version;
    }

    UserId ownerId() {
        return ownerId;
    }

    // --- decisions -------------------------------------------------------------------------

    void assertCanRead(Actor actor) {
        if (visibility == Visibility.PRIVATE && !actor.seesPrivate(ownerId, workspaceId)) {
            throw new BenchmarkException.NotFound(id);
        }
    }

    private void assertCanEdit(Actor actor) {
        assertCanRead(actor);
        if (!actor.mayChange(ownerId, workspaceId) && !actor.admin()) {
            throw new BenchmarkException.NotPermitted(
                    workspaceId == null
                            ? "only the owner of benchmark " + id + " may change it; fork it to make your own copy"
                            : "only members of the benchmark's workspace who are not viewers may change it; fork it to make your own copy");
        }
    }

    private void assertVersion(Long expectedVersion) {
        if (expectedVersion != null && expectedVersion != version) {
            throw new BenchmarkException.VersionConflict(expectedVersion, version);
        }
    }

    void assertPublic(String why) {
        if (visibility != Visibility.PUBLIC) throw new BenchmarkException.StateConflict(why);
    }

    private void assertCaseExists(String caseId) {
        if (caseId == null || !cases.containsKey(caseId)) throw new BenchmarkException.CaseNotFound(id, caseId);
    }

    private static void assertPublishable(int caseCount, int graderCount) {
        if (caseCount == 0 || graderCount == 0) {
            throw new BenchmarkException.StateConflict("a public benchmark needs at least one case and one grader");
        }
    }

    /**
     * Gives every case without an id the next {@code c<n>} above {@code highest}, skipping ids already taken, and every
     * case its weight. The ids taken are the existing cases' (looked up, not copied: a command must not cost the size
     * of the benchmark) and those of the new cases.
     */
    private static List<TestCase> assignIds(List<TestCase> newCases, Map<String, TestCase> existing, long highest) {
        var taken = new HashSet<String>();
        newCases.stream().map(TestCase::id).filter(Objects::nonNull).forEach(taken::add);
        var result = new ArrayList<TestCase>(newCases.size());
        long n = highest;
        for (TestCase c : newCases) {
            if (c.id() != null) {
                result.add(c.withDefaultWeight());
                continue;
            }
            String generated;
            do {
                generated = "c" + (++n);
            } while (existing.containsKey(generated) || taken.contains(generated));
            taken.add(generated);
            result.add(c.withId(generated).withDefaultWeight());
        }
        return result;
    }

    // --- state -----------------------------------------------------------------------------

    /** Created or forked: the benchmark's whole content (only a created one can belong to a workspace). */
    @EventSourcingHandler
    void on(BenchmarkStarted e) {
        id = e.benchmarkId();
        ownerId = e.ownerId();
        if (e instanceof BenchmarkCreated created) workspaceId = created.workspaceId();
        visibility = e.visibility();
        title = e.title();
        description = e.description();
        tags = e.tags();
        category = e.category();
        promptTemplate = e.promptTemplate();
        e.cases().forEach(this::putCase);
        graders = e.graders();
        decisionCriteria = e.decisionCriteria();
        version = e.version();
    }

    @EventSourcingHandler
    void on(BenchmarkDetailsChanged e) {
        title = e.title();
        description = e.description();
        tags = e.tags();
        category = e.category();
        version = e.version();
    }

    @EventSourcingHandler
    void on(PromptTemplateChanged e) {
        promptTemplate = e.promptTemplate();
        version = e.version();
    }

    @EventSourcingHandler
    void on(PromptVariantsChanged e) {
        promptTemplate = e.promptTemplateAfter(promptTemplate);
        promptVariants = e.variants() == null ? List.of() : List.copyOf(e.variants());
        version = e.version();
    }

    @EventSourcingHandler
    void on(TestCaseAdded e) {
        putCase(e.testCase());
        version = e.version();
    }

    @EventSourcingHandler
    void on(TestCaseRevised e) {
        cases.put(e.testCase().id(), e.testCase());
        canonicalCases.put(e.testCase().id(), e.testCase().canonical());
        version = e.version();
    }

    @EventSourcingHandler
    void on(TestCaseRemoved e) {
        cases.remove(e.caseId());
        canonicalCases.remove(e.caseId());
        version = e.version();
    }

    @EventSourcingHandler
    void on(GradingChanged e) {
        graders = e.graders();
        version = e.version();
    }

    @EventSourcingHandler
    void on(DecisionCriteriaChanged e) {
        decisionCriteria = e.decisionCriteria();
        version = e.version();
    }

    @EventSourcingHandler
    void on(BenchmarkPublished e) {
        visibility = Visibility.PUBLIC;
        version = e.version();
    }

    @EventSourcingHandler
    void on(BenchmarkUnpublished e) {
        visibility = Visibility.PRIVATE;
        version = e.version();
    }

    private void putCase(TestCase testCase) {
        cases.put(testCase.id(), testCase);
        canonicalCases.put(testCase.id(), testCase.canonical());
        highestCaseNumber = highestCaseNumber(List.of(testCase), highestCaseNumber);
    }

    private static long highestCaseNumber(List<TestCase> testCases, long highest) {
        for (TestCase c : testCases) {
            if (c.id() != null && GENERATED_ID.matcher(c.id()).matches())
                highest = Math.max(highest, Long.parseLong(c.id().substring(1)));
        }
        return highest;
    }
}
