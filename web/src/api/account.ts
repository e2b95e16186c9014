import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, unwrap } from './client';
import { apiToken, setApiToken } from './session';

/** Who is signed in (session or pasted token), or null when nobody is. Read once and shared by every screen. */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async ({ signal }) => {
      try {
        return await unwrap(api.GET('/api/auth/me', { signal }));
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
    retry: false,
  });
}

/** The sign-up mode, password rules and OIDC providers of this server. */
export function useAuthOptions() {
  return useQuery({
    queryKey: ['auth-options'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/auth/options', { signal })),
    staleTime: 5 * 60_000,
  });
}

/** After a sign-in or sign-out, everything read so far was read as someone else: read it again. */
function useAfterSessionChange() {
  const queries = useQueryClient();
  // reset (not just invalidate): a screen must not show what the previous caller saw while it reads again
  return () => queries.resetQueries({ predicate: (q) => q.queryKey[0] !== 'auth-options' });
}

export function useSignIn() {
  const after = useAfterSessionChange();
  return useMutation({
    mutationFn: (body: { login: string; password: string }) => unwrap(api.POST('/api/auth/login', { body })),
    onSuccess: after,
  });
}

export function useSignUp() {
  const after = useAfterSessionChange();
  return useMutation({
    mutationFn: (body: {
      email: string;
      handle: string;
      displayName?: string;
      password: string;
      inviteToken?: string;
    }) => unwrap(api.POST('/api/auth/signup', { body })),
    onSuccess: after,
  });
}

export function useSignOut() {
  const after = useAfterSessionChange();
  return useMutation({
    mutationFn: async () => {
      if (apiToken()) setApiToken(null);
      await unwrap(api.POST('/api/auth/logout'));
    },
    onSettled: after,
  });
}

export function useSignOutEverywhere() {
  const after = useAfterSessionChange();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/auth/logout-everywhere')),
    onSuccess: after,
  });
}

export function useVerifyEmail() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => unwrap(api.POST('/api/auth/verify-email', { body: { token } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['me'] }),
  });
}

export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (email: string) => unwrap(api.POST('/api/auth/password-reset', { body: { email } })),
  });
}

export function useConfirmPasswordReset() {
  const after = useAfterSessionChange();
  return useMutation({
    mutationFn: (body: { token: string; password: string }) =>
      unwrap(api.POST('/api/auth/password-reset/confirm', { body })),
    onSuccess: after,
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: { current: string; password: string }) => unwrap(api.POST('/api/auth/password', { body })),
  });
}

export function useTokens(enabled: boolean) {
  return useQuery({
    queryKey: ['tokens'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/tokens', { signal })),
    enabled,
  });
}

export function useCreateToken() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (body: { name?: string; expiresAt?: string }) => unwrap(api.POST('/api/tokens', { body })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['tokens'] }),
  });
}

export function useRevokeToken() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) => unwrap(api.DELETE('/api/tokens/{tokenId}', { params: { path: { tokenId } } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['tokens'] }),
  });
}

/** GET /api/account/export as a file the browser saves. */
export function useExportAccount() {
  return useMutation({
    mutationFn: async () => {
      const data = await unwrap(api.GET('/api/account/export', { parseAs: 'blob' }));
      return data as unknown as Blob;
    },
  });
}

export function useDeleteAccount() {
  const after = useAfterSessionChange();
  return useMutation({
    mutationFn: (password: string) => unwrap(api.DELETE('/api/account', { body: { password } })),
    onSuccess: async () => {
      if (apiToken()) setApiToken(null);
      await after();
    },
  });
}

/** The first start's setup link: the admin's email and password, and the admin is signed in. */
export function useSetUpAdmin() {
  const after = useAfterSessionChange();
  return useMutation({
    mutationFn: (body: { token: string; email: string; password: string }) =>
      unwrap(api.POST('/api/auth/setup', { body })),
    onSuccess: after,
  });
}
