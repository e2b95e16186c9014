package io.benchmarkhub.api.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.api.ApiTestBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The web app end to end: this app (embedded PostgreSQL, the sim/ models) serves the built web app at /, and
 * web/e2e/screens.e2e.mjs drives Debian's Chromium through playwright-core over the library, the benchmark page
 * and a run, as a person would. Screenshots land in api/target/screenshots. Needs Node 20+ and /usr/bin/chromium
 * (or -Dbenchmarkhub.chromium=PATH); .ci/run installs both.
 */
class WebAppEndToEndTest extends ApiTestBase {

    static final Path WEB = Path.of("..", "web").toAbsolutePath().normalize();
    static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();

    @Test
    void the_app_serves_the_web_app_and_its_routes_without_a_token_and_leaves_the_api_alone() {
        Response home = get("/", null);
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.header("Content-Type")).startsWith("text/html");
        assertThat(home.text()).contains("<div id=\"root\"></div>");

        Response route = get("/benchmarks/bm_anything?tab=cases", null);
        assertThat(route.status()).isEqualTo(200);
        assertThat(route.text()).isEqualTo(home.text());

        assertThat(get("/assets/no-such-file.js", null).status()).isEqualTo(404);
        Response api = get("/api/no-such-endpoint", null);
        assertThat(api.status()).isEqualTo(401);
        assertThat(api.header("Content-Type")).contains("problem+json");
        assertThat(get("/api/runs", null).status()).isEqualTo(401);
        assertThat(send("POST", "/benchmarks/x", (String) null, "{}").status()).isNotEqualTo(200);
    }

    @Test
    void a_person_browses_the_library_opens_a_benchmark_and_reads_a_run_in_chromium() throws Exception {
        String title = "Arithmetic " + UUID.randomUUID().toString().substring(0, 6);
        String benchmark = createBenchmark(alice, """
                {"title": "%s", "description": "Small sums answered with a number only", "tags": ["math", "e2e"],
                 "category": "qa", "visibility": "PUBLIC", "promptTemplate": "Answer with a number only: {{input}}",
                 "cases": [{"input": "2+2", "expected": "4"}, {"input": "3+5", "expected": "8"},
                           {"input": "7*6", "expected": "42", "tags": ["hard"]}, {"input": "10-3", "expected": "7"},
                           {"input": "9*9", "expected": "81"}],
                 "graders": [{"type": "exact"}],
                 "decisionCriteria": [{"metric": "passRate", "op": ">=", "threshold": 0.5, "severity": "MUST"}]}""".formatted(title));
        Response run = send("POST", "/api/runs", alice, """
                {"benchmarkId": "%s", "models": ["sim/echo", "sim/random-1", "sim/random-2"], "repeats": 2}""".formatted(benchmark));
        assertThat(run.status()).as(run.text()).isEqualTo(202);
        String runId = run.body().get("id").asText();
        eventually(
                () -> "COMPLETED"
                        .equals(get("/api/runs/" + runId, alice)
                                .body()
                                .path("status")
                                .asText()),
                "the run completes");
        eventually(
                () -> get("/api/benchmarks/" + benchmark + "/leaderboard?includeSimulated=true", null)
                                .body()
                                .path("entries")
                                .size()
                        == 3,
                "the leaderboard ranks the three models");
        // other test classes share this database and may have other "Arithmetic" benchmarks: look for this one
        eventually(
                () -> get("/api/library?q=" + title.replace(' ', '+'), null)
                        .body()
                        .path("items")
                        .findValuesAsText("id")
                        .contains(benchmark),
                "the library lists the benchmark");

        // 21 benchmarks under one tag: a first page of 20 and a second page reached by the API's cursor
        String pagedTag = "paged" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 21; i++) {
            createBenchmark(alice, """
                    {"title": "Paged %d", "description": "One of 21", "tags": ["%s"], "category": "qa",
                     "visibility": "PUBLIC", "cases": [{"input": "1+1", "expected": "2"}],
                     "graders": [{"type": "exact"}]}""".formatted(i, pagedTag));
        }
        eventually(
                () -> get("/api/library?tags=" + pagedTag, null)
                                .body()
                                .path("total")
                                .asLong()
                        == 21,
                "the library lists the 21 paged benchmarks");

        // the person who signs up in the browser: their verification mail is caught by the real SMTP server (GreenMail)
        // and its link handed to the browser script through a file, as a person would click it in their mail
        String handle = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        String email = handle + "@example.org";
        Path mailbox = Files.createTempDirectory("web-e2e-mail-");
        Thread postman =
                Thread.ofVirtual().start(() -> deliverVerificationLink(email, mailbox.resolve("verify-link.txt")));

        ProcessBuilder node = new ProcessBuilder("node", "e2e/screens.e2e.mjs")
                .directory(WEB.toFile())
                .redirectErrorStream(true);
        node.environment().put("BASE_URL", "http://localhost:" + port);
        node.environment().put("BENCHMARK_ID", benchmark);
        node.environment().put("BENCHMARK_TITLE", title);
        node.environment().put("RUN_ID", runId);
        node.environment().put("PAGED_TAG", pagedTag);
        node.environment().put("API_TOKEN", alice.token());
        node.environment().put("SCREENSHOTS", SCREENSHOTS.toString());
        node.environment().put("SIGN_UP_HANDLE", handle);
        node.environment().put("SIGN_UP_EMAIL", email);
        node.environment().put("MAILBOX", mailbox.toString());
        node.environment().put("CHROMIUM", System.getProperty("benchmarkhub.chromium", "/usr/bin/chromium"));
        Path log = Files.createTempFile("web-e2e-", ".log");
        Process process = node.redirectOutput(log.toFile()).start();
        boolean ended = process.waitFor(5, TimeUnit.MINUTES);
        if (!ended) process.destroyForcibly();
        postman.interrupt();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(ended).as("the browser script ended").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("all screens passed");
        for (String shot : new String[] {
            "1-library.png",
            "1b-library-page-2.png",
            "1c-library-page-2-phone.png",
            "3-benchmark-leaderboard.png",
            "4-benchmark-cases.png",
            "5-run.png",
            "6-run-trial.png",
            "7-compare.png",
            "8-new-run.png",
            "9-new-run-done.png",
            "10-sign-up-weak-password.png",
            "11-account-welcome.png",
            "12-verify-email.png",
            "13-account-token-created.png",
            "14-sign-in.png",
            "15-sign-in-refused-by-provider.png"
        }) {
            assertThat(SCREENSHOTS.resolve(shot)).isNotEmptyFile();
        }
    }

    /** Waits for the verification mail to {@code email} and writes the path and query of its link to {@code file}. */
    static void deliverVerificationLink(String email, Path file) {
        var link = java.util.regex.Pattern.compile("https?://[^/\\s]+(/verify-email\\?token=[A-Za-z0-9_%-]+)");
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (var message : MAIL.getReceivedMessages()) {
                    var to = message.getRecipients(jakarta.mail.Message.RecipientType.TO);
                    if (to == null
                            || java.util.Arrays.stream(to)
                                    .noneMatch(a -> a.toString().equalsIgnoreCase(email))) continue;
                    var matcher = link.matcher(message.getContent().toString());
                    if (matcher.find()) {
                        Files.writeString(file.resolveSibling(file.getFileName() + ".tmp"), matcher.group(1));
                        Files.move(
                                file.resolveSibling(file.getFileName() + ".tmp"),
                                file,
                                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                        return;
                    }
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
