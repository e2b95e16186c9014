package io.benchmarkhub.bench;

import com.fasterxml.jackson.databind.node.TextNode;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.ContentHash;
import io.benchmarkhub.domain.benchmark.DecisionCriterion;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.Visibility;
import io.benchmarkhub.domain.benchmark.events.BenchmarkCreated;
import io.benchmarkhub.domain.benchmark.events.BenchmarkDetailsChanged;
import io.benchmarkhub.domain.benchmark.events.BenchmarkForked;
import io.benchmarkhub.domain.benchmark.events.BenchmarkPublished;
import io.benchmarkhub.domain.benchmark.events.TestCaseAdded;
import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.credits.CreditPricing;
import io.benchmarkhub.domain.credits.FifoCharge;
import io.benchmarkhub.domain.credits.Lot;
import io.benchmarkhub.domain.credits.LotUse;
import io.benchmarkhub.domain.credits.ModelCost;
import io.benchmarkhub.domain.credits.events.CreditsCharged;
import io.benchmarkhub.domain.credits.events.CreditsGranted;
import io.benchmarkhub.domain.credits.events.CreditsPurchased;
import io.benchmarkhub.domain.credits.events.CreditsReserved;
import io.benchmarkhub.domain.credits.events.ReservationReleased;
import io.benchmarkhub.domain.grading.DeterministicGrading;
import io.benchmarkhub.domain.grading.Grade;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.grading.Vendors;
import io.benchmarkhub.domain.run.Billing;
import io.benchmarkhub.domain.run.GraderResult;
import io.benchmarkhub.domain.run.JudgePanel;
import io.benchmarkhub.domain.run.ModelSummary;
import io.benchmarkhub.domain.run.ProviderGeneration;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.run.RunParams;
import io.benchmarkhub.domain.run.RunStatistics;
import io.benchmarkhub.domain.run.TrialOutcome;
import io.benchmarkhub.domain.run.TrialScoring;
import io.benchmarkhub.domain.run.events.GradeRecorded;
import io.benchmarkhub.domain.run.events.HumanGradeRecorded;
import io.benchmarkhub.domain.run.events.JudgeVerdictRecorded;
import io.benchmarkhub.domain.run.events.ModelCallFailed;
import io.benchmarkhub.domain.run.events.ModelResponseRecorded;
import io.benchmarkhub.domain.run.events.RunCancelled;
import io.benchmarkhub.domain.run.events.RunCompleted;
import io.benchmarkhub.domain.run.events.RunFailed;
import io.benchmarkhub.domain.run.events.RunRequested;
import io.benchmarkhub.domain.run.events.RunStarted;
import io.benchmarkhub.domain.run.events.RunTimedOut;
import io.benchmarkhub.domain.user.UserId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import org.axonframework.messaging.MetaData;

/**
 * Writes a realistic, consistent history straight into the event store of a running app (issue 6: "1,000,000 trial
 * events over 2,000 benchmarks and 50 models"), as the app itself would have stored it (see {@link EventRows}).
 * Deterministic for a seed and an end date: the same options give the same events.
 *
 * <ul>
 *   <li>Users: rows in {@code app_user} (users are not event-sourced), joining over the window, some leaving.</li>
 *   <li>Benchmarks: created over the first 85% of the window, 20–40 cases (5% have 60–100), an {@code exact}
 *       grader and for 40% also an {@code llm-judge} grader; 65% public at creation, a third of the private ones
 *       published later; 10% are forks of a public one; 15% get a details change, 8% more cases later (a new
 *       content hash, so a new board).</li>
 *   <li>Models: vendors × tiers with a strength and prices; each benchmark has a difficulty. A trial passes with
 *       probability logistic(strength − difficulty + the pair's own offset); a few planted pairs pass far more
 *       often (contamination). The judges are three of the models (self-preference when vendors match).</li>
 *   <li>Runs: more of them as the window goes on (3× from first to last day), 1–6 models, 10% with 2 repeats, 20%
 *       billed in credits (reservation, charge, release; lots bought or granted as needed); 1.5% of calls fail, 2%
 *       of verdicts fail; 92% complete (summaries computed with the domain's own {@link TrialScoring} and
 *       {@link RunStatistics}), 3% fail, 3% are cancelled, 2% time out; human grades on some judged runs.</li>
 * </ul>
 */
final class LeaderboardSeed {

    record Options(int benchmarks, int models, long trialEvents, int users, int days, long seed, LocalDate end) {}

    record Result(
            long events,
            long trialEvents,
            Map<String, Long> byType,
            int runs,
            Map<String, Integer> runEnds,
            int publicBenchmarks,
            int forks,
            List<String> plantedPairs,
            Instant from,
            Instant to,
            double seconds) {}

