package io.benchmarkhub.command.credits;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.credits.ClawbackCause;
import io.benchmarkhub.domain.credits.CreditException;
import io.benchmarkhub.domain.credits.CreditPricing;
import io.benchmarkhub.domain.credits.LotUse;
import io.benchmarkhub.domain.credits.ModelCost;
import io.benchmarkhub.domain.credits.commands.ChargeRun;
import io.benchmarkhub.domain.credits.commands.ClawBackPayment;
import io.benchmarkhub.domain.credits.commands.CreditCommand;
import io.benchmarkhub.domain.credits.commands.GrantCredits;
import io.benchmarkhub.domain.credits.commands.PurchaseCredits;
import io.benchmarkhub.domain.credits.commands.RefundLot;
import io.benchmarkhub.domain.credits.commands.ReleaseReservation;
import io.benchmarkhub.domain.credits.commands.ReserveCredits;
import io.benchmarkhub.domain.credits.commands.SettleOwedCredits;
import io.benchmarkhub.domain.credits.events.CreditEvent;
import io.benchmarkhub.domain.credits.events.CreditsCharged;
import io.benchmarkhub.domain.credits.events.CreditsClawedBack;
import io.benchmarkhub.domain.credits.events.CreditsGranted;
import io.benchmarkhub.domain.credits.events.CreditsPurchased;
import io.benchmarkhub.domain.credits.events.CreditsRefunded;
import io.benchmarkhub.domain.credits.events.CreditsReserved;
import io.benchmarkhub.domain.credits.events.OwedCreditsRecovered;
import io.benchmarkhub.domain.credits.events.OwedCreditsSettled;
import io.benchmarkhub.domain.credits.events.ReservationReleased;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.user.UserId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.modelling.command.AbstractRepository;
import org.axonframework.modelling.command.AggregateAnnotationCommandHandler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.LoggerFactory;

/**
 * The credit ledger over random histories of one account: purchases (some payments delivered again),
 * grants, runs that reserve and are then charged (for part of their reservation, all of it, or more —
 * a failed or cancelled run is charged for what it used), released or left hanging, refunds, clawbacks of
 * purchases refunded or disputed at the payment provider (whose spent credits are owed), settlements of what
 * is owed, and commands delivered twice. Each command goes through the real {@link CreditAccount} handlers on Axon's command
 * bus and an in-memory event store. After every step the outcome (events, or the refusal) is the one a
 * reference ledger of FIFO lots with cumulative-floor revenue predicts, and the events so far balance.
 */
class CreditLedgerPropertiesTest {

    private static final UserId ADMIN = new UserId("usr_admin");
    private static final CreditPricing DEFAULT_PRICING = new CreditPricing(1_000, 13_000);
    private static final int PAYMENTS = 5;
    private static final int GRANTS = 3;
    private static final AtomicInteger ACCOUNTS = new AtomicInteger();

    /** Axon logs, at WARN with a stack trace, each command that finds no account and may create one: hundreds per run. */
    private static final Logger REPOSITORY_LOG = (Logger) LoggerFactory.getLogger(AbstractRepository.class);

    private static InMemoryAccounts axon;
    private static Level repositoryLogLevel;

    @BeforeContainer
    static void startAxon() {
        axon = new InMemoryAccounts();
        repositoryLogLevel = REPOSITORY_LOG.getLevel();
        REPOSITORY_LOG.setLevel(Level.ERROR);
    }

    @AfterContainer
    static void stopAxon() {
        REPOSITORY_LOG.setLevel(repositoryLogLevel);
        axon.close();
    }

