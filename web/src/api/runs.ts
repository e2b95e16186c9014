// The run screens' reads and writes (New run, the run page's results, cancel, human grades), through the one client.
import { useEffect } from 'react';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from './client';

export type RunRequest = Schemas['RunRequest'];

export function useModels() {
  return useQuery({
    queryKey: ['models'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/models', { signal })),
    staleTime: 60_000,
  });
}

export function useBalance(enabled: boolean, refetchInterval: number | false = false) {
  return useQuery({
    queryKey: ['credits', 'balance'],
    refetchInterval,
    queryFn: ({ signal }) => unwrap(api.GET('/api/credits/balance', { signal })),
    enabled,
    retry: false,
  });
}

/** The header that carries a BYOK key: only for BYOK, and only on the request it is for. */
function keyHeader(request: RunRequest, providerKey: string) {
  return request.billing === 'BYOK' && providerKey ? { 'X-Provider-Key': providerKey } : undefined;
}

/** What the run would cost at most (POST /api/runs/estimate): nothing is reserved or recorded. */
export function useEstimate(request: RunRequest, providerKey: string, enabled: boolean) {
  return useQuery({
    // the key itself is never part of a cache key: only whether one is given
    queryKey: ['estimate', request, request.billing === 'BYOK' && !!providerKey],
    queryFn: ({ signal }) =>
      unwrap(api.POST('/api/runs/estimate', { body: request, headers: keyHeader(request, providerKey), signal })),
    enabled,
    retry: false,
    placeholderData: keepPreviousData,
  });
}

export function useStartRun() {
  return useMutation({
    mutationFn: ({ request, providerKey }: { request: RunRequest; providerKey: string }) =>
      unwrap(api.POST('/api/runs', { body: request, headers: keyHeader(request, providerKey) })),
  });
}

export function useCancelRun(id: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/runs/{id}/cancel', { params: { path: { id } } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['run', id] }),
  });
}

export type ResultFilters = { model?: string; caseId?: string; failedOnly?: boolean; judgesDisagree?: boolean };

/** The run's settled trials, 200 a page by cursor; the table asks for the next page as it scrolls. */
export function useResults(id: string, filters: ResultFilters) {
  return useInfiniteQuery({
    queryKey: ['results', id, filters],
    queryFn: ({ signal, pageParam }) =>
      unwrap(
        api.GET('/api/runs/{id}/results', {
          params: {
            path: { id },
            query: {
              model: filters.model || undefined,
              caseId: filters.caseId || undefined,
              failedOnly: filters.failedOnly,
              judgesDisagree: filters.judgesDisagree,
              cursor: pageParam,
              limit: 200,
            },
          },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    retry: false,
  });
}

export function useHumanGrade(runId: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (grade: Schemas['HumanGradeRequest']) =>
      unwrap(api.POST('/api/runs/{id}/human-grades', { params: { path: { id: runId } }, body: grade })),
    onSuccess: () => {
      // the grade reaches the results' read model a moment after the 201: read again now and a few times after
      for (const delay of [0, 500, 1500, 3000, 6000]) {
        setTimeout(() => {
          queries.invalidateQueries({ queryKey: ['results', runId] });
          queries.invalidateQueries({ queryKey: ['run', runId] });
        }, delay);
      }
    },
  });
}

type RunData = Schemas['RunView'];

/**
 * Live progress from the run's Server-Sent Events while it is not finished. EventSource sends the session cookie (same
 * origin) but cannot send an API token: when the stream is refused or drops, it is closed and the run page's 2 s polling
 * (useRun) carries on alone.
 */
export function useRunEvents(id: string, live: boolean) {
  const queries = useQueryClient();
  useEffect(() => {
    if (!live || typeof EventSource === 'undefined') return;
    const source = new EventSource(`/api/runs/${encodeURIComponent(id)}/events`, { withCredentials: true });
    const apply = (event: MessageEvent, last: boolean) => {
      try {
        const data = JSON.parse(event.data) as {
          status?: RunData['status'];
          done?: number;
          total?: number;
          failureReason?: string;
        };
        queries.setQueryData<RunData>(['run', id], (run) =>
          run
            ? { ...run, status: data.status ?? run.status, progress: { done: data.done ?? 0, total: data.total ?? 0 } }
            : run,
        );
      } catch {
        // not JSON: ignore this event, polling goes on
      }
      if (last) {
        source.close();
        queries.invalidateQueries({ queryKey: ['run', id] });
        queries.invalidateQueries({ queryKey: ['results', id] });
      }
    };
    source.addEventListener('progress', (e) => apply(e as MessageEvent, false));
    source.addEventListener('status', (e) => apply(e as MessageEvent, true));
    source.onerror = () => source.close();
    return () => source.close();
  }, [id, live, queries]);
}

/** The benchmark's known failure modes checked on each model of the run (GET /api/runs/{id}/failure-modes). */
export function useRunFailureModes(runId: string, enabled = true) {
  return useQuery({
    queryKey: ['failure-modes', 'run', runId],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/runs/{id}/failure-modes', { params: { path: { id: runId } }, signal })),
    enabled,
    retry: false,
  });
}

/** The benchmark's known failure modes (names for the tag form's suggestions). */
export function useBenchmarkFailureModes(benchmarkId: string | undefined) {
  return useQuery({
    queryKey: ['failure-modes', 'benchmark', benchmarkId],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/benchmarks/{id}/failure-modes', { params: { path: { id: benchmarkId! } }, signal })),
    enabled: !!benchmarkId,
    retry: false,
  });
}

export function useTagFailureMode(runId: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (tag: Schemas['TagRequest']) =>
      unwrap(api.POST('/api/runs/{id}/failure-modes', { params: { path: { id: runId } }, body: tag })),
    onSuccess: () => {
      queries.invalidateQueries({ queryKey: ['failure-modes'] });
      queries.invalidateQueries({ queryKey: ['compare', runId] });
    },
  });
}

export type CaseOutcome = 'WON' | 'LOST' | 'TIED';

/** A comparison's cases of one outcome with both answers (GET /api/runs/{id}/compare/cases), 50 a page: one read per page, not per case. */
export function useComparedCases(id: string, baseline: string, candidate: string, outcome: CaseOutcome | null) {
  return useInfiniteQuery({
    queryKey: ['compare-cases', id, baseline, candidate, outcome],
    queryFn: ({ signal, pageParam }) =>
      unwrap(
        api.GET('/api/runs/{id}/compare/cases', {
          params: {
            path: { id },
            query: { baseline, candidate, outcome: outcome ?? undefined, cursor: pageParam, limit: 50 },
          },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: !!outcome && baseline !== candidate,
    retry: false,
  });
}