    private static final String[][] VENDORS = {
        {"openai", "gpt-5"}, {"anthropic", "claude-4"}, {"google", "gemini-3"}, {"meta-llama", "llama-4"},
        {"mistralai", "mistral-3"}, {"deepseek", "deepseek-v4"}, {"qwen", "qwen-4"}, {"x-ai", "grok-5"},
        {"cohere", "command-b"}, {"microsoft", "phi-5"}
    };
    private static final String[] TIERS = {"ultra", "large", "medium", "small", "mini"};
    private static final double[] TIER_STRENGTH = {1.3, 0.7, 0.1, -0.5, -1.1};
    /** Dollars per million prompt / completion tokens = micro-dollars per token. */
    private static final double[][] TIER_PRICE = {{10, 30}, {3, 12}, {0.8, 3.2}, {0.25, 1}, {0.08, 0.3}};

    private static final long[] TIER_LATENCY_MS = {2400, 1500, 900, 600, 400};
    private static final String[] TAGS = {
        "math",
        "code",
        "reasoning",
        "qa",
        "safety",
        "rag",
        "sql",
        "json",
        "summarization",
        "translation",
        "legal",
        "medical",
        "finance",
        "chat",
        "agents",
        "retrieval",
        "extraction",
        "classification",
        "multilingual",
        "long-context"
    };
    private static final String[] CATEGORIES = {
        "coding", "knowledge", "reasoning", "safety", "extraction", "dialogue", "domain", "misc"
    };
    private static final String[] FAILURE_KINDS = {
        "RATE_LIMITED", "SERVER_ERROR", "TIMEOUT", "MALFORMED_RESPONSE", "NETWORK"
    };
    private static final CreditPricing PRICING = new CreditPricing(1000, 13000);
    private static final String RUBRIC = "Is the answer correct and complete? Score 1 for fully correct, 0 for wrong.";

    private record Model(
            String id, double strength, double inPrice, double outPrice, long latencyMs, double popularity) {}

    private record User(UserId id, String handle, Instant joined, Instant leaves) {
        boolean activeAt(Instant t) {
            return !t.isBefore(joined) && t.isBefore(leaves);
        }
    }

    private static final class Bench {
        int index;
        BenchmarkId id;
        User owner;
        Instant createdAt;
        Instant publicAt; // null: never public
        Bench source; // a fork's source
        double difficulty;
        int caseCount;
        boolean judged;
        String title;
        List<String> tags;
        String category;
        String template;
        // state as emitted
        List<TestCase> cases = new ArrayList<>();
        List<Grader> graders;
        long version;
        String hash;
        boolean isPublic;
        int nextCase = 1;

        boolean publicAt(Instant t) {
            return publicAt != null && !t.isBefore(publicAt);
        }
    }

    private static final class Account {
        final LinkedHashMap<String, Lot> lots = new LinkedHashMap<>();
        long balance;
        long reserved;
    }

    private record Action(Instant at, int order, long sequence, Step step) {}

    /** A trial the run will settle, in the executor's order: every case for every model, one repeat after another. */
    private record PlannedTrial(TestCase testCase, Model model, int repeat) {}

    @FunctionalInterface
    private interface Step {
        void run(Instant at) throws SQLException;
    }

    private final Options options;
    private final Random random;
    private final Instant start;
    private final Instant end;
    private final List<Model> models = new ArrayList<>();
    private final List<Model> judges = new ArrayList<>();
    private double[] modelWeights;
    private final List<User> users = new ArrayList<>();
    private final List<Bench> benchmarks = new ArrayList<>();
    private double[] benchWeights;
    private final Map<String, Double> pairOffsets = new HashMap<>();
    private final Map<String, Double> planted = new LinkedHashMap<>();
    private final Map<UserId, Account> accounts = new HashMap<>();
    private final PriorityQueue<Action> actions = new PriorityQueue<>(
            Comparator.comparing(Action::at).thenComparingInt(Action::order).thenComparingLong(Action::sequence));
    private long actionSequence;
    private final Map<String, Integer> runEnds = new LinkedHashMap<>();
    private UserId admin;
    private EventRows rows;
    private Instant clock;
    private long trialEvents;
    private int runs;

    LeaderboardSeed(Options options) {
        this.options = options;
        this.random = new Random(options.seed());
        this.end = options.end().atStartOfDay(ZoneOffset.UTC).toInstant();
        this.start = end.minus(Duration.ofDays(options.days()));
    }

    /** Inserts the users and streams the events in one transaction, committed at the end. */
    Result seed(Connection connection) throws SQLException {
        long began = System.nanoTime();
        planModels();
        planUsers();
        planBenchmarks();
        planRuns();
        System.out.printf(
                "seed plan: %,d users, %,d benchmarks, %d models, %,d runs over %d days (%s to %s), seed %d%n",
                users.size(), benchmarks.size(), models.size(), runs, options.days(), start, end, options.seed());
        connection.setAutoCommit(false);
        insertUsers(connection); // before the COPY starts: nothing else may run on the connection during it
        try (var rows = new EventRows(connection, new Random(options.seed() ^ 0x5EEDL))) {
            this.rows = rows;
            clock = start;
            int done = 0;
            long nextReport = 200_000;
            for (Action a; (a = actions.poll()) != null; ) {
                Instant at = a.at().isAfter(clock) ? a.at() : clock;
                clock = at;
                a.step().run(at);
                done++;
                if (rows.events() >= nextReport) {
                    System.out.printf(
                            "  %,d events (%,d trial events) in %.0f s; %,d actions done, %,d to go; event time %s%n",
                            rows.events(), trialEvents, (System.nanoTime() - began) / 1e9, done, actions.size(), clock);
                    nextReport += 200_000;
                }
            }
            long copied = rows.commit();
            if (copied != rows.events())
                throw new IllegalStateException("COPY stored " + copied + " rows of " + rows.events());
            int publicCount = (int) benchmarks.stream().filter(b -> b.isPublic).count();
            int forks = (int) benchmarks.stream().filter(b -> b.source != null).count();
            return new Result(
                    rows.events(),
                    trialEvents,
                    rows.counts(),
                    runs,
                    runEnds,
                    publicCount,
                    forks,
                    planted.keySet().stream().toList(),
                    start,
                    clock,
                    (System.nanoTime() - began) / 1e9);
        }
    }

