import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderAt } from '../../test/render';
import { description, fakeServer, patientTests } from '../builder/testServer';
import { WatchersPage } from './WatchersPage';

patientTests();

const me = { body: { id: 'usr_1', handle: 'alice', role: 'USER' } };
const library = {
  body: {
    items: [
      { id: 'bm_1', title: 'Support answers' },
      { id: 'bm_2', title: 'Refund emails' },
    ],
    page: 0,
    size: 50,
    total: 2,
  },
};
const watcher = {
  id: 'wch_1',
  ownerId: 'usr_1',
  match: {
    providerPattern: 'openrouter',
    vendorPattern: 'anthropic',
    maxPromptMicrosPerMillion: 5_000_000,
    minContextLength: 100_000,
  },
  benchmarkIds: ['bm_1', 'bm_2'],
  productionModel: 'openai/gpt-4o',
  billing: 'CREDITS',
  monthlyCreditCap: 3000,
  createdAt: '2026-12-01T10:00:00Z',
};
const other = {
  ...watcher,
  id: 'wch_2',
  match: { vendorPattern: 'meta*' },
  benchmarkIds: ['bm_1'],
  monthlyCreditCap: null,
};
const comparison = {
  baseline: 'openai/gpt-4o',
  candidate: 'anthropic/claude-next',
  baselineSummary: {
    model: 'openai/gpt-4o',
    score: 0.81,
    ci95: [0.74, 0.87],
    passRate: 0.8,
    passRateCi95: [0.7, 0.88],
    costPerCaseMicros: 2100,
    latencyMs: { p95: 1840 },
  },
  candidateSummary: {
    model: 'anthropic/claude-next',
    score: 0.86,
    ci95: [0.8, 0.91],
    passRate: 0.85,
    passRateCi95: [0.76, 0.91],
    costPerCaseMicros: 1500,
    latencyMs: { p95: 1220 },
  },
  difference: { n: 60, mean: 0.05, ci95: [0.01, 0.09], pValue: 0.012 },
  casesWon: 14,
  casesLost: 5,
  casesTied: 41,
  verdict: 'SHIP_WITH_CAVEATS',
  reasons: ['a SHOULD line is not met'],
  criteria: [
    { metric: 'score', op: '>=', threshold: 0.8, severity: 'MUST', actual: 0.86, met: true },
    { metric: 'p95_latency_ms', op: '<=', threshold: 1000, severity: 'SHOULD', actual: 1220, met: false },
  ],
};
const reports = {
  items: [
    {
      modelId: 'anthropic/claude-next',
      provider: 'openrouter',
      vendor: 'anthropic',
      appearedAt: '2026-12-06T06:00:00Z',
      productionModel: 'openai/gpt-4o',
      verdict: 'SHIP_WITH_CAVEATS',
      complete: true,
      budgetReached: false,
      benchmarks: [
        {
          benchmarkId: 'bm_1',
          status: 'STARTED',
          runId: 'run_7',
          reservedCredits: 40,
          reason: null,
          detail: null,
          comparison,
        },
        {
          benchmarkId: 'bm_2',
          status: 'SKIPPED',
          runId: null,
          reservedCredits: null,
          reason: 'BUDGET_REACHED',
          detail: null,
          comparison: null,
        },
      ],
    },
  ],
};

