import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderAt, serve } from '../../test/render';
import { ConsolePage } from './ConsolePage';
import { utc } from './AuditSection';
import { admin, plain, problem } from './testData';

const event = (position: number, type: string) => ({
  position,
  aggregateId: 'bm_1',
  aggregateType: 'Benchmark',
  sequence: position,
  type,
  revision: '1',
  timestamp: '2026-12-05T10:00:00Z',
  payload: { title: 'T' },
  metadata: { userId: 'usr_1' },
});

describe('console: audit', () => {
  it('filters the event stream, pages by position, shows a benchmark as of an instant and verifies the chain', async () => {
    const requests = serve({
      '/api/auth/me': admin,
      '/api/audit/verify': {
        body: { verified: 5120, ok: true, chainHead: 'abcdef0123456789', chainLength: 5120, unchained: 3 },
      },
      '/api/audit/events': (url) =>
        url.searchParams.get('after') === '50'
          ? { body: { items: [event(51, 'BenchmarkPublished')], nextAfter: 51 } }
          : {
              body: {
                items: Array.from({ length: 50 }, (_, i) =>
                  event(i + 1, i === 0 ? 'BenchmarkCreated' : 'TestCaseAdded'),
                ),
                nextAfter: 50,
              },
            },
      '/api/benchmarks/bm_1': {
        body: {
          id: 'bm_1',
          asOf: '2026-12-01T00:00:00Z',
          version: 2,
          versionAt: '2026-11-30T09:00:00Z',
          currentVersion: 5,
          title: 'Contracts',
          visibility: 'PRIVATE',
          caseCount: 1,
          contentHash: 'sha256:0123456789abcdef',
          cases: [{ id: 'c1', input: 'hello' }],
        },
      },
    });
    renderAt('/console/audit', '/console/*', <ConsolePage />);
    expect(await screen.findByText('BenchmarkCreated')).toBeTruthy();
    await userEvent.type(screen.getByLabelText('Aggregate id'), 'bm_1');
    await userEvent.type(screen.getByLabelText('Event type'), 'TestCaseAdded');
    await userEvent.click(screen.getByRole('button', { name: 'Show events' }));
    await waitFor(() =>
      expect(requests.some((r) => new URL(r.url).searchParams.get('type') === 'TestCaseAdded')).toBe(true),
    );
    const filtered = requests.filter((r) => new URL(r.url).searchParams.get('type') === 'TestCaseAdded')[0];
    expect(new URL(filtered.url).searchParams.get('aggregateId')).toBe('bm_1');
    await userEvent.click(screen.getByRole('button', { name: 'Later events' }));
    expect(await screen.findByText('BenchmarkPublished')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Earlier events' }));
    expect(await screen.findByText('BenchmarkCreated')).toBeTruthy();

    await userEvent.type(screen.getByLabelText('Benchmark id'), 'bm_1');
    await userEvent.click(screen.getByRole('button', { name: 'Show it' }));
    expect((await screen.findByText(/version 2/)).closest('p')!.textContent).toContain('now v5');
    expect(
      requests.some((r) => r.url.includes('/api/benchmarks/bm_1?') && new URL(r.url).searchParams.has('asOf')),
    ).toBe(true);

    await userEvent.click(screen.getByRole('button', { name: 'Verify the hash chain' }));
    const verdict = await screen.findByText(/The chain is intact/);
    expect(verdict.closest('[role=status]')!.textContent).toContain('3 events not chained yet');
  });

  it('names the first broken link, and a plain user is refused with the detail', async () => {
    serve({
      '/api/auth/me': admin,
      '/api/audit/verify': {
        body: {
          verified: 311,
          ok: false,
          firstBrokenPosition: 18244,
          chainHead: 'ab',
          chainLength: 5120,
          unchained: 0,
        },
      },
      '/api/audit/events': { body: { items: [], nextAfter: 0 } },
    });
    const view = renderAt('/console/audit', '/console/*', <ConsolePage />);
    expect(await screen.findByText('No event matches.')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Verify the hash chain' }));
    expect((await screen.findByText(/broken at position 18244/)).textContent).toContain('311 links verified');
    view.unmount();

    serve({
      '/api/auth/me': plain,
      '/api/audit/verify': problem(403, 'Admins and analysts only.'),
      '/api/audit/events': problem(400, 'Name a benchmark you own.'),
    });
    renderAt('/console/audit', '/console/*', <ConsolePage />);
    expect((await screen.findByRole('alert')).textContent).toContain('Name a benchmark you own.');
    await userEvent.click(screen.getByRole('button', { name: 'Verify the hash chain' }));
    await waitFor(() =>
      expect(
        screen
          .getAllByRole('alert')
          .map((a) => a.textContent)
          .join(),
      ).toContain('for admins and analysts only'),
    );
  });

  it('reads a datetime-local value as UTC', () => {
    expect(utc('2026-12-01T10:30')).toBe('2026-12-01T10:30:00Z');
    expect(utc('2026-12-01T10:30:15')).toBe('2026-12-01T10:30:15Z');
    expect(utc('')).toBeUndefined();
  });
});
