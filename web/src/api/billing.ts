import { useMutation, useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';

/** The plans, their prices here and whether they are sold (docs/plans.md). Public. */
export function usePlans() {
  return useQuery({
    queryKey: ['plans'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/plans', { signal })),
    staleTime: 5 * 60_000,
  });
}

/** Opens a Stripe Checkout session in subscription mode; the plan changes when the webhook says so, not here. */
export function usePlanCheckout() {
  return useMutation({
    mutationFn: (body: { plan: 'PRO' | 'TEAM'; workspaceId?: string }) =>
      unwrap(api.POST('/api/billing/checkout', { body })),
  });
}

/** Opens Stripe's Customer Portal for your subscription, or a workspace's (owners); changes come back by webhook. */
export function usePlanPortal() {
  return useMutation({
    mutationFn: (body: { workspaceId?: string }) => unwrap(api.POST('/api/billing/portal', { body })),
  });
}
