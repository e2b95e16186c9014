import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderAt, serve } from '../../test/render';
import { WebhooksPanel } from './WebhooksPanel';

const webhook = {
  id: 'whk_1',
  target: 'https://ci.example.com',
  events: ['run.completed', 'run.failed'],
  benchmarkId: null,
  slack: false,
  status: 'ACTIVE',
  createdAt: '2026-12-07T10:00:00Z',
  failingSince: null,
  disabledAt: null,
};

beforeEach(() => {
  document.cookie = 'XSRF-TOKEN=csrf-1';
});

describe('webhooks', () => {
  it('says when there are none, adds one and shows its secret once', async () => {
    let created = false;
    const requests = serve({
      '/api/webhooks': (_url, request) =>
        request.method === 'POST'
          ? ((created = true), { status: 201, body: { ...webhook, secret: 'whsec_abc' } })
          : { body: { items: created ? [webhook] : [] } },
    });
    renderAt('/account', '/account', <WebhooksPanel />);
    expect(await screen.findByText('You have no webhooks.')).toBeTruthy();

    await userEvent.type(screen.getByLabelText('URL'), 'https://ci.example.com/hooks');
    await userEvent.click(screen.getByLabelText('a release report of my watchers is ready'));
    await userEvent.click(screen.getByRole('button', { name: 'Add webhook' }));

    expect(((await screen.findByLabelText("The webhook's signing secret")) as HTMLInputElement).value).toBe(
      'whsec_abc',
    );
    const post = requests.find((r) => r.method === 'POST')!;
    expect(await post.clone().json()).toEqual({
      url: 'https://ci.example.com/hooks',
      events: ['run.completed', 'run.failed', 'release_report.ready'],
    });
    expect(await screen.findByRole('row', { name: /ci\.example\.com/ })).toBeTruthy();
  });

  it('shows the server’s reason when a URL is refused, by the field', async () => {
    serve({
      '/api/webhooks': (_url, request) =>
        request.method === 'POST'
          ? {
              status: 400,
              contentType: 'application/problem+json',
              body: {
                status: 400,
                detail: 'The webhook is not valid',
                errors: [
                  {
                    field: 'url',
                    message: 'it resolves to a private address (10.0.0.1), which webhooks may not reach',
                  },
                ],
              },
            }
          : { body: { items: [] } },
    });
    renderAt('/account', '/account', <WebhooksPanel />);
    await userEvent.type(await screen.findByLabelText('URL'), 'http://10.0.0.1/x');
    await userEvent.click(screen.getByRole('button', { name: 'Add webhook' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The webhook is not valid');
    expect(screen.getByText(/which webhooks may not reach/)).toBeTruthy();
    expect(screen.getByLabelText('URL').getAttribute('aria-invalid')).toBe('true');
  });

  it('opens the delivery log with each attempt', async () => {
    serve({
      '/api/webhooks/whk_1/deliveries': {
        body: {
          items: [
            {
              eventId: 'evt_1',
              eventType: 'run.completed',
              status: 'DELIVERED',
              attempts: [
                { attempt: 1, at: '2026-12-07T10:00:00Z', httpStatus: 500, error: null, durationMs: 12 },
                { attempt: 2, at: '2026-12-07T10:00:30Z', httpStatus: null, error: 'READ_TIMEOUT', durationMs: 10000 },
                { attempt: 3, at: '2026-12-07T10:01:30Z', httpStatus: 200, error: null, durationMs: 9 },
              ],
              nextAttemptAt: null,
              createdAt: '2026-12-07T10:00:00Z',
              finishedAt: '2026-12-07T10:01:30Z',
            },
          ],
          page: 0,
          size: 20,
          total: 1,
        },
      },
      '/api/webhooks': { body: { items: [webhook] } },
    });
    renderAt('/account', '/account', <WebhooksPanel />);
    await userEvent.click(await screen.findByRole('button', { name: 'Deliveries' }));
    const log = await screen.findByRole('region', { name: 'Delivery log' });
    await waitFor(() => expect(within(log).getAllByRole('listitem')).toHaveLength(3));
    expect(log.textContent).toContain('HTTP 500');
    expect(log.textContent).toContain('READ_TIMEOUT');
    expect(log.textContent).toContain('DELIVERED');
  });
});
