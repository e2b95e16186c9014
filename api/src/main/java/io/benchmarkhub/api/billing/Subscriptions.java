package io.benchmarkhub.api.billing;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.billing.Plan;
import io.benchmarkhub.domain.billing.events.SubscriptionChanged;
import io.benchmarkhub.domain.billing.events.SubscriptionInvoicePaid;
import io.benchmarkhub.domain.user.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * Stripe subscriptions and the plan they give (docs/plans.md, ADR 0039). The payment webhook hands the subscription and
 * invoice events here after verifying their signature. Each Stripe event id is applied once, on any number of nodes
 * (its row in {@code stripe_event} is inserted in the transaction that applies it); a subscription's row is locked while
 * it changes, and an event older than the last one applied to it changes its state no more.
 */
@Service
public class Subscriptions {

    /** Stripe's subscription statuses we keep. */
    static final Set<String> STATUSES = Set.of(
            "incomplete", "incomplete_expired", "trialing", "active", "past_due", "canceled", "unpaid", "paused");

    /** The statuses MRR counts: paid, or still being retried by Stripe. */
    static final Set<String> RECURRING = Set.of("active", "past_due");

    public static final Set<String> EVENT_TYPES = Set.of(
            "customer.subscription.created",
            "customer.subscription.updated",
            "customer.subscription.deleted",
            "invoice.paid",
            "invoice.payment_failed");

    /**
     * A subscription as its subscriber sees it. {@code cancelAtPeriodEnd}: cancelled in Stripe's Customer Portal, it
     * keeps its plan until {@code currentPeriodEnd}, then Stripe deletes it.
     */
    public record Subscription(
            String id,
            Plan plan,
            String status,
            Instant currentPeriodEnd,
            Instant pastDueSince,
            long mrrMinor,
            String currency,
            boolean cancelAtPeriodEnd) {}

    /**
     * The plan in force and the subscription that gives it (or the latest one, ended, when it is FREE; null when there never
     * was one).
     */
    public record PlanState(Plan plan, Subscription subscription) {
        public static final PlanState FREE = new PlanState(Plan.FREE, null);
    }

    /** What the webhook did. */
    public record Outcome(String status, String outcome) {}

    private static final Logger log = LoggerFactory.getLogger(Subscriptions.class);

    private final JdbcTemplate jdbc;
    private final SubscriptionEvents events;
    private final PlansProperties properties;
    private final Clock clock;

