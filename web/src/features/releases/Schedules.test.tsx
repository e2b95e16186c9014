import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderAt } from '../../test/render';
import { description, fakeServer, patientTests } from '../builder/testServer';
import { Schedules } from './Schedules';
import { BenchmarkPage } from '../benchmark/BenchmarkPage';

patientTests();

const catalogue = {
  body: {
    models: [
      { id: 'openai/gpt-4o', provider: 'openai' },
      { id: 'sim/echo', provider: 'sim', simulated: true },
      { id: 'sim/upper', provider: 'sim', simulated: true },
    ],
  },
};
const active = {
  id: 'sch_1',
  benchmarkId: 'bm_1',
  ownerId: 'usr_1',
  cron: '0 6 * * MON-FRI',
  timeZone: 'Europe/Berlin',
  models: ['sim/echo', 'sim/upper'],
  repeats: 2,
  billing: 'CREDITS',
  monthlyCreditCap: 500,
  misfirePolicy: 'FIRE_ONCE',
  paused: false,
  nextFireAt: '2026-12-08T05:00:00Z',
  creditsReservedThisMonth: 120,
  fires: [
    {
      fireTime: '2026-12-07T05:00:00Z',
      status: 'SKIPPED',
      runId: null,
      late: false,
      reservedCredits: null,
      reason: 'BUDGET_REACHED',
      detail: null,
    },
    {
      fireTime: '2026-12-04T05:00:00Z',
      status: 'STARTED',
      runId: 'run_5',
      late: true,
      reservedCredits: 120,
      reason: null,
      detail: null,
    },
  ],
  createdAt: '2026-12-01T10:00:00Z',
};
const paused = {
  ...active,
  id: 'sch_2',
  cron: '30 18 * * *',
  timeZone: 'UTC',
  paused: true,
  monthlyCreditCap: null,
  creditsReservedThisMonth: 0,
  fires: [],
};

