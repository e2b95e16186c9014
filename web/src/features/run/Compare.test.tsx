import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';
import { renderAt, serve } from '../../test/render';
import { ComparePage, comparisonMarkdown } from './Compare';
import { diffLines } from './OutputDiff';

const comparison = {
  runId: 'run_1',
  baseline: 'sim/a',
  candidate: 'sim/b',
  baselineSummary: {
    model: 'sim/a',
    score: 0.8,
    ci95: [0.7, 0.9],
    passRate: 0.8,
    passRateCi95: [0.6, 0.9],
    costPerCaseMicros: 0,
  },
  candidateSummary: {
    model: 'sim/b',
    score: 0.5,
    ci95: [0.3, 0.7],
    passRate: 0.5,
    passRateCi95: [0.3, 0.7],
    costPerCaseMicros: 0,
  },
  difference: { n: 20, mean: -0.3, ci95: [-0.5, -0.1], pValue: 0.004 },
  casesWon: 1,
  casesLost: 9,
  casesTied: 10,
  failureModes: [
    { kind: 'GRADER', graderIndex: 0, graderType: 'exact', cases: 8, exampleCaseIds: ['c1', 'c2'] },
    { kind: 'GRADER', graderIndex: 0, graderType: null, cases: 2, exampleCaseIds: ['c9'] },
  ],
  verdict: 'DONT_SHIP',
  reasons: ['a MUST line is not met'],
  criteria: [
    {
      metric: 'pass_rate',
      op: '>=',
      threshold: 0.7,
      severity: 'MUST',
      actual: 0.5,
      met: false,
      ideal: 0.9,
      idealMet: false,
      weight: 60,
    },
    {
      metric: 'cost_per_case',
      op: '<=',
      threshold: 0.01,
      severity: 'SHOULD',
      actual: 0,
      met: true,
      ideal: 0.005,
      idealMet: true,
      weight: 25,
    },
  ],
  rubricScore: 25 / 85,
};

