package io.benchmarkhub.query.benchmark;

import static io.benchmarkhub.query.JsonColumns.instant;
import static io.benchmarkhub.query.Viewer.visibleTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchmarkhub.domain.benchmark.Verification;
import io.benchmarkhub.domain.user.Actor;
import io.benchmarkhub.query.InvalidQuery;
import io.benchmarkhub.query.JsonColumns;
import io.benchmarkhub.query.Viewer;
import io.benchmarkhub.query.benchmark.BenchmarkViews.BenchmarkView;
import io.benchmarkhub.query.benchmark.BenchmarkViews.CaseRevision;
import io.benchmarkhub.query.benchmark.BenchmarkViews.CaseView;
import io.benchmarkhub.query.benchmark.BenchmarkViews.FieldChange;
import io.benchmarkhub.query.benchmark.BenchmarkViews.ForkedFrom;
import io.benchmarkhub.query.benchmark.BenchmarkViews.Permissions;
import io.benchmarkhub.query.benchmark.BenchmarkViews.VerificationListing;
import io.benchmarkhub.query.benchmark.BenchmarkViews.VersionDiff;
import io.benchmarkhub.query.benchmark.BenchmarkViews.VersionSummary;
import io.benchmarkhub.query.benchmark.BenchmarkViews.VersionView;
import io.benchmarkhub.query.leaderboard.ContaminationQueries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Reads the benchmark detail read model. Every method applies the viewer's visibility: a
 * benchmark the viewer may not see is answered exactly like one that does not exist.
 */
@Repository
public class BenchmarkQueries {

    private static final String CASES_AT_VERSION = """
            SELECT ordinal, case_id, input, expected, tags, metadata, weight, graders FROM benchmark_case
             WHERE benchmark_id = :id AND valid_from <= :version AND (valid_to IS NULL OR valid_to > :version)
             ORDER BY ordinal""";

    private final NamedParameterJdbcTemplate jdbc;
    private final JsonColumns json;
    private final ObjectMapper mapper;
    private final ContaminationQueries contamination;

    public BenchmarkQueries(
            NamedParameterJdbcTemplate jdbc,
            JsonColumns json,
            ObjectMapper mapper,
            ContaminationQueries contamination) {
        this.jdbc = jdbc;
        this.json = json;
        this.mapper = mapper;
        this.contamination = contamination;
    }

    /**
     * Public benchmarks whose verification has {@code status}, oldest change first: the admin's queue. Private ones are
     * left out, as admins do not read private benchmarks (ADR 0004); one unpublished after its request cannot be
     * approved anyway.
     */
    public List<VerificationListing> verifications(Verification.Status status) {
        return jdbc.query(
                """
                SELECT id, title, owner_id, verification_status, verification_licence, verification_source_url,
                       verification_changed_at, verification_revoked_reason
                  FROM benchmark
                 WHERE verification_status = :status AND visibility = 'PUBLIC'
                 ORDER BY verification_changed_at, id""",
                new MapSqlParameterSource("status", status.name()),
                (rs, n) -> new VerificationListing(
                        rs.getString("id"),
                        rs.getString("title"),
                        rs.getString("owner_id"),
                        Verification.Status.valueOf(rs.getString("verification_status")),
                        rs.getString("verification_licence"),
                        rs.getString("verification_source_url"),
                        instant(rs, "verification_changed_at"),
                        rs.getString("verification_revoked_reason")));
    }

    /** Cases of one benchmark page: at most this many; the default and the most a page may hold. */
    public static final int CASES_PAGE_DEFAULT = 1000;

    public static final int CASES_PAGE_MAX = 1000;

    /** The first page of cases (up to {@value #CASES_PAGE_DEFAULT}). */
    public Optional<BenchmarkView> find(String id, Viewer viewer) {
        return find(id, viewer, null, null, null);
    }

