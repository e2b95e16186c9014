package io.benchmarkhub.api.library;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: a real Elasticsearch 8.19 (the integ-test distribution, unpacked from Maven
 * Central into {@code target/elasticsearch} by the api pom) on free ports, one per JVM, shared by
 * all test classes and stopped by its pid when the test run ends. Elasticsearch refuses to run as
 * root, so as root it runs through {@code runuser} as the system user {@value #ES_USER} (created
 * when missing), from a copy of the distribution that user owns. Needs Linux and a JDK 21+ (this JVM's).
 */
public final class ElasticsearchTestServer implements BeforeAllCallback {

    static final String ES_USER = "benchmarkhub-es";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static Server server;

    /** The base URI of the shared server, starting it on first use. */
    public static synchronized String uri() {
        if (server == null) {
            server = Server.start();
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(ElasticsearchTestServer::stop, "elasticsearch-test-server-stop"));
        }
        return server.uri;
    }

    static synchronized void stop() {
        if (server != null) server.stop();
        server = null;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        uri();
        // stopped once the whole run is over: the root store closes its resources last
        context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(
                        ElasticsearchTestServer.class.getName(), k -> (AutoCloseable) ElasticsearchTestServer::stop);
    }

    private record Server(String uri, Path home, Path pidFile) {

        static Server start() {
            try {
                Path distribution = distribution();
                Path work = Files.createTempDirectory("benchmarkhub-es-");
                Path home = work.resolve("elasticsearch");
                run(List.of("cp", "-r", distribution.toString(), home.toString()));
                Files.createDirectories(work.resolve("data"));
                Files.createDirectories(work.resolve("logs"));
                Path pidFile = work.resolve("es.pid");
                int httpPort = freePort();
                int transportPort = freePort();

                List<String> command = new ArrayList<>();
                boolean root = "root".equals(System.getProperty("user.name"));
                if (root) {
                    ensureUser();
                    run(List.of("chown", "-R", ES_USER + ":", work.toString()));
                    command.addAll(List.of("runuser", "-u", ES_USER, "--"));
                }
                command.addAll(List.of(
                        "env",
                        "ES_JAVA_HOME=" + System.getProperty("java.home"),
                        "ES_JAVA_OPTS=-Xms512m -Xmx512m",
                        "ES_PATH_CONF=" + home.resolve("config"),
                        home.resolve("bin/elasticsearch").toString(),
                        "-d",
                        "-p",
                        pidFile.toString(),
                        "-Ecluster.name=benchmarkhub-test",
                        "-Enode.name=benchmarkhub-test",
                        "-Epath.data=" + work.resolve("data"),
                        "-Epath.logs=" + work.resolve("logs"),
                        "-Ehttp.port=" + httpPort,
                        "-Etransport.port=" + transportPort,
                        "-Ediscovery.type=single-node",
                        "-Expack.security.enabled=false",
                        "-Ecluster.routing.allocation.disk.threshold_enabled=false",
                        "-Ehttp.host=127.0.0.1",
                        "-Etransport.host=127.0.0.1"));
                Process process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(work.resolve("start.log").toFile())
                        .start();
                String uri = "http://127.0.0.1:" + httpPort;
                Server server = new Server(uri, work, pidFile);
                server.awaitYellow(process, work);
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the Elasticsearch test server", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Yellow health: {@code GET /} answers 405 on this distribution, so health is the readiness check. */
        private void awaitYellow(Process launcher, Path work) throws InterruptedException, IOException {
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            HttpRequest health = HttpRequest.newBuilder(
                            URI.create(uri + "/_cluster/health?wait_for_status=yellow&timeout=2s"))
                    .timeout(Duration.ofSeconds(5))
                    .GET()
                    .build();
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200 && !response.body().contains("\"status\":\"red\"")) return;
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (!launcher.isAlive() && launcher.exitValue() != 0) break;
                Thread.sleep(250);
            }
            stop();
            throw new IllegalStateException("Elasticsearch did not become healthy at " + uri + ":\n"
                    + tail(work.resolve("start.log")) + "\n" + tail(work.resolve("logs/benchmarkhub-test.log")));
        }

        void stop() {
            try {
                if (Files.exists(pidFile)) {
                    long pid = Long.parseLong(Files.readString(pidFile).strip());
                    ProcessHandle.of(pid).ifPresent(p -> {
                        p.destroy();
                        try {
                            p.onExit().get(30, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            p.destroyForcibly();
                        }
                    });
                }
                try (Stream<Path> files = Files.walk(home)) {
                    files.sorted(Comparator.reverseOrder())
                            .forEach(f -> f.toFile().delete());
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("Could not stop the Elasticsearch test server cleanly: " + e);
            }
        }

        private static Path distribution() throws IOException {
            Path unpacked = Paths.get("target", "elasticsearch").toAbsolutePath();
            if (!Files.isDirectory(unpacked)) {
                throw new IllegalStateException("No Elasticsearch test distribution in " + unpacked
                        + ": run the api module's generate-test-resources phase (mvn -pl api test) first");
            }
            try (Stream<Path> dirs = Files.list(unpacked)) {
                return dirs.filter(d -> d.getFileName().toString().startsWith("elasticsearch-"))
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("no elasticsearch-* directory in " + unpacked));
            }
        }

        private static void ensureUser() throws IOException, InterruptedException {
            if (new ProcessBuilder("id", "-u", ES_USER).start().waitFor() == 0) return;
            run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", ES_USER));
        }

        private static void run(List<String> command) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) throw new IOException(String.join(" ", command) + " failed: " + output);
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }

        private static String tail(Path file) {
            try {
                List<String> lines = Files.readAllLines(file);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (IOException e) {
                return "(no " + file + ")";
            }
        }
    }
}
