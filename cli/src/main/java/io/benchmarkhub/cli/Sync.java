package io.benchmarkhub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Makes the server's benchmark what the file says. Without an id in the file it creates the benchmark. With one, it
 * reads the current version and sends only what differs, each change with {@code If-Match} of the version the previous
 * one made: details, then cases (removed, revised, added in one call), graders, decision criteria, and visibility. A
 * concurrent edit makes the next change fail with 412 and the sync stops, so the file never silently overwrites it;
 * a file that matches the server changes nothing.
 *
 * <p>Cases are matched by id; a case without an id in the file matches a server case with the same content, so a file
 * without case ids syncs the same way twice.
 */
public final class Sync {

    /** What a sync did: the benchmark, its version and content hash after it, and the changes it sent. */
    public record Result(String id, long version, String contentHash, boolean created, List<String> changes) {}

    private final Api api;
    private final Runnable beforeEachWrite;

    public Sync(Api api) {
        this(api, () -> {});
    }

    /** With {@code beforeEachWrite} run before every change it sends (tests make a concurrent edit there). */
    public Sync(Api api, Runnable beforeEachWrite) {
        this.api = api;
        this.beforeEachWrite = beforeEachWrite;
    }

    public Result sync(BenchmarkFile file) {
        return file.id() == null ? create(file) : update(file, file.id());
    }

    private Result create(BenchmarkFile file) {
        Api.Answer created = api.send("POST", "/api/benchmarks", file.createBody(), null, null);
        String id = created.body().path("id").asText();
        JsonNode now = api.get("/api/benchmarks/" + Api.encode(id)).body();
        return new Result(
                id, now.path("version").asLong(), now.path("contentHash").asText(), true, List.of("created"));
    }

    private Result update(BenchmarkFile file, String id) {
        String path = "/api/benchmarks/" + Api.encode(id);
        JsonNode current;
        try {
            current = api.get(path).body();
        } catch (Api.Refused e) {
            if (e.status() == 404) {
                throw new CliException(
                        ExitCodes.ERROR,
                        file.path() + ": benchmark " + id + " does not exist or this token cannot see it");
            }
            throw e;
        }
        ObjectNode wanted = file.content();
        long version = current.path("version").asLong();
        List<String> changes = new ArrayList<>();

        ObjectNode details = Api.JSON.createObjectNode();
        for (String field : BenchmarkFile.DETAILS) {
            if (wanted.has(field) && !same(wanted.get(field), current.get(field)))
                details.set(field, wanted.get(field));
        }
        if (!wanted.has("promptVariants")
                && current.hasNonNull("promptVariants")
                && !current.get("promptVariants").isEmpty()) {
            // the file holds one template: the server's variants go, and the file's template (if any) stays the
            // template
            details.set("promptVariants", Api.JSON.createArrayNode());
        }
        if (!details.isEmpty()) {
            version = write("PATCH", path, details, version);
            changes.add("details " + iterable(details.fieldNames()));
        }

        if (wanted.has("cases"))
            version = syncCases(path, wanted.withArray("cases"), current.path("cases"), version, changes);

        if (wanted.has("graders") && !sameList(wanted.get("graders"), current.path("graders"))) {
            version = write("PUT", path + "/graders", wanted.get("graders"), version);
            changes.add("graders");
        }
        if (wanted.has("decisionCriteria")
                && !sameList(wanted.get("decisionCriteria"), current.path("decisionCriteria"))) {
            version = write("PUT", path + "/decision-criteria", wanted.get("decisionCriteria"), version);
            changes.add("decision criteria");
        }
        if (wanted.has("visibility")) {
            String visibility = wanted.get("visibility").asText();
            if (!visibility.equalsIgnoreCase(current.path("visibility").asText())) {
                boolean publish = visibility.equalsIgnoreCase("PUBLIC");
                version = write("POST", path + (publish ? "/publish" : "/unpublish"), null, version);
                changes.add(publish ? "published" : "unpublished");
            }
        }
        JsonNode now = changes.isEmpty() ? current : api.get(path).body();
        return new Result(
                id, now.path("version").asLong(), now.path("contentHash").asText(), false, changes);
    }

