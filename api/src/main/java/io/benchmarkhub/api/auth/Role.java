package io.benchmarkhub.api.auth;

/** What a user may do beyond their own benchmarks: ADMIN manages users and moderates; ANALYST reads audit data. */
public enum Role {
    ADMIN,
    ANALYST,
    USER
}
