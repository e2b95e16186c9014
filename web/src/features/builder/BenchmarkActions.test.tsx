import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { renderAt } from '../../test/render';
import { type Schemas } from '../../api/client';
import { BenchmarkActions, VersionCompare } from './BenchmarkActions';
import { fakeServer, patientTests } from './testServer';

patientTests();

// only what the buttons read; the rest of the view does not matter here
const bm = {
  id: 'bm_1',
  title: 'Sums',
  ownerId: 'usr_1',
  visibility: 'PRIVATE',
  version: 3,
  permissions: { edit: true, publish: true, suggest: true, run: true, schedule: true },
} as unknown as Schemas['BenchmarkView'];
const none = { edit: false, publish: false, suggest: false, run: false, schedule: false };

describe('the benchmark page actions', () => {
  it('lets the owner publish with If-Match of the version shown', async () => {
    const requests = fakeServer({
      'GET /api/me': { body: { id: 'usr_1', handle: 'alice', role: 'USER' } },
      'POST /api/benchmarks/bm_1/publish': { body: { id: 'bm_1', version: 4 } },
    });
    renderAt('/benchmarks/bm_1', '/benchmarks/:id', <BenchmarkActions benchmark={bm} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Publish' }));
    expect(screen.getByRole('link', { name: 'Edit' }).getAttribute('href')).toBe('/benchmarks/bm_1/edit');
    expect(screen.getByRole('link', { name: 'Suggest cases…' }).getAttribute('href')).toBe(
      '/benchmarks/bm_1/suggestions',
    );
    const publish = requests.find((r) => r.method === 'POST')!;
    expect(publish.url.pathname).toBe('/api/benchmarks/bm_1/publish');
    expect(publish.headers.get('If-Match')).toBe('"3"');
  });

  it('says so when someone else changed it first (412)', async () => {
    fakeServer({
      'GET /api/me': { body: { id: 'usr_1' } },
      'POST /api/benchmarks/bm_1/unpublish': { status: 412, body: { detail: 'The benchmark is at version 4, not 3.' } },
    });
    renderAt('/benchmarks/bm_1', '/benchmarks/:id', <BenchmarkActions benchmark={{ ...bm, visibility: 'PUBLIC' }} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Unpublish' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Someone else changed this benchmark');
  });

  it("offers someone else's benchmark only a fork, which opens the copy", async () => {
    const requests = fakeServer({
      'GET /api/me': { body: { id: 'usr_2' } },
      'POST /api/benchmarks/bm_1/forks': { status: 201, body: { id: 'bm_2', version: 1 } },
    });
    renderAt(
      '/benchmarks/bm_1',
      '*',
      <Routes>
        <Route
          path="/benchmarks/bm_1"
          element={
            <BenchmarkActions benchmark={{ ...bm, visibility: 'PUBLIC', permissions: { ...none, run: true } }} />
          }
        />
        <Route path="/benchmarks/bm_2" element={<p>The fork</p>} />
      </Routes>,
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Fork' }));
    expect(screen.queryByRole('button', { name: /Publish/ })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Edit' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Suggest cases…' })).toBeNull();
    const titleBox = screen.getByLabelText('Title of your fork');
    await userEvent.clear(titleBox);
    await userEvent.type(titleBox, 'My sums');
    await userEvent.click(screen.getByRole('button', { name: 'Fork v3' }));
    expect(await screen.findByText('The fork')).toBeTruthy();
    expect(JSON.parse(requests.find((r) => r.method === 'POST')!.body)).toEqual({
      title: 'My sums',
      visibility: 'PRIVATE',
    });
  });

  it("offers a workspace's member who did not create it what the server permits, and its viewer only a fork", async () => {
    fakeServer({ 'GET /api/me': { body: { id: 'usr_2' } } });
    const member = renderAt(
      '/benchmarks/bm_1',
      '/benchmarks/:id',
      <BenchmarkActions benchmark={{ ...bm, workspaceId: 'ws_1' }} />,
    );
    expect((await screen.findByRole('link', { name: 'Edit' })).getAttribute('href')).toBe('/benchmarks/bm_1/edit');
    expect(screen.getByRole('link', { name: 'Suggest cases…' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Publish' })).toBeTruthy();
    member.unmount();

    fakeServer({ 'GET /api/me': { body: { id: 'usr_3' } } });
    renderAt(
      '/benchmarks/bm_1',
      '/benchmarks/:id',
      <BenchmarkActions benchmark={{ ...bm, workspaceId: 'ws_1', permissions: none }} />,
    );
    await screen.findByRole('button', { name: 'Fork' });
    expect(screen.queryByRole('link', { name: 'Edit' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Suggest cases…' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Publish/ })).toBeNull();
  });

  it('shows nothing to a signed-out reader', async () => {
    const requests = fakeServer({ 'GET /api/me': { status: 401, body: { detail: 'Sign in.' } } });
    const { container } = renderAt('/benchmarks/bm_1', '/benchmarks/:id', <BenchmarkActions benchmark={bm} />);
    await new Promise((r) => setTimeout(r, 50));
    expect(requests).toHaveLength(1);
    expect(container.textContent).toBe('');
  });
});

describe('the version diff', () => {
  it('compares the last two versions side by side, and any two picked', async () => {
    const requests = fakeServer({
      'GET /api/benchmarks/bm_1/diff': (r) => ({
        body: {
          id: 'bm_1',
          from: Number(r.url.searchParams.get('from')),
          to: Number(r.url.searchParams.get('to')),
          fields: [{ field: 'promptTemplate', from: 'Q: {{input}}', to: 'Answer: {{input}}' }],
          casesAdded: [{ id: 'c3', input: '9*9' }],
          casesRemoved: [],
          casesRevised: [{ id: 'c1', from: { input: '2+2', expected: '4' }, to: { input: '2+2', expected: '4.0' } }],
        },
      }),
    });
    renderAt('/benchmarks/bm_1', '/benchmarks/:id', <VersionCompare id="bm_1" versions={[1, 2, 3]} />);
    expect(await screen.findByText('Answer: {{input}}')).toBeTruthy();
    expect(screen.getByText('Q: {{input}}')).toBeTruthy();
    expect(screen.getByText('2+2 → 4.0')).toBeTruthy();
    expect(screen.getByText(/1 case added/)).toBeTruthy();
    expect(requests[0].url.search).toBe('?from=2&to=3');
    await userEvent.selectOptions(screen.getByLabelText('From'), '1');
    await screen.findAllByText('Answer: {{input}}');
    expect(requests.at(-1)!.url.search).toBe('?from=1&to=3');
  });

  it('has nothing to compare with one version', () => {
    fakeServer({});
    renderAt('/benchmarks/bm_1', '/benchmarks/:id', <VersionCompare id="bm_1" versions={[1]} />);
    expect(screen.getByText('One version so far: nothing to compare.')).toBeTruthy();
  });
});
