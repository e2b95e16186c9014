package io.benchmarkhub.api.releases;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.api.ExtraNodes;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Run schedules over two app instances on one PostgreSQL. Downtime is simulated by moving a schedule's next fire time
 * into the past, as it is after a restart; both nodes then fire due schedules at the same moment.
 */
class ScheduleTest extends ApiTestBase {

    private static final ExtraNodes NODES = new ExtraNodes();
    private static Schedules second;

    @Autowired
    DataSource dataSource;

    @Autowired
    Schedules schedules;

    @AfterAll
    static void stopNodes() {
        NODES.close();
        second = null;
    }

    /** Plans are sold in the tests and scheduled runs are Pro's (docs/plans.md): alice has it, bob is on Free. */
    @BeforeEach
    void alicePaysForPro() {
        subscribePro(alice);
    }

    /** A test that fails half-way must not leave an every-minute schedule making runs for the tests after it. */
    @AfterEach
    void deleteLeftoverSchedules() {
        for (var row : jdbc.queryForList("SELECT id, owner_id FROM run_schedule")) {
            String owner = (String) row.get("owner_id");
            Caller caller = owner.equals(alice.id()) ? alice : owner.equals(bob.id()) ? bob : null;
            if (caller != null) send("DELETE", "/api/schedules/" + row.get("id"), caller, null);
        }
    }

    private Schedules secondNode() {
        if (second == null)
            second = NODES.start(
                            dataSource,
                            ADMIN_TOKEN,
                            List.of(
                                    // the same providers as this node: a node with other ones would rewrite the shared
                                    // catalogue
                                    "--benchmarkhub.providers.openai-compatible.fake.base-url=" + PROVIDER.baseUrl(),
                                    "--benchmarkhub.providers.openrouter.base-url=" + PROVIDER.baseUrl(),
                                    "--benchmarkhub.providers.openrouter.api-key=test-server-key"))
                    .getBean(Schedules.class);
        return second;
    }

