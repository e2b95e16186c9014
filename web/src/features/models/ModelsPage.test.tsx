import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router';
import { renderAt, serve } from '../../test/render';
import { ModelsPage } from './ModelsPage';

const model = (
  name: string,
  strength: number,
  ci: number[],
  rank: { best: number; worst: number },
  extra: object = {},
) => ({
  model: name,
  simulated: false,
  strength,
  ci95: ci,
  rank,
  benchmarks: 3,
  runs: 7,
  ...extra,
});
const ranking = (models: unknown[], extra: object = {}) => ({
  benchmarks: 4,
  resamples: 200,
  includeSimulated: false,
  models,
  ...extra,
});
const facets = {
  items: [],
  page: 0,
  size: 1,
  total: 0,
  facets: {
    tags: [
      { value: 'math', count: 2 },
      { value: 'code', count: 1 },
    ],
    category: [{ value: 'qa', count: 2 }],
  },
};

function Address() {
  const location = useLocation();
  return <output aria-label="address">{location.pathname + location.search}</output>;
}

const page = (
  <>
    <ModelsPage />
    <Address />
  </>
);

describe('the model leaderboard', () => {
  it('ranks the models with their intervals, rank ranges and the benchmarks and runs behind them', async () => {
    const requests = serve({
      '/api/leaderboards/models': {
        body: ranking([
          model('gpt-x', 0.81, [0.74, 0.88], { best: 1, worst: 2 }),
          model('claude-y', 0.78, [0.7, 0.85], { best: 1, worst: 2 }, { benchmarks: 4, runs: 12 }),
          model('tiny-z', 0.42, [0.35, 0.5], { best: 3, worst: 3 }, { benchmarks: 1, runs: 1 }),
        ]),
      },
      '/api/library': { body: facets },
    });
    renderAt('/models', '/models', page);
    expect(screen.getByText(/Loading the model ranking/)).toBeTruthy();
    const rows = await screen.findAllByRole('row');
    expect(rows).toHaveLength(4);
    expect(rows[1].textContent).toMatch(/^1–2gpt-x/);
    expect(rows[2].textContent).toMatch(/^1–2claude-y/);
    expect(rows[3].textContent).toMatch(/^3tiny-z/);
    expect(rows[2].textContent).toMatch(/412$/);
    expect(screen.getByRole('img', { name: 'gpt-x strength: 0.81 (95% CI 0.74–0.88)' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'tiny-z strength: 0.42 (95% CI 0.35–0.50)' })).toBeTruthy();
    expect(
      screen.getByText(/3 models ranked over 4 public benchmarks; intervals from 200 bootstrap resamples/),
    ).toBeTruthy();
    const sent = new URL(requests.find((r) => r.url.includes('/api/leaderboards/models'))!.url);
    expect(sent.searchParams.get('includeSimulated')).toBe('false');
    expect(sent.searchParams.has('tag')).toBe(false);
  });

  it('takes the tag, category and simulated toggle from the address and puts a change back there', async () => {
    const user = userEvent.setup();
    const requests = serve({
      '/api/leaderboards/models': (url) => ({
        body: ranking(
          [
            model(
              url.searchParams.get('includeSimulated') === 'true' ? 'sim/echo' : 'gpt-x',
              0.6,
              [0.5, 0.7],
              { best: 1, worst: 1 },
              { simulated: url.searchParams.get('includeSimulated') === 'true' },
            ),
          ],
          { tag: url.searchParams.get('tag') ?? undefined, category: url.searchParams.get('category') ?? undefined },
        ),
      }),
      '/api/library': { body: facets },
    });
    renderAt('/models?tag=math', '/models', page);
    await screen.findByRole('img', { name: /gpt-x strength/ });
    let sent = new URL(requests.filter((r) => r.url.includes('/api/leaderboards/models')).at(-1)!.url);
    expect(sent.searchParams.get('tag')).toBe('math');
    expect(screen.getByText(/tagged “math”/)).toBeTruthy();

    await user.selectOptions(await screen.findByRole('combobox', { name: 'Category' }), 'qa');
    await waitFor(() => expect(screen.getByLabelText('address').textContent).toBe('/models?tag=math&category=qa'));
    sent = new URL(requests.filter((r) => r.url.includes('/api/leaderboards/models')).at(-1)!.url);
    expect(sent.searchParams.get('category')).toBe('qa');
    expect(sent.searchParams.get('tag')).toBe('math');

    await user.click(screen.getByRole('checkbox', { name: 'Include simulated models' }));
    const sim = await screen.findByRole('img', { name: /sim\/echo strength/ });
    expect(sim.closest('tr')!.textContent).toContain('sim');
    expect(screen.getByLabelText('address').textContent).toBe('/models?tag=math&category=qa&sim=true');
    expect(
      new URL(requests.filter((r) => r.url.includes('/api/leaderboards/models')).at(-1)!.url).searchParams.get(
        'includeSimulated',
      ),
    ).toBe('true');

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(screen.getByLabelText('address').textContent).toBe('/models?sim=true'));
  });

  it('says what to do when nothing is ranked, and offers the simulated models', async () => {
    const user = userEvent.setup();
    const requests = serve({
      '/api/leaderboards/models': (url) => ({
        body:
          url.searchParams.get('includeSimulated') === 'true'
            ? ranking([model('sim/echo', 0.3, [0.2, 0.4], { best: 1, worst: 1 }, { simulated: true })], {
                benchmarks: 1,
              })
            : ranking([], { benchmarks: 0 }),
      }),
      '/api/library': { body: facets },
    });
    renderAt('/models', '/models', page);
    expect(await screen.findByText('No model is ranked yet.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Show simulated models' }));
    expect(await screen.findByRole('img', { name: 'sim/echo strength: 0.30 (95% CI 0.20–0.40)' })).toBeTruthy();
    expect(requests.filter((r) => r.url.includes('/api/leaderboards/models')).at(-1)!.url).toContain(
      'includeSimulated=true',
    );
  });

  it('says when a filter matches nothing and clears it', async () => {
    const user = userEvent.setup();
    serve({
      '/api/leaderboards/models': (url) => ({
        body: url.searchParams.get('tag')
          ? ranking([], { benchmarks: 0 })
          : ranking([model('gpt-x', 0.6, [0.5, 0.7], { best: 1, worst: 1 })]),
      }),
      '/api/library': { body: facets },
    });
    renderAt('/models?tag=nothing', '/models', page);
    expect(await screen.findByText('No model is ranked on these benchmarks.')).toBeTruthy();
    // a tag from a shared link that the facets do not list is still shown as chosen
    expect((screen.getByRole('combobox', { name: 'Tag' }) as HTMLSelectElement).value).toBe('nothing');
    await user.click(screen.getByRole('button', { name: 'Clear the filters' }));
    expect(await screen.findByRole('img', { name: /gpt-x strength/ })).toBeTruthy();
    expect(screen.getByLabelText('address').textContent).toBe('/models');
  });

  it("shows the server's detail when the ranking cannot be read, and tries again", async () => {
    const user = userEvent.setup();
    let fail = true;
    serve({
      '/api/leaderboards/models': () =>
        fail
          ? {
              status: 503,
              contentType: 'application/problem+json',
              body: { status: 503, detail: 'The ranking is being rebuilt.' },
            }
          : { body: ranking([model('gpt-x', 0.6, [0.5, 0.7], { best: 1, worst: 1 })]) },
      '/api/library': {
        status: 500,
        contentType: 'application/problem+json',
        body: { status: 500, detail: 'facets down' },
      },
    });
    renderAt('/models', '/models', page);
    expect((await screen.findByRole('alert')).textContent).toContain('The ranking is being rebuilt.');
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('img', { name: /gpt-x strength/ })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
