package io.benchmarkhub.projections.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchmarkhub.domain.grading.Grader;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.stereotype.Component;

/** Turns event values into JDBC parameters: JSON text for jsonb columns, UTC timestamps. */
@Component
public class Json {

    private final ObjectMapper mapper;

    public Json(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    private static final TypeReference<List<Grader>> GRADERS = new TypeReference<>() {};

    /** JSON text for a {@code CAST(? AS jsonb)} parameter; null stays null. */
    public String of(Object value) {
        if (value == null) return null;
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Graders need their declared list type, or the erased element type drops each grader's {@code type}. */
    public String ofGraders(List<Grader> graders) {
        try {
            return mapper.writerFor(GRADERS).writeValueAsString(graders);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write graders as JSON", e);
        }
    }

    public static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
