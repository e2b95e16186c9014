package io.benchmarkhub.domain.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.benchmarkhub.domain.grading.Grader;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kept digest of {@link CanonicalCases} gives the hash of the whole canonical form, whatever edits came before: each
 * hash is checked against SHA-256 over the canonical JSON of the whole content, written out independently.
 */
class CanonicalCasesTest {

    private static final List<Grader> GRADERS =
            List.of(new Grader.Regex("^\\d+$"), new Grader.LlmJudge("right?", List.of("a/b"), 0.7));
    private static final List<PromptVariant> VARIANTS =
            List.of(new PromptVariant("v1", "Q: {{input}}"), new PromptVariant("v2", "Briefly: {{input}}"));

    /** The hashed object, as ContentHash defines it; CanonicalJson sorts its keys and leaves out nulls. */
    private record Content(
            List<TestCase> cases, List<Grader> graders, String promptTemplate, List<PromptVariant> promptVariants) {}

    private static String whole(
            List<TestCase> cases, String template, List<PromptVariant> variants, List<Grader> graders) {
        // the default weight is left out of a case's canonical form (TestCase#canonical), so hashes from before weights
        // stay true
        List<TestCase> asHashed = cases.stream()
                .map(c -> c.weight() != null && c.weight() == TestCase.DEFAULT_WEIGHT
                        ? new TestCase(c.id(), c.input(), c.expected(), c.tags(), c.metadata(), null, c.graders())
                        : c)
                .toList();
        try {
            byte[] canonical =
                    CanonicalJson.bytes(new Content(asHashed, graders, template, variants.isEmpty() ? null : variants));
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TestCase randomCase(Random random, String id) {
        var input = JsonNodeFactory.instance.objectNode();
        input.put("q", "question " + random.nextInt(1_000) + (random.nextBoolean() ? " é ✓" : ""));
        input.put("n", random.nextInt(100));
        Double weight = switch (random.nextInt(3)) {
            case 0 -> null;
            case 1 -> TestCase.DEFAULT_WEIGHT;
            default -> 0.5 + random.nextInt(10);
        };
        return new TestCase(
                id,
                input,
                random.nextBoolean() ? JsonNodeFactory.instance.textNode("a" + random.nextInt(50)) : null,
                random.nextBoolean() ? List.of("t" + random.nextInt(5)) : List.of(),
                null,
                weight);
    }

    static LongStream seeds() {
        return LongStream.range(1, 41);
    }

    /**
     * Random edits as a benchmark makes them: cases added (one or several at a time), revised in place, removed, and
     * removed then added again under the same id (which moves the case to the end). Before each edit the hash of the
     * edit is asked as the aggregate asks it; after it, the hash of the content as it now is, with the template,
     * variants and graders varied too.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void every_hash_over_a_random_edit_sequence_equals_the_hash_of_the_whole_canonical_form(long seed) {
        var random = new Random(seed);
        var kept = new CanonicalCases();
        Map<String, TestCase> model = new LinkedHashMap<>();
        List<String> removed = new ArrayList<>();
        int nextId = 1;
        for (int step = 0; step < 60; step++) {
            String template = random.nextInt(4) == 0 ? null : "T" + random.nextInt(3) + ": {{input}}";
            List<PromptVariant> variants = random.nextInt(3) == 0 ? VARIANTS : List.of();
            List<Grader> graders = random.nextBoolean() ? GRADERS : List.of();
            int kind = model.isEmpty() ? 0 : random.nextInt(6);
            if (kind <= 2) {
                var added = new ArrayList<TestCase>();
                int count = 1 + (random.nextInt(4) == 0 ? random.nextInt(5) : 0);
                for (int i = 0; i < count; i++) {
                    String id = !removed.isEmpty() && random.nextInt(3) == 0
                            ? removed.remove(random.nextInt(removed.size()))
                            : "c" + nextId++;
                    added.add(randomCase(random, id));
                }
                String predicted = kept.hashWithAdded(
                        added.stream().map(TestCase::canonical).toList(), template, variants, graders);
                added.forEach(c -> {
                    model.put(c.id(), c);
                    kept.put(c.id(), c.canonical());
                });
                assertThat(predicted)
                        .as("seed %d step %d: add %d", seed, step, count)
                        .isEqualTo(whole(List.copyOf(model.values()), template, variants, graders));
            } else if (kind <= 4) {
                String id = randomId(random, model);
                TestCase revised = random.nextInt(5) == 0 ? model.get(id) : randomCase(random, id);
                String predicted = kept.hashWithRevised(id, revised.canonical(), template, variants, graders);
                model.put(id, revised);
                kept.put(id, revised.canonical());
                assertThat(predicted)
                        .as("seed %d step %d: revise %s", seed, step, id)
                        .isEqualTo(whole(List.copyOf(model.values()), template, variants, graders));
            } else {
                String id = randomId(random, model);
                String predicted = kept.hashWithout(id, template, variants, graders);
                model.remove(id);
                kept.remove(id);
                removed.add(id);
                assertThat(predicted)
                        .as("seed %d step %d: remove %s", seed, step, id)
                        .isEqualTo(whole(List.copyOf(model.values()), template, variants, graders));
            }
            assertThat(kept.hash(template, variants, graders))
                    .as("seed %d step %d: as it is", seed, step)
                    .isEqualTo(whole(List.copyOf(model.values()), template, variants, graders))
                    .isEqualTo(ContentHash.ofCanonicalCases(
                            template,
                            variants,
                            model.values().stream().map(TestCase::canonical).toList(),
                            graders));
            assertThat(kept.values())
                    .containsExactlyElementsOf(
                            model.values().stream().map(TestCase::canonical).toList());
        }
    }

    private static String randomId(Random random, Map<String, TestCase> model) {
        var ids = new ArrayList<>(model.keySet());
        return ids.get(random.nextInt(ids.size()));
    }

    @Test
    void an_empty_set_of_cases_hashes_as_an_empty_array_and_its_first_added_case_has_no_comma_before_it() {
        var kept = new CanonicalCases();
        assertThat(kept.hash("t", List.of(), GRADERS)).isEqualTo(whole(List.of(), "t", List.of(), GRADERS));
        TestCase first = randomCase(new Random(7), "c1");
        assertThat(kept.hashWithAdded(List.of(first.canonical()), "t", List.of(), GRADERS))
                .isEqualTo(whole(List.of(first), "t", List.of(), GRADERS));
    }
}
