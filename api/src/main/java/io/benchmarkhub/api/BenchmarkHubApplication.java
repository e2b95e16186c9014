package io.benchmarkhub.api;

import io.benchmarkhub.api.config.EarlyEmbeddedPostgres;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * BenchmarkHub: the one process that serves the REST API, runs the aggregates and the projections.
 *
 * <p>The component and configuration-properties scans read every class file under their packages. They name the four
 * modules that hold beans, not all of {@code io.benchmarkhub}: that also took in the domain (Spring-free, see {@code
 * ModuleDependencyRulesTest}) and the CLI's jar, which the app only serves for download and whose 1,600 classes (its
 * shaded picocli and Jackson) were most of what the two scans parsed at every start. {@code ScannedPackagesTest}
 * checks that no bean lives outside them.
 */
@SpringBootApplication(
        scanBasePackages = {
            BenchmarkHubApplication.API,
            BenchmarkHubApplication.COMMAND,
            BenchmarkHubApplication.PROJECTIONS,
            BenchmarkHubApplication.QUERY
        })
@ConfigurationPropertiesScan({
    BenchmarkHubApplication.API,
    BenchmarkHubApplication.COMMAND,
    BenchmarkHubApplication.PROJECTIONS,
    BenchmarkHubApplication.QUERY
})
public class BenchmarkHubApplication {

    static final String API = "io.benchmarkhub.api";
    static final String COMMAND = "io.benchmarkhub.command";
    static final String PROJECTIONS = "io.benchmarkhub.projections";
    static final String QUERY = "io.benchmarkhub.query";

    public static void main(String[] args) {
        // Offline installs log a failed usage report at every start otherwise.
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication app = new SpringApplication(BenchmarkHubApplication.class);
        // the embedded PostgreSQL starts while the context is built, not after its beans are defined
        app.addListeners(new EarlyEmbeddedPostgres());
        // -Dbenchmarkhub.startup-report=N logs where the start's CPU went (docs/performance.md, "Cold start")
        StartupCpuReport report = StartupCpuReport.requested();
        if (report != null) app.setApplicationStartup(report);
        app.run(args);
    }
}