    @Property(tries = 500)
    void every_command_does_what_the_reference_ledger_predicts_and_the_events_always_balance(
            @ForAll("histories") List<Step> history) {
        // a fresh account per try (and per shrinking attempt) on the one in-memory store
        var account = new AccountId("acct_usr_ledger" + ACCOUNTS.incrementAndGet());
        var reference = new ReferenceLedger(account);
        var events = new ArrayList<CreditEvent>();
        var runs = new ArrayList<RunId>();
        CreditCommand previous = null;
        for (Step step : history) {
            CreditCommand command = step instanceof Again ? previous : step.command(account, runs, lotIds(events));
            if (command == null) continue;
            previous = command;

            Outcome expected = reference.handle(command);
            Outcome actual = axon.send(command);
            assertThat(actual).as("the outcome of %s", command).isEqualTo(expected);
            events.addAll(actual.events());
            Statistics.label("step")
                    .collect(step.getClass().getSimpleName()
                            + (actual.refusal() != null
                                    ? " refused"
                                    : actual.events().isEmpty() ? " no-op" : ""));
            actual.events().forEach(event -> {
                if (event instanceof CreditsCharged charged) {
                    Statistics.label("charge").collect(kind(charged));
                    Statistics.label("lots paying a charge")
                            .collect(Math.min(charged.lots().size(), 3));
                }
                if (event instanceof CreditsClawedBack clawback) {
                    Statistics.label("clawback")
                            .collect(
                                    clawback.owedCredits() == 0
                                            ? "all taken back"
                                            : clawback.credits() == 0 ? "all owed" : "part owed");
                }
                if (event instanceof OwedCreditsRecovered)
                    Statistics.label("owed credits").collect("recovered");
            });

            Ledger ledger = Ledger.of(events);
            ledger.assertBalanced(reference);
            if (!events.isEmpty()) {
                assertThat(availableAccordingTo(account))
                        .as("the credits the account says are available")
                        .isEqualTo(ledger.available());
            }
        }
    }

    private static String kind(CreditsCharged charged) {
        if (charged.uncoveredCostMicros() > 0) return "capped at the reservation";
        return charged.credits() == 0 ? "nothing" : "within the reservation";
    }

    private static List<String> lotIds(List<CreditEvent> events) {
        return events.stream()
                .<String>mapMulti((event, lots) -> {
                    if (event instanceof CreditsPurchased e) lots.accept(e.lotId());
                    if (event instanceof CreditsGranted e) lots.accept(e.lotId());
                })
                .toList();
    }

    /** Asks the aggregate what it has available: a reservation of one credit more than that is refused, naming the figure. */
    private static long availableAccordingTo(AccountId account) {
        Ledger ledger = Ledger.of(axon.stored(account));
        Outcome probe = axon.send(new ReserveCredits(account, new RunId("run_probe"), ledger.available() + 1));
        assertThat(probe.events()).as("a probe never reserves").isEmpty();
        // an account that owes reserves nothing at all; it has nothing available either (assertBalanced)
        if (probe.refusal() != null && probe.refusal().startsWith("Owing ")) return 0;
        assertThat(probe.refusal()).as("the probe's refusal").startsWith("InsufficientCredits ");
        return Long.parseLong(
                probe.refusal().substring("InsufficientCredits ".length()).split("/")[0]);
    }

    // --- the random histories ------------------------------------------------------------------------

    /**
     * One step of a history. Runs are named by how far back they were reserved (0 = the latest), so that
     * most charges and releases meet a reservation and shrinking moves towards the latest run; small payment
     * and grant id ranges make redelivered payments and grants common.
     */
    sealed interface Step permits Buy, Give, Reserve, Charge, Release, Refund, ClawBack, Settle, Again {
        /** @param runs the runs of the history so far, oldest first; @param lots its lots, in arrival order */
        CreditCommand command(AccountId account, List<RunId> runs, List<String> lots);
    }

    record Buy(int payment, long credits, long amountMinor) implements Step {
        public CreditCommand command(AccountId account, List<RunId> runs, List<String> lots) {
            return new PurchaseCredits(account, "cs_" + payment, credits, amountMinor, "usd");
        }
    }

    record Give(int grant, long credits) implements Step {
        public CreditCommand command(AccountId account, List<RunId> runs, List<String> lots) {
            return new GrantCredits(account, "grant_" + grant, credits, "promotion", ADMIN);
        }
    }

    /** A new run's reservation ({@code back} 0), or another for a run reserved {@code back} runs ago. */
    record Reserve(int back, long credits) implements Step {
        public CreditCommand command(AccountId account, List<RunId> runs, List<String> lots) {
            if (back == 0 || back > runs.size()) {
                runs.add(new RunId("run_" + runs.size()));
                return new ReserveCredits(account, runs.getLast(), credits);
            }
            return new ReserveCredits(account, runs.get(runs.size() - back), credits);
        }
    }

    /** A run's end: its per-model API costs (less than, about or more than its reservation) at some pricing. */
    record Charge(int back, List<Long> costs, CreditPricing pricing) implements Step {
        public CreditCommand command(AccountId account, List<RunId> runs, List<String> lots) {
            var byModel = IntStream.range(0, costs.size())
                    .mapToObj(i -> new ModelCost("m" + i, costs.get(i)))
                    .toList();
            return new ChargeRun(account, run(runs, back), byModel, pricing);
        }
    }

