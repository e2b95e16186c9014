import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderAt } from '../../test/render';
import { CreatePage } from './CreatePage';
import { description, fakeServer, patientTests } from './testServer';

const me = { 'GET /api/me': { body: { id: 'usr_1', handle: 'alice', role: 'USER' } } };

patientTests();

describe('creating a benchmark', () => {
  it('sends the details, template, graders and rubric the form holds', async () => {
    const requests = fakeServer({ ...me, 'POST /api/benchmarks': { status: 201, body: { id: 'bm_9', version: 1 } } });
    renderAt('/benchmarks/new', '/benchmarks/new', <CreatePage />);
    const user = userEvent.setup({ delay: null });
    await user.type(await screen.findByLabelText('Title'), 'Capitals');
    await user.type(screen.getByLabelText('Tags'), 'geo, easy');
    await user.click(screen.getByLabelText(/Public: in the/));
    await user.type(screen.getByLabelText('Template'), 'Capital of {{{{input}}?');
    expect(screen.getByText('Capital of What is 2+2??')).toBeTruthy(); // the live preview
    expect(screen.getByText(/This template uses: \{\{input\}\}/)).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('Grader 1 type'), 'llm-judge');
    await user.type(screen.getByLabelText('Grader 1 rubric'), 'Is it the capital?');
    await user.click(screen.getByRole('button', { name: 'Add a rule' }));
    await user.type(screen.getByLabelText('Rule 1 threshold'), '0.8');
    await user.click(screen.getByRole('button', { name: 'Create the benchmark' }));

    const post = requests.find((r) => r.method === 'POST')!;
    expect(JSON.parse(post.body)).toEqual({
      title: 'Capitals',
      tags: ['geo', 'easy'],
      visibility: 'PUBLIC',
      promptTemplate: 'Capital of {{input}}?',
      graders: [{ type: 'llm-judge', rubric: 'Is it the capital?' }],
      decisionCriteria: [{ metric: 'score', op: '>=', threshold: 0.8, severity: 'MUST' }],
    });
  });

  it("shows each of the server's problem+json errors next to the field it names", async () => {
    fakeServer({
      ...me,
      'POST /api/benchmarks': {
        status: 400,
        body: {
          detail: 'The benchmark is not valid.',
          errors: [
            { field: 'title', message: 'must not be blank' },
            { field: 'graders[0].pattern', message: 'not a valid regular expression: Unclosed group' },
            { field: 'decisionCriteria[0].threshold', message: 'must be a finite number' },
          ],
        },
      },
    });
    renderAt('/benchmarks/new', '/benchmarks/new', <CreatePage />);
    const user = userEvent.setup({ delay: null });
    await user.selectOptions(await screen.findByLabelText('Grader 1 type'), 'regex');
    await user.type(screen.getByLabelText('Grader 1 pattern'), '(a');
    await user.click(screen.getByRole('button', { name: 'Add a rule' }));
    await user.type(screen.getByLabelText('Rule 1 threshold'), '1');
    await user.click(screen.getByRole('button', { name: 'Create the benchmark' }));

    expect((await screen.findByRole('alert')).textContent).toBe(
      'Not saved. The benchmark is not valid. Fix the 3 fields marked below.',
    );
    expect(description(screen.getByLabelText('Title'))).toBe('must not be blank');
    expect(screen.getByLabelText('Title').getAttribute('aria-invalid')).toBe('true');
    expect(description(screen.getByLabelText('Grader 1 pattern'))).toMatch(
      /not a valid regular expression: Unclosed group/,
    );
    expect(description(screen.getByLabelText('Rule 1 threshold'))).toBe('must be a finite number');
  });

  it('sends a rubric line with its ideal and weight, adds the weights up, and shows a weight the server refuses', async () => {
    const requests = fakeServer({
      ...me,
      'POST /api/benchmarks': {
        status: 400,
        body: {
          detail: 'The benchmark is not valid.',
          errors: [
            {
              field: 'decisionCriteria[1].ideal',
              message: 'must be at least as strict as the acceptable threshold (< 2000.0)',
            },
          ],
        },
      },
    });
    renderAt('/benchmarks/new', '/benchmarks/new', <CreatePage />);
    const user = userEvent.setup({ delay: null });
    await user.type(await screen.findByLabelText('Title'), 'Support bot');
    await user.click(screen.getByRole('button', { name: 'Add a rule' }));
    await user.selectOptions(screen.getByLabelText('Rule 1 metric'), 'passRate');
    await user.type(screen.getByLabelText('Rule 1 threshold'), '0.85');
    await user.type(screen.getByLabelText('Rule 1 ideal'), '0.9');
    await user.type(screen.getByLabelText('Rule 1 weight'), '40');
    await user.click(screen.getByRole('button', { name: 'Add a rule' }));
    await user.selectOptions(screen.getByLabelText('Rule 2 metric'), 'latencyP95Ms');
    await user.selectOptions(screen.getByLabelText('Rule 2 comparison'), '<');
    await user.selectOptions(screen.getByLabelText('Rule 2 severity'), 'SHOULD');
    await user.type(screen.getByLabelText('Rule 2 threshold'), '2000');
    await user.type(screen.getByLabelText('Rule 2 ideal'), '2500');
    await user.type(screen.getByLabelText('Rule 2 weight'), '25');
    expect(screen.getByText(/Weights: 65% of 100%/)).toBeTruthy();
    await user.type(screen.getByLabelText('Rule 2 weight'), '0'); // 250: over the budget, said before saving
    expect(screen.getByText(/Weights: 290% of 100% — they must add up to at most 100/)).toBeTruthy();
    await user.clear(screen.getByLabelText('Rule 2 weight'));
    await user.type(screen.getByLabelText('Rule 2 weight'), '25');
    await user.click(screen.getByRole('button', { name: 'Create the benchmark' }));

    const post = requests.find((r) => r.method === 'POST')!;
    expect(JSON.parse(post.body).decisionCriteria).toEqual([
      { metric: 'passRate', op: '>=', threshold: 0.85, severity: 'MUST', ideal: 0.9, weight: 40 },
      { metric: 'latencyP95Ms', op: '<', threshold: 2000, severity: 'SHOULD', ideal: 2500, weight: 25 },
    ]);
    expect(description(await screen.findByLabelText('Rule 2 ideal'))).toMatch(
      /optional, stricter.*must be at least as strict/,
    );
  });

  it('asks to sign in when nobody is', async () => {
    fakeServer({ 'GET /api/me': { status: 401, body: { detail: 'This needs an API token.' } } });
    renderAt('/benchmarks/new', '/benchmarks/new', <CreatePage />);
    expect(await screen.findByText('Sign in to create a benchmark.')).toBeTruthy();
  });
});
