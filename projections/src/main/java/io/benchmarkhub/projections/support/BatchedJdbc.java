package io.benchmarkhub.projections.support;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Write-only JDBC for projections. Inside an event-processing unit of work the statements are
 * buffered and sent at prepare-commit as JDBC batches, in order (consecutive statements with
 * the same SQL share one batch), in the same transaction as the processor's token. A batch of
 * 500 events thus costs a handful of round trips instead of 500+. Handlers therefore never read
 * what they write: every statement must be correct on its own, guarded for idempotence.
 */
@Component
public class BatchedJdbc {

    private static final String RESOURCE = BatchedJdbc.class.getName();

    private final JdbcTemplate jdbc;

    public BatchedJdbc(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void update(String sql, Object... args) {
        if (!CurrentUnitOfWork.isStarted()) {
            jdbc.update(sql, args);
            return;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        root.getOrComputeResource(RESOURCE, key -> {
            var pending = new Pending();
            root.onPrepareCommit(uow -> pending.flush(jdbc));
            return pending;
        }).add(sql, args);
    }

    /**
     * Applies one event to one row at most once: {@code UPDATE table SET assignments, last_seq = seq
     * WHERE id = ? AND last_seq < seq}. {@code values} fill the placeholders in {@code assignments}.
     */
    public void updateOnce(String table, String id, long seq, String assignments, Object... values) {
        Object[] args = Arrays.copyOf(values, values.length + 3);
        args[values.length] = seq;
        args[values.length + 1] = id;
        args[values.length + 2] = seq;
        update("UPDATE " + table + " SET " + assignments + ", last_seq = ? WHERE id = ? AND last_seq < ?", args);
    }

    /** Runs {@code task} after the surrounding unit of work has committed (at once when there is none). */
    public void afterCommit(Runnable task) {
        if (CurrentUnitOfWork.isStarted()) CurrentUnitOfWork.get().root().afterCommit(uow -> task.run());
        else task.run();
    }

    private static final class Pending {
        private final List<String> sqls = new ArrayList<>();
        private final List<Object[]> args = new ArrayList<>();

        void add(String sql, Object[] statementArgs) {
            sqls.add(sql);
            args.add(statementArgs);
        }

        void flush(JdbcTemplate jdbc) {
            int start = 0;
            while (start < sqls.size()) {
                String sql = sqls.get(start);
                int end = start + 1;
                while (end < sqls.size() && sqls.get(end).equals(sql)) end++;
                if (end - start == 1) jdbc.update(sql, args.get(start));
                else jdbc.batchUpdate(sql, args.subList(start, end));
                start = end;
            }
            sqls.clear();
            args.clear();
        }
    }
}