    // --- the plan ---------------------------------------------------------------------------

    private void planModels() {
        int n = options.models();
        for (int i = 0; i < n; i++) {
            String[] vendor = VENDORS[i % VENDORS.length];
            int tier = (i / VENDORS.length) % TIERS.length;
            int generation = i / (VENDORS.length * TIERS.length);
            String id =
                    vendor[0] + "/" + vendor[1] + "-" + TIERS[tier] + (generation == 0 ? "" : "-v" + (generation + 1));
            double vendorSkill = ((i % VENDORS.length) * 0.37 % 1.0 - 0.5) * 0.6; // a fixed offset per vendor
            double strength = TIER_STRENGTH[tier] + vendorSkill + random.nextGaussian() * 0.25;
            double popularity = (i % VENDORS.length < 4 ? 3.0 : 1.0) * (tier <= 2 ? 2.0 : 1.0);
            models.add(new Model(
                    id, strength, TIER_PRICE[tier][0], TIER_PRICE[tier][1], TIER_LATENCY_MS[tier], popularity));
        }
        modelWeights = cumulative(models.stream().mapToDouble(Model::popularity).toArray());
        // the judges: the strongest tier of the first three vendors (or whatever exists)
        for (int v = 0; v < Math.min(3, n); v++) judges.add(models.get(v));
    }

    private void planUsers() {
        int n = options.users();
        admin = new UserId("usr_" + hex(16));
        for (int i = 0; i < n; i++) {
            Instant joined = i < n * 3 / 10 ? start : at(random.nextDouble() * 0.9);
            Instant leaves = random.nextDouble() < 0.4
                    ? joined.plus(Duration.ofHours((long) (24 * (5 + 40 * -Math.log(1 - random.nextDouble()) / 2))))
                    : end.plus(Duration.ofDays(365));
            users.add(new User(new UserId("usr_" + hex(16)), String.format("seed-user-%04d", i + 1), joined, leaves));
        }
    }

    private void planBenchmarks() {
        int n = options.benchmarks();
        double[] times = new double[n];
        for (int i = 0; i < n; i++) times[i] = random.nextDouble() * 0.85;
        Arrays.sort(times);
        for (int i = 0; i < n; i++) {
            var b = new Bench();
            b.index = i;
            b.id = new BenchmarkId("bm_" + hex(16));
            b.createdAt = at(times[i]);
            b.owner = activeUser(b.createdAt);
            b.difficulty = random.nextGaussian();
            b.caseCount = random.nextDouble() < 0.05 ? 60 + random.nextInt(41) : 20 + random.nextInt(21);
            b.judged = random.nextDouble() < 0.4;
            b.category = CATEGORIES[random.nextInt(CATEGORIES.length)];
            var tags = new LinkedHashSet<String>();
            int tagCount = 1 + random.nextInt(3);
            while (tags.size() < tagCount)
                tags.add(TAGS[(int) Math.min(TAGS.length - 1, -Math.log(1 - random.nextDouble()) * 5)]);
            b.tags = List.copyOf(tags);
            b.title = "Seeded " + b.category + " benchmark " + (i + 1) + " (" + String.join(", ", b.tags) + ")";
            b.template = random.nextDouble() < 0.5 ? "Answer with the answer only.\n\n{{input}}" : null;
            Bench source = null;
            if (i >= 50 && random.nextDouble() < 0.10) {
                for (int tries = 0; tries < 20 && source == null; tries++) {
                    Bench candidate = benchmarks.get(random.nextInt(i));
                    if (candidate.source == null && candidate.publicAt(b.createdAt.minusSeconds(60)))
                        source = candidate;
                }
            }
            b.source = source;
            if (source != null) {
                b.judged = source.judged;
                b.caseCount = source.caseCount;
            }
            double r = random.nextDouble();
            if (source != null) b.publicAt = r < 0.5 ? b.createdAt : null;
            else if (r < 0.65) b.publicAt = b.createdAt;
            else if (r < 0.65 + 0.35 / 3)
                b.publicAt = b.createdAt.plus(Duration.ofMinutes(60 + random.nextInt(10 * 24 * 60)));
            benchmarks.add(b);
            schedule(action(b.createdAt, 0, t -> start(b, t)));
            if (b.publicAt != null && b.publicAt.isAfter(b.createdAt) && b.publicAt.isBefore(end)) {
                schedule(action(b.publicAt, 1, t -> publish(b, t)));
            }
            if (random.nextDouble() < 0.15) {
                Instant when = b.createdAt.plus(Duration.ofMinutes(60 + random.nextInt(20 * 24 * 60)));
                if (when.isBefore(end)) schedule(action(when, 2, t -> changeDetails(b, t)));
            }
            if (random.nextDouble() < 0.08) {
                Instant when = b.createdAt.plus(Duration.ofMinutes(5 * 24 * 60 + random.nextInt(35 * 24 * 60)));
                if (when.isBefore(end)) schedule(action(when, 2, t -> addCases(b, t, 1 + random.nextInt(3))));
            }
        }
        // popular benchmarks get most runs (Zipf-like over a shuffled order)
        double[] weights = new double[n];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        for (int rank = 0; rank < n; rank++) weights[order[rank]] = 1.0 / Math.pow(rank + 20, 0.8);
        benchWeights = cumulative(weights);
    }