describe('release watchers', () => {
  it("lists the watchers and opens one's release reports: scores with intervals, the paired difference and p-value, the verdict with its rubric lines", async () => {
    const requests = fakeServer({
      'GET /api/auth/me': me,
      'GET /api/library': library,
      'GET /api/watchers': { body: { items: [watcher, other] } },
      'GET /api/watchers/wch_1/reports': { body: reports },
    });
    renderAt('/watchers', '/watchers', <WatchersPage />);
    const card = await screen.findByRole('listitem', { name: 'Watcher wch_1' });
    expect(card.textContent).toContain(
      'provider openrouter, vendor anthropic, prompt price at most $5.00 per million tokens, context at least 100,000 tokens',
    );
    expect(within(card).getByRole('link', { name: 'Refund emails' }).getAttribute('href')).toBe('/benchmarks/bm_2');
    expect(card.textContent).toContain('3,000');
    expect(requests.some((r) => r.url.pathname.endsWith('/reports'))).toBe(false);

    const show = within(card).getByRole('button', { name: 'Show release reports' });
    expect(show.getAttribute('aria-expanded')).toBe('false');
    await userEvent.click(show);
    const report = await screen.findByRole('listitem', { name: 'Release report for anthropic/claude-next' });
    expect(within(card).getByRole('button', { name: 'Hide release reports' }).getAttribute('aria-expanded')).toBe(
      'true',
    );
    expect(report.textContent).toContain('SHIP WITH CAVEATS');
    expect(
      within(report).getByRole('img', { name: 'anthropic/claude-next score: 0.86 (95% CI 0.80–0.91)' }),
    ).toBeTruthy();
    expect(within(report).getByRole('img', { name: 'openai/gpt-4o score: 0.81 (95% CI 0.74–0.87)' })).toBeTruthy();
    expect(report.textContent).toContain(
      'New − production: +0.050 (95% CI 0.010–0.090, p = 0.012, n = 60 paired cases)',
    );
    const should = within(report).getByRole('row', { name: /p95_latency_ms ≤ 1000/ });
    expect(should.textContent).toContain('SHOULD');
    expect(should.textContent).toContain('✗ not met');
    expect(within(report).getByRole('row', { name: /score ≥ 0.8/ }).textContent).toContain('✓ met');
    expect(within(report).getByRole('link', { name: 'run run_7' }).getAttribute('href')).toBe('/runs/run_7');
    expect(report.textContent).toContain('Not run: the monthly credit cap was reached');
    expect(requests.filter((r) => r.url.pathname.endsWith('/reports')).map((r) => r.url.pathname)).toEqual([
      '/api/watchers/wch_1/reports',
    ]);
  });

  it('has empty states for no watcher and no release, and shows the detail of an error', async () => {
    fakeServer({ 'GET /api/auth/me': me, 'GET /api/library': library, 'GET /api/watchers': { body: { items: [] } } });
    const view = renderAt('/watchers', '/watchers', <WatchersPage />);
    expect(await screen.findByText('No watcher yet.')).toBeTruthy();
    view.unmount();

    fakeServer({
      'GET /api/auth/me': me,
      'GET /api/library': library,
      'GET /api/watchers': { body: { items: [watcher] } },
      'GET /api/watchers/wch_1/reports': { body: { items: [] } },
    });
    const second = renderAt('/watchers', '/watchers', <WatchersPage />);
    expect(await screen.findByText('No release yet.')).toBeTruthy();
    second.unmount();

    fakeServer({
      'GET /api/auth/me': me,
      'GET /api/library': library,
      'GET /api/watchers': { status: 500, body: { status: 500, detail: 'The database is not reachable.' } },
    });
    renderAt('/watchers', '/watchers', <WatchersPage />);
    expect((await screen.findByRole('alert')).textContent).toContain('The database is not reachable.');
  });

  it('makes a watcher of the benchmarks picked, and shows a refused field under it', async () => {
    let attempt = 0;
    const requests = fakeServer({
      'GET /api/auth/me': me,
      'GET /api/library': library,
      'GET /api/watchers': { body: { items: [] } },
      'POST /api/watchers': () =>
        ++attempt === 1
          ? {
              status: 400,
              body: {
                status: 400,
                detail: 'The watcher is not valid',
                errors: [{ field: 'productionModel', message: 'is required' }],
              },
            }
          : { status: 201, body: watcher },
    });
    renderAt('/watchers', '/watchers', <WatchersPage />);
    await userEvent.type(await screen.findByLabelText('Provider'), 'openrouter');
    await userEvent.type(screen.getByLabelText('Vendor'), 'anthropic');
    await userEvent.type(screen.getByLabelText('Most prompt price ($ per million tokens)'), '5');
    await userEvent.type(screen.getByLabelText('Least context (tokens)'), '100000');
    await userEvent.click(await screen.findByLabelText('Support answers'));
    await userEvent.type(screen.getByLabelText('Monthly credit cap (optional)'), '3000');
    await userEvent.click(screen.getByRole('button', { name: 'Watch for new models' }));
    await waitFor(() =>
      expect(description(screen.getByLabelText('Production model'))).toContain('Production model is required.'),
    );

    await userEvent.type(screen.getByLabelText('Production model'), 'openai/gpt-4o');
    await userEvent.click(screen.getByRole('button', { name: 'Watch for new models' }));
    expect((await screen.findByRole('status')).textContent).toContain(
      'Watching: new models from provider openrouter, vendor anthropic',
    );
    const body = JSON.parse(requests.filter((r) => r.method === 'POST')[1].body);
    expect(body).toEqual({
      match: {
        providerPattern: 'openrouter',
        vendorPattern: 'anthropic',
        maxPromptMicrosPerMillion: 5_000_000,
        minContextLength: 100000,
      },
      benchmarkIds: ['bm_1'],
      productionModel: 'openai/gpt-4o',
      billing: 'CREDITS',
      monthlyCreditCap: 3000,
    });
    const library_ = requests.find((r) => r.url.pathname === '/api/library')!;
    expect(library_.url.searchParams.get('owner')).toBe('usr_1');
  });

  it('asks a signed-out visitor to sign in', async () => {
    fakeServer({ 'GET /api/auth/me': { status: 401, body: { status: 401, detail: 'no session' } } });
    renderAt('/watchers', '/watchers', <WatchersPage />);
    expect((await screen.findByRole('link', { name: 'Sign in' })).getAttribute('href')).toBe('/sign-in?next=/watchers');
  });

  it('stops a watcher after a confirmation', async () => {
    let items = [watcher, other];
    const requests = fakeServer({
      'GET /api/auth/me': me,
      'GET /api/library': library,
      'GET /api/watchers': () => ({ body: { items } }),
      'DELETE /api/watchers/wch_2': () => {
        items = [watcher];
        return { status: 204, body: '' };
      },
    });
    renderAt('/watchers', '/watchers', <WatchersPage />);
    const card = await screen.findByRole('listitem', { name: 'Watcher wch_2' });
    await userEvent.click(within(card).getByRole('button', { name: /^Stop watching…/ }));
    await userEvent.click(within(card).getByRole('button', { name: 'Keep it' }));
    expect(requests.some((r) => r.method === 'DELETE')).toBe(false);
    await userEvent.click(within(card).getByRole('button', { name: /^Stop watching…/ }));
    await userEvent.click(within(card).getByRole('button', { name: 'Stop watching' }));
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Watcher wch_2' })).toBeNull());
    expect(requests.filter((r) => r.method === 'DELETE').map((r) => r.url.pathname)).toEqual(['/api/watchers/wch_2']);
    expect(screen.getByRole('listitem', { name: 'Watcher wch_1' })).toBeTruthy();
  });
});
