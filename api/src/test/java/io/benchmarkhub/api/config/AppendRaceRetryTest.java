package io.benchmarkhub.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

/**
 * The command gateway's retry scheduler, as configured, against failures shaped like the ones the
 * PostgreSQL driver produces. Axon asks the non-transient predicate about the failure and about every
 * cause below it, so a lost race must be recognised at each level of its chain.
 */
class AppendRaceRetryTest {

    private static RuntimeException lostRace() {
        var unique = new SQLException(
                "duplicate key value violates unique constraint", PostgresDuplicateKeyResolver.UNIQUE_VIOLATION);
        var batch = new BatchUpdateException(
                "Batch entry 0 was aborted", PostgresDuplicateKeyResolver.UNIQUE_VIOLATION, new int[0], unique);
        return new ConcurrencyException("An event for aggregate [bm_1] at sequence [1] was already inserted", batch);
    }

    @Test
    void a_lost_append_race_is_retried() throws Exception {
        var retried = new CountDownLatch(1);
        boolean scheduled = AxonConfiguration.appendRaceRetries()
                .scheduleRetry(
                        GenericCommandMessage.asCommandMessage("edit"), lostRace(), List.of(), retried::countDown);
        assertThat(scheduled).isTrue();
        assertThat(retried.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void any_other_store_failure_is_not_retried() {
        var other = new EventStoreException("disk full", new SQLException("could not extend file", "53100"));
        assertThat(AxonConfiguration.appendRaceRetries()
                        .scheduleRetry(GenericCommandMessage.asCommandMessage("edit"), other, List.of(), () -> {}))
                .isFalse();
        assertThat(AxonConfiguration.appendRaceRetries()
                        .scheduleRetry(
                                GenericCommandMessage.asCommandMessage("edit"),
                                new IllegalStateException("a bug"),
                                List.of(),
                                () -> {}))
                .isFalse();
    }

    @Test
    void the_resolver_finds_the_unique_violation_inside_the_batch_exception() {
        var resolver = new PostgresDuplicateKeyResolver();
        assertThat(resolver.isDuplicateKeyViolation(
                        new EventStoreException("append failed", lostRace().getCause())))
                .isTrue();
        assertThat(resolver.isDuplicateKeyViolation(
                        new EventStoreException("disk full", new SQLException("x", "53100"))))
                .isFalse();
    }
}
