import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { browser } from '../../api/credits';
import { renderAt, serve } from '../../test/render';
import { RunPage } from './RunPage';

const model = (name: string, score: number, ci: number[]) => ({
  model: name,
  simulated: true,
  score,
  ci95: ci,
  passRate: score,
  passRateCi95: ci,
  trials: 10,
  failedCalls: 0,
  latencyMs: { p50: 110, p95: 170, p99: 1800 },
  costMicros: 240,
  costPerCaseMicros: 48,
});

describe('the run page', () => {
  it('shows each model with score and pass rate intervals, latency percentiles, cost and the verdict', async () => {
    serve({
      '/api/runs/run_1/compare': {
        body: {
          verdict: 'DONT_SHIP',
          difference: { n: 5, mean: -0.4, ci95: [-0.8, -0.1], pValue: 0.03 },
          casesWon: 0,
          casesLost: 2,
          casesTied: 3,
          reasons: ['the candidate is significantly worse'],
        },
      },
      '/api/runs/run_1': {
        body: {
          id: 'run_1',
          benchmarkId: 'bm_1',
          benchmarkVersion: 2,
          status: 'COMPLETED',
          progress: { done: 20, total: 20 },
          repeats: 2,
          models: [model('sim/a', 0.8, [0.6, 0.9]), model('sim/b', 0.4, [0.2, 0.6])],
        },
      },
      '/api/benchmarks/bm_1': { body: { id: 'bm_1', title: 'Arithmetic' } },
    });
    renderAt('/runs/run_1', '/runs/:id', <RunPage />);
    expect(await screen.findByRole('img', { name: 'sim/a score: 0.80 (95% CI 0.60–0.90)' })).toBeTruthy();
    const rows = screen.getAllByRole('row');
    expect(rows[2].textContent).toContain('40% (20–60%)');
    expect(rows[1].textContent).toContain('110 ms / 170 ms / 1.8 s');
    expect(rows[1].textContent).toContain('$0.00024');
    expect(await screen.findByText("DON'T SHIP")).toBeTruthy();
    expect(screen.getByText(/p = 0.030/)).toBeTruthy();
    expect(await screen.findByRole('link', { name: 'Arithmetic' })).toBeTruthy();
  });

  it("asks to sign in when the run is not the caller's to see", async () => {
    serve({
      '/api/runs/run_2': {
        status: 401,
        body: { status: 401, detail: 'This needs an API token' },
        contentType: 'application/problem+json',
      },
    });
    renderAt('/runs/run_2', '/runs/:id', <RunPage />);
    expect((await screen.findByRole('alert')).textContent).toContain('Sign in needed.');
  });

  it('cancels a run that is still going', async () => {
    const requests = serve({
      '/api/runs/run_3/cancel': { body: { id: 'run_3', status: 'CANCELLED' } },
      '/api/runs/run_3/results': { body: { items: [] } },
      '/api/runs/run_3': {
        body: {
          id: 'run_3',
          benchmarkId: 'bm_1',
          status: 'RUNNING',
          progress: { done: 4, total: 20 },
          repeats: 1,
          models: [model('sim/a', 0.5, [0.2, 0.8])],
        },
      },
      '/api/benchmarks/bm_1': { body: { id: 'bm_1', title: 'Arithmetic' } },
    });
    renderAt('/runs/run_3', '/runs/:id', <RunPage />);
    expect(await screen.findByText(/4 of 20 trials/)).toBeTruthy();
    expect(screen.getByRole('row', { name: /sim\/a/ }).textContent).toContain('10 / 20');
    await userEvent.click(screen.getByRole('button', { name: 'Cancel the run' }));
    await waitFor(() =>
      expect(requests.some((r) => r.method === 'POST' && r.url.endsWith('/api/runs/run_3/cancel'))).toBe(true),
    );
    expect(await screen.findByText('No trial here yet.')).toBeTruthy();
  });

  const outside = (requiredPlan: string) => ({
    status: 402,
    contentType: 'application/problem+json',
    body: {
      status: 402,
      detail: 'This run is requested before 2026-11-07T00:00:00Z: the Free plan shows the last 30 days',
      limit: 'history',
      plan: 'FREE',
      requiredPlan,
      windowStart: '2026-11-07T00:00:00Z',
    },
  });

  it('says an old run is outside the Free history and upgrades to Pro by keyboard, as the Plan panel does', async () => {
    const go = vi.spyOn(browser, 'go').mockImplementation(() => {});
    const requests = serve({
      '/api/runs/run_old': outside('PRO'),
      '/api/plans': {
        body: {
          items: [
            {
              id: 'PRO',
              name: 'Pro',
              purchasable: true,
              price: { priceId: 'price_pro', amountMinor: 1900, currency: 'usd', interval: 'month' },
              features: [],
            },
          ],
        },
      },
      '/api/billing/checkout': { status: 201, body: { sessionId: 'cs_1', url: 'https://checkout.stripe.test/cs_1' } },
    });
    const view = renderAt('/runs/run_old', '/runs/:id', <RunPage />);
    expect(
      await screen.findByRole('heading', { name: "This run is older than your plan's 30-day history" }),
    ).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText(/requested since/).textContent).toContain('Pro shows the whole history again');
    const upgrade = await screen.findByRole('button', { name: 'Upgrade to Pro ($19.00 a month)' });
    await userEvent.tab();
    expect(document.activeElement).toBe(upgrade);
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(go).toHaveBeenCalledWith('https://checkout.stripe.test/cs_1'));
    const post = requests.find((r) => r.method === 'POST' && r.url.includes('/api/billing/checkout'))!;
    expect(await post.clone().json()).toEqual({ plan: 'PRO' });
    // no serious or critical axe-core finding in the state (contrast needs a real browser: jsdom has no layout)
    const found = await axe.run(view.container, { rules: { 'color-contrast': { enabled: false } } });
    expect(found.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    go.mockRestore();
  });

  it("sends a workspace's old run to the workspace's Plan panel for Team", async () => {
    serve({ '/api/runs/run_ws': outside('TEAM') });
    renderAt('/runs/run_ws', '/runs/:id', <RunPage />);
    const link = await screen.findByRole('link', { name: 'Upgrade to Team' });
    expect(link.getAttribute('href')).toBe('/workspaces');
    expect(screen.getByText(/Team on the workspace shows/)).toBeTruthy();
  });
});
