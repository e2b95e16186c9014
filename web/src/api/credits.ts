// The credits screen's reads: the balance (shared with New run) and the ledger, paged by cursor, newest line first.
import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';

export { useBalance } from './runs';

export const LEDGER_PAGE = 50;

/** The ledger, newest line first; with an interval, read again that often (while a checkout's payment is awaited). */
export function useLedger(enabled: boolean, refetchInterval: number | false = false) {
  return useInfiniteQuery({
    refetchInterval,
    queryKey: ['credits', 'ledger'],
    queryFn: ({ signal, pageParam }) =>
      unwrap(api.GET('/api/credits/ledger', { params: { query: { cursor: pageParam, limit: LEDGER_PAGE } }, signal })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
    retry: false,
  });
}

export function usePrices(enabled: boolean) {
  return useQuery({
    queryKey: ['credits', 'prices'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/credits/prices', { signal })),
    enabled,
    retry: false,
    staleTime: 60_000,
  });
}

/** Opens a Stripe Checkout session for one price; the page then leaves for the session's url. */
export function useCheckout() {
  return useMutation({
    mutationFn: (price: string) => unwrap(api.POST('/api/credits/checkout', { body: { price } })),
  });
}

/** Leaving the app for another page (Stripe's checkout); a seam so tests can see where the browser was sent. */
export const browser = {
  go(url: string) {
    window.location.assign(url);
  },
};
