package io.benchmarkhub.command.run.provider;

import java.time.Duration;

/** Waits; injectable so tests of retries and simulated latency do not sleep for real. */
@FunctionalInterface
interface Sleeper {

    Sleeper REAL = duration -> Thread.sleep(duration);

    Sleeper NONE = duration -> {
        if (Thread.currentThread().isInterrupted()) throw new InterruptedException();
    };

    void sleep(Duration duration) throws InterruptedException;
}
