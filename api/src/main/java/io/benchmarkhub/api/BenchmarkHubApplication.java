package io.benchmarkhub.api;

import io.benchmarkhub.api.config.EarlyEmbeddedPostgres;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** BenchmarkHub: the one process that serves the REST API, runs the aggregates and the projections. */
@SpringBootApplication(scanBasePackages = "io.benchmarkhub")
@ConfigurationPropertiesScan("io.benchmarkhub")
public class BenchmarkHubApplication {

    public static void main(String[] args) {
        // Offline installs log a failed usage report at every start otherwise.
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication app = new SpringApplication(BenchmarkHubApplication.class);
        // the embedded PostgreSQL starts while the context is built, not after its beans are defined
        app.addListeners(new EarlyEmbeddedPostgres());
        app.run(args);
    }
}
