package io.benchmarkhub.query.catalogue;

import static io.benchmarkhub.query.JsonColumns.instant;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** The model catalogue as last synced from the providers (table {@code model_catalogue}). */
@Repository
public class ModelCatalogueQueries {

    /** Prices are integer micro-dollars per million tokens; null when the provider does not say. */
    public record Model(
            String id,
            String provider,
            Long promptMicrosPerMillionTokens,
            Long completionMicrosPerMillionTokens,
            Integer contextLength,
            boolean simulated,
            Instant syncedAt) {}

    private final NamedParameterJdbcTemplate jdbc;

    public ModelCatalogueQueries(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @param provider only this provider's models, or null for all */
    public List<Model> models(String provider, Boolean simulated) {
        var params = new MapSqlParameterSource("provider", provider).addValue("simulated", simulated);
        return jdbc.query(
                """
                SELECT model_id, provider, prompt_micros_per_million_tokens, completion_micros_per_million_tokens,
                       context_length, simulated, synced_at
                FROM model_catalogue
                WHERE (CAST(:provider AS text) IS NULL OR provider = :provider)
                  AND (CAST(:simulated AS boolean) IS NULL OR simulated = :simulated)
                ORDER BY provider, model_id""",
                params,
                (rs, i) -> new Model(
                        rs.getString(1),
                        rs.getString(2),
                        (Long) rs.getObject(3),
                        (Long) rs.getObject(4),
                        (Integer) rs.getObject(5),
                        rs.getBoolean(6),
                        instant(rs, "synced_at")));
    }

    /**
     * One change the catalogue sync recorded. {@code kind} is APPEARED, PRICES_CHANGED, CONTEXT_LENGTH_CHANGED or
     * DISAPPEARED; {@code previous} and {@code current} hold the values before and after (only those the kind is about).
     */
    public record Change(
            String id,
            String kind,
            String provider,
            String modelId,
            String vendor,
            boolean initial,
            Values previous,
            Values current,
            Instant at) {}

    /** Prices in micro-dollars per million tokens; null when unknown or not part of the change. */
    public record Values(
            Long promptMicrosPerMillionTokens, Long completionMicrosPerMillionTokens, Integer contextLength) {}

    /** Changes recorded at or after {@code since} (null: from the start), after the cursor {@code after}, oldest first. */
    public List<Change> changes(Instant since, long after, String provider, String vendor, String kind, int limit) {
        var params = new MapSqlParameterSource("since", since == null ? null : java.sql.Timestamp.from(since))
                .addValue("after", after)
                .addValue("provider", provider)
                .addValue("vendor", vendor)
                .addValue("kind", kind)
                .addValue("limit", limit);
        return jdbc.query("""
                SELECT id, kind, provider, model_id, vendor, initial,
                       previous_prompt_micros_per_million_tokens, previous_completion_micros_per_million_tokens, previous_context_length,
                       prompt_micros_per_million_tokens, completion_micros_per_million_tokens, context_length, changed_at
                FROM model_catalogue_change
                WHERE id > :after
                  AND (CAST(:since AS timestamptz) IS NULL OR changed_at >= :since)
                  AND (CAST(:provider AS text) IS NULL OR provider = :provider)
                  AND (CAST(:vendor AS text) IS NULL OR vendor = :vendor)
                  AND (CAST(:kind AS text) IS NULL OR kind = :kind)
                ORDER BY id LIMIT :limit""", params, (rs, i) -> {
            String changeKind = rs.getString("kind");
            Values previous = switch (changeKind) {
                case "PRICES_CHANGED", "CONTEXT_LENGTH_CHANGED" ->
                    new Values((Long) rs.getObject(7), (Long) rs.getObject(8), (Integer) rs.getObject(9));
                default -> null;
            };
            Values current = switch (changeKind) {
                case "DISAPPEARED" -> null;
                default -> new Values((Long) rs.getObject(10), (Long) rs.getObject(11), (Integer) rs.getObject(12));
            };
            return new Change(
                    String.valueOf(rs.getLong(1)),
                    changeKind,
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getBoolean(6),
                    previous,
                    current,
                    instant(rs, "changed_at"));
        });
    }
}