    /**
     * The benchmark with one page of its current cases: {@code casesLimit} (1..{@value #CASES_PAGE_MAX}, default
     * {@value #CASES_PAGE_DEFAULT}) after {@code casesCursor} (from the previous page; null for the first). A cursor is
     * bound to the version it was given out for: once the benchmark has changed, it is refused (400 casesCursor).
     * {@code actor} is the same caller as {@code viewer} (null when anonymous), for the view's permissions.
     */
    public Optional<BenchmarkView> find(String id, Viewer viewer, Actor actor, Integer casesLimit, String casesCursor) {
        int limit = casesLimit == null ? CASES_PAGE_DEFAULT : casesLimit;
        if (limit < 1 || limit > CASES_PAGE_MAX)
            throw new InvalidQuery("casesLimit", "must be from 1 to " + CASES_PAGE_MAX);
        CaseCursor after = casesCursor == null ? null : CaseCursor.parse(casesCursor);
        var params = params(id, viewer);
        List<BenchmarkView> rows =
                jdbc.query("""
                SELECT b.*,
                       (SELECT count(*) FROM benchmark_fork f JOIN benchmark fb ON fb.id = f.fork_id
                         WHERE f.source_id = b.id AND %s) AS fork_count,
                       (SELECT count(*) FROM benchmark src WHERE src.id = b.forked_from_id AND %s) AS source_visible,
                       (SELECT count(DISTINCT lr.run_id) FROM leaderboard_result lr WHERE lr.benchmark_id = b.id) AS run_count
                  FROM benchmark b WHERE b.id = :id AND %s""".formatted(visibleTo("fb"), visibleTo("src"), visibleTo("b")), params, (rs, n) -> {
                    long version = rs.getLong("version");
                    String status = rs.getString("verification_status");
                    var verification = status == null
                            ? null
                            : new Verification(
                                    Verification.Status.valueOf(status),
                                    rs.getString("verification_licence"),
                                    rs.getString("verification_source_url"),
                                    rs.getString("verification_revoked_reason"));
                    var forkedFrom = rs.getString("forked_from_id") != null && rs.getLong("source_visible") > 0
                            ? new ForkedFrom(rs.getString("forked_from_id"), rs.getLong("forked_from_version"))
                            : null;
                    return new BenchmarkView(
                            rs.getString("id"),
                            rs.getString("title"),
                            rs.getString("description"),
                            json.strings(rs, "tags"),
                            rs.getString("category"),
                            rs.getString("visibility"),
                            rs.getString("owner_id"),
                            version,
                            rs.getString("content_hash"),
                            rs.getString("prompt_template"),
                            null,
                            rs.getLong("case_count"),
                            null,
                            json.node(rs, "graders"),
                            json.node(rs, "decision_criteria"),
                            forkedFrom,
                            rs.getLong("fork_count"),
                            rs.getLong("run_count"),
                            verification != null && verification.verified(),
                            verification,
                            contamination.onBenchmark(id),
                            instant(rs, "created_at"),
                            instant(rs, "updated_at"),
                            json.node(rs, "prompt_variants"),
                            // which workspace holds it is its members' business only
                            rs.getString("workspace_id") != null
                                            && viewer.workspaceIds().contains(rs.getString("workspace_id"))
                                    ? rs.getString("workspace_id")
                                    : null,
                            // from the real workspace, which the view hides from outsiders
                            Permissions.of(
                                    actor,
                                    rs.getString("owner_id"),
                                    rs.getString("workspace_id"),
                                    rs.getString("visibility")));
                });
        return rows.stream().findFirst().map(view -> withCases(view, limit, after));
    }

