package io.benchmarkhub.domain.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchmarkhub.domain.grading.Grader;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentHashTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final TestCase CASE = new TestCase(
            "c1", json("\"2+2\""), json("\"4\""), List.of("math"), json("{\"b\": [{\"y\": 2, \"x\": 1}], \"a\": 1}"));

    @Test
    void the_canonical_form_sorts_keys_recursively_and_leaves_out_nulls() {
        record Content(List<TestCase> cases, List<Grader> graders, String promptTemplate) {}
        String canonical = CanonicalJson.string(
                new Content(List.of(CASE), List.of(new Grader.Contains(null, true)), "Q: {{input}}"));
        assertThat(canonical)
                .isEqualTo(
                        "{\"cases\":[{\"expected\":\"4\",\"id\":\"c1\",\"input\":\"2+2\",\"metadata\":{\"a\":1,\"b\":[{\"x\":1,\"y\":2}]},"
                                + "\"tags\":[\"math\"]}],\"graders\":[{\"ignoreCase\":true,\"type\":\"contains\"}],\"promptTemplate\":\"Q: {{input}}\"}");
    }

    @Test
    void the_hash_is_the_sha256_of_the_canonical_form() {
        // computed independently: python3 hashlib.sha256 over the canonical string of the test above
        assertThat(ContentHash.of("Q: {{input}}", List.of(CASE), List.of(new Grader.Contains(null, true))))
                .isEqualTo("sha256:6ccce9007c0bc42cbd076f72dc1bf4ec88e2ccefc4e13b24b88cde41f53e1c1f");
    }

    @Test
    void hashing_from_cached_canonical_cases_equals_hashing_the_whole_canonical_form() {
        record Content(List<TestCase> cases, List<Grader> graders, String promptTemplate) {}
        var other = new TestCase("c2", json("{\"q\": \"é ✓\", \"n\": [1, 2.5, null]}"), null, List.of(), null);
        var graders = List.<Grader>of(new Grader.Regex("^\\d+$"), new Grader.LlmJudge("right?", List.of("a/b"), 0.7));
        for (String template : new String[] {null, "", "Q: {{input}} \"quoted\""}) {
            for (List<TestCase> cases : List.of(List.<TestCase>of(), List.of(CASE), List.of(CASE, other))) {
                for (List<Grader> g : List.of(List.<Grader>of(), graders)) {
                    String whole = sha256(CanonicalJson.bytes(new Content(cases, g, template)));
                    assertThat(ContentHash.of(template, cases, g))
                            .as("%s %s %s", template, cases.size(), g.size())
                            .isEqualTo(whole);
                    assertThat(ContentHash.ofCanonicalCases(
                                    template,
                                    cases.stream().map(CanonicalJson::string).toList(),
                                    g))
                            .isEqualTo(whole);
                }
            }
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return "sha256:"
                    + java.util.HexFormat.of()
                            .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                    .digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void the_order_of_keys_in_free_form_json_does_not_change_the_hash() {
        var reordered = new TestCase(
                "c1",
                json("\"2+2\""),
                json("\"4\""),
                List.of("math"),
                json("{\"a\": 1, \"b\": [{\"x\": 1, \"y\": 2}]}"));
        assertThat(ContentHash.of("t", List.of(reordered), List.of()))
                .isEqualTo(ContentHash.of("t", List.of(CASE), List.of()));
    }

    @Test
    void the_grader_type_is_part_of_the_hash() {
        assertThat(ContentHash.of("t", List.of(CASE), List.of(new Grader.Exact(null, null))))
                .isNotEqualTo(ContentHash.of("t", List.of(CASE), List.of(new Grader.Contains(null, null))));
    }

    @Test
    void the_order_of_cases_template_and_expected_values_are_content() {
        var other = new TestCase("c2", json("\"3+3\""), json("\"6\""), List.of(), null);
        String base = ContentHash.of("t", List.of(CASE, other), List.of());
        assertThat(ContentHash.of("t", List.of(other, CASE), List.of())).isNotEqualTo(base);
        assertThat(ContentHash.of("u", List.of(CASE, other), List.of())).isNotEqualTo(base);
        assertThat(ContentHash.of(
                        "t",
                        List.of(CASE, new TestCase("c2", json("\"3+3\""), json("\"7\""), List.of(), null)),
                        List.of()))
                .isNotEqualTo(base);
    }
}
