// The test-case generator's reads and writes (docs/suggestions.md), through the one client.
import { useQuery } from '@tanstack/react-query';
import { ApiError, api, unwrap, type Schemas } from './client';

export type SuggestionRequest = Schemas['SuggestionJobRequest'];
export type SuggestionItem = Schemas['SuggestionItem'];
export type SuggestionJob = Schemas['SuggestionJobStatus'];

export const EDGE_CASE_TYPES = ['boundary', 'format', 'empty', 'adversarial', 'long', 'typos', 'minority'] as const;

/** Starts a job (202). A BYOK key travels only as X-Provider-Key on this request. */
export function startSuggestions(benchmarkId: string, body: SuggestionRequest, providerKey: string) {
  const headers = body.billing === 'BYOK' && providerKey ? { 'X-Provider-Key': providerKey } : undefined;
  return unwrap(api.POST('/api/benchmarks/{id}/suggestions', { params: { path: { id: benchmarkId } }, body, headers }));
}

/** A job's status and report, read every second while it runs. */
export function useSuggestionJob(jobId: string | null) {
  return useQuery({
    queryKey: ['suggestion-job', jobId],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/suggestion-jobs/{jobId}', { params: { path: { jobId: jobId! } }, signal })),
    enabled: !!jobId,
    retry: false,
    refetchInterval: (query) => (query.state.data?.status === 'RUNNING' ? 1000 : false),
  });
}

/** The caller's suggestions on the benchmark with this status, oldest first. */
export function useCaseSuggestions(benchmarkId: string, status: 'PENDING' | 'ACCEPTED' | 'REJECTED', enabled: boolean) {
  return useQuery({
    queryKey: ['case-suggestions', benchmarkId, status],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/benchmarks/{id}/suggestions', {
          params: { path: { id: benchmarkId }, query: { status } },
          signal,
        }),
      ),
    enabled,
    retry: false,
  });
}

/** A 412: the benchmark is no longer at the version sent; currentVersion is the server's, when it says it. */
export class StaleVersion extends ApiError {
  constructor(
    detail: string,
    readonly currentVersion: number | undefined,
  ) {
    super(412, detail);
  }
}

/** Adds the suggestion (or the edit of it) as a case, with If-Match of the version the owner sees. */
export async function acceptSuggestion(id: string, version: number, edited?: Schemas['TestCase']) {
  const call = api.POST('/api/suggestions/{id}/accept', {
    params: { path: { id }, header: { 'If-Match': `"${version}"` } },
    body: edited ? { edited } : {},
  });
  const result = await call.catch(() => undefined);
  if (result && result.response.status === 412) {
    const problem = (result.error ?? {}) as { detail?: string; currentVersion?: number };
    throw new StaleVersion(problem.detail ?? 'The benchmark changed meanwhile.', problem.currentVersion);
  }
  return unwrap(result ? Promise.resolve(result) : call);
}

export function rejectSuggestion(id: string) {
  return unwrap(api.POST('/api/suggestions/{id}/reject', { params: { path: { id } } }));
}
