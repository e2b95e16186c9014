// The operator console's reads and writes (admins; analysts read KPIs, finance and the audit trail). Each one is a
// single request: the KPI series comes in one read of /api/kpis for all its weeks, never one request per week.
import { useMutation, useQuery, useQueryClient, keepPreviousData } from '@tanstack/react-query';
import { api, unwrap } from './client';

export type KpiPeriod = 'day' | 'week' | 'month';

export function useKpis(period: KpiPeriod, from: string) {
  return useQuery({
    queryKey: ['console', 'kpis', period, from],
    queryFn: ({ signal }) => unwrap(api.GET('/api/kpis', { params: { query: { period, from } }, signal })),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useContaminationFlags() {
  return useQuery({
    queryKey: ['console', 'contamination'],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/integrity/contamination', { params: { query: { status: 'OPEN' } }, signal })),
    retry: false,
  });
}

export function useDismissFlag() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: ({ benchmarkId, model, reason }: { benchmarkId: string; model: string; reason: string }) =>
      unwrap(
        api.POST('/api/admin/benchmarks/{id}/contamination/dismiss', {
          params: { path: { id: benchmarkId } },
          body: { model, reason },
        }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['console', 'contamination'] }),
  });
}

export type VerificationStatus = 'pending' | 'verified' | 'revoked';

export function useVerifications(status: VerificationStatus) {
  return useQuery({
    queryKey: ['console', 'verifications', status],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/admin/benchmarks/verification', { params: { query: { status } }, signal })),
    retry: false,
  });
}

export function useDecideVerification() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: ({
      benchmarkId,
      decision,
      reason,
    }: {
      benchmarkId: string;
      decision: 'approve' | 'revoke';
      reason?: string;
    }) =>
      decision === 'approve'
        ? unwrap(api.POST('/api/admin/benchmarks/{id}/verification/approve', { params: { path: { id: benchmarkId } } }))
        : unwrap(
            api.POST('/api/admin/benchmarks/{id}/verification/revoke', {
              params: { path: { id: benchmarkId } },
              body: { reason },
            }),
          ),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['console', 'verifications'] }),
  });
}

export const USERS_PAGE = 20;

export function useAdminUsers(q: string, page: number) {
  return useQuery({
    queryKey: ['console', 'users', q, page],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/admin/users', { params: { query: { q: q || undefined, page, size: USERS_PAGE } }, signal })),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useChangeUser() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: ({ id, role, disabled }: { id: string; role?: 'ADMIN' | 'ANALYST' | 'USER'; disabled?: boolean }) =>
      unwrap(api.PATCH('/api/admin/users/{id}', { params: { path: { id } }, body: { role, disabled } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['console', 'users'] }),
  });
}

export function useRevokeUser() {
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/admin/users/{id}/revoke', { params: { path: { id } } })),
  });
}

/** The projections' status; read every second while a rebuild runs, so its progress shows. */
export function useProjections() {
  return useQuery({
    queryKey: ['console', 'projections'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/admin/projections', { signal })),
    refetchInterval: (query) =>
      (query.state.data ?? []).some((p) => p.state === 'REPLAYING' || p.replay?.outcome === 'RUNNING') ? 1000 : false,
    retry: false,
  });
}

export function useRebuild() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (name: string) =>
      unwrap(api.POST('/api/admin/projections/{name}/replay', { params: { path: { name } } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['console', 'projections'] }),
  });
}

export type MarginGroup = 'day' | 'month' | 'model';

export function useMargin(groupBy: MarginGroup, from?: string, to?: string) {
  return useQuery({
    queryKey: ['console', 'margin', groupBy, from, to],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/finance/margin', { params: { query: { groupBy, from, to } }, signal })),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** Subscription revenue per day beside the credit margin (docs/plans.md). */
export function useSubscriptionRevenue(from?: string, to?: string) {
  return useQuery({
    queryKey: ['console', 'subscription-revenue', from, to],
    queryFn: ({ signal }) => unwrap(api.GET('/api/finance/subscriptions', { params: { query: { from, to } }, signal })),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useReconciliation(from?: string, to?: string) {
  return useQuery({
    queryKey: ['console', 'reconciliation', from, to],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/finance/reconciliation', { params: { query: { from, to } }, signal })),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** Posts a provider's cost report as it is (CSV or JSON, by the file's type); all or nothing on the server. */
export function useImportCosts() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: ({ text, format, source }: { text: string; format: 'csv' | 'json'; source?: string }) =>
      unwrap(
        api.POST('/api/finance/provider-costs', {
          params: { query: { format, source: source || undefined } },
          body: text,
          bodySerializer: (body: string) => body,
          headers: { 'Content-Type': format === 'csv' ? 'text/csv' : 'application/json' },
        }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['console', 'reconciliation'] }),
  });
}

export type AuditFilters = { aggregateId?: string; type?: string; from?: string; to?: string };

export const AUDIT_PAGE = 50;

export function useAuditEvents(filters: AuditFilters, after: number | undefined) {
  return useQuery({
    queryKey: ['console', 'audit', filters, after],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/audit/events', { params: { query: { ...filters, after, limit: AUDIT_PAGE } }, signal })),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useBenchmarkAsOf(id: string, asOf: string) {
  return useQuery({
    queryKey: ['console', 'as-of', id, asOf],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/benchmarks/{id}', { params: { path: { id }, query: { asOf, casesLimit: 50 } }, signal })),
    enabled: !!id && !!asOf,
    retry: false,
  });
}

/** The hash chain's verify recomputes every link: run on demand, not on every visit. */
export function useVerifyChain() {
  return useMutation({
    mutationFn: () => unwrap(api.GET('/api/audit/verify')),
  });
}
