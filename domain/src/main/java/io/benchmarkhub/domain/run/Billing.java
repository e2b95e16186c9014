package io.benchmarkhub.domain.run;

/** Who pays the providers: the caller's own key for this run only, or managed credits. */
public enum Billing {
    BYOK,
    CREDITS
}
