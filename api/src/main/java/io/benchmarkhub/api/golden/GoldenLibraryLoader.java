package io.benchmarkhub.api.golden;

import io.benchmarkhub.api.audit.ActingUserMetadata;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.Visibility;
import io.benchmarkhub.domain.benchmark.commands.ApproveVerification;
import io.benchmarkhub.domain.benchmark.commands.CreateBenchmark;
import io.benchmarkhub.domain.benchmark.commands.RequestVerification;
import io.benchmarkhub.domain.benchmark.events.BenchmarkVerified;
import io.benchmarkhub.domain.benchmark.events.VerificationRequested;
import io.benchmarkhub.domain.user.Actor;
import io.benchmarkhub.domain.user.UserId;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Loads the golden library when the app starts: every golden benchmark the database does not have yet is created
 * as an ordinary public benchmark owned by the system account {@value #SYSTEM_HANDLE}, which then declares it
 * open data (CC-BY-4.0) and approves the verified badge, all with ordinary commands and events.
 * <p>
 * Idempotent: a golden benchmark's id is derived from its slug, and each step (created, verification requested,
 * verified) is taken only when the event store holds no event of it for that id, so a second start, or a start
 * after a crash in the middle, adds exactly what is missing and nothing twice. A session advisory lock makes two
 * instances starting together load one after the other; the second finds everything there. What users or admins
 * do to a golden benchmark afterwards (edits, unpublishing, a revoked badge) is never undone by a later start.
 */
@Component
class GoldenLibraryLoader implements ApplicationRunner {

    public static final String SYSTEM_USER_ID = "usr_benchmarkhub";
    public static final String SYSTEM_HANDLE = "benchmarkhub";
    private static final Logger log = LoggerFactory.getLogger(GoldenLibraryLoader.class);
    private static final long LOCK_KEY = 0x42_48_47_4F_4C_44_45_4EL; // "BHGOLDEN"

    private final GoldenLibraryProperties properties;
    private final CommandGateway commands;
    private final JdbcTemplate jdbc;
    private final DataSource dataSource;

    public GoldenLibraryLoader(
            GoldenLibraryProperties properties, CommandGateway commands, JdbcTemplate jdbc, DataSource dataSource) {
        this.properties = properties;
        this.commands = commands;
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    @Override
    public void run(ApplicationArguments args) throws SQLException {
        if (!properties.enabled()) return;
        load(GoldenLibraryFiles.all());
    }

    /** Loads what is missing of {@code benchmarks}; returns how many commands it sent (0 when everything was there). */
    public int load(List<GoldenBenchmark> benchmarks) throws SQLException {
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(true);
            try (Statement statement = lock.createStatement()) {
                statement.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
            }
            try {
                UserId system = systemAccount();
                int sent = 0;
                int created = 0;
                for (GoldenBenchmark benchmark : benchmarks) {
                    int before = sent;
                    sent += loadOne(benchmark, system);
                    if (sent > before) created++;
                }
                if (sent > 0) log.info("Golden library: loaded {} of {} benchmarks", created, benchmarks.size());
                return sent;
            } finally {
                try (Statement statement = lock.createStatement()) {
                    statement.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
                }
            }
        }
    }

    private int loadOne(GoldenBenchmark benchmark, UserId system) {
        BenchmarkId id = benchmark.benchmarkId();
        Set<String> done = new HashSet<>(jdbc.queryForList(
                "SELECT DISTINCT payload_type FROM domain_event_entry WHERE aggregate_identifier = ?",
                String.class,
                id.value()));
        Actor owner = Actor.user(system);
        int sent = 0;
        if (done.isEmpty()) {
            send(
                    new CreateBenchmark(
                            id,
                            owner,
                            benchmark.title(),
                            benchmark.description(),
                            benchmark.tags(),
                            benchmark.category(),
                            Visibility.PUBLIC,
                            null,
                            benchmark.promptTemplate(),
                            benchmark.cases(),
                            benchmark.graders(),
                            benchmark.decisionCriteria()),
                    system);
            sent++;
        }
        if (!done.contains(VerificationRequested.class.getName())
                && !done.contains(BenchmarkVerified.class.getName())) {
            send(
                    new RequestVerification(
                            id, owner, benchmark.licence(), properties.sourceBaseUrl() + benchmark.file()),
                    system);
            sent++;
        }
        if (!done.contains(BenchmarkVerified.class.getName())) {
            // the system account approves its own open-data declaration: the files are reviewed in the repository
            send(new ApproveVerification(id, new Actor(system, true)), system);
            sent++;
        }
        return sent;
    }

    private void send(Object command, UserId system) {
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(MetaData.with(ActingUserMetadata.USER_ID, system.value())));
    }

    /** The account that owns the golden benchmarks; it has no token and no password, so nobody signs in as it. */
    private UserId systemAccount() {
        jdbc.update(
                "INSERT INTO app_user (id, handle, display_name, role) VALUES (?, ?, 'BenchmarkHub', 'USER') "
                        + "ON CONFLICT DO NOTHING",
                SYSTEM_USER_ID,
                SYSTEM_HANDLE);
        Integer exists =
                jdbc.queryForObject("SELECT count(*) FROM app_user WHERE id = ?", Integer.class, SYSTEM_USER_ID);
        if (exists == null || exists == 0) {
            // someone took the handle before the system account existed: the account gets a handle nobody can pick
            jdbc.update(
                    "INSERT INTO app_user (id, handle, display_name, role) VALUES (?, ?, 'BenchmarkHub', 'USER') "
                            + "ON CONFLICT DO NOTHING",
                    SYSTEM_USER_ID,
                    SYSTEM_HANDLE + "_system");
        }
        return new UserId(SYSTEM_USER_ID);
    }
}
