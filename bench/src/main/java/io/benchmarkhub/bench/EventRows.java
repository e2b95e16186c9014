package io.benchmarkhub.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows of {@code domain_event_entry} exactly as the app's {@code JdbcEventStorageEngine} writes them, streamed in
 * with one {@code COPY} (text format): {@code payload} and {@code meta_data} serialized by Axon's
 * {@link JacksonSerializer} over the app's message mapper ({@code AxonConfiguration.messageMapper()}: modules found
 * on the classpath, unknown properties ignored, dates as ISO strings), {@code payload_type} the record's class name,
 * {@code payload_revision} its {@code @Revision}, {@code time_stamp} as Axon formats an instant, a UUID
 * {@code event_identifier}, and per aggregate a 0-based {@code sequence_number}. {@code global_index} comes from the
 * table's own sequence, in the order the rows are written. Nothing is visible to the app before {@link #commit()}.
 */
final class EventRows implements AutoCloseable {

    /** The same configuration as {@code io.benchmarkhub.api.config.AxonConfiguration#messageMapper()}. */
    static Serializer serializer() {
        JsonMapper mapper = JsonMapper.builder()
                .findAndAddModules()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
        return JacksonSerializer.builder().objectMapper(mapper).build();
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final int FLUSH_AT = 1 << 20;

    private final Connection connection;
    private final Serializer serializer = serializer();
    private final CopyIn copy;
    private final Random random;
    private final Map<String, Long> sequences = new HashMap<>();
    private final Map<String, Long> counts = new TreeMap<>();
    private byte[] buffer = new byte[FLUSH_AT + (1 << 16)];
    private int size;
    private long events;

    /** Starts the COPY in a transaction of {@code connection} (auto-commit is switched off). */
    EventRows(Connection connection, Random random) throws SQLException {
        this.connection = connection;
        this.random = random;
        connection.setAutoCommit(false);
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                COPY domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, time_stamp,
                                         payload_type, payload_revision, payload, meta_data) FROM STDIN""");
    }

    /** A random (version 4) UUID from the seeded generator, so a seed always gives the same ids. */
    static UUID uuid(Random random) {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }

    /** Appends the next event of {@code aggregateId} (aggregate type {@code type}, e.g. {@code Benchmark}). */
    void append(String type, String aggregateId, Object payload, Instant timestamp, MetaData metaData)
            throws SQLException {
        long sequence = sequences.merge(aggregateId, 1L, Long::sum) - 1;
        SerializedObject<byte[]> body = serializer.serialize(payload, byte[].class);
        SerializedObject<byte[]> meta = serializer.serialize(metaData, byte[].class);
        text(uuid(random).toString());
        text(aggregateId);
        text(Long.toString(sequence));
        text(type);
        text(DateTimeUtils.formatInstant(timestamp));
        text(body.getType().getName());
        if (body.getType().getRevision() == null) put("\\N".getBytes(StandardCharsets.US_ASCII));
        else text(body.getType().getRevision());
        bytea(body.getData());
        bytea(meta.getData());
        buffer[size - 1] = '\n';
        if (size >= FLUSH_AT) flush();
        events++;
        counts.merge(payload.getClass().getSimpleName(), 1L, Long::sum);
    }

    long events() {
        return events;
    }

    /** Events appended so far by type (simple class name). */
    Map<String, Long> counts() {
        return counts;
    }

    /** Ends the COPY and commits: from now on the app's processors see every row. */
    long commit() throws SQLException {
        flush();
        long rows = copy.endCopy();
        connection.commit();
        return rows;
    }

    @Override
    public void close() throws SQLException {
        if (copy.isActive()) copy.cancelCopy();
    }

    /** A text column: ids, class names and timestamps hold no tab, newline or backslash, so no escaping is needed. */
    private void text(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            if (b == '\t' || b == '\n' || b == '\\' || b == '\r')
                throw new IllegalArgumentException("unexpected character in " + value);
        }
        put(bytes);
        put1('\t');
    }

    /** A bytea column in COPY's text format: {@code \\x} and hex (the backslash doubled for COPY). */
    private void bytea(byte[] data) {
        ensure(3 + 2 * data.length + 1);
        buffer[size++] = '\\';
        buffer[size++] = '\\';
        buffer[size++] = 'x';
        for (byte b : data) {
            buffer[size++] = HEX[(b >> 4) & 0xF];
            buffer[size++] = HEX[b & 0xF];
        }
        buffer[size++] = '\t';
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
    }

    private void put1(char c) {
        ensure(1);
        buffer[size++] = (byte) c;
    }

    private void ensure(int more) {
        if (size + more > buffer.length)
            buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
    }

    private void flush() throws SQLException {
        if (size == 0) return;
        copy.writeToCopy(buffer, 0, size);
        size = 0;
    }
}
