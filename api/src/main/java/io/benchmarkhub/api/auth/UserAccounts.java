package io.benchmarkhub.api.auth;

import io.benchmarkhub.domain.user.UserId;
import io.benchmarkhub.domain.workspace.WorkspaceRole;
import io.swagger.v3.oas.annotations.media.Schema;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Users and their personal API tokens. A token is shown once, when created; only its SHA-256
 * hash is stored (tokens carry 256 random bits, so a fast hash is enough). Passwords are stored as
 * Argon2id hashes ({@link PasswordConfiguration}). A disabled or deleted user authenticates with nothing.
 */
@Repository
public class UserAccounts {

    public static final String TOKEN_PREFIX = "bh_";

    public record User(
            UserId id,
            String handle,
            String displayName,
            Role role,
            Instant createdAt,
            String email,
            Instant emailVerifiedAt,
            Instant disabledAt,
            Instant deletedAt,
            boolean hasPassword) {
        public boolean active() {
            return disabledAt == null && deletedAt == null;
        }
    }

    /** What a sign-in needs: the stored hash (null when the account has only OIDC) and whether it may sign in. */
    public record Credentials(UserId id, String passwordHash, boolean active) {}

    public record TokenInfo(
            String id,
            String name,
            Instant createdAt,
            Instant expiresAt,
            @Schema(description = TokenInfo.LAST_USED) Instant lastUsedAt,
            Instant revokedAt) {
        /** Shared with the workspace tokens' listing, which reads the same column. */
        public static final String LAST_USED =
                "the last time the token authenticated a request, kept to the minute: a use within a minute of the recorded one is not written; null until first used";
    }

    /** A token as created: {@code token} is the only time the secret exists outside the caller. */
    public record IssuedToken(String id, String name, String token, Instant expiresAt) {}

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final RowMapper<User> USER = (rs, n) -> new User(
            new UserId(rs.getString("id")),
            rs.getString("handle"),
            rs.getString("display_name"),
            Role.valueOf(rs.getString("role")),
            rs.getTimestamp("created_at").toInstant(),
            rs.getString("email"),
            instant(rs.getTimestamp("email_verified_at")),
            instant(rs.getTimestamp("disabled_at")),
            instant(rs.getTimestamp("deleted_at")),
            rs.getString("password_hash") != null);

    private final JdbcTemplate jdbc;

    public UserAccounts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates a user; empty when the handle is taken. */
    @Transactional
    public Optional<User> createUser(String handle, String displayName, Role role) {
        UserId id = UserId.generate();
        try {
            jdbc.update(
                    "INSERT INTO app_user (id, handle, display_name, role) VALUES (?, ?, ?, ?)",
                    id.value(),
                    handle,
                    displayName,
                    role.name());
        } catch (DuplicateKeyException e) {
            return Optional.empty();
        }
        return findUser(id);
    }

    /** Which unique field a new account would collide on. */
    public enum Taken {
        HANDLE,
        EMAIL
    }

    /**
     * Creates an account that signs in with a password or an OIDC provider ({@code passwordHash} null). Throws
     * {@link TakenException} when the handle or the email belongs to another account.
     */
    @Transactional
    public User createAccount(
            String handle, String displayName, String email, boolean emailVerified, String passwordHash) {
        UserId id = UserId.generate();
        try {
            jdbc.update(
                    """
                    INSERT INTO app_user (id, handle, display_name, role, email, email_verified_at, password_hash, password_changed_at)
                    VALUES (?, ?, ?, 'USER', ?, CASE WHEN ? THEN now() END, ?, CASE WHEN CAST(? AS text) IS NOT NULL THEN now() END)""",
                    id.value(),
                    handle,
                    displayName,
                    normalizeEmail(email),
                    emailVerified,
                    passwordHash,
                    passwordHash);
        } catch (DuplicateKeyException e) {
            String message = String.valueOf(e.getMessage());
            throw new TakenException(message.contains("app_user_email_key") ? Taken.EMAIL : Taken.HANDLE);
        }
        return findUser(id).orElseThrow();
    }

    public static final class TakenException extends RuntimeException {
        private final Taken field;

        TakenException(Taken field) {
            super(field.name().toLowerCase(Locale.ROOT) + " is taken", null, false, false);
            this.field = field;
        }

        public Taken field() {
            return field;
        }
    }

    public Optional<User> findUser(UserId id) {
        return jdbc.query("SELECT * FROM app_user WHERE id = ?", USER, id.value()).stream()
                .findFirst();
    }

    public Optional<User> findByEmail(String email) {
        return jdbc.query("SELECT * FROM app_user WHERE email = ?", USER, normalizeEmail(email)).stream()
                .findFirst();
    }

    /** The credentials of the account whose email or handle is {@code login}. */
    public Optional<Credentials> credentials(String login) {
        String key = login.strip();
        return jdbc
                .query(
                        """
                        SELECT id, password_hash, disabled_at IS NULL AND deleted_at IS NULL AS active FROM app_user
                         WHERE deleted_at IS NULL AND (email = ? OR handle = ?)""",
                        (rs, n) -> new Credentials(
                                new UserId(rs.getString("id")), rs.getString("password_hash"), rs.getBoolean("active")),
                        normalizeEmail(key),
                        key)
                .stream()
                .findFirst();
    }

    public Optional<String> passwordHash(UserId id) {
        return jdbc.queryForList("SELECT password_hash FROM app_user WHERE id = ?", String.class, id.value()).stream()
                .filter(h -> h != null)
                .findFirst();
    }