    private long syncCases(String path, ArrayNode wanted, JsonNode current, long version, List<String> changes) {
        Map<String, JsonNode> server = new LinkedHashMap<>();
        for (JsonNode c : current) server.put(c.path("id").asText(), c);
        List<JsonNode> toAdd = new ArrayList<>();
        List<JsonNode> toRevise = new ArrayList<>();
        List<JsonNode> withoutId = new ArrayList<>();
        for (JsonNode c : wanted) {
            String caseId = c.path("id").asText(null);
            if (caseId == null) {
                withoutId.add(c);
            } else if (!server.containsKey(caseId)) {
                toAdd.add(c);
            } else {
                if (!sameCase(c, server.remove(caseId))) toRevise.add(c);
            }
        }
        for (JsonNode c : withoutId) {
            String match = server.entrySet().stream()
                    .filter(e -> sameCase(c, e.getValue()))
                    .map(Map.Entry::getKey)
                    .findFirst()
                    .orElse(null);
            if (match != null) server.remove(match);
            else toAdd.add(c);
        }
        // added first and removed last, so the benchmark never has fewer cases on the way than at either end
        if (!toAdd.isEmpty()) {
            ArrayNode body = Api.JSON.createArrayNode();
            toAdd.forEach(body::add);
            version = write("POST", path + "/cases", body, version);
        }
        for (JsonNode c : toRevise) {
            version = write("PUT", path + "/cases/" + Api.encode(c.path("id").asText()), c, version);
        }
        for (String gone : server.keySet()) {
            version = write("DELETE", path + "/cases/" + Api.encode(gone), null, version);
        }
        if (!server.isEmpty()) changes.add(server.size() + " case(s) removed");
        if (!toRevise.isEmpty()) changes.add(toRevise.size() + " case(s) revised");
        if (!toAdd.isEmpty()) changes.add(toAdd.size() + " case(s) added");
        return version;
    }

    private long write(String method, String path, JsonNode body, long version) {
        beforeEachWrite.run();
        try {
            JsonNode answer =
                    api.send(method, path, body, "\"" + version + "\"", null).body();
            return answer.path("version").asLong();
        } catch (Api.Refused e) {
            if (e.status() == 412) {
                throw new CliException(
                        ExitCodes.ERROR,
                        "the benchmark changed on the server while syncing (version " + version
                                + " is no longer current); nothing was overwritten. Run sync again to apply the file on top of it.");
            }
            throw e;
        }
    }

    /** A case in the file is the server's case when every field the file gives is equal (absent tags, weight 1 are defaults). */
    private static boolean sameCase(JsonNode file, JsonNode server) {
        return same(file.get("input"), server.get("input"))
                && same(file.get("expected"), server.get("expected"))
                && same(orEmptyArray(file.get("tags")), orEmptyArray(server.get("tags")))
                && same(file.get("metadata"), server.get("metadata"))
                && (file.hasNonNull("weight") ? file.get("weight").asDouble() : 1.0)
                        == server.path("weight").asDouble(1.0)
                && sameGraders(file.get("graders"), server.get("graders"));
    }

    /** A case's own graders: none (absent or empty) on both sides, or the same list. */
    private static boolean sameGraders(JsonNode file, JsonNode server) {
        boolean fileNone = file == null || file.isNull() || file.isEmpty();
        boolean serverNone = server == null || server.isNull() || server.isEmpty();
        if (fileNone || serverNone) return fileNone == serverNone;
        return sameList(file, server);
    }

    /** The same list when each element of the file's is contained in the server's (the server may add defaults). */
    private static boolean sameList(JsonNode file, JsonNode server) {
        if (!file.isArray() || !server.isArray() || file.size() != server.size()) return false;
        for (int i = 0; i < file.size(); i++) {
            if (!contained(file.get(i), server.get(i))) return false;
        }
        return true;
    }

    private static boolean contained(JsonNode file, JsonNode server) {
        if (file.isObject() && server != null && server.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = file.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getValue().isNull()) continue;
                if (!contained(field.getValue(), server.get(field.getKey()))) return false;
            }
            return true;
        }
        return same(file, server);
    }

    private static boolean same(JsonNode a, JsonNode b) {
        boolean aAbsent = a == null || a.isNull() || a.isMissingNode();
        boolean bAbsent = b == null || b.isNull() || b.isMissingNode();
        if (aAbsent || bAbsent) return aAbsent == bAbsent;
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) return false;
            for (int i = 0; i < a.size(); i++) if (!same(a.get(i), b.get(i))) return false;
            return true;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) return false;
            for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!same(a.get(name), b.get(name))) return false;
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    private static JsonNode orEmptyArray(JsonNode node) {
        return node == null || node.isNull() ? Api.JSON.createArrayNode() : node;
    }

    private static List<String> iterable(Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
