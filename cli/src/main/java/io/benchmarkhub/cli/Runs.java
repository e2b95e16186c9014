package io.benchmarkhub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Starting a run, waiting for it with a progress line, and reading its trials. */
public final class Runs {

    static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMED_OUT");

    private final Api api;
    private final Duration pollInterval;

    public Runs(Api api, Duration pollInterval) {
        this.api = api;
        this.pollInterval = pollInterval;
    }

    public String start(
            String benchmarkId,
            Long benchmarkVersion,
            List<String> models,
            Integer repeats,
            String billing,
            String trigger,
            String providerKey) {
        return start(benchmarkId, benchmarkVersion, models, null, repeats, billing, trigger, providerKey);
    }

    /** With {@code prompts}: the prompt variants to run (null: the benchmark's default). */
    public String start(
            String benchmarkId,
            Long benchmarkVersion,
            List<String> models,
            List<String> prompts,
            Integer repeats,
            String billing,
            String trigger,
            String providerKey) {
        ObjectNode body = Api.JSON.createObjectNode().put("benchmarkId", benchmarkId);
        if (benchmarkVersion != null) body.put("benchmarkVersion", benchmarkVersion);
        body.set("models", Api.JSON.valueToTree(models));
        if (prompts != null) body.set("prompts", Api.JSON.valueToTree(prompts));
        if (repeats != null) body.put("repeats", repeats);
        if (billing != null) body.put("billing", billing);
        if (trigger != null) body.put("trigger", trigger);
        return api.send("POST", "/api/runs", body, null, providerKey)
                .body()
                .path("id")
                .asText();
    }

    /**
     * Polls the run until it ends, writing "run_… RUNNING 12/40" to {@code progress} whenever it moves. A run that has not
     * ended after {@code timeout} is cancelled (best effort) and ends the command with exit code 3, as does a run that
     * did not complete.
     */
    public JsonNode await(String runId, Duration timeout, PrintWriter progress) {
        Instant deadline = Instant.now().plus(timeout);
        String last = null;
        while (true) {
            JsonNode run = api.get("/api/runs/" + Api.encode(runId)).body();
            String status = run.path("status").asText();
            String line = runId + " " + status + " "
                    + run.path("progress").path("done").asLong() + "/"
                    + run.path("progress").path("total").asLong();
            if (!line.equals(last)) {
                progress.println(line);
                progress.flush();
                last = line;
            }
            if (TERMINAL.contains(status)) {
                if (!status.equals("COMPLETED")) {
                    String reason = run.path("failureReason").asText("");
                    throw new CliException(
                            ExitCodes.RUN_FAILED,
                            "run " + runId + " ended " + status + (reason.isBlank() ? "" : ": " + reason));
                }
                return run;
            }
            if (status.equals("SUSPENDED")) {
                throw new CliException(
                        ExitCodes.RUN_FAILED,
                        "run " + runId + " is SUSPENDED: it waits for its provider key " + "(POST /api/runs/" + runId
                                + "/resume with X-Provider-Key)");
            }
            if (Instant.now().isAfter(deadline)) {
                try {
                    api.send("POST", "/api/runs/" + Api.encode(runId) + "/cancel", null, null, null);
                } catch (CliException ignored) {
                    // the timeout is what the caller hears about
                }
                throw new CliException(
                        ExitCodes.RUN_FAILED,
                        "run " + runId + " did not end within " + timeout.toSeconds()
                                + " s (--timeout); it was cancelled");
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(ExitCodes.ERROR, "interrupted");
            }
        }
    }

    /**
     * The caller's latest COMPLETED run of the benchmark that has {@code model}, other than {@code except}: the baseline of
     * {@code gate --baseline latest} (e.g. the run on the base branch). None is a usage error.
     */
    public String latest(String benchmarkId, String model, String except) {
        JsonNode page = api.get("/api/runs?size=100&status=COMPLETED&benchmarkId=" + Api.encode(benchmarkId))
                .body();
        for (JsonNode item : page.path("items")) {
            String id = item.path("id").asText();
            if (id.equals(except)) continue;
            for (JsonNode m : item.path("models")) if (m.asText().equals(model)) return id;
        }
        throw new CliException(
                ExitCodes.ERROR,
                "--baseline latest: no completed run of " + benchmarkId + " with " + model
                        + " among your latest 100; run it on the base branch first (benchmarkhub run) or name a model");
    }

    /** The names of the benchmark's prompt variants in order (the first is the default); empty when it has one template. */
    public List<String> variants(String benchmarkId) {
        List<String> names = new ArrayList<>();
        api.get("/api/benchmarks/" + Api.encode(benchmarkId) + "?casesLimit=1")
                .body()
                .path("promptVariants")
                .forEach(v -> names.add(v.path("name").asText()));
        return names;
    }

    /** A candidate of a run: a model, and the prompt variant it sends (null when the benchmark has one template). */
    public record Candidate(String model, String variant) {

        /** What the server keys its results by: {@code model@variant}, or the model. */
        public String label() {
            return variant == null ? model : model + "@" + variant;
        }

        /**
         * {@code MODEL[@variant]} for a benchmark with {@code variants}: the text after the last {@code @} is the variant when
         * it names one of them, and a model given alone sends the default (the first). Without variants, the whole is the model.
         */
        public static Candidate parse(String text, List<String> variants) {
            if (variants.isEmpty()) return new Candidate(text, null);
            int at = text.lastIndexOf('@');
            if (at > 0 && variants.contains(text.substring(at + 1)))
                return new Candidate(text.substring(0, at), text.substring(at + 1));
            if (at > 0 && !text.substring(at + 1).contains("/")) {
                throw new CliException(
                        ExitCodes.ERROR,
                        text + ": '" + text.substring(at + 1)
                                + "' is not a prompt variant of the benchmark; its variants are " + variants);
            }
            return new Candidate(text, variants.getFirst());
        }
    }

    /** Every settled trial of {@code model} in the run, in (caseId, repeat) order. */
    public List<JsonNode> trials(String runId, String model) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            String path = "/api/runs/" + Api.encode(runId) + "/results?limit=200&model=" + Api.encode(model)
                    + (cursor == null ? "" : "&cursor=" + Api.encode(cursor));
            JsonNode page = api.get(path).body();
            page.path("items").forEach(all::add);
            cursor = page.path("nextCursor").isTextual()
                    ? page.path("nextCursor").asText()
                    : null;
        } while (cursor != null);
        return all;
    }
}
