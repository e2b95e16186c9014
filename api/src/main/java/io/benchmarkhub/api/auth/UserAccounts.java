package io.benchmarkhub.api.auth;

import io.benchmarkhub.domain.user.UserId;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Users and their personal API tokens. A token is shown once, when created; only its SHA-256
 * hash is stored (tokens carry 256 random bits, so a fast hash is enough).
 */
@Repository
public class UserAccounts {

    public static final String TOKEN_PREFIX = "bh_";

    public record User(UserId id, String handle, String displayName, Role role, Instant createdAt) {
    }

    public record TokenInfo(String id, String name, Instant createdAt, Instant revokedAt) {
    }

    /** A token as created: {@code token} is the only time the secret exists outside the caller. */
    public record IssuedToken(String id, String name, String token) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;

    public UserAccounts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates a user; empty when the handle is taken. */
    @Transactional
    public Optional<User> createUser(String handle, String displayName, Role role) {
        UserId id = UserId.generate();
        try {
            jdbc.update("INSERT INTO app_user (id, handle, display_name, role) VALUES (?, ?, ?, ?)",
                    id.value(), handle, displayName, role.name());
        } catch (DuplicateKeyException e) {
            return Optional.empty();
        }
        return findUser(id);
    }

    public Optional<User> findUser(UserId id) {
        return jdbc.query("SELECT * FROM app_user WHERE id = ?", (rs, n) -> new User(new UserId(rs.getString("id")),
                rs.getString("handle"), rs.getString("display_name"), Role.valueOf(rs.getString("role")),
                rs.getTimestamp("created_at").toInstant()), id.value()).stream().findFirst();
    }

    public boolean anyAdmin() {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM app_user WHERE role = 'ADMIN')", Boolean.class));
    }

    public IssuedToken issueToken(UserId userId, String name) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return storeToken(userId, name, TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** Stores a token the operator chose (the configured bootstrap admin token). */
    public IssuedToken storeToken(UserId userId, String name, String token) {
        String id = "tok_" + UUID.randomUUID().toString().replace("-", "");
        jdbc.update("INSERT INTO api_token (id, user_id, name, token_hash) VALUES (?, ?, ?, ?)", id, userId.value(), name, hash(token));
        return new IssuedToken(id, name, token);
    }

    public Optional<CurrentUser> authenticate(String token) {
        return jdbc.query("""
                SELECT u.id, u.handle, u.role FROM api_token t JOIN app_user u ON u.id = t.user_id
                 WHERE t.token_hash = ? AND t.revoked_at IS NULL""",
                (rs, n) -> new CurrentUser(new UserId(rs.getString("id")), rs.getString("handle"), Role.valueOf(rs.getString("role"))),
                hash(token)).stream().findFirst();
    }

    public List<TokenInfo> tokens(UserId userId) {
        return jdbc.query("SELECT id, name, created_at, revoked_at FROM api_token WHERE user_id = ? ORDER BY created_at",
                (rs, n) -> new TokenInfo(rs.getString("id"), rs.getString("name"), rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("revoked_at") == null ? null : rs.getTimestamp("revoked_at").toInstant()),
                userId.value());
    }

    /** Revokes one of the user's own tokens; false when they have no such token. */
    public boolean revoke(UserId userId, String tokenId) {
        return jdbc.update("UPDATE api_token SET revoked_at = now() WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
                tokenId, userId.value()) == 1;
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
