package io.benchmarkhub.domain.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestCaseTest {

    @Test
    void an_explicit_json_null_is_the_same_as_a_missing_value() {
        var withNulls = new TestCase("c1", TextNode.valueOf("q"), NullNode.getInstance(), null, NullNode.getInstance());
        var without = new TestCase("c1", TextNode.valueOf("q"), null, List.of(), null);
        assertThat(withNulls).isEqualTo(without);
        assertThat(withNulls.expected()).isNull();
    }
}
