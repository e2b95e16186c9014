package io.benchmarkhub.command.run.store;

import io.benchmarkhub.command.run.RunsProperties;
import java.lang.management.ManagementFactory;
import java.util.UUID;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The only place where the command side uses SQL. It touches the event store's own table and three
 * tables of its own: {@code run_lease}, {@code model_catalogue} and {@code model_catalogue_change}. It never touches a read model.
 */
@Configuration(proxyBeanMethods = false)
public class RunStores {

    /** Each node (each JVM, each test context) holds leases under its own id. */
    @Bean
    RunLeases runLeases(JdbcTemplate jdbc, RunsProperties properties) {
        return new RunLeases(
                jdbc,
                ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID(),
                properties.leaseTimeout());
    }

    @Bean
    RunLifecycle runLifecycle(JdbcTemplate jdbc) {
        return new RunLifecycle(jdbc);
    }

    @Bean
    ModelCatalogueStore modelCatalogueStore(JdbcTemplate jdbc, TransactionTemplate transaction, EventStore eventStore) {
        return new ModelCatalogueStore(jdbc, transaction, eventStore);
    }
}
