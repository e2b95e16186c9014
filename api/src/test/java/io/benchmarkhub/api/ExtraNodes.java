package io.benchmarkhub.api;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** More application instances on the test's PostgreSQL: each one a node of the same installation. */
public final class ExtraNodes implements AutoCloseable {

    private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

    /** Starts a node on {@code dataSource}'s database with the shared test settings plus {@code extra} ({@code --key=value}). */
    public ConfigurableApplicationContext start(DataSource dataSource, String adminToken, List<String> extra) {
        String url = ((HikariDataSource) dataSource).getJdbcUrl();
        var args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=postgres",
                "--benchmarkhub.data-dir=" + tempDir(),
                "--benchmarkhub.bootstrap-admin-token=" + adminToken,
                "--benchmarkhub.golden-library.enabled=false",
                "--benchmarkhub.runs.scan-interval=1s",
                "--spring.application.name=node-" + UUID.randomUUID()));
        args.addAll(extra);
        if (extra.stream().noneMatch(arg -> arg.startsWith("--benchmarkhub.quartz-scheduler-name="))) {
            args.add("--benchmarkhub.quartz-scheduler-name=node-" + UUID.randomUUID());
        }
        var node = new SpringApplicationBuilder(BenchmarkHubApplication.class).run(args.toArray(String[]::new));
        nodes.add(node);
        return node;
    }

    public static int port(ConfigurableApplicationContext node) {
        return ((WebServerApplicationContext) node).getWebServer().getPort();
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("benchmarkhub-node-").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (var node : nodes) node.close();
        nodes.clear();
    }
}
