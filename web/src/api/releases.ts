// The releases screens' reads and writes: a benchmark's schedules (its owner's), the caller's watchers and their
// release reports (docs/releases.md), through the one client.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from './client';

export type Schedule = Schemas['Schedule'];
export type NewSchedule = Schemas['NewSchedule'];
export type Watcher = Schemas['Watcher'];
export type Report = Schemas['Report'];
export type WatcherTrend = Schemas['WatcherTrend'];
export type VendorTrend = Schemas['VendorTrend'];
export type TrendRelease = Schemas['TrendRelease'];

/**
 * A known failure mode of the benchmark, as the release report says it stands on the new model: still shown, fixed,
 * or not tested by this run. The field comes with the failure-modes work; until the API sends it, it is absent.
 */
export type KnownFailureMode = {
  name?: string;
  status?: 'STILL_SHOWS' | 'FIXED' | 'NOT_TESTED' | string;
  failing?: number;
  tagged?: number;
};
export type ReportBenchmark = NonNullable<Report['benchmarks']>[number] & { failureModes?: KnownFailureMode[] | null };

export function useSchedules(benchmarkId: string) {
  return useQuery({
    queryKey: ['schedules', benchmarkId],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/benchmarks/{id}/schedules', { params: { path: { id: benchmarkId } }, signal })),
    retry: false,
  });
}

export function useCreateSchedule(benchmarkId: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (body: NewSchedule) =>
      unwrap(api.POST('/api/benchmarks/{id}/schedules', { params: { path: { id: benchmarkId } }, body })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['schedules', benchmarkId] }),
  });
}

export function usePauseSchedule(benchmarkId: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: ({ id, paused }: { id: string; paused: boolean }) =>
      unwrap(api.PATCH('/api/schedules/{id}', { params: { path: { id } }, body: { paused } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['schedules', benchmarkId] }),
  });
}

export function useDeleteSchedule(benchmarkId: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/schedules/{id}', { params: { path: { id } } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['schedules', benchmarkId] }),
  });
}

export function useWatchers(enabled: boolean) {
  return useQuery({
    queryKey: ['watchers'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/watchers', { signal })),
    enabled,
    retry: false,
  });
}

/** One watcher's release reports, newest model first: read only for the watcher the user opened. */
export function useWatcherReports(id: string | null) {
  return useQuery({
    queryKey: ['watchers', id, 'reports'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/watchers/{id}/reports', { params: { path: { id: id! } }, signal })),
    enabled: !!id,
    retry: false,
  });
}

/** One watcher's trend over releases, per vendor: read only for the watcher the user opened. */
export function useWatcherTrend(id: string | null) {
  return useQuery({
    queryKey: ['watchers', id, 'trend'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/watchers/{id}/trend', { params: { path: { id: id! } }, signal })),
    enabled: !!id,
    retry: false,
  });
}

export function usePauseWatcher() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: ({ id, paused }: { id: string; paused: boolean }) =>
      unwrap(api.PATCH('/api/watchers/{id}', { params: { path: { id } }, body: { paused } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['watchers'] }),
  });
}

export function useDeleteWatcher() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/watchers/{id}', { params: { path: { id } } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['watchers'] }),
  });
}

export function useCreateWatcher() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['NewWatcher']) => unwrap(api.POST('/api/watchers', { body })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['watchers'] }),
  });
}

/** The caller's own benchmarks (one library page of 50), for picking what a watcher runs and naming them. */
export function useMyBenchmarks(ownerId: string | undefined) {
  return useQuery({
    queryKey: ['library', 'owner', ownerId],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/library', { params: { query: { owner: ownerId, size: 50, sort: 'recent' } }, signal })),
    enabled: !!ownerId,
    retry: false,
  });
}