describe('compare', () => {
  it('shows the verdict with each rubric line, and copies the same report as Markdown', async () => {
    const requests = serve({
      '/api/runs/run_1/compare': { body: comparison },
      '/api/runs/run_1': {
        body: { id: 'run_1', status: 'COMPLETED', models: [{ model: 'sim/a' }, { model: 'sim/b' }] },
      },
    });
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderAt('/runs/run_1/compare', '/runs/:id/compare', <ComparePage />);
    expect(await screen.findByText("DON'T SHIP")).toBeTruthy();
    const must = screen.getByRole('row', { name: /pass_rate ≥ 0.7/ });
    expect(must.textContent).toContain('MUST');
    expect(must.textContent).toContain('✗ not met');
    expect(must.textContent).toContain('≥ 0.9');
    expect(must.textContent).toContain('60%');
    expect(must.textContent).toContain('not ideal');
    const should = screen.getByRole('row', { name: /cost_per_case ≤ 0.01/ });
    expect(should.textContent).toContain('✓ met');
    expect(should.textContent).toContain('★ ideal');
    expect(screen.getByText('Weighted rubric score 29%: the met lines weigh 25 of 85.')).toBeTruthy();
    expect(screen.getByText(/grader #0 \(exact\) fails on 8 cases/)).toBeTruthy();
    expect(screen.getByText(/the cases' own graders fail on 2 cases \(e\.g\. c9\)/)).toBeTruthy();
    expect(requests.some((r) => r.url.includes('baseline=sim%2Fa') && r.url.includes('candidate=sim%2Fb'))).toBe(true);

    await userEvent.click(screen.getByRole('button', { name: 'Copy as Markdown' }));
    expect(writeText).toHaveBeenCalledWith(comparisonMarkdown(comparison as never, 'run_1'));
    expect(await screen.findByText('Copied as Markdown.')).toBeTruthy();
  });

  it('opens the cases lost, read in one request, each as a side-by-side diff of the two answers', async () => {
    const requests = serve({
      '/api/runs/run_1/compare/cases': (url) => ({
        body: {
          items:
            url.searchParams.get('outcome') === 'LOST'
              ? [
                  {
                    caseId: 'c7',
                    outcome: 'LOST',
                    baselineScore: 1,
                    candidateScore: 0,
                    baselineOutput: 'The answer\nis 42',
                    candidateOutput: 'The answer\nis 41',
                  },
                  {
                    caseId: 'c9',
                    outcome: 'LOST',
                    baselineScore: 1,
                    candidateScore: 0.5,
                    baselineOutput: 'yes',
                    candidateOutput: null,
                  },
                ]
              : [],
          nextCursor: null,
        },
      }),
      '/api/runs/run_1/compare': { body: comparison },
      '/api/runs/run_1': {
        body: { id: 'run_1', status: 'COMPLETED', models: [{ model: 'sim/a' }, { model: 'sim/b' }] },
      },
    });
    renderAt('/runs/run_1/compare', '/runs/:id/compare', <ComparePage />);
    const lost = await screen.findByRole('button', { name: 'Lost (9)' });
    expect(lost.getAttribute('aria-pressed')).toBe('false');
    await userEvent.click(lost);
    expect(lost.getAttribute('aria-pressed')).toBe('true');
    const summary = await screen.findByText(
      (_, el) => el?.tagName === 'SUMMARY' && el.textContent!.startsWith('Case c7'),
    );
    expect(summary.textContent).toBe('Case c7: baseline 1.00, candidate 0.00');
    const casesRequests = requests.filter((r) => r.url.includes('/compare/cases'));
    expect(casesRequests).toHaveLength(1);
    expect(casesRequests[0].url).toContain('outcome=LOST');
    expect(casesRequests[0].url).toContain('baseline=sim%2Fa');
    await userEvent.click(summary);
    const baseline = await screen.findByRole('heading', { name: 'sim/a (baseline)' });
    const left = baseline.nextElementSibling!;
    const right = screen.getByRole('heading', { name: 'sim/b (candidate)' }).nextElementSibling!;
    expect(left.querySelectorAll('.diff-from')).toHaveLength(1);
    expect(left.querySelector('.diff-from')!.textContent).toContain('only in baseline: is 42');
    expect(right.querySelector('.diff-to')!.textContent).toContain('only in candidate: is 41');
    await userEvent.click(
      screen.getByText((_, el) => el?.tagName === 'SUMMARY' && el.textContent!.startsWith('Case c9')),
    );
    const second = screen.getAllByRole('heading', { name: 'sim/b (candidate)' })[1].parentElement!;
    expect(within(second).getByText('(no answer: the call failed)')).toBeTruthy();
    expect(requests.filter((r) => r.url.includes('/compare/cases'))).toHaveLength(1);
  });

  it('marks the lines only one answer has', () => {
    const [l, r] = diffLines('a\nb\nc', 'a\nx\nc\nd');
    expect(l.map((x) => x.kind)).toEqual(['same', 'changed', 'same']);
    expect(r.map((x) => x.kind)).toEqual(['same', 'changed', 'same', 'changed']);
    const [same] = diffLines('one', 'one');
    expect(same).toEqual([{ text: 'one', kind: 'same' }]);
  });

  it('writes the report a design doc needs, intervals included', () => {
    const md = comparisonMarkdown(comparison as never, 'run_1');
    expect(md).toContain("## sim/b vs sim/a: DON'T SHIP");
    expect(md).toContain(
      'Paired difference (candidate − baseline) −0.300, 95% CI -0.500–-0.100, p = 0.004, n = 20 cases.',
    );
    expect(md).toContain('| sim/a (baseline) | 0.800 [0.700–0.900] | 80% (60–90%) | $0 |');
    expect(md).toContain('| pass_rate ≥ 0.7 | MUST | ≥ 0.9 | 60% | 0.500 | **no** | no |');
    expect(md).toContain('| cost_per_case ≤ 0.01 | SHOULD | ≤ 0.005 | 25% | 0.000 | yes | yes |');
    expect(md).toContain('Weighted rubric score 29%: the met lines weigh 25 of 85.');
    expect(md).toContain('- grader #0 (exact) fails on 8 cases (e.g. c1, c2)');
  });
});
