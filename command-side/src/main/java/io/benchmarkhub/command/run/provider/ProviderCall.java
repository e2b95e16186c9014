package io.benchmarkhub.command.run.provider;

/** One attempt at a call to a provider. */
@FunctionalInterface
public interface ProviderCall<T> {
    T call() throws ProviderFailure;
}
