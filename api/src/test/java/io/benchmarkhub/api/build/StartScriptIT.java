package io.benchmarkhub.api.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The README's first command ends in {@code scripts/start.sh} (ADR 0050). Against the packaged jar (a failsafe test, in
 * {@code verify} after {@code package}), on both of its paths: a JDK older than 25 gets the plain {@code java -jar};
 * a JDK 25+ gets the extracted jar, records an AOT cache on its first start, which is kept when the app is stopped, and
 * the next start runs with that cache ({@code -XX:AOTMode=on}: the JVM refuses to start if it cannot use it).
 */
class StartScriptIT {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(5);

    private final Path root = Path.of("..").toAbsolutePath().normalize();
    private final Path jar = Path.of(System.getProperty("benchmarkhub.jar", "target/benchmarkhub.jar"))
            .toAbsolutePath();
    private final Path logs = Path.of(System.getProperty("benchmarkhub.it-logs", "target/failsafe-app-logs"))
            .resolve("start-script")
            .toAbsolutePath();
    private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path work;
    private Process process;

    @BeforeEach
    void setUp() throws IOException {
        assertThat(jar).as("the packaged app (mvn package)").isRegularFile();
        work = Files.createTempDirectory("benchmarkhub-start-script-");
        Files.createDirectories(logs);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (process != null && process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(60, TimeUnit.SECONDS);
        }
        // a PostgreSQL left behind by a failed start: stop it before its directory goes
        Path pid = work.resolve("data/postgres/postmaster.pid");
        if (Files.exists(pid)) {
            long pg = Long.parseLong(Files.readAllLines(pid).get(0).strip());
            ProcessHandle.of(pg).ifPresent(p -> {
                p.destroy();
                p.onExit().orTimeout(60, TimeUnit.SECONDS).join();
            });
        }
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void on_a_jdk_older_than_25_the_script_starts_the_plain_jar() throws Exception {
        // a JDK that says it is 21 and runs this JVM's java: the script's choice is made on what -version answers
        Path fakeJdk = work.resolve("jdk-21");
        Files.createDirectories(fakeJdk.resolve("bin"));
        Path fakeJava = fakeJdk.resolve("bin/java");
        Files.writeString(fakeJava, """
                #!/bin/sh
                if [ "$1" = "-version" ]; then echo 'openjdk version "21.0.5" 2024-10-15 LTS' >&2; exit 0; fi
                exec '%s' "$@"
                """.formatted(java));
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path appDir = work.resolve("app");

        int port = start("jdk21", Map.of("JAVA_HOME", fakeJdk.toString(), "BENCHMARKHUB_APP_DIR", appDir.toString()));
        awaitHealthy(port, "jdk21");
        assertThat(appDir).as("nothing extracted for the plain jar").doesNotExist();
        assertThat(stop()).isEqualTo(143);
        assertThat(log("jdk21"))
                .contains("JDK 21: starting with java -jar")
                .doesNotContain("extracting")
                .doesNotContain("recording an AOT cache");
    }

    @Test
    void on_jdk_25_the_first_start_records_an_aot_cache_and_the_next_start_runs_with_it() throws Exception {
        int feature = Runtime.version().feature();
        Path appDir = work.resolve("app");
        Map<String, String> env =
                Map.of("JAVA_HOME", System.getProperty("java.home"), "BENCHMARKHUB_APP_DIR", appDir.toString());
        if (feature < 25) {
            // this build runs on a JDK 21-24: the script must take the plain path here, which is what it has to show
            int port = start("older", env);
            awaitHealthy(port, "older");
            assertThat(stop()).isEqualTo(143);
            assertThat(log("older")).contains("JDK " + feature + ": starting with java -jar");
            return;
        }

        int port = start("record", env);
        awaitHealthy(port, "record");
        assertThat(appDir.resolve("benchmarkhub.jar")).as("the extracted jar").isRegularFile();
        assertThat(appDir.resolve("lib")).isDirectory();
        assertThat(appDir.resolve("benchmarkhub.aot"))
                .as("written only when the app stops")
                .doesNotExist();
        assertThat(stop()).isEqualTo(143);
        assertThat(log("record")).contains("recording an AOT cache").contains("AOT cache written to");
        assertThat(appDir.resolve("benchmarkhub.aot"))
                .as("the cache, kept after a stop")
                .isNotEmptyFile();
        try (Stream<Path> files = Files.list(appDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }

        var withCache = new java.util.HashMap<>(env);
        withCache.put("JAVA_OPTS", "-XX:AOTMode=on");
        port = start("cached", withCache);
        awaitHealthy(port, "cached");
        assertThat(stop()).isEqualTo(143);
        assertThat(log("cached")).doesNotContain("extracting").doesNotContain("recording an AOT cache");
    }

    /** Runs the script on a free port and a fresh data directory, with its output in a log file. */
    private int start(String name, Map<String, String> env) throws IOException {
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        root.resolve("scripts/start.sh").toString(),
                        "--server.port=" + port,
                        "--benchmarkhub.data-dir=" + work.resolve("data"),
                        "--benchmarkhub.golden-library.enabled=false"))
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".log").toFile());
        builder.environment().putAll(env);
        builder.environment().put("BENCHMARKHUB_JAR", jar.toString());
        builder.environment().remove("BENCHMARKHUB_AOT");
        builder.environment().putIfAbsent("JAVA_OPTS", "-Xmx768m");
        process = builder.start();
        return port;
    }

    private void awaitHealthy(int port, String name) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive())
                throw new AssertionError("the script exited with " + process.exitValue() + "; its log:\n" + log(name));
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline)
                throw new AssertionError("not healthy after " + START_TIMEOUT + "; its log:\n" + log(name));
            Thread.sleep(250);
        }
    }

    /** SIGTERM to the script, as an operator's stop; answers its exit code once it and the app have ended. */
    private int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
            throw new AssertionError("the script did not end within " + STOP_TIMEOUT + " of SIGTERM");
        return process.exitValue();
    }

    private String log(String name) {
        try {
            return Files.readString(logs.resolve(name + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
