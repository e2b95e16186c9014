import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';

/** The event names a webhook can subscribe to, with what each means to a person. */
export const WEBHOOK_EVENTS = [
  { name: 'run.completed', label: 'a run of mine completed' },
  { name: 'run.failed', label: 'a run of mine failed or timed out' },
  { name: 'release_report.ready', label: 'a release report of my watchers is ready' },
  { name: 'contamination.flagged', label: 'a model was flagged as contaminated on my benchmark' },
  { name: 'schedule.budget_reached', label: 'a schedule of mine used up its monthly credits' },
] as const;

export function useWebhooks() {
  return useQuery({
    queryKey: ['webhooks'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/webhooks', { signal })),
  });
}

export function useCreateWebhook() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (body: { url: string; events: string[]; benchmarkId?: string }) =>
      unwrap(api.POST('/api/webhooks', { body })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['webhooks'] }),
  });
}

export function useDeleteWebhook() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/webhooks/{id}', { params: { path: { id } } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['webhooks'] }),
  });
}

/** A webhook's delivery log, newest first (its first page), read only while it is open. */
export function useWebhookDeliveries(id: string | null) {
  return useQuery({
    queryKey: ['webhook-deliveries', id],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/webhooks/{id}/deliveries', {
          params: { path: { id: id! }, query: { page: 0, size: 20 } },
          signal,
        }),
      ),
    enabled: id != null,
  });
}
