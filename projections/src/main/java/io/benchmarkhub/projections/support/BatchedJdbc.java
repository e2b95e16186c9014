package io.benchmarkhub.projections.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

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
    private static final String SHADOW = BatchedJdbc.class.getName() + ".shadow";

    private final JdbcTemplate jdbc;

    public BatchedJdbc(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void update(String sql, Object... args) {
        if (!CurrentUnitOfWork.isStarted()) {
            jdbc.update(sql, args);
            return;
        }
        pending().add(sql, args);
    }

    private Pending pending() {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(RESOURCE, key -> {
            var pending = new Pending();
            root.onPrepareCommit(uow -> pending.flush(jdbc));
            return pending;
        });
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

    /**
     * Runs {@code sql} once at prepare-commit, after every statement given to {@link #update}; given again with the same
     * {@code key} in the same unit of work, only the last one runs. For a row summarising rows the batch writes (an
     * account's state from its newest ledger line): a batch of many events of one key writes it once.
     */
    public void updateAtCommit(String key, String sql, Object... args) {
        if (!CurrentUnitOfWork.isStarted()) {
            jdbc.update(sql, args);
            return;
        }
        pending().addAtCommit(key, sql, args);
    }

    /**
     * Runs {@code task} after the surrounding unit of work has committed (at once when there is none). Not in a
     * rebuild's unit of work: its rows are shadow copies nobody reads yet, so no one may be told they are stored.
     */
    public void afterCommit(Runnable task) {
        if (!CurrentUnitOfWork.isStarted()) {
            task.run();
            return;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        if (!root.resources().containsKey(SHADOW)) root.afterCommit(uow -> task.run());
    }

    /** Marks {@code unitOfWork} as writing a rebuild's shadow tables (ADR 0012): see {@link #afterCommit}. */
    public static void writesShadowTables(UnitOfWork<?> unitOfWork) {
        unitOfWork.resources().put(SHADOW, Boolean.TRUE);
    }

    private static final class Pending {
        private final List<String> sqls = new ArrayList<>();
        private final List<Object[]> args = new ArrayList<>();
        private final Map<String, Map.Entry<String, Object[]>> atCommit = new LinkedHashMap<>();

        void add(String sql, Object[] statementArgs) {
            sqls.add(sql);
            args.add(statementArgs);
        }

        void addAtCommit(String key, String sql, Object[] statementArgs) {
            atCommit.remove(key);
            atCommit.put(key, Map.entry(sql, statementArgs));
        }

        void flush(JdbcTemplate jdbc) {
            atCommit.values().forEach(statement -> add(statement.getKey(), statement.getValue()));
            atCommit.clear();
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
