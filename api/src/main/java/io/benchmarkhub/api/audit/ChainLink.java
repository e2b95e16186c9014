package io.benchmarkhub.api.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One link of the event hash chain: SHA-256(previous link ‖ SHA-256(the stored row's canonical bytes)). The row is
 * taken as stored (payload and metadata bytes as they are), so any edit of any column changes the link.
 * Canonical bytes: each column in a fixed order, numbers as 8 bytes big-endian, text as UTF-8 and bytes as
 * they are, each variable-length value preceded by its length (4 bytes; -1 for NULL).
 */
final class ChainLink {

    static final byte[] GENESIS = new byte[32];

    /** The columns hashed, in this order; {@link #of} reads them by these names. */
    static final String COLUMNS =
            "e.global_index, e.event_identifier, e.aggregate_identifier, e.sequence_number, e.type, "
                    + "e.time_stamp, e.payload_type, e.payload_revision, e.payload, e.meta_data";

    private ChainLink() {}

    static byte[] next(byte[] previous, byte[] rowDigest) {
        MessageDigest sha = sha256();
        sha.update(previous);
        sha.update(rowDigest);
        return sha.digest();
    }

    /** The digest of the row at the result set's cursor (selected with {@link #COLUMNS}). */
    static byte[] rowDigest(ResultSet row) throws SQLException {
        MessageDigest sha = sha256();
        sha.update(number(row.getLong("global_index")));
        sha.update(text(row.getString("event_identifier")));
        sha.update(text(row.getString("aggregate_identifier")));
        sha.update(number(row.getLong("sequence_number")));
        sha.update(text(row.getString("type")));
        sha.update(text(row.getString("time_stamp")));
        sha.update(text(row.getString("payload_type")));
        sha.update(text(row.getString("payload_revision")));
        sha.update(bytes(row.getBytes("payload")));
        sha.update(bytes(row.getBytes("meta_data")));
        return sha.digest();
    }

    private static byte[] number(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }

    private static byte[] text(String value) {
        return bytes(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(byte[] value) {
        if (value == null) return ByteBuffer.allocate(4).putInt(-1).array();
        return ByteBuffer.allocate(4 + value.length)
                .putInt(value.length)
                .put(value)
                .array();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