    private String schedule(Caller owner, String benchmark, String misfirePolicy) {
        var created = send("POST", "/api/benchmarks/" + benchmark + "/schedules", owner, """
                {"cron": "* * * * *", "timeZone": "Europe/Berlin", "models": ["sim/echo", "sim/upper"], "repeats": 2,
                 "billing": "CREDITS", "monthlyCreditCap": 50, "misfirePolicy": "%s"}""".formatted(misfirePolicy));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.body().get("paused").asBoolean()).isFalse();
        assertThat(Instant.parse(created.body().get("nextFireAt").asText()))
                .isAfter(Instant.now().minusSeconds(1));
        return created.body().get("id").asText();
    }

    /** Moves the schedule's next fire time to {@code minutes} whole minutes ago, as if no node had run since. */
    private Instant missedSince(String schedule, int minutes) {
        Instant missed = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(minutes, ChronoUnit.MINUTES);
        jdbc.update("UPDATE run_schedule SET next_fire_at = ? WHERE id = ?", Timestamp.from(missed), schedule);
        return missed;
    }

    private void fireOnBothNodes() throws Exception {
        var nodes = List.of(schedules, secondNode());
        try (var pool = Executors.newFixedThreadPool(2)) {
            var start = new CountDownLatch(1);
            List<Future<Integer>> fired = new ArrayList<>();
            for (var node : nodes)
                fired.add(pool.submit(() -> {
                    start.await();
                    return node.fireDue(Instant.now());
                }));
            start.countDown();
            for (var f : fired) f.get();
        }
    }

    private List<JsonNode> firesUpTo(String schedule, Caller owner, Instant upTo) {
        var fires = new ArrayList<JsonNode>();
        get("/api/schedules/" + schedule, owner).body().get("fires").forEach(fire -> {
            if (!Instant.parse(fire.get("fireTime").asText()).isAfter(upTo)) fires.add(fire);
        });
        return fires;
    }

    @Test
    void after_downtime_an_every_minute_schedule_makes_the_runs_its_misfire_policy_says_once_across_two_nodes()
            throws Exception {
        String benchmark = createBenchmark(alice, "scheduled", "PRIVATE");
        String fireOnce = schedule(alice, benchmark, "FIRE_ONCE");
        String skip = schedule(alice, benchmark, "SKIP");
        Instant missed = missedSince(fireOnce, 5);
        missedSince(skip, 5);
        Instant restart = Instant.now();
        for (int round = 0; round < 3; round++) fireOnBothNodes();

        // FIRE_ONCE: five missed fires make one run, late, and nothing else up to the restart. The node's own
        // scheduler may have claimed the fire before the test's calls did: wait until that claim is settled.
        eventually(
                () -> firesUpTo(fireOnce, alice, restart).stream()
                        .noneMatch(f -> f.get("status").asText().equals("CLAIMED")),
                "the claimed fire is settled");
        var fires = firesUpTo(fireOnce, alice, restart);
        assertThat(fires).hasSize(1);
        JsonNode fire = fires.getFirst();
        assertThat(Instant.parse(fire.get("fireTime").asText())).isEqualTo(missed);
        assertThat(fire.get("status").asText()).isEqualTo("STARTED");
        assertThat(fire.get("late").asBoolean()).isTrue();
        assertThat(fire.get("trigger").get("type").asText()).isEqualTo("schedule");
        assertThat(fire.get("trigger").get("scheduleId").asText()).isEqualTo(fireOnce);
        String runId = fire.get("runId").asText();
        oneRunPerStartedFire(fireOnce);
        // the run's read model follows the fire's events
        eventually(() -> get("/api/runs/" + runId, alice).status() == 200, "the scheduled run is readable");
        var run = get("/api/runs/" + runId, alice);
        assertThat(run.body().get("trigger").asText()).isEqualTo("schedule:" + fireOnce);
        assertThat(run.body().get("repeats").asInt()).isEqualTo(2);
        assertThat(get("/api/runs/" + runId, bob).status()).isEqualTo(404);
        assertThat(Instant.parse(get("/api/schedules/" + fireOnce, alice)
                        .body()
                        .get("nextFireAt")
                        .asText()))
                .isAfter(restart);

        // SKIP: the missed fires make no run; the skip is recorded once
        var skipped = firesUpTo(skip, alice, restart);
        assertThat(skipped).hasSize(1);
        assertThat(skipped.getFirst().get("status").asText()).isEqualTo("SKIPPED");
        assertThat(skipped.getFirst().get("reason").asText()).isEqualTo("MISFIRE");
        assertThat(skipped.getFirst().get("runId").isNull()).isTrue();
        oneRunPerStartedFire(skip);

        // paused: nothing fires however late it is; resumed: the next fire is in the future, missed ones are not made
        // up
        var paused = send("PATCH", "/api/schedules/" + fireOnce, alice, "{\"paused\": true}");
        assertThat(paused.status()).isEqualTo(200);
        assertThat(paused.body().get("paused").asBoolean()).isTrue();
        Instant pausedAt = Instant.now();
        missedSince(fireOnce, 3);
        fireOnBothNodes();
        assertThat(firesUpTo(fireOnce, alice, pausedAt.plusSeconds(3600)))
                .hasSize(fires.size() + countAfter(fireOnce, restart));
        var resumed = send("PATCH", "/api/schedules/" + fireOnce, alice, "{\"paused\": false}");
        assertThat(resumed.status()).isEqualTo(200);
        assertThat(Instant.parse(resumed.body().get("nextFireAt").asText())).isAfter(pausedAt);

        // someone else's schedule does not exist for them
        assertThat(get("/api/schedules/" + fireOnce, bob).status()).isEqualTo(404);
        assertThat(send("PATCH", "/api/schedules/" + fireOnce, bob, "{\"paused\": true}")
                        .status())
                .isEqualTo(404);
        assertThat(send("DELETE", "/api/schedules/" + fireOnce, bob, null).status())
                .isEqualTo(404);

        assertThat(send("DELETE", "/api/schedules/" + fireOnce, alice, null).status())
                .isEqualTo(204);
        assertThat(get("/api/schedules/" + fireOnce, alice).status()).isEqualTo(404);
        assertThat(get("/api/runs/" + runId, alice).status()).isEqualTo(200);

        // the audit stream holds the schedule's life
        var audit = send("GET", "/api/audit/events?aggregateId=" + fireOnce + "&limit=100", ADMIN_TOKEN, null);
        List<String> types = new ArrayList<>();
        audit.body().get("items").forEach(item -> types.add(item.get("type").asText()));
        assertThat(types)
                .containsSubsequence(
                        "ScheduleCreated", "ScheduleFired", "SchedulePaused", "ScheduleResumed", "ScheduleDeleted");
        assertThat(types.stream().filter("ScheduleFired"::equals).count()).isEqualTo(1 + countAfter(fireOnce, restart));
        // an every-minute schedule left behind would start runs in the middle of other tests on this database
        assertThat(send("DELETE", "/api/schedules/" + skip, alice, null).status())
                .isEqualTo(204);
    }

    /** Fires recorded for times after {@code after} (a real tick firing on schedule during the test), from the events. */
    /**
     * Every run with the schedule's trigger was made by one of its STARTED fires, one each, whenever it fired: the
     * every-minute schedule goes on firing on its own after the restart, when a minute passes during the test.
     */
    private void oneRunPerStartedFire(String schedule) {
        eventually(
                () -> {
                    List<JsonNode> all =
                            firesUpTo(schedule, alice, Instant.now().plusSeconds(3600));
                    if (all.stream().anyMatch(f -> f.get("status").asText().equals("CLAIMED"))) return false;
                    long started = all.stream()
                            .filter(f -> f.get("status").asText().equals("STARTED"))
                            .count();
                    Long runs = jdbc.queryForObject(
                            "SELECT count(*) FROM domain_event_entry WHERE payload_type = 'io.benchmarkhub.domain.run.events.RunRequested' "
                                    + "AND convert_from(payload, 'UTF8')::jsonb ->> 'trigger' = ?",
                            Long.class,
                            "schedule:" + schedule);
                    return runs != null && runs == started;
                },
                "each started fire of " + schedule + " made one run, and no run was made otherwise");
    }

    private int countAfter(String schedule, Instant after) {
        Long n = jdbc.queryForObject(
                "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE '%.ScheduleFired' "
                        + "AND (convert_from(payload, 'UTF8')::jsonb ->> 'fireTime')::timestamptz > ?",
                Long.class, schedule, Timestamp.from(after));
        return n == null ? 0 : n.intValue();
    }

    @Test
    void a_fire_after_the_monthly_credit_cap_is_used_up_makes_no_run_and_says_so() throws Exception {
        String benchmark = createBenchmark(alice, "capped", "PRIVATE");
        String capped = schedule(alice, benchmark, "FIRE_ONCE");
        // an earlier fire this month reserved the whole cap (50 credits)
        jdbc.update(
                "INSERT INTO schedule_fire (schedule_id, fire_time, status, run_id, reserved_credits) VALUES (?, ?, 'STARTED', 'run_earlier', 50)",
                capped,
                Timestamp.from(Instant.now().truncatedTo(ChronoUnit.SECONDS).plusMillis(500)));
        assertThat(get("/api/schedules/" + capped, alice)
                        .body()
                        .get("creditsReservedThisMonth")
                        .asLong())
                .isEqualTo(50);
        Instant due = missedSince(capped, 0);
        fireOnBothNodes();
        JsonNode fire = null;
        for (JsonNode f : get("/api/schedules/" + capped, alice).body().get("fires")) {
            if (Instant.parse(f.get("fireTime").asText()).equals(due)) fire = f;
        }
        assertThat(fire).isNotNull();
        assertThat(fire.get("status").asText()).isEqualTo("SKIPPED");
        assertThat(fire.get("reason").asText()).isEqualTo("BUDGET_REACHED");
        assertThat(fire.get("runId").isNull()).isTrue();
        Long runs = jdbc.queryForObject(
                "SELECT count(*) FROM domain_event_entry WHERE payload_type = 'io.benchmarkhub.domain.run.events.RunRequested' "
                        + "AND convert_from(payload, 'UTF8')::jsonb ->> 'trigger' = ?",
                Long.class,
                "schedule:" + capped);
        assertThat(runs).isZero();
        Long skipped = jdbc.queryForObject(
                "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE '%.ScheduleFireSkipped'",
                Long.class, capped);
        assertThat(skipped).isEqualTo(1);
        assertThat(send("DELETE", "/api/schedules/" + capped, alice, null).status())
                .isEqualTo(204);
    }

    @Test
    void a_fire_whose_claiming_node_died_is_taken_over_once_after_its_lease_and_the_late_claimer_records_nothing()
            throws Exception {
        String benchmark = createBenchmark(alice, "taken over", "PRIVATE");
        String schedule = schedule(alice, benchmark, "FIRE_ONCE");
        // the schedule's next fire is far off: only the claims below can make runs
        jdbc.update(
                "UPDATE run_schedule SET next_fire_at = ? WHERE id = ?",
                Timestamp.from(Instant.now().plus(1, ChronoUnit.DAYS)),
                schedule);
        Instant deadFire = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(3, ChronoUnit.MINUTES);
        Instant liveFire = deadFire.plus(1, ChronoUnit.MINUTES);
        // a node claimed this fire, then died before recording its run: its lease ran out a second ago
        jdbc.update(
                "INSERT INTO schedule_fire (schedule_id, fire_time, status, late, claim_token, lease_until) VALUES (?, ?, 'CLAIMED', FALSE, 'dead-node', ?)",
                schedule,
                Timestamp.from(deadFire),
                Timestamp.from(Instant.now().minusSeconds(1)));
        // a node claimed this one and is still within its lease: nobody else may take it
        jdbc.update(
                "INSERT INTO schedule_fire (schedule_id, fire_time, status, late, claim_token, lease_until) VALUES (?, ?, 'CLAIMED', FALSE, 'busy-node', ?)",
                schedule,
                Timestamp.from(liveFire),
                Timestamp.from(Instant.now().plus(1, ChronoUnit.HOURS)));

        for (int round = 0; round < 3; round++) fireOnBothNodes();

        var fires = get("/api/schedules/" + schedule, alice).body().get("fires");
        JsonNode dead = null;
        JsonNode live = null;
        for (JsonNode f : fires) {
            Instant at = Instant.parse(f.get("fireTime").asText());
            if (at.equals(deadFire)) dead = f;
            if (at.equals(liveFire)) live = f;
        }
        assertThat(dead).isNotNull();
        assertThat(dead.get("status").asText()).isEqualTo("STARTED");
        String runId = dead.get("runId").asText();
        assertThat(live.get("status").asText()).isEqualTo("CLAIMED");
        assertThat(live.get("runId").isNull()).isTrue();
        String runsOfSchedule =
                "SELECT count(*) FROM domain_event_entry WHERE payload_type = 'io.benchmarkhub.domain.run.events.RunRequested' "
                        + "AND convert_from(payload, 'UTF8')::jsonb ->> 'trigger' = ?";
        assertThat(jdbc.queryForObject(runsOfSchedule, Long.class, "schedule:" + schedule))
                .isEqualTo(1);

        // the "dead" node was only slow: it wakes up and starts the fire it claimed; its token is no longer the fire's,
        // so
        // the run is refused in the transaction that would record it, and nothing is reserved or recorded
        var lateClaimer = new Schedules.Claim(
                schedule,
                benchmark,
                alice.id(),
                List.of("sim/echo", "sim/upper"),
                2,
                50L,
                deadFire,
                false,
                "dead-node");
        assertThat(schedules.start(lateClaimer)).isFalse();
        assertThat(jdbc.queryForObject(runsOfSchedule, Long.class, "schedule:" + schedule))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "SELECT run_id FROM schedule_fire WHERE schedule_id = ? AND fire_time = ?",
                        String.class,
                        schedule,
                        Timestamp.from(deadFire)))
                .isEqualTo(runId);
        Long fired = jdbc.queryForObject(
                "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE '%.ScheduleFired'",
                Long.class, schedule);
        Long skipped = jdbc.queryForObject(
                "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE '%.ScheduleFireSkipped'",
                Long.class, schedule);
        assertThat(fired).isEqualTo(1);
        assertThat(skipped).isZero();
        assertThat(send("DELETE", "/api/schedules/" + schedule, alice, null).status())
                .isEqualTo(204);
    }

    @Test
    void bad_schedules_are_refused_naming_the_field_and_nothing_is_written() {
        String benchmark = createBenchmark(alice, "scheduled", "PRIVATE");
        long before = jdbc.queryForObject("SELECT count(*) FROM run_schedule", Long.class);
        String valid = """
                {"cron": "%s", "timeZone": "%s", "models": %s, "billing": "%s"}""";
        assertField(benchmark, valid.formatted("61 * * * *", "UTC", "[\"sim/echo\"]", "CREDITS"), "cron");
        assertField(benchmark, valid.formatted("* * *", "UTC", "[\"sim/echo\"]", "CREDITS"), "cron");
        assertField(benchmark, valid.formatted("* * * * *", "Mars/Olympus", "[\"sim/echo\"]", "CREDITS"), "timeZone");
        assertField(benchmark, valid.formatted("* * * * *", "UTC", "[]", "CREDITS"), "models");
        assertField(
                benchmark, valid.formatted("* * * * *", "UTC", "[\"sim/echo\", \"sim/echo\"]", "CREDITS"), "models");
        assertField(benchmark, valid.formatted("* * * * *", "UTC", "[\"sim/echo\"]", "BYOK"), "billing");
        assertField(benchmark, """
                {"cron": "* * * * *", "timeZone": "UTC", "models": ["sim/echo"], "repeats": 0}""", "repeats");
        assertField(benchmark, """
                {"cron": "* * * * *", "timeZone": "UTC", "models": ["sim/echo"], "monthlyCreditCap": -5}""", "monthlyCreditCap");
        assertField(benchmark, """
                {"cron": "* * * * *", "timeZone": "UTC", "models": ["sim/echo"], "misfirePolicy": "LATER"}""", "misfirePolicy");

        String body = valid.formatted("0 9 * * MON-FRI", "Europe/Berlin", "[\"sim/echo\"]", "CREDITS");
        assertThat(send("POST", "/api/benchmarks/" + benchmark + "/schedules", bob, body)
                        .status())
                .isEqualTo(404);
        String published = createBenchmark(alice, "public one", "PUBLIC");
        assertThat(send("POST", "/api/benchmarks/" + published + "/schedules", bob, body)
                        .status())
                .isEqualTo(403);
        assertThat(send("POST", "/api/benchmarks/" + benchmark + "/schedules", (Caller) null, body)
                        .status())
                .isEqualTo(401);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM run_schedule", Long.class))
                .isEqualTo(before);

        var weekdays = send("POST", "/api/benchmarks/" + benchmark + "/schedules", alice, body);
        assertThat(weekdays.status()).isEqualTo(201);
        assertThat(weekdays.body().get("misfirePolicy").asText()).isEqualTo("FIRE_ONCE");
        assertThat(weekdays.body().get("repeats").asInt()).isEqualTo(1);
        var patch = send("PATCH", "/api/schedules/" + weekdays.body().get("id").asText(), alice, "{}");
        assertThat(patch.status()).isEqualTo(400);
        assertThat(patch.body().get("errors").get(0).get("field").asText()).isEqualTo("paused");
        assertThat(send("DELETE", "/api/schedules/" + weekdays.body().get("id").asText(), alice, null)
                        .status())
                .isEqualTo(204);
    }

    @Test
    void scheduled_runs_need_pro_or_a_team_workspace_and_a_plan_that_ended_stops_resumes_and_fires() {
        // once a year, so that no tick fires one of them on its own while the test runs
        String body = """
                {"cron": "0 0 1 1 *", "timeZone": "UTC", "models": ["sim/echo"]}""";
        long before = jdbc.queryForObject("SELECT count(*) FROM run_schedule", Long.class);
        // bob is on Free: his personal benchmark needs Pro
        String personal = createBenchmark(bob, "free", "PRIVATE");
        var refused = send("POST", "/api/benchmarks/" + personal + "/schedules", bob, body);
        assertThat(refused.status()).as(refused.text()).isEqualTo(402);
        assertThat(refused.body().get("limit").asText()).isEqualTo("scheduled-runs");
        assertThat(refused.body().get("plan").asText()).isEqualTo("FREE");
        assertThat(refused.body().get("requiredPlan").asText()).isEqualTo("PRO");
        // a benchmark of a workspace on Free: Team lifts it
        var workspace = send(
                "POST",
                "/api/workspaces",
                bob,
                "{\"name\": \"Sched\", \"slug\": \"sched-"
                        + java.util.UUID.randomUUID().toString().substring(0, 12) + "\"}");
        assertThat(workspace.status()).as(workspace.text()).isEqualTo(201);
        String workspaceId = workspace.body().get("id").asText();
        String shared = createBenchmark(bob, """
                {"title": "team", "description": "d", "tags": ["test"], "category": "qa", "visibility": "PRIVATE",
                 "workspaceId": "%s", "promptTemplate": "Answer: {{input}}",
                 "cases": [{"input": "2+2", "expected": "4"}], "graders": [{"type": "exact"}]}""".formatted(workspaceId));
        var onFree = send("POST", "/api/benchmarks/" + shared + "/schedules", bob, body);
        assertThat(onFree.status()).as(onFree.text()).isEqualTo(402);
        assertThat(onFree.body().get("requiredPlan").asText()).isEqualTo("TEAM");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM run_schedule", Long.class))
                .isEqualTo(before);
        subscribeTeam(workspaceId);
        assertThat(send("POST", "/api/benchmarks/" + shared + "/schedules", bob, body)
                        .status())
                .isEqualTo(201);
        assertThat(send("POST", "/api/benchmarks/" + personal + "/schedules", bob, body)
                        .status())
                .as("Team covers the workspace's benchmarks only")
                .isEqualTo(402);

        // Pro lifts it in the personal space; once Pro ends, a paused schedule does not resume and a due one does not
        // fire
        String subscription = subscribePro(bob);
        String paused = send("POST", "/api/benchmarks/" + personal + "/schedules", bob, body)
                .body()
                .get("id")
                .asText();
        String due = send("POST", "/api/benchmarks/" + personal + "/schedules", bob, body)
                .body()
                .get("id")
                .asText();
        assertThat(send("PATCH", "/api/schedules/" + paused, bob, "{\"paused\": true}")
                        .status())
                .isEqualTo(200);
        endPro(subscription, bob);
        var resume = send("PATCH", "/api/schedules/" + paused, bob, "{\"paused\": false}");
        assertThat(resume.status()).as(resume.text()).isEqualTo(402);
        assertThat(resume.body().get("limit").asText()).isEqualTo("scheduled-runs");
        assertThat(get("/api/schedules/" + paused, bob).body().get("paused").asBoolean())
                .isTrue();
        missedSince(due, 1);
        schedules.fireDue(Instant.now());
        var fires = get("/api/schedules/" + due, bob).body().get("fires");
        assertThat(fires).isNotEmpty();
        for (JsonNode fire : fires) {
            assertThat(fire.get("status").asText()).isEqualTo("SKIPPED");
            assertThat(fire.get("reason").asText()).isEqualTo("REFUSED");
            assertThat(fire.get("detail").asText()).contains("Pro");
            assertThat(fire.get("runId").isNull()).isTrue();
        }
    }

    private void assertField(String benchmark, String body, String field) {
        var refused = send("POST", "/api/benchmarks/" + benchmark + "/schedules", alice, body);
        assertThat(refused.status()).as(body).isEqualTo(400);
        assertThat(refused.body().get("errors").get(0).get("field").asText())
                .as(body)
                .isEqualTo(field);
    }
}