    record Release(int back) implements Step {
        public CreditCommand command(AccountId account, List<RunId> runs, List<String> lots) {
            return new ReleaseReservation(account, run(runs, back));
        }
    }

    /** A refund of the lot at {@code index} in arrival order (purchased or granted), or of a lot that never existed. */
    record Refund(int index) implements Step {
        public CreditCommand command(AccountId account, List<RunId> runs, List<String> lots) {
            return new RefundLot(account, index < lots.size() ? lots.get(index) : "lot_unknown", ADMIN);
        }
    }

    /** The provider took back {@code reversedMinor} of payment {@code payment} (perhaps never made, perhaps in euros). */
    record ClawBack(int payment, ClawbackCause cause, long reversedMinor, boolean euros) implements Step {
        public CreditCommand command(AccountId account, List<RunId> runs, List<String> lots) {
            return new ClawBackPayment(account, "cs_" + payment, cause, reversedMinor, euros ? "eur" : "usd");
        }
    }

    record Settle() implements Step {
        public CreditCommand command(AccountId account, List<RunId> runs, List<String> lots) {
            return new SettleOwedCredits(account, "written off", ADMIN);
        }
    }

    /** The previous command, delivered again. */
    record Again() implements Step {
        public CreditCommand command(AccountId account, List<RunId> runs, List<String> lots) {
            return null;
        }
    }

    /** The run reserved {@code back} runs before the latest, or one that never reserved. */
    private static RunId run(List<RunId> runs, int back) {
        return back < runs.size() ? runs.get(runs.size() - 1 - back) : new RunId("run_never_reserved");
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        return Arbitraries.frequencyOf(
                        Tuple.of(3, buys()),
                        Tuple.of(1, gives()),
                        Tuple.of(4, reserves()),
                        Tuple.of(3, charges()),
                        Tuple.of(1, releases()),
                        Tuple.of(1, refunds()),
                        Tuple.of(2, clawbacks()),
                        Tuple.of(1, Arbitraries.<Step>just(new Settle())),
                        Tuple.of(2, Arbitraries.<Step>just(new Again())))
                .list()
                .ofMinSize(1)
                .ofMaxSize(60)
                .withSizeDistribution(RandomDistribution.uniform());
    }

