package io.benchmarkhub.domain.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchmarkhub.domain.benchmark.events.BenchmarkCreated;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * {@code BenchmarkCreated} revision 2 → 3: before workspaces existed (issue 18) {@code workspaceId} was accepted unchecked
 * and meant nothing, so a revision 2 benchmark belongs to no workspace. Keeping the old value would hide the benchmark
 * from its own creator, who is a member of no such workspace.
 */
public final class UnsharedWorkspaceUpcaster extends SingleEventUpcaster {

    private static final String TYPE = BenchmarkCreated.class.getName();

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation event) {
        return TYPE.equals(event.getType().getName())
                && "2".equals(event.getType().getRevision());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation event) {
        return event.upcastPayload(new SimpleSerializedType(TYPE, "3"), JsonNode.class, payload -> {
            if (payload instanceof ObjectNode object) object.putNull("workspaceId");
            return payload;
        });
    }
}
