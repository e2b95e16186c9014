package io.benchmarkhub.query.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * How far some projections have got: the tokens of all their segments as {@code token_entry} holds them. A projection
 * stores its token in the same transaction as the read-model rows of that batch, so while the tokens are the same the
 * read model is the same, on every node. A figure computed from a read model can therefore be kept and reused until
 * its projections' tokens change (see {@link PerPositionCache}, ADR 0015).
 */
@Repository
public class ProjectionPositions {

    private final JdbcTemplate jdbc;

    public ProjectionPositions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * An opaque value that changes whenever one of the processing groups has stored a new position (or was reset).
     * Read it <em>before</em> the read model: rows read afterwards are at least that new, so a result kept under it is
     * never older than it claims.
     */
    public String of(List<String> processingGroups) {
        var position = new StringBuilder();
        jdbc.query(
                "SELECT processor_name, segment, token FROM token_entry WHERE processor_name = ANY (?) ORDER BY processor_name, segment",
                rs -> {
                    byte[] token = rs.getBytes(3);
                    position.append(rs.getString(1))
                            .append('/')
                            .append(rs.getInt(2))
                            .append('=')
                            .append(token == null ? "-" : new String(token, StandardCharsets.UTF_8))
                            .append(';');
                },
                (Object) processingGroups.toArray(String[]::new));
        return position.toString();
    }

    /**
     * The same position as an SQL expression, for a statement that reads it together with what decides whether the
     * caller may have the answer at all (one round trip instead of two). {@code groupsParam} names a named parameter
     * bound to the list of processing groups. Rows of one statement share its snapshot, so the position is exactly that
     * of the rows read beside it, and rows read by a later statement are at least that new. Its value is opaque and
     * differs from {@link #of}'s: compare it only with values of this expression.
     */
    public static String sql(String groupsParam) {
        return "(SELECT coalesce(string_agg(t.processor_name || '/' || t.segment || '=' || coalesce(encode(t.token, 'escape'), '-'),"
                + " ';' ORDER BY t.processor_name, t.segment), '') FROM token_entry t WHERE t.processor_name IN (:"
                + groupsParam + "))";
    }
}
