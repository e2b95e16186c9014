package io.benchmarkhub.domain.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.events.BenchmarkCreated;
import io.benchmarkhub.domain.benchmark.events.BenchmarkForked;
import io.benchmarkhub.domain.benchmark.events.TestCaseAdded;
import io.benchmarkhub.domain.benchmark.events.TestCaseRevised;
import java.util.Set;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * Revision 1 → 2 of the benchmark events that carry cases: revision 1 had no {@code weight} on a case, and every
 * case then counted equally, so each case gets {@code "weight": 1.0} ({@link TestCase#DEFAULT_WEIGHT}). A weight the
 * payload already has is kept. The content hash in the payload stays as stored: a case of weight 1 hashes exactly as a
 * case without one ({@link TestCase#canonical}).
 */
final class CaseWeightUpcaster extends SingleEventUpcaster {

    private static final Set<String> WITH_ONE_CASE =
            Set.of(TestCaseAdded.class.getName(), TestCaseRevised.class.getName());
    private static final Set<String> WITH_ALL_CASES =
            Set.of(BenchmarkCreated.class.getName(), BenchmarkForked.class.getName());

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation event) {
        String type = event.getType().getName();
        return "1".equals(event.getType().getRevision())
                && (WITH_ONE_CASE.contains(type) || WITH_ALL_CASES.contains(type));
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation event) {
        boolean oneCase = WITH_ONE_CASE.contains(event.getType().getName());
        return event.upcastPayload(
                new SimpleSerializedType(event.getType().getName(), "2"), JsonNode.class, payload -> {
                    if (oneCase) {
                        withDefaultWeight(payload.get("testCase"));
                    } else if (payload.get("cases") != null) {
                        payload.get("cases").forEach(CaseWeightUpcaster::withDefaultWeight);
                    }
                    return payload;
                });
    }

    private static void withDefaultWeight(JsonNode testCase) {
        if (testCase instanceof ObjectNode object && !object.has("weight"))
            object.put("weight", TestCase.DEFAULT_WEIGHT);
    }
}