    private void planRuns() {
        // a few contaminated pairs: public from creation, early enough to have runs by many models
        int plant = Math.max(1, options.benchmarks() / 250);
        for (Bench b : benchmarks) {
            if (planted.size() >= plant) break;
            if (b.source == null && b.publicAt == b.createdAt && b.createdAt.isBefore(at(0.5)) && b.caseCount >= 20) {
                Model m = models.get(models.size() / 2 + random.nextInt(models.size() / 2));
                planted.put(b.id.value() + " " + m.id(), 2.5 + random.nextDouble());
            }
        }
        for (String pair : planted.keySet()) {
            Bench b = benchmarks.stream()
                    .filter(x -> pair.startsWith(x.id.value() + " "))
                    .findFirst()
                    .orElseThrow();
            Model m = models.stream()
                    .filter(x -> pair.endsWith(" " + x.id()))
                    .findFirst()
                    .orElseThrow();
            // one run of the suspect model with three others late in the window, and two runs of others
            for (int k = 0; k < 3; k++) {
                var chosen = new LinkedHashSet<Model>();
                if (k == 0) chosen.add(m);
                while (chosen.size() < 4) chosen.add(models.get(pick(modelWeights)));
                addRun(b, at(0.6 + 0.1 * k), List.copyOf(chosen), b.owner);
            }
        }
        double expected = 0;
        int attempts = 0;
        while (expected < options.trialEvents() && attempts++ < 10_000_000) {
            double u = random.nextDouble();
            Instant t = at((-1 + Math.sqrt(1 + 8 * u)) / 4 * 2 * 0.999); // density ∝ 1 + 2x: 3× more runs at the end
            Bench b = benchmarks.get(pick(benchWeights));
            if (!t.isAfter(b.createdAt.plusSeconds(3600))) continue;
            User requester = b.owner;
            if (b.publicAt(t) && random.nextDouble() < 0.6) requester = activeUser(t);
            double r = random.nextDouble();
            int k = r < 0.2 ? 1 : r < 0.4 ? 2 : r < 0.65 ? 3 : r < 0.8 ? 4 : r < 0.9 ? 5 : 6;
            var chosen = new LinkedHashSet<Model>();
            while (chosen.size() < k) chosen.add(models.get(pick(modelWeights)));
            expected += addRun(b, t, List.copyOf(chosen), requester);
        }
    }

    /** Plans one run; returns its expected trial events. */
    private double addRun(Bench b, Instant t, List<Model> chosen, User requester) {
        int repeats = random.nextDouble() < 0.1 ? 2 : 1;
        Billing billing = random.nextDouble() < 0.2 ? Billing.CREDITS : Billing.BYOK;
        double r = random.nextDouble();
        String ending = r < 0.92 ? "COMPLETED" : r < 0.95 ? "FAILED" : r < 0.98 ? "CANCELLED" : "TIMED_OUT";
        List<Model> panel = List.of();
        if (b.judged) panel = judges.size() <= 1 || random.nextBoolean() ? judges.subList(0, 1) : judges.subList(0, 2);
        List<Model> runPanel = panel;
        long runSeed = random.nextLong();
        runs++;
        schedule(action(
                t,
                3,
                at -> run(b, at, chosen, requester.id(), repeats, billing, ending, runPanel, new Random(runSeed))));
        return (double) b.caseCount
                * chosen.size()
                * repeats
                * (2 + runPanel.size())
                * (ending.equals("COMPLETED") ? 1 : 0.5);
    }

    // --- the steps --------------------------------------------------------------------------

