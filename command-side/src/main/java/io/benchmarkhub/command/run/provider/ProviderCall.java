package io.benchmarkhub.command.run.provider;

/** One attempt at a call to a provider. */
@FunctionalInterface
interface ProviderCall<T> {
    T call() throws ProviderFailure;
}
