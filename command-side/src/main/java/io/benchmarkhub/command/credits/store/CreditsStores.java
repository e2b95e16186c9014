package io.benchmarkhub.command.credits.store;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Where the credits feature of the command side uses SQL: the event store's table and {@code pending_reservation}. */
@Configuration(proxyBeanMethods = false)
public class CreditsStores {

    @Bean
    PendingReservations pendingReservations(JdbcTemplate jdbc) {
        return new PendingReservations(jdbc);
    }
}
