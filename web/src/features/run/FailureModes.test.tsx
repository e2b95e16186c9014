import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderAt, serve } from '../../test/render';
import { RunFailureModes } from './FailureModes';
import { Results } from './Results';
import { ComparePage } from './Compare';

const trial = (caseId: string, model: string, passed: boolean) => ({
  caseId,
  model,
  repeat: 1,
  outcome: 'ANSWERED',
  output: 'x',
  score: passed ? 1 : 0,
  passed,
  costMicros: 0,
  grades: [],
  verdicts: [],
  humanGrades: [],
});

const shouts = {
  name: 'Shouts the answer',
  note: 'answers in capitals',
  caseIds: ['quiet-1', 'quiet-2'],
  firstSeen: { runId: 'run_0', model: 'sim/upper', at: '2026-12-01T10:00:00Z' },
  models: [
    { model: 'sim/upper', status: 'STILL_SHOWS', failing: 2, tagged: 2, failingCaseIds: ['quiet-1', 'quiet-2'] },
    { model: 'sim/echo', status: 'FIXED', failing: 0, tagged: 2, failingCaseIds: [] },
  ],
};

describe('known failure modes', () => {
  it('shows per model whether it still shows each failure mode, with the counts', async () => {
    serve({ '/api/runs/run_1/failure-modes': { body: { runId: 'run_1', benchmarkId: 'bm_1', items: [shouts] } } });
    renderAt('/runs/run_1', '/runs/:id', <RunFailureModes runId="run_1" models={['sim/upper', 'sim/echo']} />);
    const row = await screen.findByRole('row', { name: /Shouts the answer/ });
    const cells = within(row).getAllByRole('cell');
    expect(cells[1].textContent).toBe('still shows fails 2 of 2 tagged');
    expect(cells[2].textContent).toBe('fixed fails 0 of 2 tagged');
    expect(row.textContent).toContain('first seen on sim/upper');
  });

  it('says when the benchmark has none, and shows the server’s problem when the read fails', async () => {
    serve({ '/api/runs/run_1/failure-modes': { body: { runId: 'run_1', benchmarkId: 'bm_1', items: [] } } });
    const { unmount } = renderAt('/runs/run_1', '/runs/:id', <RunFailureModes runId="run_1" models={['sim/a']} />);
    expect(await screen.findByText('No known failure mode on this benchmark yet.')).toBeTruthy();
    unmount();
    serve({
      '/api/runs/run_1/failure-modes': {
        status: 500,
        body: { detail: 'the database is away' },
        contentType: 'application/problem+json',
      },
    });
    renderAt('/runs/run_1', '/runs/:id', <RunFailureModes runId="run_1" models={['sim/a']} />);
    expect((await screen.findByRole('alert')).textContent).toContain('the database is away');
  });

  it('selects trials by keyboard and tags their cases, suggesting the benchmark’s names', async () => {
    const requests = serve({
      '/api/runs/run_1/results': {
        body: {
          items: [
            trial('quiet-1', 'sim/upper', false),
            trial('quiet-2', 'sim/upper', false),
            trial('loud', 'sim/upper', true),
          ],
        },
      },
      '/api/benchmarks/bm_1/failure-modes': { body: { benchmarkId: 'bm_1', items: [shouts] } },
      '/api/runs/run_1/failure-modes': {
        status: 201,
        body: { runId: 'run_1', name: 'Shouts the answer', caseIds: ['quiet-1', 'quiet-2'], recorded: true },
      },
    });
    renderAt('/runs/run_1', '/runs/:id', <Results runId="run_1" models={['sim/upper']} canGrade benchmarkId="bm_1" />);
    const grid = await screen.findByRole('grid', { name: /Space selects/ });
    expect((screen.getByRole('button', { name: 'Tag failure mode…' }) as HTMLButtonElement).disabled).toBe(true);
    grid.focus();
    await userEvent.keyboard(' {ArrowDown} ');
    expect(screen.getByText('2 cases selected')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Tag failure mode…' }));
    const form = await screen.findByRole('region', { name: 'Tag a failure mode' });
    expect(form.textContent).toContain('quiet-1, quiet-2');
    expect(form.textContent).toContain('seen on sim/upper');
    const name = within(form).getByLabelText('Name');
    expect(document.activeElement).toBe(name);
    await screen.findByText(/The same name adds these cases to it: Shouts the answer/);
    expect(form.querySelector('datalist option')?.getAttribute('value')).toBe('Shouts the answer');
    await userEvent.type(name, 'Shouts the answer');
    await userEvent.type(within(form).getByLabelText('Note (optional)'), 'capitals');
    await userEvent.click(within(form).getByRole('button', { name: 'Tag' }));
    expect(await screen.findByText('Tagged 2 case(s) as “Shouts the answer”.')).toBeTruthy();
    const post = requests.find((r) => r.method === 'POST')!;
    expect(await post.clone().json()).toEqual({
      name: 'Shouts the answer',
      note: 'capitals',
      caseIds: ['quiet-1', 'quiet-2'],
      model: 'sim/upper',
    });
  });

  it('shows a refused field under it', async () => {
    serve({
      '/api/runs/run_1/results': { body: { items: [trial('quiet-1', 'sim/upper', false)] } },
      '/api/benchmarks/bm_1/failure-modes': { body: { benchmarkId: 'bm_1', items: [] } },
      '/api/runs/run_1/failure-modes': {
        status: 400,
        contentType: 'application/problem+json',
        body: {
          detail: 'the run request is not valid',
          errors: [{ field: 'name', message: 'must be at most 80 characters' }],
        },
      },
    });
    renderAt('/runs/run_1', '/runs/:id', <Results runId="run_1" models={['sim/upper']} canGrade benchmarkId="bm_1" />);
    await userEvent.click(await screen.findByRole('checkbox', { name: /Select quiet-1 of sim\/upper/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Tag failure mode…' }));
    await screen.findByText('The benchmark has no failure mode yet.');
    await userEvent.type(screen.getByLabelText('Name'), 'x');
    await userEvent.click(screen.getByRole('button', { name: 'Tag' }));
    expect(await screen.findByText('must be at most 80 characters')).toBeTruthy();
    expect(screen.getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
  });

  it('on the compare page, lists the failure modes the candidate has and the baseline has not', async () => {
    serve({
      '/api/runs/run_1/compare': {
        body: {
          runId: 'run_1',
          baseline: 'sim/echo',
          candidate: 'sim/upper',
          difference: { n: 3, mean: -0.67, ci95: [-1, 0], pValue: 0.25 },
          casesWon: 0,
          casesLost: 2,
          casesTied: 1,
          failureModes: [
            { kind: 'KNOWN', name: 'Shouts the answer', cases: 2, exampleCaseIds: ['quiet-1', 'quiet-2'] },
          ],
          knownFailureModes: [
            {
              name: 'Loops',
              candidate: { model: 'sim/upper', status: 'NOT_TESTED', failing: 0, tagged: 0 },
              baseline: { model: 'sim/echo', status: 'NOT_TESTED', failing: 0, tagged: 0 },
              candidateOnly: false,
            },
            { name: 'Shouts the answer', candidate: shouts.models[0], baseline: shouts.models[1], candidateOnly: true },
          ],
          verdict: 'SHIP_WITH_CAVEATS',
          reasons: [],
          criteria: [],
        },
      },
      '/api/runs/run_1': {
        body: { id: 'run_1', status: 'COMPLETED', models: [{ model: 'sim/echo' }, { model: 'sim/upper' }] },
      },
    });
    renderAt('/runs/run_1/compare', '/runs/:id/compare', <ComparePage />);
    expect(await screen.findByText(/The candidate has 1 known failure mode the baseline has not:/)).toBeTruthy();
    const table = screen.getByRole('table', { name: /Known failure modes of the benchmark/ });
    const rows = within(table).getAllByRole('row');
    expect(rows[1].textContent).toContain('Shouts the answer candidate only');
    expect(rows[1].textContent).toContain('still shows fails 2 of 2 tagged');
    expect(rows[1].textContent).toContain('fixed fails 0 of 2 tagged');
    expect(rows[2].textContent).toContain('not tested');
    expect(screen.getByText(/known failure mode “Shouts the answer” still shows on 2 cases/)).toBeTruthy();
  });
});
