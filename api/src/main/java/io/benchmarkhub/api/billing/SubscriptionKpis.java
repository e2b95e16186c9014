package io.benchmarkhub.api.billing;

import io.benchmarkhub.domain.kpi.PeriodKpis.Share;
import io.benchmarkhub.query.support.PerPositionCache;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Subscription KPIs per period (docs/plans.md#kpis-and-finance), from the history of subscription states by their Stripe
 * time, so a late-delivered event counts on the day it happened:
 * <ul>
 *   <li><b>MRR</b> at an instant: the sum of {@code mrrMinor} of each subscription whose last state before it is
 *   {@code active} or {@code past_due} (Stripe still retries a past-due one);</li>
 *   <li><b>net new MRR</b> of [start, end): MRR at end − MRR at start;</li>
 *   <li><b>Pro conversion</b> of [start, end): of the users on Free at some moment of the period (signed up before its
 *   end, no paying personal subscription at its start; service accounts left out), how many had their first paying Pro
 *   subscription start in it.</li>
 * </ul>
 */
@Service
public class SubscriptionKpis {

    /** One period's figures; money in minor units of {@code currency}. */
    public record SubscriptionPeriod(
            Instant start, Instant end, String currency, long mrrMinor, long netNewMrrMinor, Share proConversion) {}

    record Change(
            String subscriptionId, String subscriberType, String subscriberId, String status, long mrr, Instant at) {}

    record User(String id, Instant createdAt) {}

    /**
     * What the figures are computed from, as one value that changes with every change that could change them: the rows
     * of {@code subscription_change} and of {@code workspace_token} are only ever inserted and users are disabled or
     * deleted by marking their row, so the counts move with every such change, on every node, however the inserting
     * transactions commit; the sum of the users' {@code created_at} also catches a sign-up time set by hand (tests and
     * imports do). Read before the rows, as a projection position is (ADR 0015): rows read afterwards are at least that
     * new.
     */
    private static final String INPUTS = """
            SELECT (SELECT count(*) || '/' || coalesce(max(seq), 0) FROM subscription_change) || ';'
                   || (SELECT count(*) || '/' || coalesce(sum(extract(epoch FROM created_at)), 0) FROM app_user) || ';'
                   || (SELECT count(*) FROM workspace_token)""";

    private record Key(List<Instant> starts, Instant end) {}

    private final JdbcTemplate jdbc;
    private final PlansProperties properties;
    /** Figures per (periods, end), computed again only when their inputs have changed: one statement per KPI answer instead of two plus the computation. */
    private final PerPositionCache<Key, List<SubscriptionPeriod>> kept = new PerPositionCache<>(64);

    SubscriptionKpis(JdbcTemplate jdbc, PlansProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** The periods {@code starts} (each ending where the next starts, the last at {@code end}). */
    public List<SubscriptionPeriod> periods(List<Instant> starts, Instant end) {
        if (starts.isEmpty()) return List.of();
        String inputs = jdbc.queryForObject(INPUTS, String.class);
        return kept.get(new Key(List.copyOf(starts), end), inputs, () -> read(starts, end));
    }

    private List<SubscriptionPeriod> read(List<Instant> starts, Instant end) {
        List<Change> changes = jdbc.query(
                """
                SELECT subscription_id, subscriber_type, subscriber_id, status, mrr_minor, at FROM subscription_change
                 WHERE at < ? ORDER BY at, seq""",
                (rs, n) -> new Change(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getLong(5),
                        rs.getTimestamp(6).toInstant()),
                Timestamp.from(end));
        List<User> users = jdbc.query(
                """
                SELECT id, created_at FROM app_user WHERE created_at < ?
                   AND id NOT IN (SELECT service_user_id FROM workspace_token)""", (rs, n) -> new User(rs.getString(1), rs.getTimestamp(2).toInstant()), Timestamp.from(end));
        return List.copyOf(compute(starts, end, changes, users, properties.currency()));
    }

    static List<SubscriptionPeriod> compute(
            List<Instant> starts, Instant end, List<Change> changes, List<User> users, String currency) {
        // the first moment each user's personal subscription was paying
        Map<String, Instant> firstPaid = new HashMap<>();
        for (Change c : changes) {
            if (c.subscriberType().equals("USER") && Subscriptions.RECURRING.contains(c.status()))
                firstPaid.putIfAbsent(c.subscriberId(), c.at());
        }
        var periods = new ArrayList<SubscriptionPeriod>(starts.size());
        for (int i = 0; i < starts.size(); i++) {
            Instant start = starts.get(i);
            Instant stop = i + 1 < starts.size() ? starts.get(i + 1) : end;
            long atStart = mrr(changes, start);
            long atEnd = mrr(changes, stop);
            Set<String> payingAtStart = paying(changes, start);
            long of = 0, converted = 0;
            for (User user : users) {
                if (!user.createdAt().isBefore(stop) || payingAtStart.contains(user.id())) continue;
                of++;
                Instant first = firstPaid.get(user.id());
                if (first != null && !first.isBefore(start) && first.isBefore(stop)) converted++;
            }
            periods.add(new SubscriptionPeriod(
                    start,
                    stop,
                    currency,
                    atEnd,
                    atEnd - atStart,
                    new Share(converted, of, of == 0 ? null : (double) converted / of)));
        }
        return periods;
    }

    /** MRR at {@code at}: each subscription's last state before it, when it is recurring. */
    static long mrr(List<Change> changes, Instant at) {
        Map<String, Change> last = new HashMap<>();
        for (Change c : changes) if (c.at().isBefore(at)) last.put(c.subscriptionId(), c);
        return last.values().stream()
                .filter(c -> Subscriptions.RECURRING.contains(c.status()))
                .mapToLong(Change::mrr)
                .sum();
    }

    private static Set<String> paying(List<Change> changes, Instant at) {
        Map<String, Change> last = new HashMap<>();
        for (Change c : changes) if (c.at().isBefore(at)) last.put(c.subscriptionId(), c);
        var paying = new HashSet<String>();
        for (Change c : last.values())
            if (c.subscriberType().equals("USER") && Subscriptions.RECURRING.contains(c.status()))
                paying.add(c.subscriberId());
        return paying;
    }
}