    private BenchmarkView withCases(BenchmarkView view, int limit, CaseCursor after) {
        if (after != null && after.version() != view.version()) {
            throw new InvalidQuery(
                    "casesCursor",
                    "the benchmark is at version " + view.version() + " now and this cursor was for version "
                            + after.version() + ": read the cases again from the first page (without casesCursor)");
        }
        var ordinals = new ArrayList<Long>();
        List<CaseView> page = jdbc.query(
                CASES_AT_VERSION.replace("ORDER BY ordinal", "AND ordinal > :after ORDER BY ordinal LIMIT :limit"),
                new MapSqlParameterSource("id", view.id())
                        .addValue("version", view.version())
                        .addValue("after", after == null ? Long.MIN_VALUE : after.ordinal())
                        .addValue("limit", limit + 1),
                (rs, n) -> {
                    ordinals.add(rs.getLong("ordinal"));
                    return caseRow().mapRow(rs, n);
                });
        String next = null;
        if (page.size() > limit) {
            page = page.subList(0, limit);
            next = new CaseCursor(view.version(), ordinals.get(limit - 1)).toString();
        }
        return new BenchmarkView(
                view.id(),
                view.title(),
                view.description(),
                view.tags(),
                view.category(),
                view.visibility(),
                view.ownerId(),
                view.version(),
                view.contentHash(),
                view.promptTemplate(),
                List.copyOf(page),
                view.caseCount(),
                next,
                view.graders(),
                view.decisionCriteria(),
                view.forkedFrom(),
                view.forkCount(),
                view.runCount(),
                view.verified(),
                view.verification(),
                view.contaminationFlags(),
                view.createdAt(),
                view.updatedAt(),
                view.promptVariants(),
                view.workspaceId(),
                view.permissions());
    }

    /** Where a page of cases ends: the version and the last case's ordinal, as opaque base64url text. */
    record CaseCursor(long version, long ordinal) {
        static CaseCursor parse(String text) {
            try {
                String[] parts = new String(
                                java.util.Base64.getUrlDecoder().decode(text), java.nio.charset.StandardCharsets.UTF_8)
                        .split(":");
                if (parts.length != 2 || !parts[0].startsWith("v")) throw new IllegalArgumentException();
                return new CaseCursor(Long.parseLong(parts[0].substring(1)), Long.parseLong(parts[1]));
            } catch (IllegalArgumentException e) {
                throw new InvalidQuery(
                        "casesCursor", "is not a cursor this API gave out; use casesNextCursor from the previous page");
            }
        }

