import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';

export type LibraryFilters = {
  q?: string;
  tags?: string[];
  category?: string;
  verified?: boolean;
  contaminationFlagged?: boolean;
  sort?: string;
  size?: number;
  /** a page's nextCursor: the page after it (keyset paging; such a page answers no total and no facets) */
  cursor?: string;
};

export function useLibrary(filters: LibraryFilters) {
  return useQuery({
    queryKey: ['library', filters],
    queryFn: ({ signal }) => unwrap(api.GET('/api/library', { params: { query: filters }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useSuggestions(prefix: string) {
  return useQuery({
    queryKey: ['suggest', prefix],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/library/suggest', { params: { query: { prefix, size: 8 } }, signal })),
    enabled: prefix.trim().length >= 2,
    staleTime: 30_000,
  });
}

export function useBenchmark(id: string) {
  return useQuery({
    queryKey: ['benchmark', id],
    queryFn: ({ signal }) => unwrap(api.GET('/api/benchmarks/{id}', { params: { path: { id } }, signal })),
  });
}

export function useLeaderboard(id: string, includeSimulated: boolean, asOf?: string) {
  return useQuery({
    queryKey: ['leaderboard', id, includeSimulated, asOf],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/benchmarks/{id}/leaderboard', {
          params: { path: { id }, query: { includeSimulated, asOf } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** The global model ranking over public benchmarks, optionally by tag or category, with or without simulated models. */
export function useModelRanking(filters: { tag?: string; category?: string; includeSimulated: boolean }) {
  return useQuery({
    queryKey: ['model-ranking', filters],
    queryFn: ({ signal }) => unwrap(api.GET('/api/leaderboards/models', { params: { query: filters }, signal })),
    placeholderData: keepPreviousData,
  });
}

/**
 * The signed-in user's own ranking of models across their personal private benchmarks (Pro; where plans are sold a
 * Free user gets 402). Not retried: a 402 is an answer, not a failure.
 */
export function usePersonalRanking(includeSimulated: boolean) {
  return useQuery({
    queryKey: ['personal-ranking', includeSimulated],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/me/leaderboards/models', { params: { query: { includeSimulated } }, signal })),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** The library's tags and categories (its facets), to pick a filter from: one small page. */
export function useLibraryFacets() {
  return useQuery({
    queryKey: ['library-facets'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/library', { params: { query: { size: 1 } }, signal })),
    staleTime: 60_000,
  });
}

export function useVersions(id: string) {
  return useQuery({
    queryKey: ['versions', id],
    queryFn: ({ signal }) => unwrap(api.GET('/api/benchmarks/{id}/versions', { params: { path: { id } }, signal })),
  });
}

/** The fork tree: the sources this benchmark descends from and every fork below it, in one read. */
export function useForkTree(id: string) {
  return useQuery({
    queryKey: ['forks', id],
    queryFn: ({ signal }) => unwrap(api.GET('/api/benchmarks/{id}/forks', { params: { path: { id } }, signal })),
  });
}

export function useBenchmarkRuns(benchmarkId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['runs', benchmarkId],
    queryFn: ({ signal }) => unwrap(api.GET('/api/runs', { params: { query: { benchmarkId, size: 50 } }, signal })),
    enabled,
    retry: false,
  });
}

const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMED_OUT']);

export function useRun(id: string) {
  return useQuery({
    queryKey: ['run', id],
    queryFn: ({ signal }) => unwrap(api.GET('/api/runs/{id}', { params: { path: { id } }, signal })),
    // while it runs, read it again every 2 s (the SSE stream is the next step, see docs/web.md)
    refetchInterval: (query) => (query.state.data && !TERMINAL.has(query.state.data.status ?? '') ? 2000 : false),
    retry: false,
  });
}

export function useComparison(id: string, baseline?: string, candidate?: string) {
  return useQuery({
    queryKey: ['compare', id, baseline, candidate],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/runs/{id}/compare', {
          params: { path: { id }, query: { baseline: baseline!, candidate: candidate! } },
          signal,
        }),
      ),
    enabled: !!baseline && !!candidate && baseline !== candidate,
    retry: false,
  });
}

/** The best model of each benchmark on a library page, in one read (not one per card). */
export function useLeaders(benchmarkIds: string[]) {
  return useQuery({
    queryKey: ['leaders', benchmarkIds],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/leaderboards/leaders', { params: { query: { benchmarkIds } }, signal })),
    enabled: benchmarkIds.length > 0,
    staleTime: 30_000,
  });
}
