// The credits screen's reads: the balance (shared with New run) and the ledger, paged by cursor, newest line first.
import { useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';

export { useBalance } from './runs';

export const LEDGER_PAGE = 50;

export function useLedger(enabled: boolean) {
  return useInfiniteQuery({
    queryKey: ['credits', 'ledger'],
    queryFn: ({ signal, pageParam }) =>
      unwrap(api.GET('/api/credits/ledger', { params: { query: { cursor: pageParam, limit: LEDGER_PAGE } }, signal })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
    retry: false,
  });
}
