package io.benchmarkhub.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/** Reads jsonb and timestamp columns into API values. */
@Component
public class JsonColumns {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private final ObjectMapper mapper;

    public JsonColumns(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public JsonNode node(ResultSet rs, String column) throws SQLException {
        String text = rs.getString(column);
        if (text == null) return null;
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SQLException("column " + column + " holds invalid JSON", e);
        }
    }

    public List<String> strings(ResultSet rs, String column) throws SQLException {
        String text = rs.getString(column);
        if (text == null) return List.of();
        try {
            return mapper.readValue(text, STRINGS);
        } catch (JsonProcessingException e) {
            throw new SQLException("column " + column + " is not a JSON list of strings", e);
        }
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
