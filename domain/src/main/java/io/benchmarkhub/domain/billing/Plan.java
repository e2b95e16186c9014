package io.benchmarkhub.domain.billing;

/** The plans (docs/plans.md): FREE without a subscription; PRO for one person; TEAM for a workspace. */
public enum Plan {
    FREE,
    PRO,
    TEAM
}
