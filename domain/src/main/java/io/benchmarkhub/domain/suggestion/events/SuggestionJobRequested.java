package io.benchmarkhub.domain.suggestion.events;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.credits.CreditPricing;
import io.benchmarkhub.domain.run.Billing;
import io.benchmarkhub.domain.user.UserId;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * A benchmark's owner asked for {@code count} drafted cases of one benchmark version. No BYOK key is ever in it.
 *
 * @param calls           how many model calls the job will make at most (one per batch, and one to draft personas)
 * @param maxTokens       the completion cap of each call, as sent
 * @param reservedCredits what a CREDITS job holds (the bound of all its calls); null when it reserved nothing
 * @param pricing         the credit pricing a CREDITS job is charged at; null otherwise
 * @param draftPersonas   how many personas the job drafts with a first call before the cases (0: none; absent, so 0, in
 *                        jobs requested before personas were drafted)
 * @param creditAccount   the account a CREDITS job reserved on and is charged to (revision 2): the workspace's
 *                        ({@code acct_ws_…}) for a member's job on the workspace's benchmark. Null for a personal or BYOK
 *                        job, and in a revision 1 event, where it means the requester's own account, as it always did
 *                        ({@link #billedAccount()}), so no old job is charged elsewhere than it reserved
 */
@Revision("2")
public record SuggestionJobRequested(
        String jobId,
        BenchmarkId benchmarkId,
        long benchmarkVersion,
        UserId requestedBy,
        int count,
        String instructions,
        List<String> personas,
        List<String> edgeCaseTypes,
        String model,
        Billing billing,
        int calls,
        int maxTokens,
        Long reservedCredits,
        CreditPricing pricing,
        int draftPersonas,
        AccountId creditAccount)
        implements SuggestionEvent {

    public SuggestionJobRequested {
        personas = personas == null ? List.of() : List.copyOf(personas);
        edgeCaseTypes = edgeCaseTypes == null ? List.of() : List.copyOf(edgeCaseTypes);
    }

    /** The account the job's credits are reserved on and charged to: {@code creditAccount}, else the requester's. */
    public AccountId billedAccount() {
        return creditAccount != null ? creditAccount : AccountId.of(requestedBy);
    }
}
