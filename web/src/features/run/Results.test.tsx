import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderAt, serve } from '../../test/render';
import { Results, visibleRange } from './Results';

const trial = (i: number) => ({
  caseId: `c${String(i).padStart(5, '0')}`,
  model: i % 2 ? 'sim/b' : 'sim/a',
  repeat: 1,
  outcome: 'ANSWERED',
  output: `answer ${i}`,
  score: i % 3 ? 1 : 0,
  passed: i % 3 !== 0,
  latencyMs: 120,
  costMicros: 0,
  simulated: true,
  grades: [{ graderIndex: 0, type: 'exact', score: i % 3 ? 1 : 0, passed: i % 3 !== 0, reason: 'compared with 42' }],
  verdicts: [{ graderIndex: 1, judge: 'sim/judge', score: 0.7, rationale: 'close enough' }],
  humanGrades: [],
});

describe('the results table', () => {
  it('renders only the rows in view', () => {
    expect(visibleRange(0, 50_000)).toEqual([0, 18]);
    expect(visibleRange(34 * 1000, 50_000)).toEqual([994, 1018]);
    expect(visibleRange(0, 3)).toEqual([0, 3]);
  });

  it('keeps 50,000 trials fast: the DOM holds a window of rows, the next page loads by cursor', async () => {
    const requests = serve({
      '/api/runs/run_1/results': (url) => {
        const from = Number(url.searchParams.get('cursor') ?? 0);
        const items = Array.from({ length: 200 }, (_, k) => trial(from + k));
        return { body: { items, nextCursor: from + 200 < 50_000 ? String(from + 200) : undefined } };
      },
    });
    renderAt('/runs/run_1', '/runs/:id', <Results runId="run_1" models={['sim/a', 'sim/b']} canGrade />);
    const table = await screen.findByRole('grid', { name: /^Trials/ });
    const rows = within(table).getAllByRole('row');
    expect(rows.length).toBeLessThan(30);
    expect(rows[1].textContent).toContain('c00000');
    expect(requests[0].url).toContain('limit=200');
  });

  it('filters, opens a trial by keyboard with its graders and judges, and records a human grade with a key', async () => {
    const requests = serve({
      '/api/runs/run_1/results': { body: { items: [trial(0), trial(1), trial(2)] } },
      '/api/runs/run_1/human-grades': (url) => {
        void url;
        return { status: 201, body: { runId: 'run_1', caseId: 'c00001', model: 'sim/b', score: 1 } };
      },
    });
    renderAt('/runs/run_1', '/runs/:id', <Results runId="run_1" models={['sim/a', 'sim/b']} canGrade />);
    const body = await screen.findByRole('grid', { name: /arrow keys move/ });
    body.focus();
    await userEvent.keyboard('{ArrowDown}{Enter}');
    const detail = await screen.findByRole('region', { name: /Case c00001/ });
    expect(detail.textContent).toContain('answer 1');
    expect(detail.textContent).toContain('#0 exact: 1.00 ✓');
    expect(detail.textContent).toContain('close enough');
    await userEvent.type(screen.getByLabelText('Comment (optional)'), 'fine');
    screen.getByRole('heading', { name: /Case c00001/ }).focus();
    await userEvent.keyboard('1');
    await screen.findByText('Recorded 1.');
    const post = requests.find((r) => r.method === 'POST')!;
    const graded: unknown = await post.clone().json();
    expect(graded).toEqual({ caseId: 'c00001', model: 'sim/b', score: 1, comment: 'fine' });

    await userEvent.click(screen.getByLabelText('Failed only'));
    await waitFor(() => expect(requests.some((r) => r.url.includes('failedOnly=true'))).toBe(true));
    await userEvent.selectOptions(screen.getByLabelText('Model'), 'sim/b');
    await waitFor(() => expect(requests.some((r) => r.url.includes('model=sim%2Fb'))).toBe(true));
  });

  it('asks the server for the trials whose judges disagree, and the drill-down shows the prompt sent and each verdict', async () => {
    const split = {
      ...trial(4),
      prompt: [
        { role: 'system', content: 'Answer with a number.' },
        { role: 'user', content: 'What is 6 times 7?' },
      ],
      verdicts: [
        { graderIndex: 1, judge: 'sim/judge-a', score: 0.9, rationale: 'it is right' },
        { graderIndex: 1, judge: 'sim/judge-b', score: 0.2, rationale: 'it rambles' },
      ],
      judgesDisagree: true,
    };
    const requests = serve({
      '/api/runs/run_1/results': (url) => ({
        body: { items: url.searchParams.get('judgesDisagree') === 'true' ? [split] : [trial(0), split] },
      }),
    });
    renderAt('/runs/run_1', '/runs/:id', <Results runId="run_1" models={['sim/a', 'sim/b']} canGrade={false} />);
    await screen.findByRole('grid', { name: /^Trials/ });
    await userEvent.click(screen.getByLabelText('Judges disagree'));
    await waitFor(() => expect(requests.some((r) => r.url.includes('judgesDisagree=true'))).toBe(true));
    await waitFor(() =>
      expect(within(screen.getByRole('grid', { name: /^Trials/ })).getAllByRole('row')).toHaveLength(2),
    );
    const body = screen.getByRole('grid', { name: /^Trials/ });
    body.focus();
    await userEvent.keyboard('{Enter}');
    const detail = await screen.findByRole('region', { name: /Case c00004/ });
    const prompt = within(detail).getByRole('heading', { name: 'Prompt sent' }).nextElementSibling!;
    expect(prompt.textContent).toContain('systemAnswer with a number.');
    expect(prompt.textContent).toContain('userWhat is 6 times 7?');
    expect(within(detail).getByRole('heading', { name: /Judges/ }).textContent).toContain('judges disagree');
    expect(detail.textContent).toContain('sim/judge-a: 0.90');
    expect(detail.textContent).toContain('it rambles');
  });

  it('says so when no trial has judges that disagree', async () => {
    serve({ '/api/runs/run_1/results': { body: { items: [] } } });
    renderAt('/runs/run_1', '/runs/:id', <Results runId="run_1" models={[]} canGrade={false} />);
    await screen.findByText('No trial here yet.');
    await userEvent.click(screen.getByLabelText('Judges disagree'));
    expect(await screen.findByText('No trial has judges on both sides of a pass threshold.')).toBeTruthy();
  });

  it('says when there is nothing to show', async () => {
    serve({ '/api/runs/run_1/results': { body: { items: [] } } });
    renderAt('/runs/run_1', '/runs/:id', <Results runId="run_1" models={[]} canGrade={false} />);
    expect(await screen.findByText('No trial here yet.')).toBeTruthy();
  });
});
