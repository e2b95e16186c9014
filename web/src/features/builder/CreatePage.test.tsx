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

    expect((await screen.findByRole('alert')).textContent).toBe('Not saved. The benchmark is not valid. Fix the 3 fields marked below.');
    expect(description(screen.getByLabelText('Title'))).toBe('must not be blank');
    expect(screen.getByLabelText('Title').getAttribute('aria-invalid')).toBe('true');
    expect(description(screen.getByLabelText('Grader 1 pattern'))).toMatch(/not a valid regular expression: Unclosed group/);
    expect(description(screen.getByLabelText('Rule 1 threshold'))).toBe('must be a finite number');
  });

  it('asks to sign in when nobody is', async () => {
    fakeServer({ 'GET /api/me': { status: 401, body: { detail: 'This needs an API token.' } } });
    renderAt('/benchmarks/new', '/benchmarks/new', <CreatePage />);
    expect(await screen.findByText('Sign in to create a benchmark.')).toBeTruthy();
  });
});