    private void start(Bench b, Instant t) throws SQLException {
        b.graders = b.judged
                ? List.of(new Grader.Exact(null, null), new Grader.LlmJudge(RUBRIC, null, null))
                : List.of(new Grader.Exact(null, null));
        b.version = 1;
        b.isPublic = b.publicAt != null && !b.publicAt.isAfter(t);
        Visibility visibility = b.isPublic ? Visibility.PUBLIC : Visibility.PRIVATE;
        MetaData meta = request(b.owner.id());
        if (b.source == null) {
            for (int i = 0; i < b.caseCount; i++) b.cases.add(newCase(b));
            b.hash = ContentHash.of(b.template, b.cases, b.graders);
            String description = "A seeded benchmark of " + b.caseCount + " short questions about " + b.category + ".";
            rows.append(
                    "Benchmark",
                    b.id.value(),
                    new BenchmarkCreated(
                            b.id,
                            b.owner.id(),
                            null,
                            b.title,
                            description,
                            b.tags,
                            b.category,
                            visibility,
                            b.template,
                            List.copyOf(b.cases),
                            b.graders,
                            List.<DecisionCriterion>of(),
                            1,
                            b.hash),
                    t,
                    meta);
        } else {
            Bench s = b.source;
            b.cases.addAll(s.cases);
            b.nextCase = s.nextCase;
            b.graders = s.graders;
            b.template = s.template;
            b.judged = s.judged;
            b.difficulty = s.difficulty + random.nextGaussian() * 0.2;
            b.caseCount = s.cases.size();
            b.hash = s.hash;
            b.title = "Fork of " + s.title;
            rows.append(
                    "Benchmark",
                    b.id.value(),
                    new BenchmarkForked(
                            b.id,
                            b.owner.id(),
                            s.id,
                            s.version,
                            b.title,
                            "Forked from " + s.id.value() + ".",
                            s.tags,
                            s.category,
                            visibility,
                            s.template,
                            List.copyOf(s.cases),
                            s.graders,
                            List.<DecisionCriterion>of(),
                            1,
                            s.hash),
                    t,
                    meta);
        }
    }

    private void publish(Bench b, Instant t) throws SQLException {
        if (b.isPublic) return;
        b.isPublic = true;
        b.version++;
        rows.append(
                "Benchmark",
                b.id.value(),
                new BenchmarkPublished(b.id, b.owner.id(), b.version),
                t,
                request(b.owner.id()));
    }

    private void changeDetails(Bench b, Instant t) throws SQLException {
        b.version++;
        b.title = b.title + " (revised)";
        rows.append(
                "Benchmark",
                b.id.value(),
                new BenchmarkDetailsChanged(
                        b.id,
                        b.owner.id(),
                        b.version,
                        b.title,
                        "A seeded benchmark of short questions about " + b.category + ", revised.",
                        b.tags,
                        b.category),
                t,
                request(b.owner.id()));
    }

    private void addCases(Bench b, Instant t, int n) throws SQLException {
        b.version++;
        var added = new ArrayList<TestCase>();
        for (int i = 0; i < n; i++) added.add(newCase(b));
        b.cases.addAll(added);
        b.hash = ContentHash.of(b.template, b.cases, b.graders);
        MetaData meta = request(b.owner.id());
        for (TestCase c : added)
            rows.append(
                    "Benchmark", b.id.value(), new TestCaseAdded(b.id, b.owner.id(), b.version, c, b.hash), t, meta);
    }

    private TestCase newCase(Bench b) {
        int n = b.nextCase++;
        int x = 2 + random.nextInt(97), y = 2 + random.nextInt(97);
        return new TestCase(
                "c" + n,
                new TextNode("Question " + n + " of benchmark " + (b.index + 1) + ": what is " + x + " × " + y
                        + "? Reply with the number only."),
                new TextNode(Integer.toString(x * y)),
                List.of(),
                null);
    }

    /** One trial's recorded outcome, kept until the run's end to compute its summaries. */
    private record Trial(
            String caseId,
            String model,
            int repeat,
            boolean failed,
            List<GraderResult> grades,
            List<TrialScoring.Verdict> verdicts,
            Long latencyMs,
            long costMicros,
            long judgeCostMicros,
            List<Double> verdictScores) {}

