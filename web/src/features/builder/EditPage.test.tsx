import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderAt } from '../../test/render';
import { EditPage } from './EditPage';
import { fakeServer, patientTests, type Recorded } from './testServer';

const benchmark = (version: number, extra: Record<string, unknown> = {}) => ({
  id: 'bm_1',
  title: 'Sums',
  description: 'Small sums',
  tags: ['math'],
  category: 'qa',
  visibility: 'PRIVATE',
  ownerId: 'usr_1',
  version,
  promptTemplate: 'Answer: {{input}}',
  cases: [{ id: 'c1', input: '2+2', expected: '4', tags: [], weight: 1 }],
  graders: [{ type: 'exact' }],
  decisionCriteria: [],
  permissions: { edit: true, publish: true, suggest: true, run: true, schedule: true },
  ...extra,
});
const none = { edit: false, publish: false, suggest: false, run: false, schedule: false };

patientTests();

const owner = { 'GET /api/me': { body: { id: 'usr_1', handle: 'alice', role: 'USER' } } };

describe('editing a benchmark', () => {
  it('sends only what changed, with If-Match of the version it started from', async () => {
    const requests = fakeServer({
      ...owner,
      'GET /api/benchmarks/bm_1': { body: benchmark(3) },
      'PATCH /api/benchmarks/bm_1': { body: { id: 'bm_1', version: 4 } },
    });
    renderAt('/benchmarks/bm_1/edit', '/benchmarks/:id/edit', <EditPage />);
    const user = userEvent.setup({ delay: null });
    const title = await screen.findByLabelText('Title');
    await user.clear(title);
    await user.type(title, 'Sums, harder');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Saved as v4.')).toBeTruthy();
    const writes = requests.filter((r) => r.method !== 'GET');
    expect(writes).toHaveLength(1); // graders and rubric are unchanged: not sent
    expect(writes[0].headers.get('If-Match')).toBe('"3"');
    expect(JSON.parse(writes[0].body)).toEqual({ title: 'Sums, harder' });
    // the preview renders the template on the benchmark's first case
    expect(screen.getByText('Answer: 2+2')).toBeTruthy();
  });

  it('on 412 shows what changed meanwhile, keeps the edit, and re-applies it on the latest version', async () => {
    let version = 3;
    const requests = fakeServer({
      ...owner,
      'GET /api/benchmarks/bm_1': () => ({
        body: benchmark(version, version > 3 ? { description: 'Changed by Bob' } : {}),
      }),
      'GET /api/benchmarks/bm_1/diff': {
        body: {
          id: 'bm_1',
          from: 3,
          to: 4,
          fields: [{ field: 'description', from: 'Small sums', to: 'Changed by Bob' }],
          versions: [{ version: 4, changedBy: 'usr_bob', changes: ['details'] }],
        },
      },
      'PATCH /api/benchmarks/bm_1': (r: Recorded) => {
        if (r.headers.get('If-Match') === '"3"') {
          version = 4; // someone else saved first
          return { status: 412, body: { detail: 'The benchmark is at version 4, not 3.', currentVersion: 4 } };
        }
        return { body: { id: 'bm_1', version: 5 } };
      },
    });
    renderAt('/benchmarks/bm_1/edit', '/benchmarks/:id/edit', <EditPage />);
    const user = userEvent.setup({ delay: null });
    const title = await screen.findByLabelText('Title');
    await user.clear(title);
    await user.type(title, 'Mine');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Someone else changed this benchmark')).toBeTruthy();
    expect(await within(alert).findByText('Changed by Bob')).toBeTruthy();
    expect((screen.getByLabelText('Title') as HTMLInputElement).value).toBe('Mine');

    await user.click(await within(alert).findByRole('button', { name: 'Re-apply my edit on v4' }));
    expect(await screen.findByText('Saved as v5.')).toBeTruthy();
    const last = requests.filter((r) => r.method === 'PATCH').at(-1)!;
    expect(last.headers.get('If-Match')).toBe('"4"');
    // only my change is re-applied: Bob's description is not overwritten with the old one, and the form shows his
    expect(JSON.parse(last.body)).toEqual({ title: 'Mine' });
    expect((screen.getByLabelText('Description') as HTMLTextAreaElement).value).toBe('Changed by Bob');
    expect(screen.queryByText('Someone else changed this benchmark')).toBeNull();
  });

  it('adds a case and imports a file, each with If-Match, and lists a file’s line errors', async () => {
    const requests = fakeServer({
      ...owner,
      'GET /api/benchmarks/bm_1': { body: benchmark(3) },
      'POST /api/benchmarks/bm_1/cases': { body: { id: 'bm_1', version: 4, caseIds: ['c2'] } },
      'POST /api/benchmarks/import': {
        status: 400,
        body: {
          detail: 'The file has 1 problem; nothing was imported.',
          errors: [{ field: 'line 2', message: 'input is required' }],
        },
      },
    });
    renderAt('/benchmarks/bm_1/edit', '/benchmarks/:id/edit', <EditPage />);
    const user = userEvent.setup({ delay: null });
    await user.click(await screen.findByRole('button', { name: 'Add a case' }));
    await user.type(screen.getByLabelText('input of new case'), '{{"q": "3+5"}');
    await user.type(screen.getByLabelText('expected of new case'), '8');
    await user.type(screen.getByLabelText('tags of new case'), 'easy');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Case added (v4).')).toBeTruthy();
    const add = requests.find((r) => r.method === 'POST')!;
    expect(add.headers.get('If-Match')).toBe('"3"');
    expect(JSON.parse(add.body)).toEqual({ input: { q: '3+5' }, expected: '8', tags: ['easy'] });

    const file = new File(['{"input":"1+1"}\n{"expected":"x"}\n'], 'more.jsonl', { type: 'application/x-ndjson' });
    await user.upload(screen.getByLabelText('Import a file'), file);
    await user.click(screen.getByRole('button', { name: 'Import' }));
    const problems = await screen.findByRole('list', { name: 'Problems with the cases' });
    expect(problems.textContent).toContain('line 2 input is required');
    const imported = requests.find((r) => r.url.pathname === '/api/benchmarks/import')!;
    expect(imported.url.searchParams.get('benchmarkId')).toBe('bm_1');
    expect(imported.url.searchParams.get('format')).toBe('jsonl');
    expect(imported.headers.get('Content-Type')).toBe('application/x-ndjson');
    expect(imported.headers.get('If-Match')).toBe('"4"');
    expect(imported.body).toBe('{"input":"1+1"}\n{"expected":"x"}\n');
  });

  it('imports an OpenAI Evals samples file as JSONL and lists the server’s line errors', async () => {
    const requests = fakeServer({
      ...owner,
      'GET /api/benchmarks/bm_1': { body: benchmark(3) },
      'POST /api/benchmarks/import': {
        status: 400,
        body: {
          detail: 'The jsonl file cannot be imported; nothing was imported.',
          errors: [
            { field: 'line 2', message: 'is not a JSON object' },
            { field: 'line 3', message: 'has no input' },
          ],
        },
      },
    });
    renderAt('/benchmarks/bm_1/edit', '/benchmarks/:id/edit', <EditPage />);
    const user = userEvent.setup({ delay: null });
    const samples = '{"input":[{"role":"user","content":"2+2?"}],"ideal":"4"}\n[1]\n{"ideal":"x"}\n';
    await user.upload(await screen.findByLabelText('Import a file'), new File([samples], 'samples.jsonl'));
    await user.selectOptions(screen.getByLabelText('Import format'), 'OpenAI Evals samples (JSONL)');
    expect(screen.getByText(/the messages become the case.s input/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Import' }));

    const problems = await screen.findByRole('list', { name: 'Problems with the cases' });
    expect(problems.textContent).toContain('line 2 is not a JSON object');
    expect(problems.textContent).toContain('line 3 has no input');
    expect(screen.getByText(/nothing was imported/)).toBeTruthy();
    const imported = requests.find((r) => r.url.pathname === '/api/benchmarks/import')!;
    expect(imported.url.searchParams.get('format')).toBe('jsonl');
    expect(imported.headers.get('Content-Type')).toBe('application/x-ndjson');
    expect(imported.headers.get('If-Match')).toBe('"3"');
    expect(imported.body).toBe(samples);
  });

  it('adds pasted cases in one request, with If-Match', async () => {
    const requests = fakeServer({
      ...owner,
      'GET /api/benchmarks/bm_1': { body: benchmark(3) },
      'POST /api/benchmarks/bm_1/cases': { body: { id: 'bm_1', version: 4, caseIds: ['c2', 'c3'] } },
    });
    renderAt('/benchmarks/bm_1/edit', '/benchmarks/:id/edit', <EditPage />);
    const user = userEvent.setup({ delay: null });
    await user.click(await screen.findByRole('button', { name: 'Paste many' }));
    await user.click(screen.getByLabelText('Paste cases'));
    await user.paste('3+5\t8\n7*6\t42');
    await user.click(screen.getByRole('button', { name: 'Add these cases' }));
    expect(await screen.findByText('2 cases added (v4).')).toBeTruthy();
    const add = requests.find((r) => r.method === 'POST')!;
    expect(add.headers.get('If-Match')).toBe('"3"');
    expect(JSON.parse(add.body)).toEqual([
      { input: '3+5', expected: '8' },
      { input: '7*6', expected: '42' },
    ]);
  });

  it('tells someone who is not the owner to fork instead', async () => {
    fakeServer({
      'GET /api/me': { body: { id: 'usr_2' } },
      'GET /api/benchmarks/bm_1': { body: benchmark(3, { permissions: none }) },
    });
    renderAt('/benchmarks/bm_1/edit', '/benchmarks/:id/edit', <EditPage />);
    expect(await screen.findByText('Only the owner can edit this benchmark.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Save changes' })).toBeNull();
  });

  it("lets a workspace's member edit what the server permits, and tells its viewer they cannot", async () => {
    fakeServer({
      'GET /api/me': { body: { id: 'usr_2' } },
      'GET /api/benchmarks/bm_1': { body: benchmark(3, { workspaceId: 'ws_1' }) },
    });
    const member = renderAt('/benchmarks/bm_1/edit', '/benchmarks/:id/edit', <EditPage />);
    expect(await screen.findByRole('button', { name: 'Save changes' })).toBeTruthy();
    member.unmount();
    fakeServer({
      'GET /api/me': { body: { id: 'usr_3' } },
      'GET /api/benchmarks/bm_1': { body: benchmark(3, { workspaceId: 'ws_1', permissions: none }) },
    });
    renderAt('/benchmarks/bm_1/edit', '/benchmarks/:id/edit', <EditPage />);
    expect(await screen.findByText('Viewers of a workspace cannot edit its benchmarks.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Save changes' })).toBeNull();
  });

  it('shows the error of a benchmark that cannot be read', async () => {
    fakeServer({ 'GET /api/benchmarks/bm_1': { status: 404, body: { detail: 'No benchmark bm_1.' } } });
    renderAt('/benchmarks/bm_1/edit', '/benchmarks/:id/edit', <EditPage />);
    expect(await screen.findByText('No benchmark bm_1.')).toBeTruthy();
  });
});
