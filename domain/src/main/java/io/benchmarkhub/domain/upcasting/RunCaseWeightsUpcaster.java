package io.benchmarkhub.domain.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchmarkhub.domain.run.events.RunRequested;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * {@code RunRequested} revision 1 → 2: revision 1 pinned no case weights, because every case weighed 1; revision 2
 * lists only the weights that are not 1, so the upcast event gets {@code "caseWeights": {}}.
 */
final class RunCaseWeightsUpcaster extends SingleEventUpcaster {

    private static final String TYPE = RunRequested.class.getName();

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation event) {
        return TYPE.equals(event.getType().getName())
                && "1".equals(event.getType().getRevision());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation event) {
        return event.upcastPayload(new SimpleSerializedType(TYPE, "2"), JsonNode.class, payload -> {
            if (payload instanceof ObjectNode object && !object.has("caseWeights")) object.putObject("caseWeights");
            return payload;
        });
    }
}
