package io.benchmarkhub.query.models;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.List;

import static io.benchmarkhub.query.JsonColumns.instant;

/** The model catalogue as last synced from the providers (table {@code model_catalogue}). */
@Repository
public class ModelCatalogueQueries {

    /** Prices are integer micro-dollars per million tokens; null when the provider does not say. */
    public record Model(String id, String provider, Long promptMicrosPerMillionTokens, Long completionMicrosPerMillionTokens,
                        Integer contextLength, boolean simulated, Instant syncedAt) {
    }

    private final NamedParameterJdbcTemplate jdbc;

    public ModelCatalogueQueries(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @param provider only this provider's models, or null for all */
    public List<Model> models(String provider, Boolean simulated) {
        var params = new MapSqlParameterSource("provider", provider).addValue("simulated", simulated);
        return jdbc.query("""
                SELECT model_id, provider, prompt_micros_per_million_tokens, completion_micros_per_million_tokens,
                       context_length, simulated, synced_at
                FROM model_catalogue
                WHERE (CAST(:provider AS text) IS NULL OR provider = :provider)
                  AND (CAST(:simulated AS boolean) IS NULL OR simulated = :simulated)
                ORDER BY provider, model_id""", params, (rs, i) -> new Model(rs.getString(1), rs.getString(2),
                (Long) rs.getObject(3), (Long) rs.getObject(4), (Integer) rs.getObject(5), rs.getBoolean(6), instant(rs, "synced_at")));
    }
}
