import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { WatcherTrend } from '../../api/releases';
import { renderAt } from '../../test/render';
import { fakeServer, patientTests } from '../builder/testServer';
import { trendSentence } from './TrendChart';
import { WatchersPage } from './WatchersPage';

patientTests();

const me = { body: { id: 'usr_1', handle: 'alice', role: 'USER' } };
const library = { body: { items: [{ id: 'bm_1', title: 'Support answers' }], page: 0, size: 50, total: 1 } };
const watcher = {
  id: 'wch_1',
  ownerId: 'usr_1',
  match: { vendorPattern: 'anthropic' },
  benchmarkIds: ['bm_1'],
  productionModel: 'openai/gpt-4o',
  billing: 'CREDITS',
  monthlyCreditCap: null,
  paused: false,
  createdAt: '2026-12-01T10:00:00Z',
};
const trend: WatcherTrend = {
  watcherId: 'wch_1',
  productionModel: 'openai/gpt-4o',
  vendors: [
    {
      vendor: 'anthropic',
      releases: [
        {
          modelId: 'anthropic/claude-a',
          appearedAt: '2026-10-01T06:00:00Z',
          benchmarks: 1,
          scoreDifference: -0.01,
          ci95: [-0.03, 0.01],
          relativeCostChange: -0.15,
          verdict: 'SHIP',
        },
        {
          modelId: 'anthropic/claude-b',
          appearedAt: '2026-11-01T06:00:00Z',
          benchmarks: 1,
          scoreDifference: -0.03,
          ci95: [-0.05, -0.01],
          relativeCostChange: -0.25,
          verdict: 'SHIP_WITH_CAVEATS',
        },
        {
          modelId: 'anthropic/claude-c',
          appearedAt: '2026-12-01T06:00:00Z',
          benchmarks: 0,
          scoreDifference: null,
          ci95: null,
          relativeCostChange: null,
          verdict: null,
        },
      ],
      summary: { n: 2, meanScoreDifference: -0.02, ci95: [-0.147, 0.107], meanRelativeCostChange: -0.2, costN: 2 },
    },
  ],
};
const comparison = {
  baseline: 'openai/gpt-4o',
  candidate: 'anthropic/claude-b',
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
    model: 'anthropic/claude-b',
    score: 0.78,
    ci95: [0.7, 0.85],
    passRate: 0.76,
    passRateCi95: [0.66, 0.84],
    costPerCaseMicros: 1575,
    latencyMs: { p95: 1220 },
  },
  difference: { n: 60, mean: -0.03, ci95: [-0.05, -0.01], pValue: 0.004 },
  casesWon: 5,
  casesLost: 14,
  casesTied: 41,
  verdict: 'SHIP_WITH_CAVEATS',
  reasons: [],
  criteria: [],
};
const report = (failureModes?: unknown) => ({
  items: [
    {
      modelId: 'anthropic/claude-b',
      provider: 'openrouter',
      vendor: 'anthropic',
      appearedAt: '2026-11-01T06:00:00Z',
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
          comparison,
          ...(failureModes ? { failureModes } : {}),
        },
      ],
    },
  ],
});

