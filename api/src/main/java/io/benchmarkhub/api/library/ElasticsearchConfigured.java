package io.benchmarkhub.api.library;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Elasticsearch is on when Spring Boot's standard {@code spring.elasticsearch.uris} is set, in any
 * form (a comma-separated string, a YAML list, {@code SPRING_ELASTICSEARCH_URIS}).
 */
class ElasticsearchConfigured extends SpringBootCondition {

    public static final String URIS = "spring.elasticsearch.uris";

    public static boolean in(Environment environment) {
        return Binder.get(environment)
                .bind(URIS, Bindable.listOf(String.class))
                .map(uris -> uris.stream().anyMatch(u -> u != null && !u.isBlank()))
                .orElse(false);
    }

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return in(context.getEnvironment())
                ? ConditionOutcome.match(URIS + " is set: library search on Elasticsearch")
                : ConditionOutcome.noMatch(URIS + " is not set: library search on PostgreSQL");
    }

    /** The opposite: PostgreSQL serves library search. */
    public static class Not extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            ConditionOutcome outcome = new ElasticsearchConfigured().getMatchOutcome(context, metadata);
            return new ConditionOutcome(!outcome.isMatch(), outcome.getConditionMessage());
        }
    }
}