    private void run(
            Bench b,
            Instant t,
            List<Model> chosen,
            UserId requester,
            int repeats,
            Billing billing,
            String ending,
            List<Model> panel,
            Random rnd)
            throws SQLException {
        RunId runId = new RunId("run_" + hex(rnd, 16));
        String runType = "Run";
        List<String> caseIds = b.cases.stream().map(TestCase::id).toList();
        List<String> modelIds = chosen.stream().map(Model::id).toList();
        List<JudgePanel> panels = panel.isEmpty()
                ? List.of()
                : List.of(new JudgePanel(1, panel.stream().map(Model::id).toList()));
        MetaData requestMeta = request(requester);

        // decide every trial first: a CREDITS run reserves for its cost before the request
        long totalTrials = (long) caseIds.size() * modelIds.size() * repeats;
        long settle = ending.equals("COMPLETED") ? totalTrials : (long) (totalTrials * (0.2 + 0.6 * rnd.nextDouble()));
        var plan = new ArrayList<PlannedTrial>();
        for (int rep = 1; rep <= repeats; rep++) {
            for (TestCase c : b.cases) {
                for (Model m : chosen) plan.add(new PlannedTrial(c, m, rep));
            }
        }

        Account account = null;
        AccountId accountId = AccountId.of(requester);
        Long reservation = null;
        long costBound = 0;
        if (billing == Billing.CREDITS) {
            for (Model m : chosen)
                costBound += (long) (b.cases.size()
                        * repeats
                        * (cost(m, 400, 60) + panel.size() * cost(judges.get(0), 700, 80))
                        * 1.5);
            reservation = PRICING.creditsFor(costBound) + 10;
            account = accounts.computeIfAbsent(requester, u -> new Account());
            if (account.lots.isEmpty() && account.balance == 0) {
                String lot = "lot_grant_" + hex(rnd, 8);
                account.lots.put(lot, new Lot(lot, 5_000, 0, "usd", 0));
                account.balance += 5_000;
                rows.append(
                        "CreditAccount",
                        accountId.value(),
                        new CreditsGranted(accountId, lot, 5_000, "welcome credits", admin),
                        t,
                        request(admin));
            }
            if (account.balance - account.reserved < reservation) {
                long credits = Math.max(20_000, (reservation * 2 + 9_999) / 10_000 * 10_000);
                String payment = "cs_seed_" + hex(rnd, 12);
                String lot = "lot_" + payment;
                account.lots.put(lot, new Lot(lot, credits, credits / 10, "usd", 0));
                account.balance += credits;
                rows.append(
                        "CreditAccount",
                        accountId.value(),
                        new CreditsPurchased(accountId, lot, credits, credits / 10, "usd", payment),
                        t,
                        MetaData.with("correlationId", uuid()).and("traceId", uuid()));
            }
            account.reserved += reservation;
            rows.append(
                    "CreditAccount",
                    accountId.value(),
                    new CreditsReserved(accountId, runId, reservation),
                    t,
                    requestMeta);
        }
        rows.append(
                runType,
                runId.value(),
                new RunRequested(
                        runId,
                        b.id,
                        b.version,
                        b.hash,
                        requester,
                        modelIds,
                        List.of(),
                        repeats,
                        billing,
                        RunParams.DEFAULTS,
                        caseIds,
                        b.graders,
                        panels,
                        List.of(),
                        "api",
                        7_200,
                        reservation,
                        billing == Billing.CREDITS ? PRICING : null),
                t,
                requestMeta);
        Instant now = t.plusMillis(40 + rnd.nextInt(200));
        MetaData executor = executor();
        rows.append(runType, runId.value(), new RunStarted(runId), now, executor);

        var trials = new ArrayList<Trial>();
        var costs = new LinkedHashMap<String, Long>();
        modelIds.forEach(m -> costs.put(m, 0L));
        for (int i = 0; i < settle; i++) {
            PlannedTrial p = plan.get(i);
            TestCase c = p.testCase();
            Model m = p.model();
            int rep = p.repeat();
            if (i % 32 == 0) executor = executor();
            now = now.plusMillis(5 + rnd.nextInt(60));
            if (rnd.nextDouble() < 0.015) {
                String kind = FAILURE_KINDS[rnd.nextInt(FAILURE_KINDS.length)];
                Integer status = switch (kind) {
                    case "RATE_LIMITED" -> 429;
                    case "SERVER_ERROR" -> 503;
                    default -> null;
                };
                rows.append(
                        runType,
                        runId.value(),
                        new ModelCallFailed(
                                runId,
                                c.id(),
                                m.id(),
                                rep,
                                kind,
                                "the provider gave no usable answer after 3 attempts (" + kind + ")",
                                status,
                                3),
                        now,
                        executor);
                trialEvents++;
                trials.add(new Trial(c.id(), m.id(), rep, true, List.of(), List.of(), null, 0, 0, List.of()));
                continue;
            }
            String expected = c.expected().asText();
            double logit = m.strength()
                    - b.difficulty
                    + pairOffset(b, m)
                    + planted.getOrDefault(b.id.value() + " " + m.id(), 0.0);
            boolean right = rnd.nextDouble() < 1 / (1 + Math.exp(-logit));
            String output = right ? expected : Integer.toString(Integer.parseInt(expected) + 1 + rnd.nextInt(9));
            long promptTokens = 30 + rnd.nextInt(40);
            long completionTokens = 2 + rnd.nextInt(6);
            long cost = Math.round(cost(m, promptTokens, completionTokens));
            long latency = (long) (m.latencyMs() * Math.exp(rnd.nextGaussian() * 0.35));
            costs.merge(m.id(), cost, Long::sum);
            rows.append(
                    runType,
                    runId.value(),
                    new ModelResponseRecorded(
                            runId,
                            c.id(),
                            m.id(),
                            rep,
                            output,
                            latency,
                            promptTokens,
                            completionTokens,
                            cost,
                            "gen-" + hex(rnd, 12),
                            false,
                            rnd.nextDouble() < 0.02 ? 2 : 1),
                    now,
                    executor);
            var grades = new ArrayList<GraderResult>();
            for (int g = 0; g < b.graders.size(); g++) {
                if (!DeterministicGrading.handles(b.graders.get(g))) continue;
                Grade grade = DeterministicGrading.grade(b.graders.get(g), c, output);
                grades.add(new GraderResult(g, "exact", grade.score(), grade.passed(), grade.reason()));
            }
            rows.append(
                    runType,
                    runId.value(),
                    new GradeRecorded(runId, c.id(), m.id(), rep, List.copyOf(grades)),
                    now,
                    executor);
            trialEvents += 2;
            var verdicts = new ArrayList<TrialScoring.Verdict>();
            var verdictScores = new ArrayList<Double>();
            long judgeCost = 0;
            for (Model judge : panel) {
                long jc = Math.round(cost(judge, 600 + rnd.nextInt(200), 40 + rnd.nextInt(60)));
                String generation = "gen-" + hex(rnd, 12);
                boolean self = Vendors.selfPreference(judge.id(), m.id());
                JudgeVerdictRecorded v;
                if (rnd.nextDouble() < 0.02) {
                    v = new JudgeVerdictRecorded(
                            runId,
                            c.id(),
                            m.id(),
                            rep,
                            1,
                            judge.id(),
                            null,
                            null,
                            "the judge's answer is not a verdict {\"score\": 0..1, \"rationale\": …} after 3 attempt(s); last answer: I think",
                            self,
                            jc * 3,
                            generation,
                            3,
                            List.of(
                                    new ProviderGeneration("gen-" + hex(rnd, 12), jc),
                                    new ProviderGeneration("gen-" + hex(rnd, 12), jc),
                                    new ProviderGeneration(generation, jc)));
                    jc *= 3;
                } else {
                    double score = right ? 0.7 + 0.3 * rnd.nextDouble() : 0.4 * rnd.nextDouble();
                    if (self) score = Math.min(1.0, score + 0.05);
                    score = Math.round(score * 100) / 100.0;
                    v = new JudgeVerdictRecorded(
                            runId,
                            c.id(),
                            m.id(),
                            rep,
                            1,
                            judge.id(),
                            score,
                            right ? "The answer matches the expected product." : "The product is wrong.",
                            null,
                            self,
                            jc,
                            generation,
                            1,
                            List.of(new ProviderGeneration(generation, jc)));
                    verdictScores.add(score);
                }
                verdicts.add(new TrialScoring.Verdict(1, v.score()));
                judgeCost += jc;
                costs.merge(judge.id(), jc, Long::sum);
                rows.append(runType, runId.value(), v, now, executor);
                trialEvents++;
            }
            trials.add(new Trial(
                    c.id(),
                    m.id(),
                    rep,
                    false,
                    List.copyOf(grades),
                    verdicts,
                    latency,
                    cost,
                    judgeCost,
                    verdictScores));
        }

        now = now.plusMillis(30 + rnd.nextInt(100));
        if (now.isAfter(clock)) clock = now;
        runEnds.merge(ending, 1, Integer::sum);
        Account payer = account;
        Long held = reservation;
        switch (ending) {
            case "COMPLETED" -> {
                var byModel = new LinkedHashMap<String, List<TrialOutcome>>();
                modelIds.forEach(m -> byModel.put(m, new ArrayList<>()));
                var units = new ArrayList<List<Double>>();
                for (Trial trial : trials) {
                    var score = TrialScoring.score(b.graders, trial.failed(), trial.grades(), trial.verdicts());
                    byModel.get(trial.model())
                            .add(new TrialOutcome(
                                    trial.caseId(),
                                    trial.repeat(),
                                    trial.failed(),
                                    score.score(),
                                    score.passed(),
                                    trial.latencyMs(),
                                    trial.costMicros(),
                                    trial.judgeCostMicros()));
                    if (!panel.isEmpty()) units.add(trial.verdictScores());
                }
                var summaries = new ArrayList<ModelSummary>();
                long seed = RunStatistics.seed(runId);
                var caseMeans = new LinkedHashMap<String, List<Double>>();
                byModel.forEach((model, outcomes) -> {
                    summaries.add(RunStatistics.summarize(model, false, outcomes, repeats, seed));
                    caseMeans.put(model, RunStatistics.caseMeans(caseIds, outcomes));
                });
                rows.append(
                        runType,
                        runId.value(),
                        new RunCompleted(runId, summaries, RunStatistics.judgeAgreement(units), caseMeans),
                        now,
                        executor());
                charge(payer, accountId, runId, held, costs, now);
                // a person grades a few answers of some judged runs, a little later
                if (!panel.isEmpty() && rnd.nextDouble() < 0.25) {
                    schedule(action(
                            now.plus(Duration.ofMinutes(5 + rnd.nextInt(120))),
                            4,
                            at -> humanGrades(runId, requester, trials, rnd, at)));
                }
            }
            case "FAILED" -> {
                rows.append(
                        runType,
                        runId.value(),
                        new RunFailed(runId, "the BYOK provider key was removed while the run was going"),
                        now,
                        executor());
                charge(payer, accountId, runId, held, costs, now);
            }
            case "CANCELLED" -> {
                rows.append(runType, runId.value(), new RunCancelled(runId, requester), now, request(requester));
                charge(payer, accountId, runId, held, costs, now);
            }
            default ->
                schedule(action(t.plusSeconds(7_200), 4, at -> {
                    rows.append(runType, runId.value(), new RunTimedOut(runId, 7_200), at, executor());
                    charge(payer, accountId, runId, held, costs, at);
                }));
        }
    }

