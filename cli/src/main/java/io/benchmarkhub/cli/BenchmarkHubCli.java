package io.benchmarkhub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code benchmarkhub}: benchmarks as code and a CI gate over the REST API (docs/cli.md). Exit codes: 0 passed, 1 the gate
 * failed, 2 usage, auth or server error, 3 the run failed or timed out ({@link ExitCodes}).
 */
@Command(
        name = "benchmarkhub",
        mixinStandardHelpOptions = true,
        versionProvider = BenchmarkHubCli.Version.class,
        description = "Benchmarks as code and a statistically honest CI gate for BenchmarkHub.%n"
                + "Environment: BENCHMARKHUB_URL, BENCHMARKHUB_TOKEN, BENCHMARKHUB_PROVIDER_KEY (BYOK runs).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:passed",
            "1:the gate failed",
            "2:usage, auth or server error",
            "3:the run failed or timed out"
        },
        subcommands = {
            BenchmarkHubCli.SyncCommand.class,
            BenchmarkHubCli.RunCommand.class,
            BenchmarkHubCli.CompareCommand.class,
            BenchmarkHubCli.GateCommand.class,
            BenchmarkHubCli.PrCommentCommand.class
        })
public final class BenchmarkHubCli implements Callable<Integer> {

    private final Map<String, String> env;
    private final PrintWriter out;
    private final PrintWriter err;
    /** How often a waiting command reads the run; tests make it short. */
    private final Duration pollInterval;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--url",
            description = "the server (default: $BENCHMARKHUB_URL)",
            scope = CommandLine.ScopeType.INHERIT)
    String url;

    BenchmarkHubCli(Map<String, String> env, PrintWriter out, PrintWriter err, Duration pollInterval) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.pollInterval = pollInterval;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(execute(args, System.getenv(), out, err, Duration.ofSeconds(2)));
    }

    /** Runs one command line and answers its exit code; never calls {@code System.exit}. */
    public static int execute(
            String[] args, Map<String, String> env, PrintWriter out, PrintWriter err, Duration pollInterval) {
        CommandLine line = new CommandLine(
                new BenchmarkHubCli(env, out, err, pollInterval), new Factory(env, out, err, pollInterval));
        line.setOut(out).setErr(err);
        line.setExitCodeExceptionMapper(e -> e instanceof CliException c ? c.exitCode() : ExitCodes.ERROR);
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CliException c) {
                cmd.getErr().println("benchmarkhub: " + c.getMessage());
                return c.exitCode();
            }
            cmd.getErr().println("benchmarkhub: unexpected error: " + e);
            return ExitCodes.ERROR;
        });
        int code = line.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(out);
        return ExitCodes.ERROR;
    }

    Api api() {
        return new Api(url != null ? url : env.get("BENCHMARKHUB_URL"), env.get("BENCHMARKHUB_TOKEN"));
    }

    String providerKey() {
        return env.get("BENCHMARKHUB_PROVIDER_KEY");
    }

    /** A benchmark argument: a file is synced first (and its id used), anything else is an id. */
    String resolveBenchmark(Api api, String argument, PrintWriter progress) {
        if (!BenchmarkFile.isFile(argument)) {
            if (argument.contains("/")
                    || argument.endsWith(".yaml")
                    || argument.endsWith(".yml")
                    || argument.endsWith(".json")) {
                throw new CliException(ExitCodes.ERROR, argument + ": no such file");
            }
            return argument;
        }
        Sync.Result synced = new Sync(api).sync(BenchmarkFile.read(Path.of(argument)));
        progress.println("synced " + argument + " → " + synced.id() + " v" + synced.version() + " (content "
                + synced.contentHash() + ")"
                + (synced.changes().isEmpty() ? ", unchanged" : ": " + String.join(", ", synced.changes())));
        if (synced.created()) {
            progress.println("warning: " + argument + " has no id, so a new benchmark was made; add `id: " + synced.id()
                    + "` to it so that the next sync updates this one");
        }
        progress.flush();
        return synced.id();
    }

    /** Constructs the subcommands with the same environment and streams as the top command. */
    private record Factory(Map<String, String> env, PrintWriter out, PrintWriter err, Duration pollInterval)
            implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == BenchmarkHubCli.class) return type.cast(new BenchmarkHubCli(env, out, err, pollInterval));
            return CommandLine.defaultFactory().create(type);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = BenchmarkHubCli.class.getPackage().getImplementationVersion();
            return new String[] {"benchmarkhub " + (version == null ? "(development build)" : version)};
        }
    }

    @Command(
            name = "sync",
            description = "Create or update the benchmark a YAML or JSON file describes, so the file is the "
                    + "source of truth; prints its id, version and content hash.")
    static final class SyncCommand implements Callable<Integer> {
        @CommandLine.ParentCommand
        BenchmarkHubCli cli;

        @Parameters(paramLabel = "FILE", description = "the benchmark file (.yaml, .yml or .json)")
        Path file;

        @Option(names = "--json", description = "print {id, version, contentHash, created, changes} as JSON")
        boolean json;

        @Override
        public Integer call() throws IOException {
            BenchmarkFile benchmark = BenchmarkFile.read(file);
            Sync.Result result = new Sync(cli.api()).sync(benchmark);
            if (json) {
                cli.out.println(Api.JSON.writeValueAsString(result));
            } else {
                cli.out.println(result.id() + " v" + result.version() + " " + result.contentHash());
                cli.err.println(
                        result.created()
                                ? "created " + result.id()
                                : result.changes().isEmpty()
                                        ? "unchanged"
                                        : "updated: " + String.join(", ", result.changes()));
                if (result.created()) {
                    cli.err.println(
                            "add `id: " + result.id() + "` to " + file + " so that later syncs update this benchmark");
                }
            }
            return ExitCodes.PASSED;
        }
    }

    /** Options shared by the commands that start a run. */
    static class RunOptions {
        @Option(names = "--repeats", description = "trials per case and model (default: the server's, 1)")
        Integer repeats;

        @Option(
                names = "--billing",
                description = "BYOK (with $BENCHMARKHUB_PROVIDER_KEY) or CREDITS (the server's default)")
        String billing;

        @Option(
                names = "--timeout",
                defaultValue = "1800",
                description =
                        "seconds to wait for the run (default: ${DEFAULT-VALUE}); then it is cancelled and the exit code is 3")
        long timeoutSeconds;

        String billing() {
            if (billing == null) return null;
            String value = billing.strip().toUpperCase(java.util.Locale.ROOT);
            if (!value.equals("BYOK") && !value.equals("CREDITS")) {
                throw new CliException(ExitCodes.ERROR, "--billing must be BYOK or CREDITS");
            }
            return value;
        }
    }

    @Command(
            name = "run",
            description = "Run a benchmark (an id, or a file that is synced first) against models, wait for "
                    + "it and print each model's score with its 95%% interval.")
    static final class RunCommand implements Callable<Integer> {
        @CommandLine.ParentCommand
        BenchmarkHubCli cli;

        @Option(names = "--benchmark", required = true, paramLabel = "ID|FILE")
        String benchmark;

        @Option(names = "--models", required = true, split = ",", paramLabel = "MODEL")
        List<String> models;

        @Option(
                names = "--prompts",
                split = ",",
                paramLabel = "VARIANT",
                description =
                        "the prompt variants to run when the benchmark holds several (default: its first); each model runs each, as MODEL@VARIANT")
        List<String> prompts;

        @CommandLine.Mixin
        RunOptions run = new RunOptions();

        @Option(names = "--no-wait", description = "print the run id and end at once")
        boolean noWait;

        @Option(names = "--json", description = "print the run as JSON")
        boolean json;

        @Override
        public Integer call() throws IOException {
            Api api = cli.api();
            String id = cli.resolveBenchmark(api, benchmark, cli.err);
            String runId = new Runs(api, cli.pollInterval)
                    .start(id, null, models, prompts, run.repeats, run.billing(), "cli", cli.providerKey());
            if (noWait) {
                cli.out.println(runId);
                return ExitCodes.PASSED;
            }
            JsonNode result =
                    new Runs(api, cli.pollInterval).await(runId, Duration.ofSeconds(run.timeoutSeconds), cli.err);
            if (json) {
                cli.out.println(
                        Api.JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
            } else {
                cli.out.println("run " + runId + " " + result.path("status").asText() + " (content "
                        + result.path("contentHash").asText() + ")");
                for (JsonNode model : result.path("models")) {
                    cli.out.printf(
                            java.util.Locale.ROOT,
                            "%-32s score %s [%s, %s]  pass rate %s  n %d%n",
                            model.path("model").asText(),
                            Gate.fmt(Gate.number(model.path("score"))),
                            Gate.fmt(Gate.number(model.path("ci95").path(0))),
                            Gate.fmt(Gate.number(model.path("ci95").path(1))),
                            Gate.fmt(Gate.number(model.path("passRate"))),
                            model.path("n").asInt());
                }
            }
            return ExitCodes.PASSED;
        }
    }

    @Command(
            name = "compare",
            description = "The paired difference candidate − baseline on a run, with its 95%% interval, "
                    + "p-value and the decision rubric's verdict.")
    static final class CompareCommand implements Callable<Integer> {
        @CommandLine.ParentCommand
        BenchmarkHubCli cli;

        @Option(names = "--run", required = true, paramLabel = "RUN_ID")
        String runId;

        @Option(names = "--baseline", required = true, paramLabel = "MODEL")
        String baseline;

        @Option(names = "--candidate", required = true, paramLabel = "MODEL")
        String candidate;

        @Option(names = "--json", description = "print the comparison as JSON")
        boolean json;

        @Override
        public Integer call() throws IOException {
            Api api = cli.api();
            JsonNode comparison = api.get("/api/runs/" + Api.encode(runId) + "/compare?baseline=" + Api.encode(baseline)
                            + "&candidate=" + Api.encode(candidate))
                    .body();
            if (json) {
                cli.out.println(
                        Api.JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(comparison));
                return ExitCodes.PASSED;
            }
            JsonNode run = api.get("/api/runs/" + Api.encode(runId)).body();
            Report report = new Report(
                    runId,
                    api.baseUrl() + "/api/runs/" + runId,
                    run.path("benchmarkId").asText(),
                    run.path("benchmarkVersion").asLong(),
                    run.path("contentHash").asText(),
                    baseline,
                    runId,
                    candidate,
                    comparison,
                    List.of(),
                    List.of(),
                    List.of());
            String table = report.table();
            cli.out.print(table.substring(0, table.lastIndexOf("gate:")));
            comparison.path("reasons").forEach(r -> cli.out.println("  " + r.asText()));
            return ExitCodes.PASSED;
        }
    }

    @Command(
            name = "gate",
            description =
                    "Run the candidate and the baseline on a benchmark (or judge an existing run), "
                            + "wait, and pass or fail on the paired difference and the decision rubric, not on a raw pass rate.")
    static final class GateCommand implements Callable<Integer> {
        @CommandLine.ParentCommand
        BenchmarkHubCli cli;

        @Option(names = "--benchmark", paramLabel = "ID|FILE", description = "the benchmark; a file is synced first")
        String benchmark;

        @Option(
                names = "--run",
                paramLabel = "RUN_ID",
                description = "judge this run (holding both models) instead of starting one")
        String runId;

        @Option(
                names = "--candidate",
                required = true,
                paramLabel = "MODEL[@VARIANT]",
                description =
                        "the model, and with a benchmark of several prompt variants the variant it sends (default: the first)")
        String candidate;

        @Option(
                names = "--baseline",
                required = true,
                paramLabel = "MODEL[@VARIANT]|run:RUN_ID|latest",
                description =
                        "MODEL[@VARIANT]: run it with the candidate on the same cases in one run; run:RUN_ID: that earlier run of the "
                                + "benchmark (its --baseline-model); latest: your latest completed run of the benchmark that has --baseline-model")
        String baseline;

        @Option(
                names = "--baseline-model",
                paramLabel = "MODEL",
                description =
                        "with run:ID or latest: the baseline run's model (default: the candidate's, e.g. the same model before the change)")
        String baselineModel;

        @Option(
                names = "--fail-on",
                split = ",",
                paramLabel = "CHECK",
                defaultValue = "significant-regression",
                description =
                        "significant-regression, verdict, threshold=X (score), pass-rate=X; comma-separated (default: ${DEFAULT-VALUE})")
        List<String> failOn;

        @Option(
                names = "--alpha",
                defaultValue = "0.05",
                description = "significance level (default: ${DEFAULT-VALUE})")
        double alpha;

        @Option(
                names = "--margin",
                defaultValue = "0.02",
                description =
                        "a regression counts only when the whole interval lies below −margin (default: ${DEFAULT-VALUE})")
        double margin;

        @CommandLine.Mixin
        RunOptions run = new RunOptions();

        @Option(
                names = "--junit",
                paramLabel = "FILE",
                description = "write JUnit XML: the gate's checks, and one testcase per case of the candidate")
        Path junit;

        @Option(
                names = "--markdown",
                paramLabel = "FILE",
                description = "write a Markdown summary (for a PR comment or $GITHUB_STEP_SUMMARY)")
        Path markdown;

        @Option(names = "--json", description = "print the result as JSON instead of the table")
        boolean json;

        @Override
        public Integer call() throws IOException {
            if ((benchmark == null) == (runId == null))
                throw new CliException(ExitCodes.ERROR, "give either --benchmark or --run");
            if (!(alpha > 0 && alpha < 1)) throw new CliException(ExitCodes.ERROR, "--alpha must be between 0 and 1");
            if (!(margin >= 0 && margin <= 1)) throw new CliException(ExitCodes.ERROR, "--margin must be from 0 to 1");
            boolean fromRun = baseline.startsWith("run:") || baseline.equals("latest");
            if (!fromRun && baselineModel != null)
                throw new CliException(ExitCodes.ERROR, "--baseline-model goes with --baseline run:ID or latest");
            if (baseline.equals("run:"))
                throw new CliException(ExitCodes.ERROR, "--baseline run: needs a run id, e.g. run:run_…");
            Gate.Options options = new Gate.Options(Gate.parseFailOn(failOn), alpha, margin);
            String billing = run.billing();
            Api api = cli.api();
            Runs runs = new Runs(api, cli.pollInterval);
            String id = runId;
            String benchmarkId = null;
            if (id == null) benchmarkId = cli.resolveBenchmark(api, benchmark, cli.err);
            else if (baseline.equals("latest"))
                benchmarkId = api.get("/api/runs/" + Api.encode(id))
                        .body()
                        .path("benchmarkId")
                        .asText();
            // with prompt variants a candidate is MODEL@VARIANT: both sides are named as the server keys them
            List<String> variants = id == null ? runs.variants(benchmarkId) : List.of();
            Runs.Candidate cand = Runs.Candidate.parse(candidate, variants);
            Runs.Candidate base = fromRun ? null : Runs.Candidate.parse(baseline, variants);
            String candidate = cand.label();
            String baseline = fromRun ? this.baseline : base.label();
            if (!fromRun && candidate.equals(baseline)) {
                throw new CliException(
                        ExitCodes.ERROR,
                        "--candidate must differ from --baseline: both are compared on the same cases in one run "
                                + "(to compare a model with an earlier run of itself, use --baseline run:ID or latest)");
            }
            String baseModel = fromRun
                    ? (baselineModel != null
                            ? Runs.Candidate.parse(baselineModel, variants).label()
                            : candidate)
                    : baseline;
            String baseRun = baseline.startsWith("run:")
                    ? baseline.substring(4).strip()
                    : baseline.equals("latest") ? runs.latest(benchmarkId, baseModel, id) : id;
            if (id == null) {
                List<String> models = fromRun
                        ? List.of(cand.model())
                        : java.util.stream.Stream.of(cand.model(), base.model())
                                .distinct()
                                .toList();
                List<String> prompts = variants.isEmpty()
                        ? null
                        : fromRun
                                ? List.of(cand.variant())
                                : java.util.stream.Stream.of(cand.variant(), base.variant())
                                        .distinct()
                                        .toList();
                id = runs.start(benchmarkId, null, models, prompts, run.repeats, billing, "ci", cli.providerKey());
                cli.err.println("started run " + id + " of " + benchmarkId + " with " + String.join(", ", models)
                        + (prompts == null ? "" : " × prompts " + String.join(", ", prompts))
                        + (fromRun ? "; baseline: " + baseModel + " in " + baseRun : ""));
                if (!fromRun) baseRun = id;
            }
            JsonNode result = runs.await(id, Duration.ofSeconds(run.timeoutSeconds), cli.err);
            JsonNode comparison = api.get("/api/runs/" + Api.encode(id) + "/compare?baseline=" + Api.encode(baseModel)
                            + "&candidate=" + Api.encode(candidate)
                            + (baseRun.equals(id) ? "" : "&baselineRun=" + Api.encode(baseRun)))
                    .body();
            for (String side : List.of("candidateSummary", "baselineSummary")) {
                JsonNode model = comparison.path(side);
                int trials = model.path("trials").asInt();
                if (trials > 0 && model.path("failedCalls").asInt() >= trials) {
                    // a model that never answered is not worse, it was not measured (a wrong key, a provider outage)
                    throw new CliException(
                            ExitCodes.RUN_FAILED,
                            "every call of " + model.path("model").asText() + " failed (" + trials + " of " + trials
                                    + "); see GET /api/runs/" + id + "/results?failedOnly=true");
                }
            }
            List<Gate.CaseResult> candidateCases = Gate.cases(runs.trials(id, candidate));
            List<Gate.CaseResult> baselineCases = Gate.cases(runs.trials(baseRun, baseModel));
            Report report = new Report(
                    id,
                    api.baseUrl() + "/api/runs/" + id,
                    result.path("benchmarkId").asText(),
                    result.path("benchmarkVersion").asLong(),
                    result.path("contentHash").asText(),
                    baseModel,
                    baseRun,
                    candidate,
                    comparison,
                    Gate.judge(comparison, options),
                    candidateCases,
                    Gate.regressed(baselineCases, candidateCases, 5));
            write(junit, report.junit());
            write(markdown, report.markdown());
            if (json)
                cli.out.println(
                        Api.JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report.json()));
            else cli.out.print(report.table());
            return report.passed() ? ExitCodes.PASSED : ExitCodes.GATE_FAILED;
        }

        private static void write(Path file, String content) {
            if (file == null) return;
            try {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) Files.createDirectories(parent);
                Files.writeString(file, content, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CliException(ExitCodes.ERROR, "cannot write " + file + ": " + e.getMessage());
            }
        }
    }

    @Command(
            name = "pr-comment",
            description = "Keep one sticky comment on a pull request with a Markdown file (the gate's "
                    + "--markdown): the comment of --author holding the hidden marker is updated, or one is created. "
                    + "Uses GITHUB_TOKEN, GITHUB_REPOSITORY and GITHUB_API_URL.")
    static final class PrCommentCommand implements Callable<Integer> {
        @CommandLine.ParentCommand
        BenchmarkHubCli cli;

        @Option(names = "--file", required = true, paramLabel = "FILE", description = "the comment's Markdown")
        Path file;

        @Option(names = "--pr", required = true, paramLabel = "NUMBER")
        int pullRequest;

        @Option(names = "--repo", paramLabel = "OWNER/NAME", description = "default: $GITHUB_REPOSITORY")
        String repository;

        @Option(
                names = "--author",
                defaultValue = "github-actions[bot]",
                description = "whose comment is updated (default: ${DEFAULT-VALUE})")
        String author;

        @Override
        public Integer call() throws IOException {
            if (!Files.isRegularFile(file)) throw new CliException(ExitCodes.ERROR, file + ": no such file");
            StickyComment comment = new StickyComment(cli.env.get("GITHUB_API_URL"), cli.env.get("GITHUB_TOKEN"));
            StickyComment.Outcome outcome = comment.upsert(
                    repository != null ? repository : cli.env.get("GITHUB_REPOSITORY"),
                    pullRequest,
                    author,
                    Report.MARKER,
                    Files.readString(file, StandardCharsets.UTF_8));
            cli.out.println(outcome.action().toLowerCase(java.util.Locale.ROOT) + " comment " + outcome.commentId());
            return ExitCodes.PASSED;
        }
    }
}