    Subscriptions(JdbcTemplate jdbc, SubscriptionEvents events, PlansProperties properties) {
        this.jdbc = jdbc;
        this.events = events;
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    // --- the plan in force ------------------------------------------------------------------

    public PlanState ofUser(UserId user) {
        return of("USER", user.value());
    }

    public PlanState ofWorkspace(String workspaceId) {
        return of("WORKSPACE", workspaceId);
    }

    /** Whether plans are sold here. Where none is, no limit applies: nobody could pay to lift it. */
    public boolean sold() {
        return !properties.prices().isEmpty();
    }

    /** What a plan costs here: its first price of {@code benchmarkhub.plans.prices}. */
    public record PlanPriceInfo(String priceId, long amountMinor, String currency, String interval) {}

    public Optional<PlanPriceInfo> priceOf(Plan plan) {
        return properties
                .priceOf(plan)
                .map(p -> new PlanPriceInfo(p.priceId(), p.amountMinor(), p.currency(), p.interval()));
    }

    public int freePrivateBenchmarks() {
        return properties.freePrivateBenchmarks();
    }

    /** How far back a billing space on Free sees its runs of private benchmarks (ADR 0042). */
    public Duration freeHistory() {
        return properties.freeHistory();
    }

    /** Now, by the clock the plan in force is read with. */
    Instant now() {
        return clock.instant();
    }

    private PlanState of(String type, String id) {
        List<Subscription> all = jdbc.query("""
                SELECT id, plan, status, current_period_end, past_due_since, mrr_minor, currency, cancel_at_period_end
                  FROM subscription WHERE subscriber_type = ? AND subscriber_id = ? ORDER BY created_at DESC, id""", (rs, n) -> subscription(rs), type, id);
        Instant now = clock.instant();
        // of two in force (an abandoned checkout's incomplete subscription paid late, beside the one bought after it),
        // the later one gives the plan and is the one shown and managed: maxBy keeps the first of equals, and the
        // latest comes first
        return all.stream()
                .filter(s -> inForce(s, now))
                .max(Comparator.comparing(Subscription::plan))
                .map(s -> new PlanState(s.plan(), s))
                .orElseGet(() -> new PlanState(Plan.FREE, all.isEmpty() ? null : all.getFirst()));
    }

    /**
     * ADR 0039: active and trialing subscriptions give their plan; a past-due one keeps it for the grace period after its
     * first failed payment; every other status gives FREE.
     */
    private boolean inForce(Subscription s, Instant now) {
        return switch (s.status()) {
            case "active", "trialing" -> true;
            case "past_due" ->
                s.pastDueSince() == null
                        || s.pastDueSince().plus(properties.pastDueGrace()).isAfter(now);
            default -> false;
        };
    }

    /**
     * A subscription that is not over: a new checkout for the same subscriber would be a second one. An incomplete one
     * (its first payment never made, as when a checkout is abandoned) does not count: Stripe expires it after a day, and
     * until then it would block the subscriber from paying at all (ADR 0043).
     */
    boolean hasOpen(String type, String id) {
        Long n = jdbc.queryForObject("""
                SELECT count(*) FROM subscription WHERE subscriber_type = ? AND subscriber_id = ?
                   AND status IN ('active', 'trialing', 'past_due', 'unpaid', 'paused')""", Long.class, type, id);
        return n != null && n > 0;
    }

    /**
     * The Stripe customer whose portal manages the subscriber's plan: that of the subscription giving the plan, else of
     * the latest one; empty when there is none or it named no customer.
     */
    Optional<String> customerOf(String type, String id) {
        PlanState state = of(type, id);
        if (state.subscription() == null) return Optional.empty();
        return jdbc
                .queryForList(
                        "SELECT customer_id FROM subscription WHERE id = ? AND customer_id IS NOT NULL",
                        String.class,
                        state.subscription().id())
                .stream()
                .findFirst();
    }

    // --- the webhook ------------------------------------------------------------------------

    /** One of {@link #EVENT_TYPES}, its signature verified. Applied once per Stripe event id. */
    @Transactional
    public Outcome handle(JsonNode event) {
        String eventId = event.path("id").asText("");
        String type = event.path("type").asText("");
        if (eventId.isBlank())
            throw new BadRequest("The event has no id.", List.of(new Violation("id", "is required")));
        // its time orders the changes of a subscription; asked for only once the event is known to be ours
        JsonNode created = event.path("created");
        Instant at =
                created.isIntegralNumber() && created.asLong() > 0 ? Instant.ofEpochSecond(created.asLong()) : null;
        JsonNode object = event.path("data").path("object");
        int fresh = jdbc.update(
                "INSERT INTO stripe_event (id, type) VALUES (?, ?) ON CONFLICT (id) DO NOTHING", eventId, type);
        if (fresh == 0) return new Outcome("ignored", "ignored: event " + eventId + " was received before");
        return type.startsWith("customer.subscription.")
                ? subscription(eventId, type, at, object)
                : invoice(eventId, type, at, object);
    }

    private Outcome subscription(String eventId, String type, Instant at, JsonNode sub) {
        String id = sub.path("id").asText("");
        if (id.isBlank())
            throw new BadRequest(
                    "The subscription has no id.", List.of(new Violation("data.object.id", "is required")));
        JsonNode metadata = sub.path("metadata");
        String subscriberType = metadata.path("subscriber_type").asText("");
        String subscriberId = metadata.path("subscriber_id").asText("");
        if (subscriberType.isBlank() || subscriberId.isBlank()) {
            log.info("Subscription {} ignored: it names no BenchmarkHub subscriber", id);
            return new Outcome("ignored", "ignored: not a subscription of ours");
        }
        if (!subscriberExists(subscriberType, subscriberId)) {
            log.info("Subscription {} ignored: its subscriber {} {} does not exist", id, subscriberType, subscriberId);
            return new Outcome("ignored", "ignored: its subscriber does not exist");
        }
        requireTime(at);
        JsonNode item = sub.path("items").path("data").path(0);
        String priceId = item.path("price").path("id").asText("");
        Optional<PlansProperties.PlanPrice> price = properties.price(priceId);
        Plan expected = subscriberType.equals("USER") ? Plan.PRO : Plan.TEAM;
        if (price.isEmpty() || price.get().plan() != expected) {
            log.warn(
                    "Subscription {} of {} {} refused: price {} is not a {} price of the plan table",
                    id,
                    subscriberType,
                    subscriberId,
                    priceId.isEmpty() ? "(none)" : priceId,
                    expected);
            throw new BadRequest(
                    "The subscription does not match the plan table; nothing was changed.",
                    List.of(new Violation(
                            "data.object.items.data[0].price.id",
                            "must be a " + expected + " price of benchmarkhub.plans.prices")));
        }
        long quantity = item.path("quantity").isIntegralNumber()
                ? Math.max(1, item.path("quantity").asLong())
                : 1;
        String status = type.equals("customer.subscription.deleted")
                ? "canceled"
                : sub.path("status").asText("").toLowerCase(Locale.ROOT);
        if (!STATUSES.contains(status))
            throw new BadRequest(
                    "Unknown subscription status.",
                    List.of(new Violation("data.object.status", "must be one of " + STATUSES)));
        JsonNode periodEnd = sub.path("current_period_end").isIntegralNumber()
                ? sub.path("current_period_end")
                : item.path("current_period_end");
        Timestamp end = periodEnd.isIntegralNumber() ? Timestamp.from(Instant.ofEpochSecond(periodEnd.asLong())) : null;
        long mrr = Math.multiplyExact(price.get().monthlyMinor(), quantity);
        // the customer is Stripe's id (a string, or the object when expanded); the portal is opened for it
        String customer = text(sub.path("customer")).orElse(null);
        boolean cancelAtPeriodEnd =
                !status.equals("canceled") && sub.path("cancel_at_period_end").asBoolean(false);

        int inserted = jdbc.update(
                """
                INSERT INTO subscription (id, subscriber_type, subscriber_id, plan, status, mrr_minor, currency,
                                          current_period_end, past_due_since, last_event_at, created_at, customer_id,
                                          cancel_at_period_end)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING""",
                id,
                subscriberType,
                subscriberId,
                price.get().plan().name(),
                status,
                mrr,
                price.get().currency(),
                end,
                status.equals("past_due") ? Timestamp.from(at) : null,
                Timestamp.from(at),
                Timestamp.from(at),
                customer,
                cancelAtPeriodEnd);
        if (inserted == 1) {
            record(id, eventId, type, at);
            return new Outcome("subscription", "subscription " + status);
        }
        Row row = lock(id);
        if (!row.subscriberType().equals(subscriberType) || !row.subscriberId().equals(subscriberId)) {
            throw new BadRequest(
                    "The subscription changed subscriber.",
                    List.of(new Violation("data.object.metadata.subscriber_id", "must stay the subscription's")));
        }
        if (at.isBefore(row.lastEventAt()))
            return new Outcome("ignored", "ignored: older than the state already recorded");
        if (row.status().equals("canceled")) return new Outcome("ignored", "ignored: the subscription has ended");
        Timestamp pastDueSince =
                status.equals("past_due") ? Timestamp.from(row.pastDueSince() != null ? row.pastDueSince() : at) : null;
        jdbc.update(
                """
                UPDATE subscription SET plan = ?, status = ?, mrr_minor = ?, currency = ?, current_period_end = ?,
                       past_due_since = ?, last_event_at = ?, customer_id = coalesce(?, customer_id),
                       cancel_at_period_end = ? WHERE id = ?""",
                price.get().plan().name(),
                status,
                mrr,
                price.get().currency(),
                end,
                pastDueSince,
                Timestamp.from(at),
                customer,
                cancelAtPeriodEnd,
                id);
        record(id, eventId, type, at);
        return new Outcome("subscription", "subscription " + status);
    }

    private Outcome invoice(String eventId, String type, Instant at, JsonNode invoice) {
        String invoiceId = invoice.path("id").asText("");
        String subscriptionId = text(invoice.path("subscription"))
                .or(() ->
                        text(invoice.path("parent").path("subscription_details").path("subscription")))
                .orElse("");
        if (invoiceId.isBlank() || subscriptionId.isBlank())
            return new Outcome("ignored", "ignored: not an invoice of a subscription");
        var rows = jdbc.query("SELECT id FROM subscription WHERE id = ?", (rs, n) -> rs.getString(1), subscriptionId);
        if (rows.isEmpty()) {
            JsonNode metadata = invoice.path("subscription_details").path("metadata");
            if (metadata.isMissingNode())
                metadata = invoice.path("parent").path("subscription_details").path("metadata");
            if (metadata.path("subscriber_type").isTextual()) {
                // ours, but its subscription's event has not arrived yet: Stripe delivers this one again later
                throw new ResponseStatusException(
                        HttpStatus.CONFLICT,
                        "The invoice's subscription is not known yet; deliver the invoice again later.");
            }
            return new Outcome("ignored", "ignored: not a subscription of ours");
        }
        requireTime(at);
        Row row = lock(subscriptionId);
        if (type.equals("invoice.paid")) {
            JsonNode amount = invoice.path("amount_paid");
            if (!amount.isIntegralNumber() || amount.asLong() < 0)
                throw new BadRequest(
                        "The invoice has no amount paid.",
                        List.of(new Violation(
                                "data.object.amount_paid", "must be a whole amount in the smallest currency unit")));
            String currency = invoice.path("currency").asText("").toLowerCase(Locale.ROOT);
            if (!currency.matches("[a-z]{3}"))
                throw new BadRequest(
                        "The invoice has no currency.",
                        List.of(new Violation("data.object.currency", "must be an ISO 4217 code")));
            int paid = jdbc.update("""
                    INSERT INTO subscription_payment (invoice_id, subscription_id, amount_minor, currency, paid_at)
                    VALUES (?, ?, ?, ?, ?) ON CONFLICT (invoice_id) DO NOTHING""", invoiceId, subscriptionId, amount.asLong(), currency, Timestamp.from(at));
            if (paid == 1)
                events.append(
                        new SubscriptionInvoicePaid(subscriptionId, invoiceId, amount.asLong(), currency, eventId, at));
        }
        if (at.isBefore(row.lastEventAt()) || row.status().equals("canceled"))
            return new Outcome("ignored", "ignored: the subscription's state is newer or it has ended");
        String status = type.equals("invoice.paid") ? "active" : "past_due";
        Timestamp pastDueSince =
                status.equals("past_due") ? Timestamp.from(row.pastDueSince() != null ? row.pastDueSince() : at) : null;
        jdbc.update(
                "UPDATE subscription SET status = ?, past_due_since = ?, last_event_at = ? WHERE id = ?",
                status,
                pastDueSince,
                Timestamp.from(at),
                subscriptionId);
        if (!status.equals(row.status())) record(subscriptionId, eventId, type, at);
        return new Outcome("subscription", "subscription " + status);
    }

    private static void requireTime(Instant at) {
        if (at == null)
            throw new BadRequest(
                    "The event has no time.", List.of(new Violation("created", "must be a Unix time in seconds")));
    }

    /** The state now in the row, as an event and as a line of the MRR history. */
    private void record(String id, String eventId, String cause, Instant at) {
        Row row = lock(id);
        jdbc.update(
                """
                INSERT INTO subscription_change (subscription_id, subscriber_type, subscriber_id, plan, status, mrr_minor,
                                                 currency, at, stripe_event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                id,
                row.subscriberType(),
                row.subscriberId(),
                row.plan().name(),
                row.status(),
                row.mrrMinor(),
                row.currency(),
                Timestamp.from(at),
                eventId);
        events.append(new SubscriptionChanged(
                id,
                row.subscriberType(),
                row.subscriberId(),
                row.plan(),
                row.status(),
                row.mrrMinor(),
                row.currency(),
                eventId,
                cause,
                at,
                row.cancelAtPeriodEnd()));
        log.info(
                "Subscription {} of {} {}: {} ({})", id, row.subscriberType(), row.subscriberId(), row.status(), cause);
    }

    private record Row(
            String subscriberType,
            String subscriberId,
            Plan plan,
            String status,
            long mrrMinor,
            String currency,
            Instant pastDueSince,
            Instant lastEventAt,
            boolean cancelAtPeriodEnd) {}

    private Row lock(String id) {
        return jdbc.queryForObject(
                """
                SELECT subscriber_type, subscriber_id, plan, status, mrr_minor, currency, past_due_since, last_event_at,
                       cancel_at_period_end
                  FROM subscription WHERE id = ? FOR UPDATE""",
                (rs, n) -> new Row(
                        rs.getString("subscriber_type"),
                        rs.getString("subscriber_id"),
                        Plan.valueOf(rs.getString("plan")),
                        rs.getString("status"),
                        rs.getLong("mrr_minor"),
                        rs.getString("currency"),
                        instant(rs, "past_due_since"),
                        instant(rs, "last_event_at"),
                        rs.getBoolean("cancel_at_period_end")),
                id);
    }

    private boolean subscriberExists(String type, String id) {
        String sql = switch (type) {
            case "USER" -> "SELECT count(*) FROM app_user WHERE id = ?";
            case "WORKSPACE" -> "SELECT count(*) FROM workspace WHERE id = ?";
            default -> null;
        };
        if (sql == null) return false;
        Long n = jdbc.queryForObject(sql, Long.class, id);
        return n != null && n > 0;
    }

    private static Optional<String> text(JsonNode node) {
        if (node.isTextual() && !node.asText().isBlank()) return Optional.of(node.asText());
        if (node.path("id").isTextual()) return Optional.of(node.path("id").asText());
        return Optional.empty();
    }

    private static Subscription subscription(ResultSet rs) throws SQLException {
        return new Subscription(
                rs.getString("id"),
                Plan.valueOf(rs.getString("plan")),
                rs.getString("status"),
                instant(rs, "current_period_end"),
                instant(rs, "past_due_since"),
                rs.getLong("mrr_minor"),
                rs.getString("currency"),
                rs.getBoolean("cancel_at_period_end"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