        @Override
        public String toString() {
            return java.util.Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(("v" + version + ":" + ordinal).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** The current version of a visible benchmark, or empty; cheap enough to call before every write. */
    public Optional<Long> currentVersion(String id, Viewer viewer) {
        return jdbc
                .query(
                        "SELECT b.version FROM benchmark b WHERE b.id = :id AND " + visibleTo("b"),
                        params(id, viewer),
                        (rs, n) -> rs.getLong(1))
                .stream()
                .findFirst();
    }

    public Optional<List<VersionSummary>> versions(String id, Viewer viewer) {
        if (currentVersion(id, viewer).isEmpty()) return Optional.empty();
        return Optional.of(jdbc.query("""
                SELECT version, content_hash, case_count, changed_by, changed_at, changes
                  FROM benchmark_version WHERE benchmark_id = :id ORDER BY version""", params(id, viewer), this::summary));
    }

    public Optional<VersionView> version(String id, long version, Viewer viewer) {
        if (currentVersion(id, viewer).isEmpty()) return Optional.empty();
        var params = params(id, viewer).addValue("version", version);
        return jdbc
                .query(
                        "SELECT * FROM benchmark_version WHERE benchmark_id = :id AND version = :version",
                        params,
                        (rs, n) -> new VersionView(
                                id,
                                version,
                                rs.getString("title"),
                                rs.getString("description"),
                                json.strings(rs, "tags"),
                                rs.getString("category"),
                                rs.getString("visibility"),
                                rs.getString("content_hash"),
                                rs.getString("prompt_template"),
                                casesAt(id, version),
                                json.node(rs, "graders"),
                                json.node(rs, "decision_criteria"),
                                rs.getString("changed_by"),
                                instant(rs, "changed_at"),
                                json.strings(rs, "changes"),
                                json.node(rs, "prompt_variants")))
                .stream()
                .findFirst();
    }

    /** Empty when the benchmark is not visible or either version does not exist. */
    public Optional<VersionDiff> diff(String id, long from, long to, Viewer viewer) {
        Optional<VersionView> a = version(id, from, viewer);
        Optional<VersionView> b = version(id, to, viewer);
        if (a.isEmpty() || b.isEmpty()) return Optional.empty();
        VersionView x = a.get();
        VersionView y = b.get();

        var fields = new ArrayList<FieldChange>();
        compare(fields, "title", x.title(), y.title());
        compare(fields, "description", x.description(), y.description());
        compare(fields, "tags", x.tags(), y.tags());
        compare(fields, "category", x.category(), y.category());
        compare(fields, "visibility", x.visibility(), y.visibility());
        compare(fields, "promptTemplate", x.promptTemplate(), y.promptTemplate());
        compare(fields, "promptVariants", x.promptVariants(), y.promptVariants());
        compare(fields, "graders", x.graders(), y.graders());
        compare(fields, "decisionCriteria", x.decisionCriteria(), y.decisionCriteria());

        Map<String, CaseView> before = byId(x.cases());
        Map<String, CaseView> after = byId(y.cases());
        var added =
                after.values().stream().filter(c -> !before.containsKey(c.id())).toList();
        var removed =
                before.values().stream().filter(c -> !after.containsKey(c.id())).toList();
        var revised = after.values().stream()
                .filter(c -> before.containsKey(c.id()) && !before.get(c.id()).equals(c))
                .map(c -> new CaseRevision(c.id(), before.get(c.id()), c))
                .toList();

        var between = jdbc.query(
                """
                SELECT version, content_hash, case_count, changed_by, changed_at, changes FROM benchmark_version
                 WHERE benchmark_id = :id AND version > :lo AND version <= :hi ORDER BY version""",
                new MapSqlParameterSource("id", id)
                        .addValue("lo", Math.min(from, to))
                        .addValue("hi", Math.max(from, to)),
                this::summary);
        return Optional.of(new VersionDiff(
                id, from, to, x.contentHash(), y.contentHash(), fields, added, removed, revised, between));
    }

    /** The cases of the current version, for export. Empty when not visible. */
    public Optional<List<CaseView>> currentCases(String id, Viewer viewer) {
        return currentVersion(id, viewer).map(v -> casesAt(id, v));
    }

    private List<CaseView> casesAt(String id, long version) {
        return jdbc.query(
                CASES_AT_VERSION, new MapSqlParameterSource("id", id).addValue("version", version), caseRow());
    }

    private RowMapper<CaseView> caseRow() {
        return (rs, n) -> new CaseView(
                rs.getString("case_id"),
                json.node(rs, "input"),
                json.node(rs, "expected"),
                json.strings(rs, "tags"),
                json.node(rs, "metadata"),
                rs.getDouble("weight"),
                caseGraders(rs));
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<List<io.benchmarkhub.domain.grading.Grader>>
            GRADERS = new com.fasterxml.jackson.core.type.TypeReference<>() {};

    private List<io.benchmarkhub.domain.grading.Grader> caseGraders(java.sql.ResultSet rs)
            throws java.sql.SQLException {
        String text = rs.getString("graders");
        if (text == null) return null;
        try {
            return mapper.readValue(text, GRADERS);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new java.sql.SQLException("column graders cannot be read", e);
        }
    }

    private VersionSummary summary(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new VersionSummary(
                rs.getLong("version"),
                rs.getString("content_hash"),
                rs.getInt("case_count"),
                rs.getString("changed_by"),
                instant(rs, "changed_at"),
                json.strings(rs, "changes"));
    }

    private void compare(List<FieldChange> changes, String field, Object from, Object to) {
        JsonNode a = mapper.valueToTree(from);
        JsonNode b = mapper.valueToTree(to);
        if (!Objects.equals(a, b)) changes.add(new FieldChange(field, a, b));
    }

    private static Map<String, CaseView> byId(List<CaseView> cases) {
        var map = new LinkedHashMap<String, CaseView>();
        cases.forEach(c -> map.put(c.id(), c));
        return map;
    }

    private static MapSqlParameterSource params(String id, Viewer viewer) {
        return new MapSqlParameterSource("id", id).addValue("viewer", viewer.ownerParam());
    }
}
