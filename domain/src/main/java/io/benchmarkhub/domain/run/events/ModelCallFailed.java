package io.benchmarkhub.domain.run.events;

import io.benchmarkhub.domain.run.RunId;
import org.axonframework.serialization.Revision;

/**
 * A candidate model gave no usable answer for a trial after all retries. The trial counts as
 * failed (score 0). {@code reason} never contains a key.
 *
 * @param kind       RATE_LIMITED, SERVER_ERROR, TIMEOUT, MALFORMED_RESPONSE, CLIENT_ERROR or NETWORK
 * @param httpStatus the last HTTP status, or null
 */
@Revision("1")
public record ModelCallFailed(
        RunId runId,
        String caseId,
        String model,
        int repeat,
        String kind,
        String reason,
        Integer httpStatus,
        int attempts)
        implements RunEvent.TrialResult {}
