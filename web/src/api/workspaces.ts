// Workspaces (docs/workspaces.md): the caller's workspaces, one workspace's members, invitations, tokens and credits.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';

export const ROLES = ['OWNER', 'ADMIN', 'MEMBER', 'VIEWER'] as const;
export type Role = (typeof ROLES)[number];

/** What each role may do, in words (docs/workspaces.md#roles). */
export const ROLE_WORDS: Record<Role, string> = {
  OWNER: 'Owner: everything, billing and deleting',
  ADMIN: 'Admin: members, invitations, tokens and limits',
  MEMBER: 'Member: create, edit and run',
  VIEWER: 'Viewer: read only',
};

const RANK: Record<Role, number> = { OWNER: 3, ADMIN: 2, MEMBER: 1, VIEWER: 0 };

export function atLeast(role: string | null | undefined, needed: Role): boolean {
  return role != null && role in RANK && RANK[role as Role] >= RANK[needed];
}

export function useWorkspaces(enabled = true) {
  return useQuery({
    queryKey: ['workspaces'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/workspaces', { signal })),
    enabled,
    retry: false,
  });
}

export function useCreateWorkspace() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; slug: string }) => unwrap(api.POST('/api/workspaces', { body })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['workspaces'] }),
  });
}

export function useWorkspace(id: string) {
  return useQuery({
    queryKey: ['workspace', id],
    queryFn: ({ signal }) => unwrap(api.GET('/api/workspaces/{id}', { params: { path: { id } }, signal })),
    retry: false,
  });
}

export function useMembers(id: string) {
  return useQuery({
    queryKey: ['workspace', id, 'members'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/workspaces/{id}/members', { params: { path: { id } }, signal })),
    retry: false,
  });
}

export function useWorkspaceCredits(id: string, refetchInterval: number | false = false, enabled = true) {
  return useQuery({
    enabled,
    queryKey: ['workspace', id, 'credits'],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/workspaces/{id}/credits/balance', { params: { path: { id } }, signal })),
    retry: false,
    refetchInterval,
  });
}

export function useWorkspaceTokens(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['workspace', id, 'tokens'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/workspaces/{id}/tokens', { params: { path: { id } }, signal })),
    enabled,
    retry: false,
  });
}

/** A change of one member: a role, a monthly spend limit (null removes it), or both; what is left out is kept. */
export function useChangeMember(id: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, ...body }: { userId: string; role?: Role; monthlySpendLimit?: number | null }) =>
      unwrap(
        api.PATCH('/api/workspaces/{id}/members/{userId}', { params: { path: { id, userId } }, body: body as never }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['workspace', id] }),
  });
}

export function useRemoveMember(id: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) =>
      unwrap(api.DELETE('/api/workspaces/{id}/members/{userId}', { params: { path: { id, userId } } })),
    onSuccess: () => {
      queries.invalidateQueries({ queryKey: ['workspace', id] });
      queries.invalidateQueries({ queryKey: ['workspaces'] });
    },
  });
}

export function useInvite(id: string) {
  return useMutation({
    mutationFn: (body: { email: string; role: Role }) =>
      unwrap(api.POST('/api/workspaces/{id}/invitations', { params: { path: { id } }, body: body as never })),
  });
}

export function useIssueToken(id: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; role: Role }) =>
      unwrap(api.POST('/api/workspaces/{id}/tokens', { params: { path: { id } }, body: body as never })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['workspace', id] }),
  });
}

export function useRevokeToken(id: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) =>
      unwrap(api.DELETE('/api/workspaces/{id}/tokens/{tokenId}', { params: { path: { id, tokenId } } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['workspace', id] }),
  });
}

export function useAcceptInvitation() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => unwrap(api.POST('/api/invitations/{token}/accept', { params: { path: { token } } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['workspaces'] }),
  });
}

/** Buys credits for the workspace (its owners): a Stripe Checkout session the browser then goes to. */
export function useWorkspaceCheckout(id: string) {
  return useMutation({
    mutationFn: (price: string) =>
      unwrap(api.POST('/api/credits/checkout', { body: { price, workspaceId: id } as never })),
  });
}

/**
 * The first page of the workspace's ledger (owners and admins). With a checkout session, read every 2 s until that
 * session's purchase is in it (the payment webhook arrived).
 */
export function useWorkspaceLedger(id: string, enabled: boolean, session: string | null) {
  return useQuery({
    queryKey: ['workspace', id, 'ledger'],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/workspaces/{id}/credits/ledger', { params: { path: { id }, query: { limit: 50 } }, signal }),
      ),
    enabled,
    retry: false,
    refetchInterval: (query) =>
      session && !(query.state.data?.items ?? []).some((l) => l.kind === 'PURCHASED' && l.paymentId === session)
        ? 2000
        : false,
  });
}

/**
 * The workspace's own ranking of models across its private benchmarks (members; a Team feature, so asked for only on
 * Team: on Free the server answers 402).
 */
export function useWorkspaceRanking(id: string, includeSimulated: boolean, enabled: boolean) {
  return useQuery({
    queryKey: ['workspace', id, 'ranking', includeSimulated],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/workspaces/{id}/leaderboards/models', {
          params: { path: { id }, query: { includeSimulated } },
          signal,
        }),
      ),
    enabled,
  });
}
