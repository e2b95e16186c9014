package io.benchmarkhub.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.benchmarkhub.projections.support.BatchedJdbc;
import io.benchmarkhub.projections.support.Json;
import io.benchmarkhub.testsupport.ReadSideDatabase;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The read side without the application: the real projection handlers write rows into one embedded PostgreSQL with the
 * migrations applied ({@link ReadSideDatabase}), and the real query classes read them back. No web layer, no event
 * processor: a test hands its events to the handlers with {@code EventHistory.applyTo}. Tests share the database, so
 * each uses fresh ids.
 */
public final class ReadSide {

    /** As the app's mapper writes the read models' JSON columns: modules found on the classpath, dates as text. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    /** Projections' notifications (read model updated, scores changed) go nowhere here. */
    public static final ApplicationEventPublisher NO_LISTENERS = event -> {};

    private ReadSide() {}

    public static JdbcTemplate jdbc() {
        return ReadSideDatabase.jdbc();
    }

    public static NamedParameterJdbcTemplate named() {
        return new NamedParameterJdbcTemplate(ReadSideDatabase.dataSource());
    }

    /** What projection handlers write with: outside a unit of work each statement goes out at once. */
    public static BatchedJdbc batch() {
        return new BatchedJdbc(jdbc());
    }

    public static Json json() {
        return new Json(MAPPER);
    }

    public static JsonColumns columns() {
        return new JsonColumns(MAPPER);
    }
}
