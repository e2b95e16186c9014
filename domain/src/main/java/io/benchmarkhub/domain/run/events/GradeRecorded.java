package io.benchmarkhub.domain.run.events;

import io.benchmarkhub.domain.run.GraderResult;
import io.benchmarkhub.domain.run.RunId;
import java.util.List;
import org.axonframework.serialization.Revision;

/** The deterministic graders' results on one answered trial (LLM judges record their own verdicts). */
@Revision("1")
public record GradeRecorded(RunId runId, String caseId, String model, int repeat, List<GraderResult> results)
        implements RunEvent.TrialResult {}
