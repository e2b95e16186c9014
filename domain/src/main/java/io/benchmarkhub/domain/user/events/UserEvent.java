package io.benchmarkhub.domain.user.events;

import io.benchmarkhub.domain.user.UserId;

/**
 * What happened to an account (issue 13). Stored in the event store under the user's id (aggregate type {@code User}),
 * so {@code GET /api/audit/events?aggregateId=usr_…} shows who changed whose account and when. They carry ids and
 * enumerations only: never an email, a name, a password, a hash or a token.
 */
public sealed interface UserEvent
        permits UserSignedUp,
                UserEmailVerified,
                UserPasswordChanged,
                UserSessionsEnded,
                UserRoleChanged,
                UserDisabled,
                UserEnabled,
                UserCredentialsRevoked,
                UserDeleted,
                UserTokenIssued,
                UserTokenRevoked,
                UserIdentityLinked {

    UserId userId();
}
