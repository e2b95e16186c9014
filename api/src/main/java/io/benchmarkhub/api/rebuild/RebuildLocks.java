package io.benchmarkhub.api.rebuild;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * At most one rebuild per projection in the whole cluster: a PostgreSQL session advisory lock per projection, held on
 * one connection of this node for as long as the rebuild runs. If the node dies, PostgreSQL ends the session and the
 * lock with it. One shared connection, so rebuilds of many projections at once take one connection, not one each.
 */
final class RebuildLocks implements AutoCloseable {

    private static final String KEY = "hashtext('projection-rebuild'), hashtext(?)";

    private final DataSource dataSource;
    private Connection connection;

    RebuildLocks(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** True if this node now holds the lock of {@code projection}; false if any session holds it already. */
    synchronized boolean tryLock(String projection) {
        return call("SELECT pg_try_advisory_lock(" + KEY + ")", projection);
    }

    synchronized void unlock(String projection) {
        call("SELECT pg_advisory_unlock(" + KEY + ")", projection);
    }

    private boolean call(String sql, String projection) {
        try {
            if (connection == null || !connection.isValid(2)) {
                // a lost session has lost its locks too: nothing is held that a new session would have to release
                if (connection != null) connection.close();
                connection = dataSource.getConnection();
                connection.setAutoCommit(true);
            }
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, projection);
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take or release the rebuild lock of " + projection, e);
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        if (connection != null) connection.close();
    }
}
