package io.benchmarkhub.domain.suggestion.events;

import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * The answer of a job's first call, which drafted the personas its cases are then written for (promptfoo's synthesis:
 * personas first, then cases per persona). An answer that could not be read keeps no persona, says why in
 * {@code problem}, and the job drafts its cases without personas.
 *
 * @param costMicros what the call cost the provider, in µ$ (0 for simulated models)
 */
@Revision("1")
public record SuggestionPersonasDrafted(String jobId, List<String> personas, long costMicros, String problem)
        implements SuggestionEvent {

    public SuggestionPersonasDrafted {
        personas = personas == null ? List.of() : List.copyOf(personas);
    }
}