    @Transactional
    public void setPassword(UserId id, String passwordHash) {
        jdbc.update(
                "UPDATE app_user SET password_hash = ?, password_changed_at = now() WHERE id = ?",
                passwordHash,
                id.value());
    }

    /**
     * The caller's workspace roles as {@code ws_…:ROLE,…}, read with the user on every request: no node keeps them, so a
     * removed member loses access at once everywhere.
     */
    private static final String WORKSPACES =
            "(SELECT string_agg(m.workspace_id || ':' || m.role, ',') FROM workspace_member m WHERE m.user_id = u.id) AS workspaces";

    private static CurrentUser currentUser(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        var workspaces = new java.util.HashMap<String, WorkspaceRole>();
        String joined = rs.getString("workspaces");
        if (joined != null) {
            for (String pair : joined.split(",")) {
                int colon = pair.lastIndexOf(':');
                workspaces.put(pair.substring(0, colon), WorkspaceRole.valueOf(pair.substring(colon + 1)));
            }
        }
        return new CurrentUser(
                new UserId(rs.getString("id")), rs.getString("handle"), Role.valueOf(rs.getString("role")), workspaces);
    }

    /** The signed-in form of an active user, with their current role; empty for a disabled, deleted or unknown one. */
    public Optional<CurrentUser> active(UserId id) {
        return jdbc
                .query(
                        "SELECT u.id, u.handle, u.role, " + WORKSPACES
                                + " FROM app_user u WHERE u.id = ? AND u.disabled_at IS NULL AND u.deleted_at IS NULL",
                        UserAccounts::currentUser,
                        id.value())
                .stream()
                .findFirst();
    }

    public boolean anyAdmin() {
        return Boolean.TRUE.equals(
                jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM app_user WHERE role = 'ADMIN')", Boolean.class));
    }

    public IssuedToken issueToken(UserId userId, String name) {
        return issueToken(userId, name, null);
    }

    public IssuedToken issueToken(UserId userId, String name, Instant expiresAt) {
        return storeToken(userId, name, newSecret(TOKEN_PREFIX), expiresAt);
    }

    /** Stores a token the operator chose (the configured bootstrap admin token). */
    public IssuedToken storeToken(UserId userId, String name, String token) {
        return storeToken(userId, name, token, null);
    }

    private IssuedToken storeToken(UserId userId, String name, String token, Instant expiresAt) {
        String id = "tok_" + UUID.randomUUID().toString().replace("-", "");
        jdbc.update(
                "INSERT INTO api_token (id, user_id, name, token_hash, expires_at) VALUES (?, ?, ?, ?, ?)",
                id,
                userId.value(),
                name,
                hash(token),
                expiresAt == null ? null : Timestamp.from(expiresAt));
        return new IssuedToken(id, name, token, expiresAt);
    }

    /**
     * The active user a live token belongs to. Marks the token used, to the minute: the lookup's own row says whether
     * the last mark is under a minute old, and then nothing is written, so a busy script costs one statement per request
     * rather than two. The update stays conditional so that two instances racing on a stale mark write it once.
     */
    public Optional<CurrentUser> authenticate(String token) {
        String hash = hash(token);
        var found = jdbc
                .query(
                        """
                        SELECT u.id, u.handle, u.role, %s,
                               t.last_used_at >= now() - interval '%s' AS used_recently
                          FROM api_token t JOIN app_user u ON u.id = t.user_id
                         WHERE t.token_hash = ? AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())
                           AND u.disabled_at IS NULL AND u.deleted_at IS NULL""".formatted(WORKSPACES, TOKEN_USE_GRANULARITY),
                        (rs, n) -> new TokenUser(currentUser(rs, n), rs.getBoolean("used_recently")),
                        hash)
                .stream()
                .findFirst();
        if (found.isPresent() && !found.get().usedRecently()) {
            jdbc.update("""
                    UPDATE api_token SET last_used_at = now()
                     WHERE token_hash = ? AND (last_used_at IS NULL OR last_used_at < now() - interval '%s')""".formatted(TOKEN_USE_GRANULARITY), hash);
        }
        return found.map(TokenUser::user);
    }

    /** How stale a token's {@code last_used_at} may be; {@code lastUsedAt} in the API is documented to this. */
    private static final String TOKEN_USE_GRANULARITY = "1 minute";

    /** A NULL {@code used_recently} (never used) reads as false, so the first use is always written. */
    private record TokenUser(CurrentUser user, boolean usedRecently) {}

    public List<TokenInfo> tokens(UserId userId) {
        return jdbc.query(
                "SELECT id, name, created_at, expires_at, last_used_at, revoked_at FROM api_token WHERE user_id = ? ORDER BY created_at, id",
                (rs, n) -> new TokenInfo(
                        rs.getString("id"),
                        rs.getString("name"),
                        rs.getTimestamp("created_at").toInstant(),
                        instant(rs.getTimestamp("expires_at")),
                        instant(rs.getTimestamp("last_used_at")),
                        instant(rs.getTimestamp("revoked_at"))),
                userId.value());
    }

    /** Revokes one of the user's own tokens; false when they have no such token. */
    public boolean revoke(UserId userId, String tokenId) {
        return jdbc.update(
                        "UPDATE api_token SET revoked_at = now() WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
                        tokenId,
                        userId.value())
                == 1;
    }

    /** Revokes every live token of the user; returns how many. */
    public int revokeAll(UserId userId) {
        return jdbc.update(
                "UPDATE api_token SET revoked_at = now() WHERE user_id = ? AND revoked_at IS NULL", userId.value());
    }

    public static String newSecret(String prefix) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    public static String normalizeEmail(String email) {
        return email == null ? null : email.strip().toLowerCase(Locale.ROOT);
    }

    public static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