    private void humanGrades(RunId runId, UserId requester, List<Trial> trials, Random rnd, Instant at)
            throws SQLException {
        MetaData meta = request(requester);
        int n = 3 + rnd.nextInt(8);
        Instant graded = at;
        for (int i = 0; i < n; i++) {
            Trial trial = trials.get(rnd.nextInt(trials.size()));
            if (trial.failed() || trial.verdictScores().isEmpty()) continue;
            double judge = trial.verdictScores().stream()
                    .mapToDouble(Double::doubleValue)
                    .average()
                    .orElse(0.5);
            double human = Math.max(0, Math.min(1, Math.round((judge + rnd.nextGaussian() * 0.15) * 10) / 10.0));
            rows.append(
                    "Run",
                    runId.value(),
                    new HumanGradeRecorded(
                            runId,
                            trial.caseId(),
                            trial.model(),
                            human,
                            rnd.nextDouble() < 0.3 ? "checked by hand" : null,
                            requester),
                    graded,
                    meta);
            graded = graded.plusSeconds(20 + rnd.nextInt(60));
        }
        if (graded.isAfter(clock)) clock = graded;
    }

    /** What run-billing and the account do when a CREDITS run ends: charge its cost (at most the reservation), FIFO, release the rest. */
    private void charge(
            Account account, AccountId accountId, RunId runId, Long held, Map<String, Long> costs, Instant at)
            throws SQLException {
        if (account == null) return;
        long apiCost = costs.values().stream().mapToLong(Long::longValue).sum();
        long due = PRICING.creditsFor(apiCost);
        long credits = Math.min(due, held);
        long uncovered = FifoCharge.uncoveredCost(PRICING, held, apiCost);
        List<LotUse> uses = FifoCharge.take(account.lots.values(), credits);
        FifoCharge.apply(account.lots, uses);
        account.balance -= credits;
        account.reserved -= held;
        var byModel = new ArrayList<ModelCost>();
        costs.forEach((model, micros) -> byModel.add(new ModelCost(model, micros)));
        Instant charged = at.plusMillis(20);
        if (charged.isAfter(clock)) clock = charged;
        MetaData policy = executor();
        rows.append(
                "CreditAccount",
                accountId.value(),
                new CreditsCharged(accountId, runId, credits, apiCost, uncovered, uses, byModel),
                charged,
                policy);
        if (held - credits > 0) {
            rows.append(
                    "CreditAccount",
                    accountId.value(),
                    new ReservationReleased(accountId, runId, held - credits),
                    charged,
                    policy);
        }
    }

