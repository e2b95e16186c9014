import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
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
});
