package io.benchmarkhub.api.workspace;

import io.benchmarkhub.api.auth.AccountsProperties;
import io.benchmarkhub.api.auth.CurrentUser;
import io.benchmarkhub.api.auth.UserAccounts;
import io.benchmarkhub.api.billing.Subscriptions;
import io.benchmarkhub.api.mail.MailOutbox;
import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.command.credits.store.WorkspaceSpend;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.billing.Plan;
import io.benchmarkhub.domain.user.UserId;
import io.benchmarkhub.domain.workspace.WorkspaceRole;
import io.benchmarkhub.domain.workspace.events.WorkspaceCreated;
import io.benchmarkhub.domain.workspace.events.WorkspaceDeleted;
import io.benchmarkhub.domain.workspace.events.WorkspaceDetailsChanged;
import io.benchmarkhub.domain.workspace.events.WorkspaceInvitationSent;
import io.benchmarkhub.domain.workspace.events.WorkspaceMemberAdded;
import io.benchmarkhub.domain.workspace.events.WorkspaceMemberRemoved;
import io.benchmarkhub.domain.workspace.events.WorkspaceMemberRoleChanged;
import io.benchmarkhub.domain.workspace.events.WorkspaceMemberSpendLimitChanged;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Workspaces, their members and invitations (issue 18, docs/workspaces.md). Rows, like accounts, with an event of ids
 * per change. Every change locks the workspace row first and reads the caller's role again under that lock, so two
 * nodes cannot, say, each remove one of the last two owners.
 */
@Service
public class Workspaces {

