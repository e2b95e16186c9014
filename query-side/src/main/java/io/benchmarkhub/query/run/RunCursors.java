package io.benchmarkhub.query.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchmarkhub.domain.run.TrialKey;
import io.benchmarkhub.query.InvalidQuery;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The opaque cursors of a run's pages: a page of trials ends at a trial key, written as base64url JSON
 * {@code [model, caseId, repeat]}; a page of compared cases ends at a case id, written as base64url. A cursor that does
 * not decode is the caller's mistake, answered as an {@link InvalidQuery} on {@code cursor}.
 */
final class RunCursors {

    private final ObjectMapper mapper;

    RunCursors(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The results cursor after {@code key}. */
    String encodeTrial(TrialKey key) {
        try {
            byte[] bytes = mapper.writeValueAsBytes(List.of(key.model(), key.caseId(), key.repeat()));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    TrialKey decodeTrial(String cursor) {
        try {
            JsonNode node = mapper.readTree(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
            if (node != null
                    && node.isArray()
                    && node.size() == 3
                    && node.get(0).isTextual()
                    && node.get(1).isTextual()
                    && node.get(2).canConvertToInt()) {
                return new TrialKey(
                        node.get(1).asText(), node.get(0).asText(), node.get(2).intValue());
            }
        } catch (Exception e) {
            // answered below
        }
        throw new InvalidQuery("cursor", "is not a cursor of these results; start again without one");
    }

    /** The compared-cases cursor after {@code caseId}. */
    static String encodeCase(String caseId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(caseId.getBytes(StandardCharsets.UTF_8));
    }

    static String decodeCase(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidQuery("cursor", "is not a cursor this endpoint gave");
        }
    }
}
