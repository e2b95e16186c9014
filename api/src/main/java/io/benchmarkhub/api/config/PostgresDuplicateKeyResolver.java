package io.benchmarkhub.api.config;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;

/**
 * Recognises a unique-key violation on PostgreSQL, so that an append that lost a race to another
 * command (same aggregate, same sequence number) surfaces as Axon's {@code ConcurrencyException} and
 * is retried on fresh state. Axon's {@code JdbcSQLErrorCodesResolver} only looks for
 * {@link SQLIntegrityConstraintViolationException}, which the PostgreSQL driver never throws: it
 * reports SQLState {@value #UNIQUE_VIOLATION} on a plain {@code PSQLException}, inside a
 * {@code BatchUpdateException} when the events were appended as a batch.
 */
final class PostgresDuplicateKeyResolver implements PersistenceExceptionResolver {

    /** PostgreSQL's {@code unique_violation}. */
    static final String UNIQUE_VIOLATION = "23505";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof SQLIntegrityConstraintViolationException) return true;
            if (t instanceof SQLException sql) {
                for (SQLException e = sql; e != null; e = e.getNextException()) {
                    if (UNIQUE_VIOLATION.equals(e.getSQLState())) return true;
                }
            }
        }
        return false;
    }
}