    // --- helpers ----------------------------------------------------------------------------

    private Action action(Instant at, int order, Step step) {
        return new Action(at, order, actionSequence++, step);
    }

    private void schedule(Action action) {
        actions.add(action);
    }

    private void insertUsers(Connection connection) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO app_user (id, handle, display_name, role, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, admin.value());
            insert.setString(2, "seed-admin");
            insert.setString(3, "Seed admin");
            insert.setString(4, "ADMIN");
            insert.setObject(5, start.atOffset(ZoneOffset.UTC));
            insert.addBatch();
            for (User u : users) {
                insert.setString(1, u.id().value());
                insert.setString(2, u.handle());
                insert.setString(3, u.handle());
                insert.setString(4, "USER");
                insert.setObject(5, u.joined().atOffset(ZoneOffset.UTC));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private double pairOffset(Bench b, Model m) {
        return pairOffsets.computeIfAbsent(b.id.value() + " " + m.id(), k -> random.nextGaussian() * 0.3);
    }

    private static double cost(Model m, long promptTokens, long completionTokens) {
        return promptTokens * m.inPrice() + completionTokens * m.outPrice();
    }

    private User activeUser(Instant t) {
        for (int tries = 0; tries < 100; tries++) {
            // a few heavy users: the first users of the list are picked more often
            int i = (int) Math.min(users.size() - 1, -Math.log(1 - random.nextDouble()) * users.size() / 4);
            User u = users.get(i);
            if (u.activeAt(t)) return u;
        }
        return users.getFirst();
    }

    private Instant at(double fraction) {
        long span = Duration.between(start, end).toMillis();
        return start.plusMillis((long) (Math.max(0, Math.min(0.999, fraction)) * span));
    }

    private int pick(double[] cumulative) {
        double x = random.nextDouble() * cumulative[cumulative.length - 1];
        int i = Arrays.binarySearch(cumulative, x);
        return Math.min(cumulative.length - 1, i >= 0 ? i : -i - 1);
    }

    private static double[] cumulative(double[] weights) {
        double[] c = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) c[i] = sum += weights[i];
        return c;
    }

    /** What the app stores with an event caused by a user's HTTP request. */
    private MetaData request(UserId user) {
        String command = uuid();
        return MetaData.with("correlationId", command)
                .and("traceId", command)
                .and("userId", user.value())
                .and("requestId", "req_" + hex(16));
    }

    /** What the app stores with an event the system appends on its own (executor, deadline, policy). */
    private MetaData executor() {
        String command = uuid();
        return MetaData.with("correlationId", command).and("traceId", command);
    }

    private String uuid() {
        return EventRows.uuid(random).toString();
    }

    private String hex(int bytes) {
        return hex(random, bytes);
    }

    private static String hex(Random random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
