package io.benchmarkhub.api.config;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps range partitions of {@code domain_event_entry} ready ahead of the store's head (ADR 0040): right after
 * Flyway migrates, so nothing is appended before they exist, and then every {@code partition-check}. Any number of
 * instances may run it: each pass holds a transaction-level advisory lock. A pass that fails (a lock it could not get
 * in time, an append routed to the default partition meanwhile) changes nothing and the next pass tries again;
 * events appended beyond the last partition meanwhile are kept by the default partition.
 */
@Configuration(proxyBeanMethods = false)
public class EventPartitions implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventPartitions.class);
    /** {@code pg_advisory_xact_lock} key of a pass; any fixed number no other lock of the app uses. */
    private static final long LOCK = 0x0E7E_0040L;

    private static final Pattern UPPER_BOUND = Pattern.compile("TO \\('?(-?\\d+)'?\\)");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final long size;
    private final int ahead;
    private final Duration interval;
    private ScheduledExecutorService ticker;

    /** Its own template and transactions on the data source: Boot's JdbcTemplate waits for Flyway, which waits for this. */
    EventPartitions(
            DataSource dataSource,
            @Value("${benchmarkhub.event-store.partition-size:100000000}") long size,
            @Value("${benchmarkhub.event-store.partitions-ahead:2}") int ahead,
            @Value("${benchmarkhub.event-store.partition-check:1m}") Duration interval) {
        if (size < 1) throw new IllegalArgumentException("benchmarkhub.event-store.partition-size must be at least 1");
        if (ahead < 1)
            throw new IllegalArgumentException("benchmarkhub.event-store.partitions-ahead must be at least 1");
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.size = size;
        this.ahead = ahead;
        this.interval = interval;
    }

    /** Migrates, then makes the partitions, before any bean that appends events is created. */
    @Bean
    static FlywayMigrationStrategy migrateThenPartition(ObjectProvider<EventPartitions> partitions) {
        return flyway -> {
            flyway.migrate();
            partitions.getObject().ensure();
        };
    }

    /**
     * Creates range partitions of {@code size} positions until they reach {@code ahead × size} past the next position
     * the sequence will issue. Returns how many it created.
     */
    public int ensure() {
        Integer created = transactions.execute(status -> {
            jdbc.execute("SET LOCAL lock_timeout = '2s'");
            jdbc.queryForList("SELECT pg_advisory_xact_lock(?)", LOCK);
            long upper = Long.MIN_VALUE;
            for (String bound : jdbc.queryForList("""
                    SELECT pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                     WHERE i.inhparent = 'domain_event_entry'::regclass""", String.class)) {
                Matcher m = UPPER_BOUND.matcher(bound);
                if (m.find()) upper = Math.max(upper, Long.parseLong(m.group(1)));
            }
            Long strayed = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry_default", Long.class);
            Long next = jdbc.queryForObject(
                    "SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM domain_event_entry_global_index_seq",
                    Long.class);
            // rows kept by the default partition stay there: the next range starts above them
            long lower = strayed == null ? upper : Math.max(upper, strayed + 1);
            if (strayed != null) {
                log.warn(
                        "Events up to position {} were stored in the default partition of the event store; the next range starts above them",
                        strayed);
            }
            long target = next + ahead * size;
            int made = 0;
            while (lower < target) {
                String name = "domain_event_entry_p" + lower;
                jdbc.execute("CREATE TABLE " + name + " (LIKE domain_event_entry)");
                jdbc.execute("ALTER TABLE domain_event_entry ATTACH PARTITION " + name + " FOR VALUES FROM (" + lower
                        + ") TO (" + (lower + size) + ")");
                lower += size;
                made++;
            }
            return made;
        });
        int made = created == null ? 0 : created;
        if (made > 0) log.info("Event store: {} partition(s) of {} positions created ahead of the head", made, size);
        return made;
    }

    private void tick() {
        try {
            ensure();
        } catch (RuntimeException e) {
            log.warn("Event store partitions not extended this time: {}", e.toString());
        }
    }

    @Override
    public void start() {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "event-partitions");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (ticker != null) ticker.shutdownNow();
        ticker = null;
    }

    @Override
    public boolean isRunning() {
        return ticker != null;
    }
}
