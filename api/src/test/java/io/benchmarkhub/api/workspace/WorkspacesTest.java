package io.benchmarkhub.api.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.api.releases.Schedules;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Workspaces, roles and invitations over HTTP against the whole app, PostgreSQL and a real SMTP server (GreenMail). */
class WorkspacesTest extends ApiTestBase {

    @Autowired
    Schedules scheduleService;

    private static final Pattern LINK = Pattern.compile("/invitations/(wsinv_[A-Za-z0-9_-]+)");

    @Test
    void the_creator_owns_the_workspace_and_nobody_else_sees_it() {
        String slug = slug();
        Response created =
                send("POST", "/api/workspaces", alice, "{\"name\": \" Research \", \"slug\": \"" + slug + "\"}");
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().get("id").asText();
        assertThat(created.body().get("name").asText()).isEqualTo("Research");
        assertThat(created.body().get("role").asText()).isEqualTo("OWNER");
        assertThat(created.body().get("memberCount").asInt()).isEqualTo(1);
        assertThat(created.header("Location")).isEqualTo("/api/workspaces/" + id);

        assertThat(get("/api/workspaces", alice).body().get("items").findValuesAsText("id"))
                .containsExactly(id);
        assertThat(get("/api/workspaces", bob).body().get("items")).isEmpty();
        Response hidden = get("/api/workspaces/" + id, bob);
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.header("Content-Type")).startsWith("application/problem+json");
        assertThat(get("/api/workspaces/" + id + "/members", bob).status()).isEqualTo(404);
        assertThat(send("PATCH", "/api/workspaces/" + id, bob, "{\"name\": \"Mine\"}")
                        .status())
                .isEqualTo(404);
        assertThat(send("DELETE", "/api/workspaces/" + id, bob, null).status()).isEqualTo(404);
        assertThat(get("/api/workspaces/" + id, (Caller) null).status()).isEqualTo(401);

