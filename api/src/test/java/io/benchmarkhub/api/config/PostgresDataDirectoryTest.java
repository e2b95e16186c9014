package io.benchmarkhub.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Taking the embedded database's directory: refused while another app holds it, and never touching a process that is
 * not a PostgreSQL of this directory. (Stopping the leftover of a killed app is KillNineRestartIT, on the real jar.)
 */
class PostgresDataDirectoryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void a_directory_held_by_a_running_app_is_refused_with_a_message_that_says_so(@TempDir Path dataDir)
            throws Exception {
        Path pgData = Files.createDirectories(dataDir.resolve("postgres"));
        try (var held = PostgresDataDirectory.claim(pgData, TIMEOUT)) {
            assertThatThrownBy(() -> PostgresDataDirectory.claim(pgData, TIMEOUT))
                    .isInstanceOf(PostgresDataDirectory.InUse.class)
                    .hasMessageContaining("is in use by another running BenchmarkHub")
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
        }
        PostgresDataDirectory.claim(pgData, TIMEOUT).close(); // free again once the holder lets go
    }

    @Test
    void a_pid_file_naming_a_process_that_is_not_postgres_is_stale_and_the_process_is_left_alone(@TempDir Path dataDir)
            throws Exception {
        Path pgData = Files.createDirectories(dataDir.resolve("postgres"));
        // as after a reboot, when the pid of the old postmaster belongs to another program (here: this JVM)
        Files.write(
                pgData.resolve("postmaster.pid"),
                List.of(Long.toString(ProcessHandle.current().pid()), pgData.toString(), "0", "5432"));

        PostgresDataDirectory.claim(pgData, TIMEOUT).close();

        assertThat(pgData.resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    void a_pid_file_of_a_process_that_is_gone_is_left_to_postgres(@TempDir Path dataDir) throws Exception {
        Path pgData = Files.createDirectories(dataDir.resolve("postgres"));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.write(pgData.resolve("postmaster.pid"), List.of(Long.toString(gone.pid()), pgData.toString()));

        PostgresDataDirectory.claim(pgData, TIMEOUT).close();

        assertThat(pgData.resolve("postmaster.pid")).exists();
    }

    @Test
    void a_postgres_serving_another_directory_is_never_stopped(@TempDir Path dataDir) throws Exception {
        Path pgData = Files.createDirectories(dataDir.resolve("postgres"));
        try (EmbeddedPostgres other = EmbeddedPostgres.builder().start()) {
            long otherPid = postmasterPid(other);
            Files.write(pgData.resolve("postmaster.pid"), List.of(Long.toString(otherPid), pgData.toString()));

            PostgresDataDirectory.claim(pgData, TIMEOUT).close();

            assertThat(ProcessHandle.of(otherPid).map(ProcessHandle::isAlive)).contains(true);
            try (Connection c = other.getPostgresDatabase().getConnection();
                    ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
                assertThat(rs.next()).as("the other PostgreSQL still answers").isTrue();
            }
            assertThat(pgData.resolve("postmaster.pid"))
                    .as("our stale file is gone")
                    .doesNotExist();
        }
    }

    private static long postmasterPid(EmbeddedPostgres postgres) throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT current_setting('data_directory')")) {
            rs.next();
            return Long.parseLong(Files.readAllLines(Path.of(rs.getString(1), "postmaster.pid"))
                    .getFirst()
                    .strip());
        }
    }
}
