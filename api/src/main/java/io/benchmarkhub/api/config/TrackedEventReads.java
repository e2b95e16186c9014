package io.benchmarkhub.api.config;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;

/**
 * The statements with which the event store reads events in position order (ADR 0045). Axon's own read a range of
 * positions, {@code (index, index + batchSize]}, and since that range is empty when more than a batch of positions in a
 * row were never committed (rolled-back appends), it asks {@code min(global_index)} after every empty read: at the head
 * of the stream, that is every read. These read the next {@code batchSize} stored rows instead, so an empty read means
 * there is no stored row past {@code index} at all, and the extra probe is switched off.
 */
final class TrackedEventReads {

    private TrackedEventReads() {}

    /** The next {@code batchSize} rows after position {@code index}. */
    static PreparedStatement after(Connection connection, EventSchema schema, long index, int batchSize)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement("SELECT " + schema.trackedEventFields() + " FROM "
                + schema.domainEventTable() + " WHERE " + schema.globalIndexColumn() + " > ? ORDER BY "
                + schema.globalIndexColumn() + " LIMIT ?");
        statement.setLong(1, index);
        statement.setInt(2, batchSize);
        return statement;
    }

    /**
     * The rows at the token's gaps (positions below {@code index} not stored when the token passed them, all of them
     * below {@code index}) and the next {@code batchSize} rows after {@code index}, in position order. Two branches of
     * a {@code UNION ALL}, so each uses the position index; one {@code WHERE … OR …} would scan from the first event.
     */
    static PreparedStatement afterWithGaps(
            Connection connection, EventSchema schema, long index, int batchSize, List<Long> gaps) throws SQLException {
        String fields = schema.trackedEventFields();
        String table = schema.domainEventTable();
        String position = schema.globalIndexColumn();
        PreparedStatement statement = connection.prepareStatement("SELECT * FROM ((SELECT " + fields + " FROM " + table
                + " WHERE " + position + " IN (" + String.join(",", Collections.nCopies(gaps.size(), "?"))
                + ")) UNION ALL (SELECT " + fields + " FROM " + table + " WHERE " + position + " > ? ORDER BY "
                + position + " LIMIT ?)) tracked ORDER BY " + position);
        int parameter = 1;
        for (long gap : gaps) statement.setLong(parameter++, gap);
        statement.setLong(parameter++, index);
        statement.setInt(parameter, batchSize);
        return statement;
    }

    /**
     * The last sequence number of an aggregate from its head row (ADR 0040), which the append trigger moves in the
     * same transaction as the event row: one primary-key lookup instead of a {@code max(sequence_number)} over the
     * {@code (aggregate, sequence)} index of every partition. No row: the aggregate has no events.
     */
    static PreparedStatement lastSequenceNumber(Connection connection, EventSchema schema, String aggregateId)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(
                "SELECT next_sequence - 1 FROM event_stream_head WHERE aggregate_identifier = ?");
        statement.setString(1, aggregateId);
        return statement;
    }
}