    static final Duration INVITATION_TTL = Duration.ofDays(7);
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,38}[a-z0-9]");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final int MAX_NAME = 100;

    /**
     * A workspace as a member sees it; {@code plan} is the plan in force (docs/plans.md) and {@code subscription} the one
     * giving it, or the latest that ended (null when there never was one).
     */
    public record Workspace(
            String id,
            String name,
            String slug,
            WorkspaceRole role,
            int memberCount,
            Instant createdAt,
            Plan plan,
            Subscriptions.Subscription subscription) {

        Workspace with(Subscriptions.PlanState state) {
            return new Workspace(id, name, slug, role, memberCount, createdAt, state.plan(), state.subscription());
        }
    }

    /**
     * @param monthlySpendLimit the most of the workspace's credits the member's runs may hold and spend in a calendar
     *                          month (UTC); null: no limit
     * @param spentThisMonth    what their runs hold and were charged of the workspace's credits this month
     */
    public record Member(
            String userId,
            String handle,
            WorkspaceRole role,
            Instant joinedAt,
            Long monthlySpendLimit,
            long spentThisMonth) {}

    public record Invitation(String id, String workspaceId, String email, WorkspaceRole role, Instant expiresAt) {}

    public record Accepted(String workspaceId, WorkspaceRole role) {}

    private final JdbcTemplate jdbc;
    private final WorkspaceEvents events;
    private final MailOutbox outbox;
    private final AccountsProperties accounts;
    private final Subscriptions subscriptions;
    private final WorkspaceSpend spend;

    Workspaces(
            JdbcTemplate jdbc,
            WorkspaceEvents events,
            MailOutbox outbox,
            AccountsProperties accounts,
            Subscriptions subscriptions,
            WorkspaceSpend spend) {
        this.subscriptions = subscriptions;
        this.spend = spend;
        this.jdbc = jdbc;
        this.events = events;
        this.outbox = outbox;
        this.accounts = accounts;
    }

    @Transactional
    public Workspace create(UserId creator, String name, String slug) {
        validate(name, slug, true);
        String id = "ws_" + UUID.randomUUID().toString().replace("-", "");
        try {
            jdbc.update(
                    "INSERT INTO workspace (id, name, slug, created_by) VALUES (?, ?, ?, ?)",
                    id,
                    name.strip(),
                    slug,
                    creator.value());
        } catch (DuplicateKeyException e) {
            throw new BadRequest("The workspace is not valid.", List.of(new Violation("slug", "is taken")));
        }
        jdbc.update(
                "INSERT INTO workspace_member (workspace_id, user_id, role) VALUES (?, ?, 'OWNER')",
                id,
                creator.value());
        events.append(new WorkspaceCreated(id, creator), creator);
        events.append(new WorkspaceMemberAdded(id, creator, WorkspaceRole.OWNER, null, creator), creator);
        return find(id, creator).orElseThrow();
    }

    /** The caller's workspaces, oldest first. */
    public List<Workspace> mine(UserId user) {
        return jdbc
                .query(
                        VIEW + " WHERE m.user_id = ? ORDER BY w.created_at, w.id",
                        (rs, n) -> workspace(rs),
                        user.value())
                .stream()
                .map(w -> w.with(subscriptions.ofWorkspace(w.id())))
                .toList();
    }

    /** A workspace the caller is a member of; empty for any other (which answers 404 like one that does not exist). */
    public Optional<Workspace> find(String id, UserId user) {
        return jdbc
                .query(VIEW + " WHERE w.id = ? AND m.user_id = ?", (rs, n) -> workspace(rs), id, user.value())
                .stream()
                .findFirst()
                .map(w -> w.with(subscriptions.ofWorkspace(w.id())));
    }

    /**
     * Lets a list be filtered by a workspace only for its current members, with their roles as read with this request:
     * for anyone else (anonymous callers too) the workspace does not exist (404, ADR 0037), so a filter never tells an
     * outsider which workspace ids exist or what they hold.
     */
    public static void requireMember(CurrentUser user, String workspaceId) {
        if (user == null || !user.workspaces().containsKey(workspaceId)) throw WorkspaceProblem.notFound(workspaceId);
    }

    /** Whether the workspace exists (for a payment made for it), whoever asks. */
    public boolean exists(String id) {
        return !jdbc.queryForList("SELECT id FROM workspace WHERE id = ?", String.class, id)
                .isEmpty();
    }

    @Transactional
    public Workspace update(String id, UserId actor, String name, String slug) {
        require(lock(id, actor), WorkspaceRole.ADMIN, "Only owners and admins may change the workspace.");
        validate(name, slug, false);
        try {
            if (name != null) jdbc.update("UPDATE workspace SET name = ? WHERE id = ?", name.strip(), id);
            if (slug != null) jdbc.update("UPDATE workspace SET slug = ? WHERE id = ?", slug, id);
        } catch (DuplicateKeyException e) {
            throw new BadRequest("The workspace is not valid.", List.of(new Violation("slug", "is taken")));
        }
        if (name != null || slug != null) events.append(new WorkspaceDetailsChanged(id, actor), actor);
        return find(id, actor).orElseThrow();
    }

    /**
     * Deletes an empty workspace; one that still holds benchmarks is refused, as they would be nobody's, and so is one
     * whose account holds or owes credits: nobody could spend, buy or settle them afterwards.
     */
    @Transactional
    public void delete(String id, UserId actor) {
        require(lock(id, actor), WorkspaceRole.OWNER, "Only owners may delete the workspace.");
        Long benchmarks = jdbc.queryForObject("SELECT count(*) FROM benchmark WHERE workspace_id = ?", Long.class, id);
        if (benchmarks != null && benchmarks > 0) {
            throw WorkspaceProblem.conflict(
                    "The workspace still holds " + benchmarks + " benchmark(s); it cannot be deleted yet.");
        }
        // the ledger projection's row of its account (none before its first credit); a purchase still on its way
        // when it is deleted goes to the buyer's own account (docs/workspaces.md#credits)
        var account = jdbc
                .query(
                        "SELECT balance, owed FROM credit_account WHERE account_id = ?",
                        (rs, n) -> new long[] {rs.getLong("balance"), rs.getLong("owed")},
                        "acct_" + id)
                .stream()
                .findFirst();
        if (account.isPresent() && account.get()[0] > 0) {
            throw WorkspaceProblem.credits(
                    "The workspace's account still holds " + account.get()[0]
                            + " credits; spend them before deleting it.",
                    "balance",
                    account.get()[0]);
        }
        if (account.isPresent() && account.get()[1] > 0) {
            throw WorkspaceProblem.credits(
                    "The workspace's account owes " + account.get()[1] + " credits; settle them before deleting it.",
                    "owed",
                    account.get()[1]);
        }
        events.append(new WorkspaceDeleted(id, actor), actor);
        // its tokens' service accounts would be members of nothing; their tokens stop working with the workspace
        jdbc.update(
                "UPDATE api_token SET revoked_at = now() WHERE revoked_at IS NULL AND id IN (SELECT token_id FROM workspace_token WHERE workspace_id = ?)",
                id);
        jdbc.update("DELETE FROM workspace WHERE id = ?", id);
    }

    public List<Member> members(String id, UserId user) {
        if (find(id, user).isEmpty()) throw WorkspaceProblem.notFound(id);
        return jdbc.query(
                """
                SELECT m.user_id, u.handle, m.role, m.joined_at, m.monthly_spend_limit
                  FROM workspace_member m LEFT JOIN app_user u ON u.id = m.user_id
                 WHERE m.workspace_id = ? ORDER BY m.joined_at, m.user_id""",
                (rs, n) -> new Member(
                        rs.getString("user_id"),
                        rs.getString("handle"),
                        WorkspaceRole.valueOf(rs.getString("role")),
                        rs.getTimestamp("joined_at").toInstant(),
                        rs.getObject("monthly_spend_limit") == null ? null : rs.getLong("monthly_spend_limit"),
                        spend.month(id, new UserId(rs.getString("user_id"))).spent()),
                id);
    }

    /** Changes a member's role (when given) and spend limit (when {@code limitSent}), both or neither. */
    @Transactional
    public Member changeMember(
            String id, UserId actor, String memberId, WorkspaceRole role, boolean limitSent, Long limit) {
        Member member = role != null ? changeRole(id, actor, memberId, role) : null;
        return limitSent ? changeSpendLimit(id, actor, memberId, limit) : member;
    }

    /**
     * Sets or removes ({@code limit} null) a member's monthly spend limit. Owners and admins set it; only owners set an
     * owner's. It counts from the next run on: runs already holding credits keep them.
     */
    @Transactional
    public Member changeSpendLimit(String id, UserId actor, String memberId, Long limit) {
        WorkspaceRole mine =
                require(lock(id, actor), WorkspaceRole.ADMIN, "Only owners and admins may set spend limits.");
        WorkspaceRole theirs = roleOf(id, memberId).orElseThrow(() -> memberNotFound(memberId));
        if (theirs == WorkspaceRole.OWNER && mine != WorkspaceRole.OWNER)
            throw WorkspaceProblem.forbidden("Only owners may set an owner's spend limit.");
        int changed = jdbc.update("""
                UPDATE workspace_member SET monthly_spend_limit = ?::bigint
                 WHERE workspace_id = ? AND user_id = ? AND monthly_spend_limit IS DISTINCT FROM ?::bigint""", limit, id, memberId, limit);
        if (changed == 1)
            events.append(new WorkspaceMemberSpendLimitChanged(id, new UserId(memberId), limit, actor), actor);
        return members(id, actor).stream()
                .filter(m -> m.userId().equals(memberId))
                .findFirst()
                .orElseThrow();
    }

    /**
     * Changes a member's role. Admins manage members below owner; only an owner makes or unmakes owners; the last owner
     * stays one.
     */
    @Transactional
    public Member changeRole(String id, UserId actor, String memberId, WorkspaceRole role) {
        if (role == null)
            throw new BadRequest(
                    "The role is not valid.", List.of(new Violation("role", "must be OWNER, ADMIN, MEMBER or VIEWER")));
        WorkspaceRole mine = require(lock(id, actor), WorkspaceRole.ADMIN, "Only owners and admins may change roles.");
        WorkspaceRole theirs = roleOf(id, memberId).orElseThrow(() -> memberNotFound(memberId));
        if ((theirs == WorkspaceRole.OWNER || role == WorkspaceRole.OWNER) && mine != WorkspaceRole.OWNER) {
            throw WorkspaceProblem.forbidden("Only owners may make or unmake owners.");
        }
        if (theirs == WorkspaceRole.OWNER && role != WorkspaceRole.OWNER) assertNotLastOwner(id);
        if (theirs != role) {
            jdbc.update(
                    "UPDATE workspace_member SET role = ? WHERE workspace_id = ? AND user_id = ?",
                    role.name(),
                    id,
                    memberId);
            events.append(new WorkspaceMemberRoleChanged(id, new UserId(memberId), role, actor), actor);
        }
        return members(id, actor).stream()
                .filter(m -> m.userId().equals(memberId))
                .findFirst()
                .orElseThrow();
    }

    /** Removes a member, or lets one leave. Their access ends with this commit: nothing keeps their role elsewhere. */
    @Transactional
    public void remove(String id, UserId actor, String memberId) {
        WorkspaceRole mine = lock(id, actor);
        WorkspaceRole theirs = roleOf(id, memberId).orElseThrow(() -> memberNotFound(memberId));
        if (!actor.value().equals(memberId)) {
            require(mine, WorkspaceRole.ADMIN, "Only owners and admins may remove members.");
            if (theirs == WorkspaceRole.OWNER && mine != WorkspaceRole.OWNER)
                throw WorkspaceProblem.forbidden("Only owners may remove owners.");
        }
        if (theirs == WorkspaceRole.OWNER) assertNotLastOwner(id);
        jdbc.update("DELETE FROM workspace_member WHERE workspace_id = ? AND user_id = ?", id, memberId);
        events.append(new WorkspaceMemberRemoved(id, new UserId(memberId), actor), actor);
    }

    /** Mails an invitation through the outbox, in this transaction; the token is in the mail only, its hash in the row. */
    @Transactional
    public Invitation invite(String id, UserId actor, String email, WorkspaceRole role) {
        var problems = new ArrayList<Violation>();
        if (email == null
                || email.length() > 320
                || !EMAIL.matcher(email.strip()).matches())
            problems.add(new Violation("email", "must be an email address"));
        if (role == null || role == WorkspaceRole.OWNER)
            problems.add(new Violation("role", "must be ADMIN, MEMBER or VIEWER"));
        require(lock(id, actor), WorkspaceRole.ADMIN, "Only owners and admins may invite.");
        if (!problems.isEmpty()) throw new BadRequest("The invitation is not valid.", problems);
        String invitationId = "wsi_" + UUID.randomUUID().toString().replace("-", "");
        String token = UserAccounts.newSecret("wsinv_");
        Instant expiresAt = Instant.now().plus(INVITATION_TTL);
        String address = UserAccounts.normalizeEmail(email);
        jdbc.update(
                """
                INSERT INTO workspace_invitation (id, workspace_id, email, role, token_hash, invited_by, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""",
                invitationId,
                id,
                address,
                role.name(),
                UserAccounts.hash(token),
                actor.value(),
                Timestamp.from(expiresAt));
        String name = jdbc.queryForObject("SELECT name FROM workspace WHERE id = ?", String.class, id);
        outbox.enqueue(address, "You are invited to the BenchmarkHub workspace " + name, """
                Hello,

                you are invited to join the workspace "%s" on BenchmarkHub as %s. Sign in (or sign up) and accept
                within %d days at:

                %s/invitations/%s

                If you did not expect this, ignore this mail.
                """.formatted(
                        name,
                        role.name().toLowerCase(java.util.Locale.ROOT),
                        INVITATION_TTL.toDays(),
                        accounts.publicUrl(),
                        token));
        events.append(new WorkspaceInvitationSent(id, invitationId, role, actor), actor);
        return new Invitation(invitationId, id, address, role, expiresAt);
    }

    /**
     * Accepts an invitation for the signed-in caller. The token is used once (a single UPDATE, so two nodes cannot both use
     * it) and not after it expires. A caller who is a member already keeps their role.
     */
    @Transactional
    public Accepted accept(String token, UserId user) {
        if (token == null || token.isBlank() || token.length() > 200) throw WorkspaceProblem.invitationNotFound();
        var used = jdbc.query(
                """
                        UPDATE workspace_invitation SET accepted_at = now(), accepted_by = ?
                         WHERE token_hash = ? AND accepted_at IS NULL AND expires_at > now()
                        RETURNING id, workspace_id, role""",
                (rs, n) -> new String[] {rs.getString("id"), rs.getString("workspace_id"), rs.getString("role")},
                user.value(),
                UserAccounts.hash(token.strip()));
        if (used.isEmpty()) throw WorkspaceProblem.invitationNotFound();
        String invitationId = used.getFirst()[0];
        String id = used.getFirst()[1];
        WorkspaceRole role = WorkspaceRole.valueOf(used.getFirst()[2]);
        jdbc.queryForList("SELECT id FROM workspace WHERE id = ? FOR UPDATE", String.class, id);
        int added = jdbc.update(
                "INSERT INTO workspace_member (workspace_id, user_id, role) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                id,
                user.value(),
                role.name());
        if (added == 1) events.append(new WorkspaceMemberAdded(id, user, role, invitationId, user), user);
        return new Accepted(id, roleOf(id, user.value()).orElseThrow());
    }

    // --- rules ------------------------------------------------------------------------------

    /** Locks the workspace and checks the caller's role: 404 when they are not a member, 403 when it is too weak. */
    WorkspaceRole requireRole(String id, UserId actor, WorkspaceRole needed, String why) {
        return require(lock(id, actor), needed, why);
    }

    /** The same check for a read, without the lock. */
    WorkspaceRole requireRoleUnlocked(String id, UserId actor, WorkspaceRole needed, String why) {
        return require(
                find(id, actor).orElseThrow(() -> WorkspaceProblem.notFound(id)).role(), needed, why);
    }

    /** Locks the workspace row and answers the caller's role in it; 404 when they are not a member. */
    private WorkspaceRole lock(String id, UserId actor) {
        if (jdbc.queryForList("SELECT id FROM workspace WHERE id = ? FOR UPDATE", String.class, id)
                .isEmpty()) {
            throw WorkspaceProblem.notFound(id);
        }
        return roleOf(id, actor.value()).orElseThrow(() -> WorkspaceProblem.notFound(id));
    }

    private static WorkspaceRole require(WorkspaceRole role, WorkspaceRole needed, String why) {
        if (!role.atLeast(needed)) throw WorkspaceProblem.forbidden(why);
        return role;
    }

    private void assertNotLastOwner(String id) {
        Long owners = jdbc.queryForObject(
                "SELECT count(*) FROM workspace_member WHERE workspace_id = ? AND role = 'OWNER'", Long.class, id);
        if (owners == null || owners <= 1)
            throw WorkspaceProblem.conflict(
                    "A workspace keeps at least one owner; make another member an owner first.");
    }

    private Optional<WorkspaceRole> roleOf(String id, String userId) {
        return jdbc
                .queryForList(
                        "SELECT role FROM workspace_member WHERE workspace_id = ? AND user_id = ?",
                        String.class,
                        id,
                        userId)
                .stream()
                .findFirst()
                .map(WorkspaceRole::valueOf);
    }

    private static WorkspaceProblem memberNotFound(String memberId) {
        return WorkspaceProblem.notFoundDetail("No member " + memberId + " in this workspace.");
    }

    private static void validate(String name, String slug, boolean required) {
        var problems = new ArrayList<Violation>();
        if (name == null ? required : name.isBlank() || name.strip().length() > MAX_NAME) {
            problems.add(new Violation("name", "is required, at most " + MAX_NAME + " characters"));
        }
        if (slug == null ? required : !SLUG.matcher(slug).matches()) {
            problems.add(new Violation("slug", "must be 3-40 lower-case letters, digits and inner hyphens"));
        }
        if (!problems.isEmpty()) throw new BadRequest("The workspace is not valid.", problems);
    }

    private static final String VIEW = """
            SELECT w.id, w.name, w.slug, m.role, w.created_at,
                   (SELECT count(*) FROM workspace_member c WHERE c.workspace_id = w.id) AS member_count
              FROM workspace w JOIN workspace_member m ON m.workspace_id = w.id""";

    private static Workspace workspace(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Workspace(
                rs.getString("id"),
                rs.getString("name"),
                rs.getString("slug"),
                WorkspaceRole.valueOf(rs.getString("role")),
                rs.getInt("member_count"),
                rs.getTimestamp("created_at").toInstant(),
                Plan.FREE,
                null);
    }
}