describe('releases: pause, trend and failure modes', () => {
  it('pauses and resumes a watcher, and says what happens to models that appear meanwhile', async () => {
    let paused = false;
    const requests = fakeServer({
      'GET /api/auth/me': me,
      'GET /api/library': library,
      'GET /api/watchers': () => ({ body: { items: [{ ...watcher, paused }] } }),
      'PATCH /api/watchers/wch_1': (request) => {
        paused = JSON.parse(request.body).paused;
        return { body: { ...watcher, paused } };
      },
    });
    renderAt('/watchers', '/watchers', <WatchersPage />);
    const card = await screen.findByRole('listitem', { name: 'Watcher wch_1' });
    const pause = within(card).getByRole('button', { name: 'Pause watcher wch_1' });
    expect(pause.getAttribute('aria-pressed')).toBe('false');
    pause.focus();
    await userEvent.keyboard('{Enter}');
    const resume = await within(card).findByRole('button', { name: 'Resume watcher wch_1' });
    expect(resume.getAttribute('aria-pressed')).toBe('true');
    expect(card.textContent).toContain('Paused');
    expect(card.textContent).toContain('Models that appear meanwhile are evaluated once when you resume it.');
    await userEvent.click(resume);
    await within(card).findByRole('button', { name: 'Pause watcher wch_1' });
    expect(requests.filter((r) => r.method === 'PATCH').map((r) => JSON.parse(r.body))).toEqual([
      { paused: true },
      { paused: false },
    ]);
  });

  it('draws the trend over releases with each interval, the mean band and a table, and renders known failure modes when present', async () => {
    fakeServer({
      'GET /api/auth/me': me,
      'GET /api/library': library,
      'GET /api/watchers': { body: { items: [watcher] } },
      'GET /api/watchers/wch_1/trend': { body: trend },
      'GET /api/watchers/wch_1/reports': {
        body: report([
          { name: 'refuses refunds', status: 'STILL_SHOWS', failing: 3, tagged: 5 },
          { name: 'invents order ids', status: 'FIXED', failing: 0, tagged: 4 },
          { name: 'drops the greeting', status: 'NOT_TESTED', failing: null, tagged: 2 },
        ]),
      },
    });
    renderAt('/watchers', '/watchers', <WatchersPage />);
    const section = await screen.findByRole('region', { name: 'Trend over releases: anthropic' });
    expect(section.textContent).toContain(
      'Across 2 releases from anthropic, each new model is on average 20% cheaper and −0.020 in score (95% CI −0.147 to +0.107): no clear score difference.',
    );
    const chart = within(section).getByRole('img');
    expect(chart.getAttribute('aria-label')).toContain('anthropic/claude-b: −0.030 (95% CI −0.050 to −0.010)');
    expect(chart.getAttribute('aria-label')).toContain('anthropic/claude-c: no results yet');
    // two releases with results: a dot and three whisker lines each; the pending one a hollow mark; the mean as a band
    expect(chart.querySelectorAll('.trend-dot')).toHaveLength(2);
    expect(chart.querySelectorAll('.trend-whisker')).toHaveLength(6);
    expect(chart.querySelectorAll('.trend-pending')).toHaveLength(1);
    expect(chart.querySelectorAll('.trend-band')).toHaveLength(1);
    expect(chart.textContent).toContain('cost −25%');
    const row = within(section).getByRole('row', { name: /anthropic\/claude-b/ });
    expect(row.textContent).toContain('−0.030 [−0.050 to −0.010]');
    expect(row.textContent).toContain('−25%');
    expect(within(section).getByRole('row', { name: /anthropic\/claude-c/ }).textContent).toContain('no results yet');

    const modes = await screen.findByRole('table', {
      name: 'Known failure modes: does the new model still show them?',
    });
    expect(within(modes).getByRole('row', { name: /refuses refunds/ }).textContent).toContain('Still shows3 / 5');
    expect(within(modes).getByRole('row', { name: /invents order ids/ }).textContent).toContain('Fixed0 / 4');
    expect(within(modes).getByRole('row', { name: /drops the greeting/ }).textContent).toContain('Not tested— / 2');
  });

  it('shows no failure-mode table without the field, an empty trend, and a trend error with its detail', async () => {
    fakeServer({
      'GET /api/auth/me': me,
      'GET /api/library': library,
      'GET /api/watchers': { body: { items: [watcher] } },
      'GET /api/watchers/wch_1/trend': { body: { watcherId: 'wch_1', productionModel: 'openai/gpt-4o', vendors: [] } },
      'GET /api/watchers/wch_1/reports': { body: report() },
    });
    const view = renderAt('/watchers', '/watchers', <WatchersPage />);
    expect(await screen.findByText('No trend yet.')).toBeTruthy();
    await screen.findByRole('listitem', { name: 'Release report for anthropic/claude-b' });
    expect(screen.queryByRole('table', { name: /Known failure modes/ })).toBeNull();
    view.unmount();

    fakeServer({
      'GET /api/auth/me': me,
      'GET /api/library': library,
      'GET /api/watchers': { body: { items: [watcher] } },
      'GET /api/watchers/wch_1/trend': {
        status: 503,
        body: { status: 503, detail: 'The run store is not reachable.' },
      },
      'GET /api/watchers/wch_1/reports': { body: report() },
    });
    renderAt('/watchers', '/watchers', <WatchersPage />);
    await waitFor(() =>
      expect(screen.getAllByRole('alert').some((a) => a.textContent?.includes('The run store is not reachable.'))).toBe(
        true,
      ),
    );
  });

  it('words a clear trend as worse or better only when the interval leaves zero out', () => {
    const vendor = trend.vendors![0];
    expect(trendSentence({ ...vendor, summary: { ...vendor.summary!, ci95: [-0.031, -0.007] } })).toContain(
      '−0.020 in score (95% CI −0.031 to −0.007): worse',
    );
    expect(
      trendSentence({
        ...vendor,
        summary: { n: 0, costN: 0, meanScoreDifference: null, ci95: null, meanRelativeCostChange: null },
      }),
    ).toBe('No release from anthropic has results yet.');
    expect(trendSentence({ ...vendor, summary: { ...vendor.summary!, meanRelativeCostChange: 0.001 } })).toContain(
      'on average about as costly and',
    );
    expect(trendSentence({ ...vendor, summary: { ...vendor.summary!, meanRelativeCostChange: 0.12 } })).toContain(
      'on average 12% dearer and',
    );
  });
});