        assertThat(send("PATCH", "/api/workspaces/" + id, alice, "{\"name\": \"Research team\"}")
                        .body()
                        .get("name")
                        .asText())
                .isEqualTo("Research team");
        // the events carry ids only
        var types = jdbc.queryForList(
                "SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number",
                String.class,
                id);
        assertThat(types)
                .extracting(t -> t.substring(t.lastIndexOf('.') + 1))
                .containsExactly("WorkspaceCreated", "WorkspaceMemberAdded", "WorkspaceDetailsChanged");
        assertThat(payloads(id)).doesNotContain("Research").doesNotContain(slug);
    }

    @Test
    void bad_input_names_the_field_and_a_taken_slug_is_refused() {
        String slug = slug();
        Response bad = send("POST", "/api/workspaces", alice, "{\"name\": \"\", \"slug\": \"No Spaces\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("errors").findValuesAsText("field")).containsExactly("name", "slug");
        assertThat(send("POST", "/api/workspaces", alice, null).status()).isEqualTo(400);
        assertThat(send("POST", "/api/workspaces", alice, "{\"name\": \"A\", \"slug\": \"" + slug + "\"}")
                        .status())
                .isEqualTo(201);
        Response taken = send("POST", "/api/workspaces", bob, "{\"name\": \"B\", \"slug\": \"" + slug + "\"}");
        assertThat(taken.status()).isEqualTo(400);
        assertThat(taken.body().get("errors").findValuesAsText("field")).containsExactly("slug");
        assertThat(get("/api/workspaces", bob).body().get("items")).isEmpty();
    }

    @Test
    void an_invitation_is_mailed_accepted_once_and_its_token_is_kept_only_as_a_hash() {
        String id = workspace(alice);
        String email = "bob-" + UUID.randomUUID() + "@example.org";
        Response invited = send(
                "POST",
                "/api/workspaces/" + id + "/invitations",
                alice,
                "{\"email\": \"" + email + "\", \"role\": \"VIEWER\"}");
        assertThat(invited.status()).isEqualTo(201);
        assertThat(invited.body().get("role").asText()).isEqualTo("VIEWER");
        String token = tokenIn(awaitMail(email));
        assertThat(invited.text()).doesNotContain(token);
        assertThat(jdbc.queryForList(
                        "SELECT token_hash FROM workspace_invitation WHERE workspace_id = ?", String.class, id))
                .singleElement()
                .isNotEqualTo(token);
        assertThat(payloads(id)).doesNotContain(email).doesNotContain(token);

        assertThat(send("POST", "/api/invitations/" + token + "/accept", (Caller) null, null)
                        .status())
                .isEqualTo(401);
        Response accepted = send("POST", "/api/invitations/" + token + "/accept", bob, null);
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.body().get("workspaceId").asText()).isEqualTo(id);
        assertThat(accepted.body().get("role").asText()).isEqualTo("VIEWER");
        assertThat(get("/api/workspaces/" + id, bob).body().get("role").asText())
                .isEqualTo("VIEWER");
        assertThat(get("/api/workspaces/" + id + "/members", bob)
                        .body()
                        .get("items")
                        .findValuesAsText("userId"))
                .containsExactly(alice.id(), bob.id());

        var carol = createUser("carol");
        Response again = send("POST", "/api/invitations/" + token + "/accept", carol, null);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.text()).doesNotContain(token);
        assertThat(get("/api/workspaces/" + id, carol).status()).isEqualTo(404);
    }

    @Test
    void an_expired_invitation_is_refused_and_only_admins_invite() {
        String id = workspace(alice);
        String email = "late-" + UUID.randomUUID() + "@example.org";
        assertThat(send(
                                "POST",
                                "/api/workspaces/" + id + "/invitations",
                                alice,
                                "{\"email\": \"" + email + "\", \"role\": \"MEMBER\"}")
                        .status())
                .isEqualTo(201);
        String token = tokenIn(awaitMail(email));
        jdbc.update(
                "UPDATE workspace_invitation SET expires_at = now() - interval '1 second' WHERE workspace_id = ?", id);
        assertThat(send("POST", "/api/invitations/" + token + "/accept", bob, null)
                        .status())
                .isEqualTo(404);
        assertThat(get("/api/workspaces/" + id, bob).status()).isEqualTo(404);

        Response bad = send(
                "POST", "/api/workspaces/" + id + "/invitations", alice, "{\"email\": \"nope\", \"role\": \"OWNER\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("errors").findValuesAsText("field")).containsExactly("email", "role");

        join(id, alice, bob, "MEMBER");
        assertThat(send(
                                "POST",
                                "/api/workspaces/" + id + "/invitations",
                                bob,
                                "{\"email\": \"x@example.org\", \"role\": \"MEMBER\"}")
                        .status())
                .isEqualTo(403);
        assertThat(send("PATCH", "/api/workspaces/" + id, bob, "{\"name\": \"Mine\"}")
                        .status())
                .isEqualTo(403);
        assertThat(send("DELETE", "/api/workspaces/" + id, bob, null).status()).isEqualTo(403);
    }

    @Test
    void roles_follow_the_rules_and_the_last_owner_stays() {
        String id = workspace(alice);
        var carol = createUser("carol");
        var dave = createUser("dave");
        join(id, alice, bob, "ADMIN");
        join(id, alice, carol, "MEMBER");
        join(id, alice, dave, "VIEWER");
        String member = "/api/workspaces/" + id + "/members/";

        // the last owner can be neither demoted nor removed, not even by themselves
        assertThat(send("PATCH", member + alice.id(), alice, "{\"role\": \"ADMIN\"}")
                        .status())
                .isEqualTo(409);
        assertThat(send("DELETE", member + alice.id(), alice, null).status()).isEqualTo(409);
        // admins manage members below owner, but make or unmake no owner
        assertThat(send("PATCH", member + carol.id(), bob, "{\"role\": \"VIEWER\"}")
                        .body()
                        .get("role")
                        .asText())
                .isEqualTo("VIEWER");
        assertThat(send("PATCH", member + carol.id(), bob, "{\"role\": \"OWNER\"}")
                        .status())
                .isEqualTo(403);
        assertThat(send("PATCH", member + alice.id(), bob, "{\"role\": \"MEMBER\"}")
                        .status())
                .isEqualTo(403);
        assertThat(send("DELETE", member + alice.id(), bob, null).status()).isEqualTo(403);
        // members and viewers manage nobody
        assertThat(send("PATCH", member + dave.id(), carol, "{\"role\": \"MEMBER\"}")
                        .status())
                .isEqualTo(403);
        assertThat(send("DELETE", member + dave.id(), carol, null).status()).isEqualTo(403);
        assertThat(send("PATCH", member + dave.id(), alice, "{\"role\": \"KING\"}")
                        .status())
                .isEqualTo(400);
        assertThat(send("PATCH", member + "usr_nobody", alice, "{\"role\": \"MEMBER\"}")
                        .status())
                .isEqualTo(404);

        // with a second owner, the first may step down; anyone may leave
        assertThat(send("PATCH", member + bob.id(), alice, "{\"role\": \"OWNER\"}")
                        .status())
                .isEqualTo(200);
        assertThat(send("PATCH", member + alice.id(), alice, "{\"role\": \"MEMBER\"}")
                        .body()
                        .get("role")
                        .asText())
                .isEqualTo("MEMBER");
        assertThat(send("DELETE", member + dave.id(), dave, null).status()).isEqualTo(204);
        assertThat(get("/api/workspaces/" + id, dave).status()).isEqualTo(404);
        assertThat(send("DELETE", member + carol.id(), bob, null).status()).isEqualTo(204);
        assertThat(get("/api/workspaces/" + id + "/members", bob)
                        .body()
                        .get("items")
                        .findValuesAsText("role"))
                .containsExactly("MEMBER", "OWNER");

        // only an owner deletes, and the events say who changed whose role, by id
        assertThat(send("DELETE", "/api/workspaces/" + id, alice, null).status())
                .isEqualTo(403);
        assertThat(send("DELETE", "/api/workspaces/" + id, bob, null).status()).isEqualTo(204);
        assertThat(get("/api/workspaces/" + id, bob).status()).isEqualTo(404);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM workspace_member WHERE workspace_id = ?", Long.class, id))
                .isZero();
        assertThat(payloads(id)).contains(carol.id()).contains("\"role\":\"VIEWER\"");
    }

    // --- helpers --------------------------------------------------------------------------

    static String slug() {
        return "ws-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** A new workspace owned by {@code owner}. */
    @Test
    void the_benchmark_detail_says_what_the_caller_may_do_by_their_current_role() {
        String id = workspace(alice);
        var admin = createUser("wsadmin");
        var member = createUser("wsmember");
        var viewer = createUser("wsviewer");
        join(id, alice, admin, "ADMIN");
        join(id, alice, member, "MEMBER");
        join(id, alice, viewer, "VIEWER");
        String team = createBenchmark(alice, """
                {"title": "Team benchmark", "visibility": "PRIVATE", "workspaceId": "%s",
                 "cases": [{"input": "a", "expected": "a"}], "graders": [{"type": "exact"}]}""".formatted(id));
        String open = createBenchmark(alice, """
                {"title": "Open team benchmark", "visibility": "PUBLIC", "workspaceId": "%s",
                 "cases": [{"input": "a", "expected": "a"}], "graders": [{"type": "exact"}]}""".formatted(id));

        // edit, publish, suggest, run, schedule: schedules stay their creator's
        assertThat(permissions(team, alice)).isEqualTo("true true true true true");
        assertThat(permissions(team, admin)).isEqualTo("true true true true false");
        assertThat(permissions(team, member)).isEqualTo("true true true true false");
        assertThat(permissions(team, viewer)).isEqualTo("false false false false false");
        assertThat(get("/api/benchmarks/" + team, bob).status()).isEqualTo(404);
        // a viewer runs a public one as anyone may (a personal run), an outsider too; anonymous callers do nothing
        assertThat(permissions(open, viewer)).isEqualTo("false false false true false");
        assertThat(permissions(open, bob)).isEqualTo("false false false true false");
        assertThat(permissions(open, null)).isEqualTo("false false false false false");

        // the answer follows the role as it is now: a member made viewer loses the actions at once
        assertThat(send("PATCH", "/api/workspaces/" + id + "/members/" + member.id(), alice, "{\"role\": \"VIEWER\"}")
                        .status())
                .isEqualTo(200);
        assertThat(permissions(team, member)).isEqualTo("false false false false false");
        // and what it says is what the server does
        assertThat(send("POST", "/api/benchmarks/" + team + "/suggestions", member, "{}")
                        .status())
                .isEqualTo(403);

        // a personal benchmark: its creator may do everything, anyone else only run a public one
        String mine = createBenchmark(bob, "Personal", "PUBLIC");
        assertThat(permissions(mine, bob)).isEqualTo("true true true true true");
        assertThat(permissions(mine, alice)).isEqualTo("false false false true false");
    }

    @Test
    void a_creator_made_viewer_or_removed_schedules_nothing_more_and_a_due_fire_is_refused() {
        String id = workspace(alice);
        subscribeTeam(id);
        var member = createUser("wssched");
        join(id, alice, member, "MEMBER");
        String team = createBenchmark(member, """
                {"title": "Scheduled team benchmark", "visibility": "PRIVATE", "workspaceId": "%s",
                 "cases": [{"input": "a", "expected": "a"}], "graders": [{"type": "exact"}]}""".formatted(id));
        String open = createBenchmark(member, """
                {"title": "Scheduled open benchmark", "visibility": "PUBLIC", "workspaceId": "%s",
                 "cases": [{"input": "a", "expected": "a"}], "graders": [{"type": "exact"}]}""".formatted(id));
        // once a year, so that no tick fires one on its own while the test runs
        String body = """
                {"cron": "0 0 1 1 *", "timeZone": "UTC", "models": ["sim/echo"]}""";
        String schedules = "/api/benchmarks/" + team + "/schedules";
        assertThat(permissions(team, member)).endsWith("true");
        Response due = send("POST", schedules, member, body);
        assertThat(due.status()).as(due.text()).isEqualTo(201);
        String dueId = due.body().get("id").asText();
        String pausedId = send("POST", schedules, member, body).body().get("id").asText();
        assertThat(send("PATCH", "/api/schedules/" + pausedId, member, "{\"paused\": true}")
                        .status())
                .isEqualTo(200);

        // made viewer: the detail says no, and the server refuses to create or resume
        assertThat(send("PATCH", "/api/workspaces/" + id + "/members/" + member.id(), alice, "{\"role\": \"VIEWER\"}")
                        .status())
                .isEqualTo(200);
        assertThat(permissions(team, member)).isEqualTo("false false false false false");
        assertThat(permissions(open, member)).endsWith("false");
        Response refused = send("POST", schedules, member, body);
        assertThat(refused.status()).as(refused.text()).isEqualTo(403);
        assertThat(refused.header("Content-Type")).contains("application/problem+json");
        assertThat(refused.body().get("detail").asText()).contains("above viewer");
        assertThat(send("POST", "/api/benchmarks/" + open + "/schedules", member, body)
                        .status())
                .isEqualTo(403);
        assertThat(send("PATCH", "/api/schedules/" + pausedId, member, "{\"paused\": false}")
                        .status())
                .isEqualTo(403);
        assertThat(get("/api/schedules/" + pausedId, member)
                        .body()
                        .get("paused")
                        .asBoolean())
                .isTrue();
        // still theirs to find, pause and delete
        assertThat(get(schedules, member).body().get("items")).hasSize(2);

        // a fire due after the demotion starts no run and says why, as a plan that ended does
        jdbc.update("UPDATE run_schedule SET next_fire_at = now() - interval '1 minute' WHERE id = ?", dueId);
        scheduleService.fireDue(java.time.Instant.now());
        eventually(
                () -> {
                    var fires = get("/api/schedules/" + dueId, member).body().get("fires");
                    return fires.size() == 1
                            && fires.get(0).get("status").asText().equals("SKIPPED");
                },
                "the due fire settled");
        var fire = get("/api/schedules/" + dueId, member).body().get("fires").get(0);
        assertThat(fire.get("reason").asText()).isEqualTo("REFUSED");
        assertThat(fire.get("detail").asText()).contains("above viewer");
        assertThat(fire.get("runId").isNull()).isTrue();
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM schedule_fire WHERE schedule_id = ? AND run_id IS NOT NULL",
                        Long.class,
                        dueId))
                .isZero();

        // removed: the private benchmark is gone for them (404), the public one stays readable but not theirs to
        // schedule
        assertThat(send("DELETE", "/api/workspaces/" + id + "/members/" + member.id(), alice, null)
                        .status())
                .isEqualTo(204);
        assertThat(send("POST", schedules, member, body).status()).isEqualTo(404);
        assertThat(send("PATCH", "/api/schedules/" + pausedId, member, "{\"paused\": false}")
                        .status())
                .isEqualTo(404);
        assertThat(permissions(open, member)).isEqualTo("false false false true false");
        assertThat(send("POST", "/api/benchmarks/" + open + "/schedules", member, body)
                        .status())
                .isEqualTo(403);
        for (String schedule : new String[] {dueId, pausedId})
            assertThat(send("DELETE", "/api/schedules/" + schedule, member, null)
                            .status())
                    .isEqualTo(204);
    }

    /** A member's scheduled run of a workspace's benchmark is the workspace's, billed to its account (ADR 0038). */
    @Test
    void a_scheduled_run_of_a_workspace_benchmark_bills_the_workspace_account() {
        String id = workspace(alice);
        subscribeTeam(id);
        var member = createUser("wsfire");
        join(id, alice, member, "MEMBER");
        var granted = send("POST", "/api/admin/credits/grants", ADMIN_TOKEN, """
                {"accountId": "acct_%s", "credits": 1000, "reason": "scheduled workspace run"}""".formatted(id));
        assertThat(granted.status()).as(granted.text()).isEqualTo(201);
        String team = createBenchmark(member, """
                {"title": "Scheduled billing benchmark", "visibility": "PRIVATE", "workspaceId": "%s",
                 "cases": [{"input": "a", "expected": "a"}], "graders": [{"type": "exact"}]}""".formatted(id));
        Response made = send("POST", "/api/benchmarks/" + team + "/schedules", member, """
                {"cron": "0 0 1 1 *", "timeZone": "UTC", "models": ["sim/echo"]}""");
        assertThat(made.status()).as(made.text()).isEqualTo(201);
        String schedule = made.body().get("id").asText();

        jdbc.update("UPDATE run_schedule SET next_fire_at = now() - interval '1 minute' WHERE id = ?", schedule);
        scheduleService.fireDue(java.time.Instant.now());
        eventually(
                () -> {
                    var fires = get("/api/schedules/" + schedule, member).body().get("fires");
                    return fires.size() == 1
                            && fires.get(0).get("status").asText().equals("STARTED");
                },
                "the due fire started a run");
        String runId = get("/api/schedules/" + schedule, member)
                .body()
                .get("fires")
                .get(0)
                .get("runId")
                .asText();
        assertThat(jdbc.queryForList(
                        "SELECT convert_from(payload, 'UTF8')::jsonb ->> 'creditAccount' FROM domain_event_entry "
                                + "WHERE aggregate_identifier = ? "
                                + "AND payload_type = 'io.benchmarkhub.domain.run.events.RunRequested'",
                        String.class,
                        runId))
                .containsExactly("acct_" + id);
        // the workspace's run: its owner reads it, as every member does
        eventually(
                () -> get("/api/runs/" + runId, alice).status() == 200, "the owner reads the member's scheduled run");
        assertThat(send("DELETE", "/api/schedules/" + schedule, member, null).status())
                .isEqualTo(204);
    }

    private String permissions(String benchmark, Caller caller) {
        Response read = get("/api/benchmarks/" + benchmark, caller);
        assertThat(read.status()).isEqualTo(200);
        var p = read.body().get("permissions");
        return String.join(
                " ",
                p.get("edit").asText(),
                p.get("publish").asText(),
                p.get("suggest").asText(),
                p.get("run").asText(),
                p.get("schedule").asText());
    }

    String workspace(Caller owner) {
        Response created = send("POST", "/api/workspaces", owner, "{\"name\": \"Team\", \"slug\": \"" + slug() + "\"}");
        assertThat(created.status()).isEqualTo(201);
        return created.body().get("id").asText();
    }

    /** {@code who} joins through an invitation {@code by} sends, mailed and accepted. */
    void join(String workspace, Caller by, Caller who, String role) {
        String email = "m-" + UUID.randomUUID() + "@example.org";
        Response invited = send(
                "POST",
                "/api/workspaces/" + workspace + "/invitations",
                by,
                "{\"email\": \"" + email + "\", \"role\": \"" + role + "\"}");
        assertThat(invited.status()).isEqualTo(201);
        Response accepted = send("POST", "/api/invitations/" + tokenIn(awaitMail(email)) + "/accept", who, null);
        assertThat(accepted.status()).isEqualTo(200);
    }

    String payloads(String aggregateId) {
        return String.join(
                "\n",
                jdbc.queryForList(
                        "SELECT convert_from(payload, 'UTF8') FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number",
                        String.class,
                        aggregateId));
    }

    static String tokenIn(String mail) {
        assertThat(mail).contains("http://localhost:8080/invitations/");
        var matcher = LINK.matcher(mail);
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    /** The body of the invitation mail to {@code address}, once the SMTP server has it. */
    static String awaitMail(String address) {
        var body = new AtomicReference<String>();
        eventually(
                () -> {
                    for (MimeMessage message : MAIL.getReceivedMessages()) {
                        try {
                            boolean to = Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                                    .anyMatch(a -> a.toString().equalsIgnoreCase(address));
                            if (to && message.getSubject().contains("invited")) {
                                body.set(message.getContent().toString());
                                return true;
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    return false;
                },
                "an invitation reaches " + address);
        return body.get();
    }
}
