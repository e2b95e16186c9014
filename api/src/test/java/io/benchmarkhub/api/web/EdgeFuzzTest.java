package io.benchmarkhub.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A property-based fuzz of the app's own OpenAPI document (issue 12 item 9): for every operation it serves, hostile
 * requests (wrong types, odd and huge strings, NUL and lone surrogates, deep nesting, unknown fields, bad ids and
 * headers, bodies that are not JSON) are sent as an admin, as a user and anonymously. The property: no answer is a
 * 5xx, and every 4xx is problem+json; every answer also goes through the served-document check of ApiTestBase.
 * jqwik generates the values in a session with a fixed seed, so a failure reproduces; the seed is in the report.
 */
class EdgeFuzzTest extends ApiTestBase {

    static final String SEED = "4242";
    /** Requests per operation and caller. */
    static final int TRIES = 4;
    /** Below Tomcat's default header limit (8 KB), which the request line counts towards. */
    static final int MAX_REQUEST_LINE = 7_000;

    @AfterEach
    void endSession() {
        if (JqwikSession.isActive()) JqwikSession.finish();
    }

    @Test
    void no_hostile_request_over_the_served_document_gets_a_5xx_and_every_4xx_is_problem_json() throws Exception {
        JsonNode spec = get("/v3/api-docs", null).body();
        // callers of its own: a hostile request may well sign its caller out or delete its account, which must not
        // take the shared admin and users of the other test classes with it
        String admin = createUser("fuzzadmin", "ADMIN").token();
        Caller fuzzUser = createUser("fuzzuser");
        String user = fuzzUser.token();
        String benchmark = createBenchmark(fuzzUser, "fuzz target", "PUBLIC");
        JqwikSession.start(SEED);
        Arbitrary<String> text = hostileText(benchmark);

        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = spec.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase();
                if (path.getKey().endsWith("/events")) continue; // a stream: a run it finds would keep the answer open
                for (String token : new String[] {admin, user, null}) {
                    for (int i = 0; i < TRIES; i++) {
                        String uri = uri(path.getKey(), op.getValue(), text);
                        HttpRequest.Builder builder =
                                HttpRequest.newBuilder(URI.create("http://localhost:" + port + uri));
                        String body = null;
                        String contentType = null;
                        JsonNode requestBody = op.getValue().path("requestBody");
                        if (!requestBody.isMissingNode()
                                || Arbitraries.integers().between(0, 9).sample() == 0) {
                            contentType = requestBody
                                            .path("content")
                                            .fieldNames()
                                            .hasNext()
                                    ? requestBody.path("content").fieldNames().next()
                                    : "application/json";
                            body = contentType.contains("json")
                                    ? jsonBody(
                                            spec,
                                            requestBody.at("/content/" + contentType.replace("/", "~1") + "/schema"),
                                            text)
                                    : text.sample();
                            if (Arbitraries.integers().between(0, 9).sample() == 0)
                                contentType = Arbitraries.of("text/plain", "application/xml", "application/json")
                                        .sample();
                        }
                        // a request line over the server's header limit is refused before any body is read, and the
                        // connection closed: a body still being sent then resets it before the answer is read
                        if (uri.length() > MAX_REQUEST_LINE) body = null;
                        builder.method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body));
                        if (contentType != null) builder.setHeader("Content-Type", contentType);
                        List<String> headers = new ArrayList<>();
                        if (Arbitraries.integers().between(0, 3).sample() == 0) {
                            headers.add("If-Match");
                            headers.add(Arbitraries.of(
                                            "\"1\"",
                                            "\"-1\"",
                                            "W/\"1\"",
                                            "*",
                                            "\"99999999999999999999\"",
                                            "abc",
                                            "\"\"")
                                    .sample());
                        }
                        String what = method + " " + uri
                                + (token == null ? " anonymously" : token.equals(admin) ? " as admin" : " as a user")
                                + (body == null ? "" : " with " + abbreviate(body));
                        sent++;
                        try {
                            Response response = exchange(builder, token, headers.toArray(String[]::new));
                            if (response.status() >= 500)
                                failures.add(response.status() + " for " + what + ": " + abbreviate(response.text()));
                        } catch (AssertionError e) {
                            failures.add(what + ": " + e.getMessage());
                        } catch (RuntimeException e) {
                            failures.add(what + ": " + e);
                        }
                    }
                }
            }
        }
        assertThat(sent).isGreaterThan(500);
        assertThat(failures).as("seed " + SEED + ", " + sent + " requests").isEmpty();
    }

    private static String uri(String template, JsonNode operation, Arbitrary<String> text) {
        StringBuilder uri = new StringBuilder();
        for (String segment : template.substring(1).split("/")) {
            uri.append('/').append(segment.startsWith("{") ? encode(text.sample()) : segment);
        }
        String separator = "?";
        for (JsonNode parameter : operation.path("parameters")) {
            if (!"query".equals(parameter.path("in").asText())
                    || Arbitraries.integers().between(0, 2).sample() == 0) continue;
            uri.append(separator)
                    .append(encode(parameter.path("name").asText()))
                    .append('=')
                    .append(encode(value(parameter.path("schema"), text)));
            separator = "&";
        }
        if (Arbitraries.integers().between(0, 5).sample() == 0)
            uri.append(separator).append("unknown=").append(encode(text.sample()));
        return uri.toString();
    }

    private static String value(JsonNode schema, Arbitrary<String> text) {
        if (schema.has("enum") && Arbitraries.integers().between(0, 1).sample() == 0) {
            return schema.get("enum")
                    .get(Arbitraries.integers()
                            .between(0, schema.get("enum").size() - 1)
                            .sample())
                    .asText();
        }
        if (schema.toString().contains("integer")
                && Arbitraries.integers().between(0, 1).sample() == 0) {
            return Arbitraries.of("0", "-1", "1", "2147483648", "-9223372036854775809", "99999999999999999999", "1.5")
                    .sample();
        }
        return text.sample();
    }

    /** A JSON body: the documented object with hostile values (and sometimes an unknown field), or something worse. */
    private static String jsonBody(JsonNode spec, JsonNode schema, Arbitrary<String> text) {
        int shape = Arbitraries.integers().between(0, 9).sample();
        if (shape == 0)
            return Arbitraries.of("", "not json", "null", "[]", "{", "{\"a\":}", "\"\\u0000\"", "1e999999", "{}{}")
                    .sample();
        if (shape == 1) return "[".repeat(5000) + "]".repeat(5000);
        if (shape == 2) return "{\"a\":".repeat(3000) + "1" + "}".repeat(3000);
        return jsonValue(spec, schema, text, 0);
    }

    private static String jsonValue(JsonNode spec, JsonNode schema, Arbitrary<String> text, int depth) {
        if (schema.has("$ref")) schema = spec.at(schema.get("$ref").asText().substring(1));
        if (schema.has("anyOf")) schema = schema.get("anyOf").get(0);
        if (schema.has("items") && Arbitraries.integers().between(0, 3).sample() > 0 && depth < 4) {
            StringBuilder array = new StringBuilder("[");
            int n = Arbitraries.integers().between(0, 3).sample();
            for (int i = 0; i < n; i++)
                array.append(i == 0 ? "" : ",").append(jsonValue(spec, schema.get("items"), text, depth + 1));
            return array.append(']').toString();
        }
        if (schema.has("properties")
                && depth < 4
                && Arbitraries.integers().between(0, 4).sample() > 0) {
            StringBuilder object = new StringBuilder("{");
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> properties =
                            schema.get("properties").fields();
                    properties.hasNext(); ) {
                Map.Entry<String, JsonNode> property = properties.next();
                if (Arbitraries.integers().between(0, 3).sample() == 0) continue;
                object.append(first ? "" : ",")
                        .append(quote(property.getKey()))
                        .append(':')
                        .append(jsonValue(spec, property.getValue(), text, depth + 1));
                first = false;
            }
            if (Arbitraries.integers().between(0, 5).sample() == 0)
                object.append(first ? "" : ",").append(quote(text.sample())).append(":1");
            return object.append('}').toString();
        }
        return switch (Arbitraries.integers().between(0, 7).sample()) {
            case 0 -> "null";
            case 1 ->
                Arbitraries.of(
                                "0",
                                "-1",
                                "1.5",
                                "1e308",
                                "-1e308",
                                "9223372036854775808",
                                "123456789012345678901234567890")
                        .sample();
            case 2 -> Arbitraries.of("true", "false").sample();
            case 3 -> "[" + quote(text.sample()) + "]";
            case 4 -> "{\"x\":" + quote(text.sample()) + "}";
            default -> quote(text.sample());
        };
    }

    private static Arbitrary<String> hostileText(String benchmark) {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "",
                        " ",
                        "null",
                        "0",
                        "-1",
                        "9223372036854775808",
                        "NaN",
                        "true",
                        "[]",
                        "{}",
                        "..",
                        "../../etc/passwd",
                        "' OR 1=1 --",
                        "<script>alert(1)</script>",
                        "\u0000",
                        "a\u0000b",
                        "\ud800",
                        "x\udc00y",
                        "\ud83d\ude00",
                        "\u202e",
                        "%",
                        "%00",
                        "bm_nope",
                        "run_nope",
                        "tok_nope",
                        "library",
                        "x;y",
                        "a/b",
                        "a\\b",
                        "\n",
                        "\t",
                        benchmark,
                        benchmark),
                Arbitraries.strings().ofMaxLength(30),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(3000).ofMaxLength(5000));
    }

    /** JSON string with every character outside printable ASCII escaped, so NUL and lone surrogates go as \\uXXXX. */
    private static String quote(String value) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') json.append('\\').append(c);
            else if (c < 0x20 || c > 0x7e) json.append(String.format("\\u%04x", (int) c));
            else json.append(c);
        }
        return json.append('"').toString();
    }

    /** Percent-encodes everything but unreserved characters; a lone surrogate as the three bytes of its (invalid) UTF-8 form. */
    static String encode(String value) {
        StringBuilder encoded = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~') {
                encoded.append(c);
                continue;
            }
            byte[] bytes;
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                bytes = value.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes = new byte[] {
                    (byte) (0xE0 | (c >> 12)), (byte) (0x80 | ((c >> 6) & 0x3F)), (byte) (0x80 | (c & 0x3F))
                };
            } else {
                bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
            }
            for (byte b : bytes) encoded.append('%').append(String.format("%02X", b & 0xff));
        }
        return encoded.toString();
    }

    private static String abbreviate(String text) {
        if (text == null) return "";
        return text.length() > 200 ? text.substring(0, 200) + "…(" + text.length() + " chars)" : text;
    }
}
