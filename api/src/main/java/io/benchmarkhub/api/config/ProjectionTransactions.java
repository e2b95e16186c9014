package io.benchmarkhub.api.config;

import io.benchmarkhub.projections.benchmark.BenchmarkDetailProjection;
import io.benchmarkhub.projections.credits.CreditLedgerProjection;
import io.benchmarkhub.projections.credits.FinanceProjection;
import io.benchmarkhub.projections.forks.ForkTreeProjection;
import io.benchmarkhub.projections.kpi.KpiProjection;
import io.benchmarkhub.projections.leaderboard.LeaderboardProjection;
import io.benchmarkhub.projections.library.LibraryProjection;
import io.benchmarkhub.projections.library.search.LibrarySearchProjection;
import io.benchmarkhub.projections.run.RunProjection;
import java.util.List;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Projection transactions commit without waiting for the WAL flush ({@code synchronous_commit = off}).
 * A projection's rows and its token commit together, and both are derived from the event store:
 * if the last few milliseconds of projection work are lost in a crash, the token is lost with them
 * and the events are simply processed again. Appends to the event store keep the full guarantee.
 */
@Configuration(proxyBeanMethods = false)
class ProjectionTransactions {

    static final List<String> PROJECTIONS = List.of(
            BenchmarkDetailProjection.NAME,
            ForkTreeProjection.NAME,
            LibraryProjection.NAME,
            LibrarySearchProjection.NAME,
            RunProjection.NAME,
            LeaderboardProjection.NAME,
            CreditLedgerProjection.NAME,
            FinanceProjection.NAME,
            KpiProjection.NAME);

    @Bean
    ConfigurerModule projectionsCommitAsynchronously(PlatformTransactionManager transactions, JdbcTemplate jdbc) {
        TransactionManager asyncCommit = new AsyncCommit(new SpringTransactionManager(transactions), jdbc);
        return configurer -> configurer.eventProcessing(processing ->
                PROJECTIONS.forEach(name -> processing.registerTransactionManager(name, config -> asyncCommit)));
    }

    private record AsyncCommit(TransactionManager delegate, JdbcTemplate jdbc) implements TransactionManager {
        @Override
        public Transaction startTransaction() {
            Transaction transaction = delegate.startTransaction();
            jdbc.execute("SET LOCAL synchronous_commit TO OFF");
            return transaction;
        }
    }
}
