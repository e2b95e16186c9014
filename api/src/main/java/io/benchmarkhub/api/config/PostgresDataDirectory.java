package io.benchmarkhub.api.config;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL's data directory, used by one application at a time. The application that uses it holds an
 * OS lock on {@code <dataDir>/postgres.lock} for as long as it runs; the OS drops the lock when the process ends,
 * however it ends (a {@code kill -9} included). So when the lock can be taken, no live application uses the directory,
 * and a PostgreSQL still serving it was left behind by one that died: it is shut down cleanly (SIGTERM, its smart
 * shutdown; SIGINT, the fast one, if sessions keep it up) before the embedded server starts again. When the lock
 * cannot be taken, another live application uses the directory and nothing is touched: the start fails and says so.
 */
final class PostgresDataDirectory implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(PostgresDataDirectory.class);

    /** Thrown when another running application uses the data directory. */
    static final class InUse extends IllegalStateException {
        InUse(String message) {
            super(message);
        }
    }

    private final FileChannel channel;
    private final FileLock lock;

    private PostgresDataDirectory(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes {@code pgData} for this process, after stopping a PostgreSQL that a dead application left running on it.
     *
     * @param stopTimeout how long a leftover PostgreSQL may take to shut down before the start fails
     */
    static PostgresDataDirectory claim(Path pgData, Duration stopTimeout) throws IOException {
        Path lockFile = pgData.resolveSibling(pgData.getFileName() + ".lock");
        FileChannel channel = FileChannel.open(
                lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            lock = null;
        }
        if (lock == null) {
            String owner = readOwner(channel);
            channel.close();
            throw new InUse("The embedded database in " + pgData + " is in use by another running BenchmarkHub"
                    + (owner.isEmpty() ? "" : " (" + owner + ")") + ". Stop that one first, or give this one its own "
                    + "BENCHMARKHUB_DATA_DIR (or an external database with SPRING_DATASOURCE_URL).");
        }
        try {
            writeOwner(channel);
            stopLeftover(pgData, stopTimeout);
            return new PostgresDataDirectory(channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** A postmaster named by {@code postmaster.pid} that still runs was left by a dead application: stop it. */
    private static void stopLeftover(Path pgData, Duration stopTimeout) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) return;
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        long pid;
        try {
            pid = lines.isEmpty() ? -1 : Long.parseLong(lines.getFirst().strip());
        } catch (NumberFormatException e) {
            pid = -1;
        }
        Optional<ProcessHandle> process =
                pid > 0 ? ProcessHandle.of(pid).filter(ProcessHandle::isAlive) : Optional.empty();
        if (process.isEmpty()) return; // a stale file of a postmaster that is gone: PostgreSQL removes it itself
        ProcessHandle postmaster = process.get();
        Postmaster found = Postmaster.of(postmaster);
        if (!found.isPostgres()) {
            // the pid was reused by an unrelated process (after a reboot): PostgreSQL would refuse to start over it
            log.warn(
                    "{} names process {}, which is not PostgreSQL ({}); removing the stale file",
                    pidFile,
                    pid,
                    found.command());
            Files.deleteIfExists(pidFile);
            return;
        }
        Optional<Path> served = found.dataDirectory();
        if (served.isEmpty()) {
            throw new IllegalStateException(
                    "A PostgreSQL (pid " + pid + ") is running and " + pidFile + " names it, but which data "
                            + "directory it serves cannot be told from its command line; stop it (kill " + pid
                            + ") and start again.");
        }
        if (!sameFile(served.get(), pgData)) {
            log.warn(
                    "{} names process {}, a PostgreSQL of another data directory ({}); removing the stale file",
                    pidFile,
                    pid,
                    served.get());
            Files.deleteIfExists(pidFile);
            return;
        }
        log.warn(
                "A PostgreSQL (pid {}) still serves {}, left running by a BenchmarkHub that did not shut down (killed?); "
                        + "shutting it down cleanly before starting",
                pid,
                pgData);
        stop(postmaster, pgData, stopTimeout);
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static void stop(ProcessHandle postmaster, Path pgData, Duration timeout) throws IOException {
        // SIGTERM is PostgreSQL's smart shutdown: it waits for open sessions, and the dead application's have ended
        postmaster.destroy();
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!exited(postmaster, Duration.ofSeconds(Math.min(10, timeout.toSeconds())))) {
            // someone else is connected: SIGINT, the fast shutdown, ends those sessions (still a clean shutdown)
            log.warn(
                    "The leftover PostgreSQL (pid {}) waits for open sessions; asking for a fast shutdown",
                    postmaster.pid());
            signalInterrupt(postmaster.pid());
        }
        if (!exited(postmaster, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
            throw new IllegalStateException("The PostgreSQL (pid " + postmaster.pid() + ") left running on " + pgData
                    + " did not shut down within " + timeout + "; stop it by hand (kill " + postmaster.pid()
                    + ") and start again.");
        }
        log.info("The leftover PostgreSQL (pid {}) has shut down", postmaster.pid());
    }

    private static boolean exited(ProcessHandle process, Duration wait) throws IOException {
        try {
            process.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the leftover PostgreSQL", e);
        }
    }

    /** Java sends only SIGTERM and SIGKILL; SIGINT goes through {@code kill}, where there is one. */
    private static void signalInterrupt(long pid) {
        try {
            new ProcessBuilder("kill", "-s", "INT", Long.toString(pid))
                    .redirectErrorStream(true)
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            log.warn("Could not send SIGINT to {}: {}", pid, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What a process's command line says, as far as telling a postmaster and its data directory goes. */
    private record Postmaster(long pid, String command, List<String> arguments) {

        static Postmaster of(ProcessHandle process) {
            ProcessHandle.Info info = process.info();
            return new Postmaster(
                    process.pid(),
                    info.command().orElse(""),
                    info.arguments().map(List::of).orElse(List.of()));
        }

        boolean isPostgres() {
            return Path.of(command.isEmpty() ? "?" : command)
                    .getFileName()
                    .toString()
                    .equals("postgres");
        }

        /** The {@code -D} argument, resolved against the process's working directory when relative. */
        Optional<Path> dataDirectory() {
            int d = arguments.indexOf("-D");
            if (d < 0 || d + 1 >= arguments.size()) return Optional.empty();
            Path dir = Path.of(arguments.get(d + 1));
            if (dir.isAbsolute()) return Optional.of(dir);
            try {
                return Optional.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd"))
                        .resolve(dir));
            } catch (IOException | UnsupportedOperationException e) {
                return Optional.empty();
            }
        }
    }

    private static void writeOwner(FileChannel channel) throws IOException {
        String owner = "pid " + ProcessHandle.current().pid() + ", started " + java.time.Instant.now() + "\n";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(owner.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
    }

    private static String readOwner(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(200);
            int n = channel.read(buffer, 0);
            return n <= 0 ? "" : new String(buffer.array(), 0, n, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** Lets the next application take the directory (after the embedded PostgreSQL has stopped). */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
