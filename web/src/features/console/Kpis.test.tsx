import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderAt, serve } from '../../test/render';
import { ConsolePage } from './ConsolePage';
import { admin, plain, problem } from './testData';

const week = (start: string, over: Record<string, unknown> = {}) => ({
  start: `${start}T00:00:00Z`,
  end: null,
  runsRequested: 0,
  runSuccess: null,
  p95TimeToResultsMs: null,
  modelsIntegrated: 0,
  publicBenchmarksCreated: 0,
  forkRate: null,
  d30Retention: null,
  judgeHumanCorrelation: null,
  creditMargin: null,
  ...over,
});

const report = {
  period: 'WEEK',
  from: '2026-11-23T00:00:00Z',
  to: '2026-12-07T00:00:00Z',
  periods: [
    week('2026-11-23', {
      runsRequested: 40,
      runSuccess: { count: 38, of: 40, rate: 0.95, ci95: [0.835, 0.986] },
      p95TimeToResultsMs: 42_000,
      publicBenchmarksCreated: 3,
    }),
    week('2026-11-30', {
      runsRequested: 120,
      // the intervals come from the server (the domain's Wilson and Fisher's z code)
      runSuccess: { count: 9, of: 10, rate: 0.9, ci95: [0.5958, 0.9821] },
      p95TimeToResultsMs: 21_500,
      modelsIntegrated: 7,
      publicBenchmarksCreated: 2,
      forkRate: { count: 1, of: 5, rate: 0.2, ci95: [0.036, 0.624] },
      judgeHumanCorrelation: { pearson: 0.7, spearman: 0.66, n: 30, pearsonCi95: [0.4543, 0.8467] },
      creditMargin: { revenueMicros: 10_000_000, apiCostMicros: 6_000_000, margin: 0.4 },
    }),
  ],
  subscriptions: [
    {
      start: '2026-11-23T00:00:00Z',
      end: '2026-11-30T00:00:00Z',
      currency: 'usd',
      mrrMinor: 1900,
      netNewMrrMinor: 1900,
      proConversion: { count: 1, of: 40, rate: 0.025, ci95: [0.0044, 0.1288] },
    },
    {
      start: '2026-11-30T00:00:00Z',
      end: '2026-12-07T00:00:00Z',
      currency: 'usd',
      mrrMinor: 6800,
      netNewMrrMinor: 4900,
      proConversion: { count: 2, of: 50, rate: 0.04, ci95: [0.011, 0.1346] },
    },
  ],
};

describe('console: KPIs', () => {
  it('asks for the whole series in one read and shows each KPI with its uncertainty and targets', async () => {
    const requests = serve({ '/api/auth/me': admin, '/api/kpis': { body: report } });
    renderAt('/console', '/console/*', <ConsolePage />);
    expect(screen.getByRole('status').textContent).toContain('Loading');
    expect((await screen.findByTestId('kpi-runs')).textContent).toBe('120');
    const kpiCalls = requests.filter((r) => r.url.includes('/api/kpis'));
    expect(kpiCalls).toHaveLength(1);
    expect(new URL(kpiCalls[0].url).searchParams.get('period')).toBe('week');
    // a share with its count and Wilson interval: 9 of 10 is not a sure 90%
    expect(screen.getByTestId('kpi-success').textContent).toBe('90%, 9 of 10; 95% CI 59.6%–98.2%');
    expect(screen.getByTestId('kpi-p95').textContent).toBe('21.5 s');
    expect(screen.getByTestId('kpi-public').textContent).toBe('5 (2 in this week)');
    expect(screen.getByTestId('kpi-correlation').textContent).toBe('r = 0.70, n = 30; 95% CI 0.45–0.85');
    expect(screen.getByTestId('kpi-margin').textContent).toContain('40%');
    expect(screen.getByTestId('kpi-retention').textContent).toBe('no figure yet');
    // subscriptions: MRR with its net new, and Pro conversion with its Wilson interval
    expect(screen.getByTestId('kpi-mrr').textContent).toBe('$68 (net new +$49)');
    expect(screen.getByTestId('kpi-netnew').textContent).toBe('+$49');
    expect(screen.getByTestId('kpi-conversion').textContent).toBe('4%, 2 of 50; 95% CI 1.1%–13.5%');
    expect(screen.getByRole('img', { name: /^Pro conversion/ }).getAttribute('aria-label')).toContain('M12: 4%');
    // the targets are drawn where they fit the scale, and named in the chart's label either way
    const success = screen.getByRole('img', { name: /^Run success rate/ });
    expect(success.getAttribute('aria-label')).toContain('M3: 95%');
    expect(success.querySelectorAll('.kpi-target-line')).toHaveLength(2);
    expect(success.querySelectorAll('.trend-whisker').length).toBe(6);
    const runs = screen.getByRole('img', { name: /^Runs per week/ });
    expect(runs.querySelectorAll('.kpi-target-line')).toHaveLength(1);
    expect(runs.getAttribute('aria-label')).toContain('M12: 25,000');
    // a table carries the same numbers
    await userEvent.click(screen.getByText('The figures as a table'));
    const row = within(screen.getByRole('region', { name: 'KPIs per period' })).getByRole('row', {
      name: /2026-11-30/,
    });
    expect(row.textContent).toContain('n = 30');
  });

  it('switches to months in the address and says when nothing happened', async () => {
    const requests = serve({
      '/api/auth/me': admin,
      '/api/kpis': { body: { ...report, period: 'MONTH', periods: [week('2026-12-01')] } },
    });
    renderAt('/console/kpis', '/console/*', <ConsolePage />);
    await screen.findByTestId('kpi-runs');
    await userEvent.selectOptions(screen.getByLabelText('Period'), 'month');
    await waitFor(() => expect(requests.some((r) => new URL(r.url).searchParams.get('period') === 'month')).toBe(true));
    expect(await screen.findByText('Nothing happened in this range yet.')).toBeTruthy();
  });

  it('says "admins only" on a 403 and shows any other error with Try again', async () => {
    serve({ '/api/auth/me': plain, '/api/kpis': problem(403, 'This needs the ADMIN or ANALYST role.') });
    const view = renderAt('/console', '/console/*', <ConsolePage />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('for admins and analysts only');
    expect(alert.textContent).toContain('This needs the ADMIN or ANALYST role.');
    view.unmount();

    let calls = 0;
    serve({
      '/api/auth/me': admin,
      '/api/kpis': () => (++calls === 1 ? problem(503, 'The kpis projection is rebuilding.') : { body: report }),
    });
    renderAt('/console', '/console/*', <ConsolePage />);
    expect((await screen.findByRole('alert')).textContent).toContain('The kpis projection is rebuilding.');
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect((await screen.findByTestId('kpi-runs')).textContent).toBe('120');
  });

  it('draws no interval the server did not send', async () => {
    const bare = {
      ...report,
      periods: [week('2026-11-30', { runsRequested: 3, runSuccess: { count: 2, of: 3, rate: 2 / 3, ci95: null } })],
      subscriptions: [],
    };
    serve({ '/api/auth/me': admin, '/api/kpis': { body: bare } });
    renderAt('/console', '/console/*', <ConsolePage />);
    expect((await screen.findByTestId('kpi-success')).textContent).toBe('66.7%, 2 of 3');
    expect(screen.getByTestId('kpi-mrr').textContent).toBe('no figure yet');
  });

  it('asks a signed-out visitor to sign in', async () => {
    serve({ '/api/auth/me': problem(401, 'Sign in.') });
    renderAt('/console', '/console/*', <ConsolePage />);
    expect(await screen.findByText('Sign in to use the operator console.')).toBeTruthy();
  });
});
