package io.benchmarkhub.projections.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The PostgreSQL tables a projection alone writes. A rebuild (ADR 0012) replays the projection's handlers into empty
 * copies of exactly these tables and swaps them in, so every table the projection's SQL writes must be listed, and no
 * other projection may write them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ReadModel {

    /** Table names in the {@code public} schema. */
    String[] value();
}
