import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderAt } from '../../test/render';
import { fakeServer, patientTests, type Recorded } from '../builder/testServer';
import { SuggestPage } from './SuggestPage';

patientTests();

const benchmark = (version: number) => ({
  id: 'bm_1',
  title: 'Word sums',
  ownerId: 'usr_1',
  visibility: 'PRIVATE',
  version,
  cases: [{ id: 'c1', input: '2+2', expected: '4' }],
  permissions: { edit: true, publish: true, suggest: true, run: true, schedule: true },
});
const item = (n: number, input: string, expected: string) => ({
  id: `sgj_1.${n}`,
  jobId: 'sgj_1',
  benchmarkId: 'bm_1',
  status: 'PENDING',
  input,
  expected,
  tags: ['drafted'],
  edgeCaseType: 'boundary',
  persona: n === 2 ? 'a hurried clerk' : undefined,
});
const PENDING = [
  item(1, 'A train leaves at 3 pm and arrives at 5 pm; how many hours?', '2'),
  item(2, 'Two hexagons: how many sides?', '13'),
  item(3, '1000 - 1', '999'),
];
const job = (status: string) => ({
  id: 'sgj_1',
  benchmarkId: 'bm_1',
  benchmarkVersion: 1,
  status,
  model: 'fake/drafter',
  billing: 'BYOK',
  report: {
    requested: 3,
    calls: 1,
    callsMade: 1,
    proposed: 3,
    skippedMalformed: 1,
    skippedDuplicates: 1,
    accepted: 0,
    rejected: 0,
    pending: 3,
    costMicros: 75,
  },
  problems: ['call 1: 1 malformed, 1 duplicates'],
});
const base = {
  'GET /api/me': { body: { id: 'usr_1', handle: 'alice' } },
  'GET /api/models': { body: { models: [{ id: 'sim/echo', simulated: true }, { id: 'fake/drafter' }] } },
  'GET /api/suggestion-jobs/sgj_1': { body: job('COMPLETED') },
};
const posts = (requests: Recorded[], path: string) =>
  requests.filter((r) => r.method === 'POST' && r.url.pathname === path);

