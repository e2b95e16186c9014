import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderAt, serve } from '../../test/render';
import { ConsolePage } from './ConsolePage';
import { admin, forbidden, plain, problem } from './testData';

const live = (name: string, over: Record<string, unknown> = {}) => ({
  name,
  state: 'LIVE',
  position: 1200,
  head: 1210,
  lag: 10,
  segments: 1,
  rebuildable: true,
  replay: null,
  ...over,
});
const replay = (over: Record<string, unknown>) => ({
  startedAt: '2026-12-07T10:00:00Z',
  finishedAt: null,
  outcome: 'RUNNING',
  phase: 'COPYING',
  headAtStart: 1000,
  position: 400,
  events: 400,
  eventsPerSecond: 2000,
  error: null,
  comparison: null,
  ...over,
});

describe('console: projections', () => {
  it('lists lag and state, starts a rebuild and follows its progress to the comparison', async () => {
    let reads = 0;
    let started = false;
    const requests = serve({
      '/api/auth/me': admin,
      '/api/admin/projections/runs/replay': () => {
        started = true;
        return { status: 202, body: live('runs', { state: 'REPLAYING', replay: replay({}) }) };
      },
      '/api/admin/projections': () => {
        if (!started) return { body: [live('runs'), live('audit-chain', { rebuildable: false })] };
        reads++;
        if (reads < 2)
          return {
            body: [
              live('runs', { state: 'REPLAYING', replay: replay({}) }),
              live('audit-chain', { rebuildable: false }),
            ],
          };
        return {
          body: [
            live('runs', {
              replay: replay({
                outcome: 'SWAPPED',
                phase: 'DONE',
                finishedAt: '2026-12-07T10:00:02Z',
                position: 1000,
                events: 1000,
                comparison: { identical: true, differingTables: [] },
              }),
            }),
            live('audit-chain', { rebuildable: false }),
          ],
        };
      },
    });
    renderAt('/console/projections', '/console/*', <ConsolePage />);
    const row = await screen.findByRole('row', { name: 'runs' });
    expect(row.textContent).toContain('1,200');
    expect(row.textContent).toContain('live');
    expect(within(screen.getByRole('row', { name: 'audit-chain' })).getByText('cannot be rebuilt')).toBeTruthy();
    await userEvent.click(within(row).getByRole('button', { name: 'Rebuild runs' }));
    const progress = await within(row).findByRole('progressbar', { name: 'Rebuild progress' });
    expect(progress.getAttribute('value')).toBe('400');
    expect(progress.getAttribute('max')).toBe('1000');
    expect(row.textContent).toContain('copying the events into shadow tables');
    expect((within(row).getByRole('button', { name: 'Rebuild runs' }) as HTMLButtonElement).disabled).toBe(true);
    await waitFor(() => expect(row.textContent).toContain('Identical to the live read model.'), { timeout: 5000 });
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('shows a 409 (a rebuild under way elsewhere), a failed rebuild, and "admins only"', async () => {
    serve({
      '/api/auth/me': admin,
      '/api/admin/projections/runs/replay': problem(409, 'A rebuild of runs is under way.'),
      '/api/admin/projections': {
        body: [
          live('runs', {
            replay: replay({ outcome: 'FAILED', finishedAt: '2026-12-07T10:00:02Z', error: 'disk full' }),
          }),
        ],
      },
    });
    const view = renderAt('/console/projections', '/console/*', <ConsolePage />);
    const row = await screen.findByRole('row', { name: 'runs' });
    expect(row.textContent).toContain('disk full');
    await userEvent.click(within(row).getByRole('button', { name: 'Rebuild runs' }));
    expect((await within(row).findByRole('alert')).textContent).toBe('A rebuild of runs is under way.');
    view.unmount();

    serve({ '/api/auth/me': plain, '/api/admin/projections': forbidden });
    renderAt('/console/projections', '/console/*', <ConsolePage />);
    expect((await screen.findByRole('alert')).textContent).toContain('This section is for admins only.');
  });

  it('has loading and empty states', async () => {
    serve({ '/api/auth/me': admin, '/api/admin/projections': { body: [] } });
    renderAt('/console/projections', '/console/*', <ConsolePage />);
    expect(await screen.findByText('No projection runs on this node.')).toBeTruthy();
  });
});