    private static Arbitrary<Step> buys() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, PAYMENTS - 1),
                        Arbitraries.longs().between(1, 60),
                        Arbitraries.longs().between(0, 50_000))
                .as(Buy::new);
    }

    private static Arbitrary<Step> gives() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, GRANTS - 1),
                        Arbitraries.longs().between(1, 100))
                .as(Give::new);
    }

    private static Arbitrary<Step> reserves() {
        return Combinators.combine(runs(), Arbitraries.longs().between(0, 100)).as(Reserve::new);
    }

    private static Arbitrary<Step> charges() {
        // at the default pricing 30,000 µ$ is 39 credits, about a reservation: some charges are partial, some capped
        Arbitrary<List<Long>> costs =
                Arbitraries.longs().between(0, 30_000).list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<CreditPricing> pricings = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(DEFAULT_PRICING)),
                Tuple.of(
                        1,
                        Combinators.combine(
                                        Arbitraries.longs().between(1, 5_000),
                                        Arbitraries.longs().between(0, 30_000))
                                .as(CreditPricing::new)));
        return Combinators.combine(runs(), costs, pricings).as(Charge::new);
    }

    private static Arbitrary<Step> releases() {
        return runs().map(Release::new);
    }

    private static Arbitrary<Step> clawbacks() {
        // up to 60,000: more than any price (at most 50,000), so some reversals are whole and some partial
        return Combinators.combine(
                        Arbitraries.integers().between(0, PAYMENTS - 1),
                        Arbitraries.of(ClawbackCause.class),
                        Arbitraries.longs().between(0, 60_000),
                        Arbitraries.frequencyOf(
                                Tuple.of(9, Arbitraries.just(false)), Tuple.of(1, Arbitraries.just(true))))
                .as(ClawBack::new);
    }

    private static Arbitrary<Step> refunds() {
        return Arbitraries.integers().between(0, 6).map(Refund::new);
    }

    /** How many runs back: mostly the latest. */
    private static Arbitrary<Integer> runs() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(1, 3)));
    }

    // --- outcomes ------------------------------------------------------------------------------------

    /** What a command did: the events it recorded, or why it was refused. */
    record Outcome(List<CreditEvent> events, String refusal) {
        static final Outcome NOTHING = new Outcome(List.of(), null);

        static Outcome of(CreditEvent... events) {
            return new Outcome(List.of(events), null);
        }

        static Outcome refused(String why) {
            return new Outcome(List.of(), why);
        }

        static String refusal(Throwable e) {
            return switch (e) {
                case CreditException.InsufficientCredits insufficient ->
                    "InsufficientCredits " + insufficient.available() + "/" + insufficient.needed();
                case CreditException.Owing owing -> "Owing " + owing.owed();
                case CreditException refused -> refused.getClass().getSimpleName();
                case AggregateNotFoundException notFound -> notFound.getClass().getSimpleName();
                default -> e.getClass().getName() + ": " + e.getMessage();
            };
        }
    }

    /** Axon's command bus, aggregate command handler and event-sourcing repository for {@link CreditAccount}, in memory. */
    private static final class InMemoryAccounts implements AutoCloseable {

        private final EmbeddedEventStore eventStore = EmbeddedEventStore.builder()
                .storageEngine(new InMemoryEventStorageEngine())
                .build();
        private final SimpleCommandBus commandBus = SimpleCommandBus.builder().build();

        InMemoryAccounts() {
            var repository = EventSourcingRepository.builder(CreditAccount.class)
                    .eventStore(eventStore)
                    .build();
            AggregateAnnotationCommandHandler.<CreditAccount>builder()
                    .aggregateType(CreditAccount.class)
                    .repository(repository)
                    .build()
                    .subscribe(commandBus);
        }

        Outcome send(CreditCommand command) {
            int before = stored(command.accountId()).size();
            var result = new CompletableFuture<CommandResultMessage<?>>();
            commandBus.dispatch(
                    GenericCommandMessage.asCommandMessage(command),
                    (message, commandResult) -> result.complete(commandResult));
            CommandResultMessage<?> commandResult = result.join();
            List<CreditEvent> stored = stored(command.accountId());
            var recorded = List.copyOf(stored.subList(before, stored.size()));
            return new Outcome(
                    recorded, commandResult.isExceptional() ? Outcome.refusal(commandResult.exceptionResult()) : null);
        }

        List<CreditEvent> stored(AccountId account) {
            return eventStore
                    .readEvents(account.value())
                    .asStream()
                    .map(event -> (CreditEvent) event.getPayload())
                    .toList();
        }

        @Override
        public void close() {
            eventStore.shutDown();
        }
    }

    // --- the reference ledger --------------------------------------------------------------------------

    /**
     * What an account should do, written plainly: lots kept forever in arrival order, a lot's revenue so far
     * always ⌊amount × used ÷ credits⌋, credits used oldest lot first, charges capped at the reservation.
     */
    private static final class ReferenceLedger {

        private static final class Lot {
            final String id;
            final long credits;
            final long amount;
            final String currency;
            final boolean purchased;
            final String paymentId;
            long used;
            long recognised;
            /** credits that left with their money: refunded by an admin, clawed back or owed */
            long reversedCredits;

            final Map<ClawbackCause, Long> reversedMinor = new HashMap<>();

            Lot(String id, long credits, long amount, String currency, boolean purchased, String paymentId) {
                this.id = id;
                this.credits = credits;
                this.amount = amount;
                this.currency = currency;
                this.purchased = purchased;
                this.paymentId = paymentId;
            }

            long remaining() {
                return credits - used;
            }

            /** Uses n credits and answers the revenue that moves the lot's total to the cumulative floor. */
            LotUse take(long n) {
                used += n;
                long before = recognised;
                recognised = amount * used / credits;
                return new LotUse(id, n, recognised - before, currency);
            }
        }

        private final AccountId account;
        private final List<Lot> lots = new ArrayList<>();
        private final Map<RunId, Long> held = new HashMap<>();
        private final Set<RunId> settled = new HashSet<>();
        private boolean exists;
        private long revenue;
        private long owed;

        ReferenceLedger(AccountId account) {
            this.account = account;
        }

        long balance() {
            return lots.stream().mapToLong(Lot::remaining).sum();
        }

        long reserved() {
            return held.values().stream().mapToLong(Long::longValue).sum();
        }

        long revenue() {
            return revenue;
        }

        Outcome handle(CreditCommand command) {
            Outcome outcome = switch (command) {
                case PurchaseCredits c -> purchase(c);
                case GrantCredits c -> grant(c);
                case ReserveCredits c -> reserve(c);
                case ChargeRun c -> charge(c);
                case ReleaseReservation c -> release(c);
                case RefundLot c -> refund(c);
                case ClawBackPayment c -> clawBack(c);
                case SettleOwedCredits c -> settle(c);
            };
            if (!outcome.events().isEmpty()) exists = true;
            return outcome;
        }

        private Lot lot(String id) {
            return lots.stream().filter(lot -> lot.id.equals(id)).findFirst().orElse(null);
        }

        private Outcome purchase(PurchaseCredits c) {
            String lotId = "lot_" + c.paymentId();
            if (lot(lotId) != null) return Outcome.NOTHING;
            lots.add(new Lot(lotId, c.credits(), c.amountMinor(), c.currency(), true, c.paymentId()));
            return withRecovery(
                    new CreditsPurchased(account, lotId, c.credits(), c.amountMinor(), c.currency(), c.paymentId()));
        }

        private Outcome grant(GrantCredits c) {
            String lotId = "lot_" + c.grantId();
            if (lot(lotId) != null) return Outcome.NOTHING;
            lots.add(new Lot(lotId, c.credits(), 0, "usd", false, null));
            return withRecovery(new CreditsGranted(account, lotId, c.credits(), c.reason(), c.grantedBy()));
        }

        private Outcome reserve(ReserveCredits c) {
            if (held.containsKey(c.runId()) || settled.contains(c.runId())) return Outcome.NOTHING;
            if (owed > 0) return Outcome.refused("Owing " + owed);
            long available = balance() - reserved();
            if (c.credits() > available) return Outcome.refused("InsufficientCredits " + available + "/" + c.credits());
            held.put(c.runId(), c.credits());
            return Outcome.of(new CreditsReserved(account, c.runId(), c.credits()));
        }

        private Outcome charge(ChargeRun c) {
            Long reservation = held.remove(c.runId());
            if (reservation == null) return Outcome.NOTHING;
            settled.add(c.runId());
            long cost = c.costs().stream().mapToLong(ModelCost::apiCostMicros).sum();
            long perCredit = 10_000 * c.pricing().microsPerCredit();
            long due = Math.ceilDiv(cost * c.pricing().markupBasisPoints(), perCredit);
            long credits = Math.min(due, reservation);
            // the reservation pays for costs up to ⌊reservation × 10,000 × µ$/credit ÷ markup⌋
            long uncovered = due > reservation
                    ? cost
                            - Math.min(
                                    cost, reservation * perCredit / c.pricing().markupBasisPoints())
                    : 0;
            var uses = new ArrayList<LotUse>();
            long left = credits;
            for (Lot lot : lots) {
                long n = Math.min(left, lot.remaining());
                if (n == 0) continue;
                LotUse use = lot.take(n);
                revenue += use.amountMinor();
                uses.add(use);
                left -= n;
            }
            var charged = new CreditsCharged(account, c.runId(), credits, cost, uncovered, uses, c.costs());
            return reservation > credits
                    ? withRecovery(charged, new ReservationReleased(account, c.runId(), reservation - credits))
                    : withRecovery(charged);
        }

        private Outcome release(ReleaseReservation c) {
            if (!exists) return Outcome.refused("AggregateNotFoundException");
            Long reservation = held.remove(c.runId());
            if (reservation == null) return Outcome.NOTHING;
            settled.add(c.runId());
            return withRecovery(new ReservationReleased(account, c.runId(), reservation));
        }

        private Outcome refund(RefundLot c) {
            if (!exists) return Outcome.refused("AggregateNotFoundException");
            Lot lot = lot(c.lotId());
            if (lot == null) return Outcome.refused("LotNotFound");
            if (!lot.purchased) return Outcome.refused("StateConflict");
            // reservations will be charged from the oldest lots: only what this lot holds beyond them is free
            long upToThisLot = 0;
            for (Lot earlier : lots) {
                upToThisLot += earlier.remaining();
                if (earlier == lot) break;
            }
            long n = Math.min(lot.remaining(), Math.max(0, upToThisLot - reserved()));
            if (n == 0) return Outcome.refused("StateConflict");
            lot.reversedCredits += n;
            return Outcome.of(new CreditsRefunded(account, lot.take(n), c.refundedBy()));
        }

        /**
         * The credits the money taken back bought, ⌈credits × min(reversed, price) ÷ price⌉ over both causes, less what
         * already left with its money; unspent, unreserved credits of the lot are taken, the rest owed, then recovered.
         */
        private Outcome clawBack(ClawBackPayment c) {
            if (!exists) return Outcome.refused("AggregateNotFoundException");
            Lot lot = lot("lot_" + c.paymentId());
            if (lot == null || !lot.purchased) return Outcome.refused("LotNotFound");
            if (!lot.currency.equals(c.currency())) return Outcome.refused("StateConflict");
            long reversedNow = Math.max(c.reversedMinor(), lot.reversedMinor.getOrDefault(c.cause(), 0L));
            long money = reversedNow;
            for (var cause : ClawbackCause.values())
                if (cause != c.cause()) money += lot.reversedMinor.getOrDefault(cause, 0L);
            long target = money <= 0
                    ? 0
                    : lot.amount == 0 || money >= lot.amount
                            ? lot.credits
                            : Math.ceilDiv(lot.credits * money, lot.amount);
            long due = target - lot.reversedCredits;
            if (due <= 0) return Outcome.NOTHING;
            long take = Math.min(due, Math.min(lot.remaining(), balance() - reserved()));
            long amount = take == 0 ? 0 : lot.take(take).amountMinor();
            lot.reversedMinor.put(c.cause(), reversedNow);
            lot.reversedCredits += due;
            owed += due - take;
            return withRecovery(new CreditsClawedBack(
                    account, lot.id, c.paymentId(), c.cause(), reversedNow, take, amount, lot.currency, due - take));
        }

        private Outcome settle(SettleOwedCredits c) {
            if (owed == 0) return Outcome.refused("StateConflict");
            long credits = owed;
            owed = 0;
            return Outcome.of(new OwedCreditsSettled(account, credits, c.reason(), c.settledBy()));
        }

        /** The events, then what the account owes paid from the credits now available, oldest lot first. */
        private Outcome withRecovery(CreditEvent... events) {
            var all = new ArrayList<>(List.of(events));
            long pay = Math.min(owed, balance() - reserved());
            if (pay > 0) {
                owed -= pay;
                var uses = new ArrayList<LotUse>();
                long left = pay;
                for (Lot lot : lots) {
                    long n = Math.min(left, lot.remaining());
                    if (n == 0) continue;
                    LotUse use = lot.take(n);
                    revenue += use.amountMinor();
                    uses.add(use);
                    left -= n;
                }
                all.add(new OwedCreditsRecovered(account, pay, uses));
            }
            return new Outcome(List.copyOf(all), null);
        }
    }

    // --- what the events say ---------------------------------------------------------------------------

    /** The account's figures summed from its events alone. */
    private record Ledger(
            long purchased,
            long granted,
            long charged,
            long refunded,
            long clawedBack,
            long recovered,
            long owed,
            long reserved,
            long released,
            long revenue,
            Map<String, long[]> lots,
            Map<RunId, Long> reservations,
            List<CreditsCharged> charges) {

        /** lots: credits, amount, credits used, amount recognised or refunded */
        static Ledger of(List<CreditEvent> events) {
            long purchased = 0,
                    granted = 0,
                    charged = 0,
                    refunded = 0,
                    clawedBack = 0,
                    recovered = 0,
                    owed = 0,
                    reserved = 0,
                    released = 0;
            long revenue = 0;
            var lots = new HashMap<String, long[]>();
            var reservations = new HashMap<RunId, Long>();
            var charges = new ArrayList<CreditsCharged>();
            for (CreditEvent event : events) {
                switch (event) {
                    case CreditsPurchased e -> {
                        purchased += e.credits();
                        lots.put(e.lotId(), new long[] {e.credits(), e.amountMinor(), 0, 0});
                    }
                    case CreditsGranted e -> {
                        granted += e.credits();
                        lots.put(e.lotId(), new long[] {e.credits(), 0, 0, 0});
                    }
                    case CreditsReserved e -> {
                        reserved += e.credits();
                        reservations.put(e.runId(), e.credits());
                    }
                    case CreditsCharged e -> {
                        charged += e.credits();
                        charges.add(e);
                        for (LotUse use : e.lots()) {
                            revenue += use.amountMinor();
                            lots.get(use.lotId())[2] += use.credits();
                            lots.get(use.lotId())[3] += use.amountMinor();
                        }
                    }
                    case ReservationReleased e -> released += e.credits();
                    case CreditsRefunded e -> {
                        refunded += e.refund().credits();
                        lots.get(e.refund().lotId())[2] += e.refund().credits();
                        lots.get(e.refund().lotId())[3] += e.refund().amountMinor();
                    }
                    case CreditsClawedBack e -> {
                        clawedBack += e.credits();
                        owed += e.owedCredits();
                        lots.get(e.lotId())[2] += e.credits();
                        lots.get(e.lotId())[3] += e.amountMinor();
                    }
                    case OwedCreditsRecovered e -> {
                        recovered += e.credits();
                        owed -= e.credits();
                        assertThat(e.lots().stream().mapToLong(LotUse::credits).sum())
                                .as("lot uses of a recovery")
                                .isEqualTo(e.credits());
                        for (LotUse use : e.lots()) {
                            revenue += use.amountMinor();
                            lots.get(use.lotId())[2] += use.credits();
                            lots.get(use.lotId())[3] += use.amountMinor();
                        }
                    }
                    case OwedCreditsSettled e -> owed -= e.credits();
                }
            }
            return new Ledger(
                    purchased,
                    granted,
                    charged,
                    refunded,
                    clawedBack,
                    recovered,
                    owed,
                    reserved,
                    released,
                    revenue,
                    lots,
                    reservations,
                    charges);
        }

        long balance() {
            return purchased + granted - charged - refunded - clawedBack - recovered;
        }

        long outstanding() {
            return reserved - charged - released;
        }

        long available() {
            return balance() - outstanding();
        }

        void assertBalanced(ReferenceLedger reference) {
            // (a) nothing goes negative
            assertThat(balance()).as("balance").isNotNegative();
            assertThat(outstanding()).as("credits still reserved").isNotNegative();
            assertThat(available()).as("credits available").isNotNegative();
            assertThat(owed).as("credits owed").isNotNegative().isEqualTo(reference.owed);
            if (owed > 0)
                assertThat(available())
                        .as("credits available while some are owed: they pay it first")
                        .isZero();

            // (b) the account's sums, the lots' remaining credits and the reference agree
            long remainingInLots =
                    lots.values().stream().mapToLong(lot -> lot[0] - lot[2]).sum();
            assertThat(balance())
                    .as("Σ purchased + Σ granted − Σ charged − Σ refunded − Σ clawed back − Σ recovered")
                    .isEqualTo(remainingInLots)
                    .isEqualTo(reference.balance());
            assertThat(outstanding()).as("credits still reserved").isEqualTo(reference.reserved());

            // (c) revenue is the reference's FIFO cumulative floor, and each lot's recognised + refunded is its own
            assertThat(revenue).as("revenue recognised").isEqualTo(reference.revenue());
            lots.forEach((lotId, lot) -> {
                assertThat(lot[2]).as("credits used of %s", lotId).isBetween(0L, lot[0]);
                assertThat(lot[3]).as("recognised + refunded of %s", lotId).isEqualTo(lot[1] * lot[2] / lot[0]);
                if (lot[2] == lot[0])
                    assertThat(lot[3])
                            .as("recognised + refunded of used-up %s", lotId)
                            .isEqualTo(lot[1]);
            });

            // (d) a run is charged once, never more than it reserved, and its lot uses add up to its charge
            assertThat(charges.stream().map(CreditsCharged::runId).distinct().count())
                    .as("runs charged once")
                    .isEqualTo(charges.size());
            for (CreditsCharged charge : charges) {
                assertThat(reservations)
                        .as("a reservation for charged %s", charge.runId())
                        .containsKey(charge.runId());
                assertThat(charge.credits())
                        .as("charge of %s", charge.runId())
                        .isBetween(0L, reservations.get(charge.runId()));
                assertThat(charge.lots().stream().mapToLong(LotUse::credits).sum())
                        .as("lot uses of %s", charge.runId())
                        .isEqualTo(charge.credits());
                assertThat(charge.uncoveredCostMicros())
                        .as("uncovered cost of %s", charge.runId())
                        .isBetween(0L, charge.apiCostMicros());
            }
        }
    }
}
