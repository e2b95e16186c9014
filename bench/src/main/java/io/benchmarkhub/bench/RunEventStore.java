package io.benchmarkhub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run as the event store has it: the app has no read model of runs yet, and the moment its end
 * event is stored is when the run is over (a read model would only add its own lag). One JDBC
 * connection to the app's embedded PostgreSQL; the last event of a stream is one index lookup.
 */
final class RunEventStore implements AutoCloseable {

    private static final Set<String> ENDINGS = Set.of("RunCompleted", "RunFailed", "RunCancelled", "RunTimedOut");

    /** The newest event of a run: its type (simple name), the events so far, and when it was stored. */
    record Latest(String type, long events, Instant storedAt) {
        boolean ended() {
            return ENDINGS.contains(type);
        }

        /** COMPLETED, FAILED, CANCELLED, TIMED_OUT, or the event's name while the run goes on. */
        String status() {
            return switch (type) {
                case "RunCompleted" -> "COMPLETED";
                case "RunFailed" -> "FAILED";
                case "RunCancelled" -> "CANCELLED";
                case "RunTimedOut" -> "TIMED_OUT";
                default -> "RUNNING (last event " + type + ")";
            };
        }
    }

    private final Connection connection;
    private final PreparedStatement latest;

    /** Connects to the embedded PostgreSQL whose data directory is {@code pgData} (its port is in postmaster.pid). */
    RunEventStore(Path pgData) throws IOException, SQLException {
        List<String> pid = Files.readAllLines(pgData.resolve("postmaster.pid"));
        this.connection = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + pid.get(3).strip() + "/postgres", "postgres", "");
        this.latest =
                connection.prepareStatement("SELECT payload_type, sequence_number, time_stamp FROM domain_event_entry "
                        + "WHERE aggregate_identifier = ? ORDER BY sequence_number DESC LIMIT 1");
    }

    /** The run's newest event, or null before its first one is stored. */
    Latest latest(String runId) throws SQLException {
        latest.setString(1, runId);
        try (ResultSet rs = latest.executeQuery()) {
            if (!rs.next()) return null;
            return new Latest(simpleName(rs.getString(1)), rs.getLong(2) + 1, Instant.parse(rs.getString(3)));
        }
    }

    /** The run's events by type, most first. */
    Map<String, Long> countByType(String runId) throws SQLException {
        var counts = new LinkedHashMap<String, Long>();
        try (var statement = connection.prepareStatement("SELECT payload_type, count(*) FROM domain_event_entry "
                + "WHERE aggregate_identifier = ? GROUP BY 1 ORDER BY 2 DESC, 1")) {
            statement.setString(1, runId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) counts.merge(simpleName(rs.getString(1)), rs.getLong(2), Long::sum);
            }
        }
        return counts;
    }

    /** When the run's events of each type were stored: the first and the last, in the order the first was. */
    record Span(String type, long count, Instant first, Instant last) {}

    List<Span> timeline(String runId) throws SQLException {
        var spans = new java.util.ArrayList<Span>();
        try (var statement =
                connection.prepareStatement("SELECT payload_type, count(*), min(time_stamp), max(time_stamp) "
                        + "FROM domain_event_entry WHERE aggregate_identifier = ? GROUP BY 1 ORDER BY 3, 1")) {
            statement.setString(1, runId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    spans.add(new Span(
                            simpleName(rs.getString(1)),
                            rs.getLong(2),
                            Instant.parse(rs.getString(3)),
                            Instant.parse(rs.getString(4))));
                }
            }
        }
        return spans;
    }

    /** The store's newest position (all streams). */
    long head() throws SQLException {
        try (var statement = connection.createStatement();
                ResultSet rs =
                        statement.executeQuery("SELECT coalesce(max(global_index), 0) FROM domain_event_entry")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String simpleName(String payloadType) {
        return payloadType.substring(payloadType.lastIndexOf('.') + 1);
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
