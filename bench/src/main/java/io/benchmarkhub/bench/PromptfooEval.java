package io.benchmarkhub.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The same workload through promptfoo (the version pinned in {@code bench/promptfoo/package.json}):
 * N tests × M providers {@code openai:chat:m1…} on the local model server, each test with an
 * {@code equals} assertion and J {@code llm-rubric} assertions, each graded by its own provider
 * {@code openai:chat:j1…}. Caching, sharing, telemetry and update checks are off; results are
 * written to promptfoo's own database as usual, in a fresh config directory.
 */
final class PromptfooEval {

    private final Path promptfooDir;
    private final Path workDir;

    /**
     * @param promptfooDir where {@code node_modules/.bin/promptfoo} is ({@code bench/promptfoo})
     * @param workDir      for the generated config, promptfoo's config directory (its database) and its log
     */
    PromptfooEval(Path promptfooDir, Path workDir) {
        this.promptfooDir = promptfooDir;
        this.workDir = workDir;
    }

    /** Writes {@code promptfooconfig.yaml} (JSON is YAML) for the workload and returns its path. */
    Path writeConfig(RunsBench.Workload workload, String baseUrl, String rubric) throws IOException {
        ObjectNode config =
                Api.JSON.createObjectNode().put("description", "BenchmarkHub runs bench: " + workload.describe());
        config.putArray("prompts").add("{{input}}");
        ArrayNode providers = config.putArray("providers");
        for (String model : workload.models()) providers.add(provider(model, baseUrl));
        ArrayNode tests = config.putArray("tests");
        for (int i = 1; i <= workload.cases(); i++) {
            ObjectNode test = tests.addObject();
            test.putObject("vars").put("input", RunsBench.caseInput(i));
            ArrayNode asserts = test.putArray("assert");
            asserts.addObject().put("type", "equals").put("value", RunsBench.caseExpected(i));
            for (String judge : workload.judges()) {
                ObjectNode rubricAssertion =
                        asserts.addObject().put("type", "llm-rubric").put("value", rubric);
                rubricAssertion.set("provider", provider(judge, baseUrl));
            }
        }
        Files.createDirectories(workDir);
        Path file = workDir.resolve("promptfooconfig.yaml");
        Api.JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), config);
        return file;
    }

    private static ObjectNode provider(String model, String baseUrl) {
        ObjectNode provider = Api.JSON.createObjectNode().put("id", "openai:chat:" + model);
        provider.putObject("config").put("apiBaseUrl", baseUrl).put("apiKey", "bench");
        return provider;
    }

    /** Starts {@code promptfoo eval} with at most {@code concurrency} concurrent calls (its {@code --max-concurrency}). */
    Process start(Path config, int concurrency, Map<String, String> extraEnvironment) throws IOException {
        Path executable = promptfooDir.resolve("node_modules/.bin/promptfoo");
        if (!Files.isExecutable(executable))
            throw new IllegalStateException("no promptfoo at " + executable + " (run npm ci in " + promptfooDir + ")");
        Path home = workDir.resolve("promptfoo-home");
        Files.createDirectories(home);
        var command = new ArrayList<>(List.of(
                executable.toString(),
                "eval",
                "-c",
                config.toString(),
                "--max-concurrency",
                Integer.toString(concurrency),
                "--no-cache",
                "--no-share",
                "--no-progress-bar",
                "--no-table"));
        var builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("promptfoo.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("PROMPTFOO_CONFIG_DIR", home.toString());
        env.put("PROMPTFOO_CACHE_ENABLED", "false");
        env.put("PROMPTFOO_DISABLE_TELEMETRY", "1");
        env.put("PROMPTFOO_DISABLE_UPDATE", "1");
        env.put("PROMPTFOO_DISABLE_SHARING", "1");
        env.put("PROMPTFOO_DISABLE_REMOTE_GENERATION", "true");
        env.put("OPENAI_API_KEY", "bench");
        env.putAll(extraEnvironment);
        return builder.start();
    }

    /** The last lines promptfoo printed (its pass/fail summary). */
    List<String> logTail(int lines) throws IOException {
        Path log = workDir.resolve("promptfoo.log");
        if (!Files.exists(log)) return List.of();
        List<String> all = Files.readAllLines(log);
        return all.subList(Math.max(0, all.size() - lines), all.size());
    }
}