describe('schedules', () => {
  it('lists the schedules with their cap, next fire and recent fires, and pauses, resumes and deletes them', async () => {
    const requests = fakeServer({
      'GET /api/benchmarks/bm_1/schedules': { body: { items: [active, paused] } },
      'GET /api/models': catalogue,
      'PATCH /api/schedules/sch_1': { body: { ...active, paused: true } },
      'PATCH /api/schedules/sch_2': { body: { ...paused, paused: false } },
      'DELETE /api/schedules/sch_2': { status: 204, body: '' },
    });
    renderAt('/benchmarks/bm_1', '/benchmarks/:id', <Schedules benchmarkId="bm_1" />);
    const first = await screen.findByRole('listitem', { name: 'Schedule 0 6 * * MON-FRI (Europe/Berlin)' });
    expect(first.textContent).toContain('sim/echo, sim/upper');
    expect(first.textContent).toContain('120 reserved of a 500 cap');
    expect(first.textContent).toContain('2026-12-08 05:00 UTC');
    expect(first.textContent).toContain('monthly cap reached');
    expect(within(first).getByRole('link', { name: 'run_5' }).getAttribute('href')).toBe('/runs/run_5');
    const second = screen.getByRole('listitem', { name: 'Schedule 30 18 * * * (UTC)' });
    expect(second.textContent).toContain('Paused');
    expect(second.textContent).toContain('0 reserved (no cap)');

    await userEvent.click(within(first).getByRole('button', { name: /^Pause/ }));
    await userEvent.click(within(second).getByRole('button', { name: /^Resume/ }));
    await waitFor(() => expect(requests.filter((r) => r.method === 'PATCH')).toHaveLength(2));
    const patches = requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => [r.url.pathname, JSON.parse(r.body)])).toEqual([
      ['/api/schedules/sch_1', { paused: true }],
      ['/api/schedules/sch_2', { paused: false }],
    ]);

    await userEvent.click(within(second).getByRole('button', { name: /^Delete…/ }));
    const confirm = within(second).getByRole('group', { name: 'Confirm deletion' });
    await userEvent.click(within(confirm).getByRole('button', { name: 'Keep it' }));
    expect(requests.some((r) => r.method === 'DELETE')).toBe(false);
    await userEvent.click(within(second).getByRole('button', { name: /^Delete…/ }));
    await userEvent.click(within(second).getByRole('button', { name: 'Delete' }));
    await waitFor(() =>
      expect(requests.filter((r) => r.method === 'DELETE').map((r) => r.url.pathname)).toEqual([
        '/api/schedules/sch_2',
      ]),
    );
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('creates a schedule with cron, time zone, models, billing and a monthly cap, and shows a refused field under it', async () => {
    let attempt = 0;
    const requests = fakeServer({
      'GET /api/benchmarks/bm_1/schedules': { body: { items: [] } },
      'GET /api/models': catalogue,
      'POST /api/benchmarks/bm_1/schedules': () =>
        ++attempt === 1
          ? {
              status: 400,
              body: {
                status: 400,
                detail: 'The schedule is not valid',
                errors: [{ field: 'cron', message: 'is not a valid cron expression' }],
              },
            }
          : { status: 201, body: { ...active, id: 'sch_9', cron: '15 7 * * *', fires: [] } },
    });
    renderAt('/benchmarks/bm_1', '/benchmarks/:id', <Schedules benchmarkId="bm_1" />);
    expect(await screen.findByText('No schedule yet.')).toBeTruthy();
    const cron = screen.getByLabelText('Cron');
    await userEvent.clear(cron);
    await userEvent.type(cron, '61 7 * * *');
    const zone = screen.getByLabelText('Time zone');
    await userEvent.clear(zone);
    await userEvent.type(zone, 'Europe/Berlin');
    await userEvent.type(screen.getByLabelText('Search the catalogue'), 'sim');
    expect(screen.queryByLabelText('openai/gpt-4o')).toBeNull();
    await userEvent.click(screen.getByLabelText('sim/echo'));
    await userEvent.clear(screen.getByLabelText('Repeats'));
    await userEvent.type(screen.getByLabelText('Repeats'), '3');
    await userEvent.type(screen.getByLabelText('Monthly credit cap (optional)'), '2000');
    await userEvent.selectOptions(screen.getByLabelText('After downtime'), 'SKIP');
    await userEvent.click(screen.getByRole('button', { name: 'Create the schedule' }));

    await waitFor(() =>
      expect(description(screen.getByLabelText('Cron'))).toContain('Cron is not a valid cron expression.'),
    );
    expect(screen.getByLabelText('Cron').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toContain('The schedule is not valid');
    expect((screen.getByLabelText('Time zone') as HTMLInputElement).value).toBe('Europe/Berlin');

    await userEvent.clear(screen.getByLabelText('Cron'));
    await userEvent.type(screen.getByLabelText('Cron'), '15 7 * * *');
    await userEvent.click(screen.getByRole('button', { name: 'Create the schedule' }));
    expect((await screen.findByRole('status')).textContent).toContain('Scheduled: 15 7 * * * (Europe/Berlin)');
    const posts = requests.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body));
    expect(posts[1]).toEqual({
      cron: '15 7 * * *',
      timeZone: 'Europe/Berlin',
      models: ['sim/echo'],
      repeats: 3,
      billing: 'CREDITS',
      monthlyCreditCap: 2000,
      misfirePolicy: 'SKIP',
    });
  });

  it("shows the server's detail when the schedules cannot be read", async () => {
    fakeServer({
      'GET /api/benchmarks/bm_1/schedules': {
        status: 403,
        body: { status: 403, detail: 'Only the owner of a benchmark schedules its runs.' },
      },
      'GET /api/models': catalogue,
    });
    renderAt('/benchmarks/bm_1', '/benchmarks/:id', <Schedules benchmarkId="bm_1" />);
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Only the owner of a benchmark schedules its runs.',
    );
  });

  it('offers the Schedules tab only to those the server lets schedule (the owner)', async () => {
    const may = { edit: true, publish: true, suggest: true, run: true, schedule: true };
    const bm = {
      id: 'bm_1',
      title: 'Sums',
      ownerId: 'usr_1',
      visibility: 'PUBLIC',
      version: 3,
      cases: [],
      permissions: may,
    };
    fakeServer({
      'GET /api/benchmarks/bm_1': { body: { ...bm, permissions: { ...may, schedule: false } } },
      'GET /api/auth/me': { body: { id: 'usr_2', handle: 'bob' } },
      'GET /api/me': { body: { id: 'usr_2' } },
    });
    const view = renderAt('/benchmarks/bm_1?tab=schedules', '/benchmarks/:id', <BenchmarkPage />);
    expect(await screen.findByRole('tab', { name: 'Leaderboard', selected: true })).toBeTruthy();
    expect(screen.queryByRole('tab', { name: 'Schedules' })).toBeNull();
    view.unmount();

    fakeServer({
      'GET /api/benchmarks/bm_1': { body: bm },
      'GET /api/auth/me': { body: { id: 'usr_1', handle: 'alice' } },
      'GET /api/me': { body: { id: 'usr_1' } },
      'GET /api/benchmarks/bm_1/schedules': { body: { items: [active] } },
      'GET /api/models': catalogue,
    });
    renderAt('/benchmarks/bm_1?tab=schedules', '/benchmarks/:id', <BenchmarkPage />);
    expect(await screen.findByRole('tab', { name: 'Schedules', selected: true })).toBeTruthy();
    expect(await screen.findByRole('listitem', { name: /Schedule 0 6 \* \* MON-FRI/ })).toBeTruthy();
  });
});
