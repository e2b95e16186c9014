package io.benchmarkhub.command.run;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code benchmarkhub.runs.*}: limits and pacing of runs (documented in application.yml).
 *
 * @param timeout            a run not finished after this long is timed out (a Quartz deadline)
 * @param maxTrials          cases × models × repeats allowed in one run
 * @param maxModels          candidate models in one run
 * @param maxJudges          judges in one panel
 * @param maxRepeats         repeats of each trial
 * @param defaultJudges      the panel of an LLM-judge grader when neither the run nor the grader names one
 *                           and some candidate is a real model: cheap models from three vendors
 * @param simulatedJudges    the default panel when every candidate is simulated
 * @param judgeAttempts      judge calls per verdict before an unparsable answer is recorded as a failed verdict
 * @param judgeMaxTokens     the completion cap of a judge call
 * @param batchSize          results recorded in one unit of work, at most
 * @param trialsInFlight     trials started and not yet recorded, at most, per run (the provider limits bound the calls)
 * @param scanInterval       how often each node looks for unfinished runs that no node is executing
 * @param leaseTimeout       a node that has not renewed its lease on a run for this long is presumed gone
 * @param maxPromptSize      the largest prompt (UTF-8, all messages) one case may render to: a run with a case above it
 *                           is refused with 400 when it is requested, and such a call is never sent
 * @param maxOutputChars     what is kept of a candidate's answer, in chars: a longer answer is cut there before it is
 *                           graded, judged and stored (its token counts and cost stay those of the whole answer)
 */
@ConfigurationProperties("benchmarkhub.runs")
public record RunsProperties(
        @DefaultValue("2h") Duration timeout,
        @DefaultValue("200000") int maxTrials,
        @DefaultValue("10") int maxModels,
        @DefaultValue("5") int maxJudges,
        @DefaultValue("10") int maxRepeats,

        @DefaultValue({"openai/gpt-4o-mini", "google/gemini-2.0-flash-001", "meta-llama/llama-3.1-8b-instruct"})
        List<String> defaultJudges,

        @DefaultValue({"sim/judge-1", "sim/judge-2", "sim/judge-3"})
        List<String> simulatedJudges,

        @DefaultValue("3") int judgeAttempts,
        @DefaultValue("512") int judgeMaxTokens,
        @DefaultValue("250") int batchSize,
        @DefaultValue("512") int trialsInFlight,
        @DefaultValue("5s") Duration scanInterval,
        @DefaultValue("30s") Duration leaseTimeout,
        @DefaultValue("256KB") DataSize maxPromptSize,
        @DefaultValue("65536") int maxOutputChars) {

    public Duration heartbeatInterval() {
        return leaseTimeout.dividedBy(5);
    }
}