describe('the Suggest cases screen', () => {
  it('asks for suggestions with the form in the body and the key only as X-Provider-Key, then shows the report', async () => {
    let started = false;
    const requests = fakeServer({
      ...base,
      'GET /api/benchmarks/bm_1': { body: benchmark(1) },
      'GET /api/benchmarks/bm_1/suggestions': () => ({ body: { items: started ? PENDING : [] } }),
      'POST /api/benchmarks/bm_1/suggestions': () => {
        started = true;
        return {
          status: 202,
          body: { jobId: 'sgj_1', status: 'RUNNING', links: { self: '/api/suggestion-jobs/sgj_1', suggestions: '' } },
        };
      },
    });
    renderAt('/benchmarks/bm_1/suggestions', '/benchmarks/:id/suggestions', <SuggestPage />);
    expect(await screen.findByText('No pending suggestion.')).toBeTruthy();
    await userEvent.clear(screen.getByLabelText('How many'));
    await userEvent.type(screen.getByLabelText('How many'), '3');
    await userEvent.type(screen.getByLabelText('Model'), 'fake/drafter');
    await userEvent.click(screen.getByLabelText('My own provider key (BYOK)'));
    await userEvent.type(screen.getByLabelText('Provider key'), 'sk-secret');
    await userEvent.type(screen.getByLabelText('Personas (optional)'), 'a hurried clerk\n\na student');
    await userEvent.click(screen.getByLabelText('typos'));
    await userEvent.type(screen.getByLabelText('Instructions (optional)'), 'small numbers');
    await userEvent.click(screen.getByRole('button', { name: 'Ask for suggestions' }));

    expect(await screen.findByText('Completed')).toBeTruthy();
    const [start] = posts(requests, '/api/benchmarks/bm_1/suggestions');
    expect(JSON.parse(start.body)).toEqual({
      count: 3,
      model: 'fake/drafter',
      billing: 'BYOK',
      instructions: 'small numbers',
      personas: ['a hurried clerk', 'a student'],
      edgeCaseTypes: ['typos'],
    });
    expect(start.headers.get('X-Provider-Key')).toBe('sk-secret');
    expect(start.body).not.toContain('sk-secret');
    expect(screen.getByTestId('proposed').textContent).toBe('3');
    expect(screen.getByTestId('malformed').textContent).toBe('1');
    expect(screen.getByTestId('duplicates').textContent).toBe('1');
    expect(screen.getByTestId('cost').textContent).toBe('$0.000075');
    expect(await screen.findByRole('listitem', { name: 'Suggestion 1 of 3' })).toBeTruthy();
    // the job's own read never carries the key
    expect(requests.filter((r) => r.method === 'GET').every((r) => !r.headers.get('X-Provider-Key'))).toBe(true);
  });

  it('with no personas typed, asks the model to draft some first (never more than the cases) and shows the ones it drafted', async () => {
    const requests = fakeServer({
      ...base,
      'GET /api/benchmarks/bm_1': { body: benchmark(1) },
      'GET /api/benchmarks/bm_1/suggestions': { body: { items: [] } },
      'POST /api/benchmarks/bm_1/suggestions': {
        status: 202,
        body: { jobId: 'sgj_1', status: 'RUNNING', links: { self: '/api/suggestion-jobs/sgj_1', suggestions: '' } },
      },
      'GET /api/suggestion-jobs/sgj_1': {
        body: { ...job('COMPLETED'), personas: ['a night-shift nurse', 'a retired engineer'], draftPersonas: 2 },
      },
    });
    renderAt('/benchmarks/bm_1/suggestions', '/benchmarks/:id/suggestions', <SuggestPage />);
    await screen.findByRole('button', { name: 'Ask for suggestions' });
    // typing personas replaces the drafting
    await userEvent.type(screen.getByLabelText('Personas (optional)'), 'a student');
    expect(screen.queryByLabelText('Personas the model drafts first')).toBeNull();
    await userEvent.clear(screen.getByLabelText('Personas (optional)'));
    await userEvent.clear(screen.getByLabelText('How many'));
    await userEvent.type(screen.getByLabelText('How many'), '2');
    await userEvent.type(screen.getByLabelText('Model'), 'fake/drafter');
    expect((screen.getByLabelText('Personas the model drafts first') as HTMLInputElement).value).toBe('3');
    await userEvent.click(screen.getByRole('button', { name: 'Ask for suggestions' }));

    expect((await screen.findByTestId('personas')).textContent).toBe(
      'Personas the model drafted: a night-shift nurse · a retired engineer',
    );
    const [start] = posts(requests, '/api/benchmarks/bm_1/suggestions');
    expect(JSON.parse(start.body)).toEqual({ count: 2, model: 'fake/drafter', billing: 'CREDITS', draftPersonas: 2 });
  });

  it('shows a refused field under it and a 402 with a link to the credits', async () => {
    let answer = 400;
    fakeServer({
      ...base,
      'GET /api/benchmarks/bm_1': { body: benchmark(1) },
      'GET /api/benchmarks/bm_1/suggestions': { body: { items: [] } },
      'POST /api/benchmarks/bm_1/suggestions': () =>
        answer === 400
          ? {
              status: 400,
              body: { detail: 'The request is not valid.', errors: [{ field: 'count', message: 'must be 1 to 50' }] },
            }
          : { status: 402, body: { detail: 'This job reserves 12 credits and 3 are available.' } },
    });
    renderAt('/benchmarks/bm_1/suggestions', '/benchmarks/:id/suggestions', <SuggestPage />);
    await userEvent.type(await screen.findByLabelText('Model'), 'openai/gpt-4o');
    await userEvent.click(screen.getByRole('button', { name: 'Ask for suggestions' }));
    await waitFor(() => expect(screen.getByLabelText('How many').getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById('sg-count-error')!.textContent).toBe('count: must be 1 to 50');
    answer = 402;
    await userEvent.click(screen.getByRole('button', { name: 'Ask for suggestions' }));
    const alert = await screen.findByText(/reserves 12 credits/);
    expect(alert.closest('[role=alert]')!.querySelector('a')!.getAttribute('href')).toBe('/credits');
  });

  it('accepts with a, edits with e and Ctrl+Enter, rejects with r, each with If-Match of the version shown', async () => {
    let version = 1;
    let pending = [...PENDING];
    const requests = fakeServer({
      ...base,
      'GET /api/benchmarks/bm_1': () => ({ body: benchmark(version) }),
      'GET /api/benchmarks/bm_1/suggestions': () => ({ body: { items: pending } }),
      'POST /api/suggestions/sgj_1.1/accept': () => {
        version = 2;
        pending = pending.filter((s) => s.id !== 'sgj_1.1');
        return { body: { id: 'sgj_1.1', status: 'ACCEPTED', benchmarkId: 'bm_1', caseId: 'c2', version: 2 } };
      },
      'POST /api/suggestions/sgj_1.2/accept': () => {
        version = 3;
        pending = pending.filter((s) => s.id !== 'sgj_1.2');
        return { body: { id: 'sgj_1.2', status: 'ACCEPTED', benchmarkId: 'bm_1', caseId: 'c3', version: 3 } };
      },
      'POST /api/suggestions/sgj_1.3/reject': () => {
        pending = [];
        return { body: { id: 'sgj_1.3', status: 'REJECTED', benchmarkId: 'bm_1' } };
      },
    });
    renderAt('/benchmarks/bm_1/suggestions?job=sgj_1', '/benchmarks/:id/suggestions', <SuggestPage />);
    const first = await screen.findByRole('listitem', { name: 'Suggestion 1 of 3' });
    first.focus();
    await userEvent.keyboard('j');
    expect(document.activeElement!.getAttribute('aria-label')).toBe('Suggestion 2 of 3');
    await userEvent.keyboard('k');
    expect(document.activeElement!.getAttribute('aria-label')).toBe('Suggestion 1 of 3');
    await userEvent.keyboard('a');
    expect(await screen.findByText(/Accepted as case c2: the benchmark is now v2\./)).toBeTruthy();
    const [accept1] = posts(requests, '/api/suggestions/sgj_1.1/accept');
    expect(accept1.headers.get('If-Match')).toBe('"1"');
    expect(JSON.parse(accept1.body)).toEqual({});

    await screen.findByRole('listitem', { name: 'Suggestion 1 of 2' });
    await waitFor(() => expect(document.activeElement!.getAttribute('aria-label')).toBe('Suggestion 1 of 2'));
    await userEvent.keyboard('e');
    const expected = await screen.findByLabelText('Expected');
    await userEvent.clear(expected);
    await userEvent.type(expected, '12');
    fireEvent.keyDown(expected, { key: 'Enter', ctrlKey: true });
    expect(await screen.findByText(/Accepted as case c3: the benchmark is now v3\./)).toBeTruthy();
    const [accept2] = posts(requests, '/api/suggestions/sgj_1.2/accept');
    expect(accept2.headers.get('If-Match')).toBe('"2"');
    // only what was changed is sent as the edit
    expect(JSON.parse(accept2.body)).toEqual({ edited: { expected: '12' } });

    await screen.findByRole('listitem', { name: 'Suggestion 1 of 1' });
    await waitFor(() => expect(document.activeElement!.getAttribute('aria-label')).toBe('Suggestion 1 of 1'));
    await userEvent.keyboard('r');
    expect(await screen.findByText('Rejected: it will not enter the benchmark.')).toBeTruthy();
    expect(await screen.findByText('No pending suggestion.')).toBeTruthy();
    expect(posts(requests, '/api/suggestions/sgj_1.3/reject')).toHaveLength(1);
    expect(screen.getByRole('link', { name: 'See the cases' }).getAttribute('href')).toBe('/benchmarks/bm_1?tab=cases');
  });

  it('on a 412 re-reads the version, says so, and sends the next accept with the new one', async () => {
    let version = 1;
    const requests = fakeServer({
      ...base,
      'GET /api/benchmarks/bm_1': () => ({ body: benchmark(version) }),
      'GET /api/benchmarks/bm_1/suggestions': { body: { items: PENDING } },
      'POST /api/suggestions/sgj_1.1/accept': (r) =>
        r.headers.get('If-Match') === '"3"'
          ? { body: { id: 'sgj_1.1', status: 'ACCEPTED', caseId: 'c9', version: 4 } }
          : { status: 412, body: { detail: 'the benchmark is at version 3, not 1', currentVersion: 3 } },
    });
    renderAt('/benchmarks/bm_1/suggestions', '/benchmarks/:id/suggestions', <SuggestPage />);
    (await screen.findByRole('listitem', { name: 'Suggestion 1 of 3' })).focus();
    version = 3; // someone else wrote twice meanwhile
    await userEvent.keyboard('a');
    const alert = await screen.findByText(/Someone else changed this benchmark/);
    expect(alert.textContent).toContain('it is at v3, not v1. Nothing was accepted.');
    expect(
      requests.filter((r) => r.method === 'GET' && r.url.pathname === '/api/benchmarks/bm_1').length,
    ).toBeGreaterThanOrEqual(2);
    expect(screen.getByRole('listitem', { name: 'Suggestion 1 of 3' })).toBeTruthy();
    screen.getByRole('listitem', { name: 'Suggestion 1 of 3' }).focus();
    await userEvent.keyboard('a');
    expect(await screen.findByText(/Accepted as case c9: the benchmark is now v4\./)).toBeTruthy();
    expect(posts(requests, '/api/suggestions/sgj_1.1/accept').map((r) => r.headers.get('If-Match'))).toEqual([
      '"1"',
      '"3"',
    ]);
  });

  it('drops a suggestion decided elsewhere (409) from the list and says why', async () => {
    let pending = [...PENDING];
    const requests = fakeServer({
      ...base,
      'GET /api/benchmarks/bm_1': { body: benchmark(1) },
      'GET /api/benchmarks/bm_1/suggestions': () => ({ body: { items: pending } }),
      'POST /api/suggestions/sgj_1.1/reject': () => {
        pending = pending.slice(1);
        return { status: 409, body: { detail: 'suggestion sgj_1.1 is ACCEPTED already' } };
      },
    });
    renderAt('/benchmarks/bm_1/suggestions', '/benchmarks/:id/suggestions', <SuggestPage />);
    (await screen.findByRole('listitem', { name: 'Suggestion 1 of 3' })).focus();
    await userEvent.keyboard('r');
    expect((await screen.findByText(/ACCEPTED already/)).closest('[role=alert]')).toBeTruthy();
    expect(await screen.findByRole('listitem', { name: 'Suggestion 1 of 2' })).toBeTruthy();
    expect(requests.filter((r) => r.url.pathname === '/api/benchmarks/bm_1/suggestions').length).toBeGreaterThanOrEqual(
      2,
    );
  });

  it('has loading, error, signed-out and not-the-owner states', async () => {
    fakeServer({ ...base, 'GET /api/benchmarks/bm_1': { status: 500, body: { detail: 'The database is down.' } } });
    const { unmount } = renderAt('/benchmarks/bm_1/suggestions', '/benchmarks/:id/suggestions', <SuggestPage />);
    expect(screen.getByRole('status').textContent).toContain('Loading the benchmark');
    expect((await screen.findByRole('alert')).textContent).toContain('The database is down.');
    unmount();

    fakeServer({
      ...base,
      'GET /api/benchmarks/bm_1': { body: benchmark(1) },
      'GET /api/me': { status: 401, body: { detail: 'Sign in.' } },
    });
    const second = renderAt('/benchmarks/bm_1/suggestions', '/benchmarks/:id/suggestions', <SuggestPage />);
    expect(await screen.findByText('Sign in to ask for suggestions.')).toBeTruthy();
    second.unmount();

    fakeServer({
      ...base,
      'GET /api/benchmarks/bm_1': {
        body: {
          ...benchmark(1),
          permissions: { edit: false, publish: false, suggest: false, run: false, schedule: false },
        },
      },
      'GET /api/me': { body: { id: 'usr_2' } },
    });
    const third = renderAt('/benchmarks/bm_1/suggestions', '/benchmarks/:id/suggestions', <SuggestPage />);
    expect(await screen.findByText('Only the owner can ask for suggestions.')).toBeTruthy();
    third.unmount();

    fakeServer({
      ...base,
      'GET /api/benchmarks/bm_1': { body: benchmark(1) },
      'GET /api/benchmarks/bm_1/suggestions': { status: 503, body: { detail: 'Try later.' } },
      'GET /api/suggestion-jobs/sgj_1': {
        body: { ...job('FAILED'), failure: 'every answer was malformed (sim/echo does not answer JSON)' },
      },
    });
    renderAt('/benchmarks/bm_1/suggestions?job=sgj_1', '/benchmarks/:id/suggestions', <SuggestPage />);
    expect(await screen.findByText('Failed')).toBeTruthy();
    expect(screen.getByText(/every answer was malformed/)).toBeTruthy();
    expect((await screen.findByText('Try later.', { exact: false })).closest('[role=alert]')).toBeTruthy();
  });
});
