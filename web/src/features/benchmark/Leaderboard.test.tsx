import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderAt, serve } from '../../test/render';
import { Leaderboard } from './Leaderboard';

const entry = (model: string, score: number, ci: number[], extra: object = {}) => ({
  model,
  simulated: true,
  score,
  ci95: ci,
  rank: { best: 1, worst: 2 },
  passRate: score,
  passRateCi95: ci,
  costPerCaseMicros: 40,
  latencyP95Ms: 170,
  runCount: 1,
  latestRunId: 'run_1',
  paretoOptimal: false,
  ...extra,
});

describe('the leaderboard', () => {
  it('offers the simulated models when only they have run', async () => {
    const user = userEvent.setup();
    const requests = serve({
      '/api/benchmarks/bm_1/leaderboard': (url) => ({
        body: {
          entries: url.searchParams.get('includeSimulated') === 'true' ? [entry('sim/echo', 0.4, [0.2, 0.6])] : [],
          paretoFrontier: [],
        },
      }),
    });
    renderAt('/b', '/b', <Leaderboard benchmarkId="bm_1" />);
    await user.click(await screen.findByRole('button', { name: 'Show simulated models' }));
    expect(await screen.findByLabelText('sim/echo score: 0.40 (95% CI 0.20–0.60)')).toBeTruthy();
    expect(new URL(requests.at(-1)!.url).searchParams.get('includeSimulated')).toBe('true');
  });

  it('shows rank ranges, pass rates with intervals and the Pareto models', async () => {
    serve({
      '/api/benchmarks/bm_1/leaderboard': {
        body: {
          entries: [
            entry('a', 0.8, [0.7, 0.9], { paretoOptimal: true, rank: { best: 1, worst: 1 } }),
            entry('b', 0.5, [0.3, 0.7]),
          ],
          paretoFrontier: ['a'],
        },
      },
    });
    renderAt('/b', '/b', <Leaderboard benchmarkId="bm_1" />);
    await userEvent.setup().click(await screen.findByRole('checkbox', { name: 'Include simulated models' }));
    const rows = await screen.findAllByRole('row');
    expect(rows[1].textContent).toMatch(/^1a/);
    expect(rows[2].textContent).toMatch(/^1–2b/);
    expect(rows[1].textContent).toContain('Pareto');
    expect(rows[2].textContent).toContain('50% (30–70%)');
    expect(screen.getByRole('img', { name: /Cost against quality/ })).toBeTruthy();
  });
});
