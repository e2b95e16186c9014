package io.benchmarkhub.api.auth;

import io.benchmarkhub.domain.user.UserId;
import io.benchmarkhub.domain.user.events.UserEmailVerified;
import io.benchmarkhub.domain.user.events.UserIdentityLinked;
import io.benchmarkhub.domain.user.events.UserSignedUp;
import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns an OIDC sign-in into an account (Spring Security's OAuth2 client does the protocol: state, nonce, code
 * exchange, ID token signature and claims). An identity already linked signs in its account. Otherwise the provider
 * must say the email is verified: it then links to the account with that verified email, or makes a new account. An
 * unverified email, or an existing account whose email is not verified (someone may have typed another's address),
 * is refused, so nobody takes over an account through a provider.
 */
class OidcAccounts implements OAuth2UserService<OidcUserRequest, OidcUser> {

    /** The principal after an OIDC sign-in: the provider's user plus the account it signs in. */
    public static final class LinkedUser extends DefaultOidcUser {
        private final String userId;

        LinkedUser(OidcUser user, String userId) {
            super(user.getAuthorities(), user.getIdToken(), user.getUserInfo());
            this.userId = userId;
        }

        public UserId userId() {
            return new UserId(userId);
        }
    }

    private final OidcUserService delegate = new OidcUserService();
    private final UserAccounts accounts;
    private final JdbcTemplate jdbc;
    private final AccountEvents events;
    private final TransactionTemplate tx;

    public OidcAccounts(UserAccounts accounts, JdbcTemplate jdbc, AccountEvents events, TransactionTemplate tx) {
        this.accounts = accounts;
        this.jdbc = jdbc;
        this.events = events;
        this.tx = tx;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) throws OAuth2AuthenticationException {
        OidcUser user = delegate.loadUser(request);
        String provider = request.getClientRegistration().getRegistrationId();
        String subject = user.getSubject();
        String email = user.getEmail() == null ? null : UserAccounts.normalizeEmail(user.getEmail());
        boolean verified = Boolean.TRUE.equals(user.getEmailVerified());
        String userId = tx.execute(status -> {
            var linked = jdbc.queryForList(
                    "SELECT user_id FROM user_identity WHERE provider = ? AND subject = ?",
                    String.class,
                    provider,
                    subject);
            if (!linked.isEmpty()) return linked.getFirst();
            if (email == null || !verified)
                throw refused("email_not_verified", "The provider did not confirm the email address.");
            var existing = accounts.findByEmail(email);
            UserId id;
            if (existing.isPresent()) {
                if (existing.get().emailVerifiedAt() == null) {
                    throw refused(
                            "account_email_not_verified",
                            "An account with this email exists but has not verified it; sign in with its password and verify it first.");
                }
                id = existing.get().id();
            } else {
                var created =
                        accounts.createAccount(freeHandle(user, email), displayName(user, email), email, true, null);
                id = created.id();
                events.append(new UserSignedUp(id, "OIDC", Role.USER.name()), id);
                events.append(new UserEmailVerified(id), id);
            }
            jdbc.update(
                    "INSERT INTO user_identity (provider, subject, user_id) VALUES (?, ?, ?)",
                    provider,
                    subject,
                    id.value());
            events.append(new UserIdentityLinked(id, provider), id);
            return id.value();
        });
        if (accounts.active(new UserId(userId)).isEmpty())
            throw refused("account_disabled", "This account is disabled.");
        return new LinkedUser(user, userId);
    }

    private static OAuth2AuthenticationException refused(String code, String description) {
        return new OAuth2AuthenticationException(new OAuth2Error(code, description, null));
    }

    private String freeHandle(OidcUser user, String email) {
        String base = user.getPreferredUsername() != null ? user.getPreferredUsername() : email.split("@", 2)[0];
        base = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-").replaceAll("^[^a-z0-9]+", "");
        if (base.length() < 2) base = "user";
        if (base.length() > 48) base = base.substring(0, 48);
        String handle = base;
        while (Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM app_user WHERE handle = ?)", Boolean.class, handle))) {
            handle = base + "-" + UUID.randomUUID().toString().substring(0, 6);
        }
        return handle;
    }

    private static String displayName(OidcUser user, String email) {
        String name = user.getFullName() != null ? user.getFullName() : email.split("@", 2)[0];
        return name.length() > 200 ? name.substring(0, 200) : name;
    }
}
