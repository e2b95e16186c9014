package io.benchmarkhub.api.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** Pages of stored events in global order, straight from {@code domain_event_entry} (indexes in migration V10). */
@Component
class AuditEvents {

    /** Null fields do not filter; {@code from} and {@code to} are inclusive. */
    public record Filter(String aggregateId, String simpleType, Instant from, Instant to, long after, int limit) {}

    public record StoredEvent(
            long position,
            String aggregateId,
            String aggregateType,
            long sequence,
            String simpleType,
            String revision,
            Instant timestamp,
            byte[] payload,
            byte[] metadata) {}

    private final NamedParameterJdbcTemplate jdbc;

    public AuditEvents(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<StoredEvent> page(Filter filter) {
        var sql = new StringBuilder("""
                SELECT global_index, aggregate_identifier, type, sequence_number, audit_simple_type(payload_type) AS simple_type,
                       payload_revision, audit_instant(time_stamp) AS stored_at, payload, meta_data
                  FROM domain_event_entry WHERE global_index > :after""");
        var params = new MapSqlParameterSource("after", filter.after()).addValue("limit", filter.limit());
        if (filter.aggregateId() != null) {
            sql.append(" AND aggregate_identifier = :aggregateId");
            params.addValue("aggregateId", filter.aggregateId());
        }
        if (filter.simpleType() != null) {
            sql.append(" AND audit_simple_type(payload_type) = :type");
            params.addValue("type", filter.simpleType());
        }
        if (filter.from() != null) {
            sql.append(" AND audit_instant(time_stamp) >= :from");
            params.addValue("from", Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" AND audit_instant(time_stamp) <= :to");
            params.addValue("to", Timestamp.from(filter.to()));
        }
        sql.append(" ORDER BY global_index LIMIT :limit");
        return jdbc.query(
                sql.toString(),
                params,
                (rs, n) -> new StoredEvent(
                        rs.getLong("global_index"),
                        rs.getString("aggregate_identifier"),
                        rs.getString("type"),
                        rs.getLong("sequence_number"),
                        rs.getString("simple_type"),
                        rs.getString("payload_revision"),
                        rs.getTimestamp("stored_at").toInstant(),
                        rs.getBytes("payload"),
                        rs.getBytes("meta_data")));
    }
}
