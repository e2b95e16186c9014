package io.benchmarkhub.testsupport;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.eventhandling.GenericEventMessage;

/**
 * The clock that stamps events in tests, injected into Axon ({@link GenericEventMessage#clock}): the system time to the
 * microsecond (what PostgreSQL keeps), but never the same instant twice, so no two events share a time. A test that
 * needs an instant strictly between two writes, e.g. to read a state "as of" then, takes {@link #between()} instead of
 * sleeping until the wall clock has moved on.
 */
public final class EventClock extends Clock {

    private static final EventClock INSTANCE = new EventClock();

    private final AtomicReference<Instant> last = new AtomicReference<>(Instant.EPOCH);

    private EventClock() {}

    /** Makes Axon stamp every event message created from now on with this clock. */
    public static void install() {
        if (GenericEventMessage.clock != INSTANCE) GenericEventMessage.clock = INSTANCE;
    }

    /**
     * An instant after every event stamped so far and before every event stamped from now on (the clock is installed if
     * it was not).
     */
    public static Instant between() {
        install();
        return INSTANCE.instant();
    }

    @Override
    public Instant instant() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return last.updateAndGet(previous -> now.isAfter(previous) ? now : previous.plus(1, ChronoUnit.MICROS));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        // events are stamped in UTC and nothing here reads another zone
        if (zone.equals(getZone())) return this;
        throw new UnsupportedOperationException("the event clock is UTC only");
    }
}
