import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderAt, serve } from '../../test/render';
import { WorkspaceContents } from './WorkspaceContents';

const benchmark = (i: number, visibility = 'PRIVATE') => ({
  id: `bm_${i}`,
  title: `Bench ${i}`,
  description: '',
  tags: [],
  category: 'qa',
  ownerId: 'usr_1',
  visibility,
  caseCount: 3,
  runCount: i,
  forkCount: 0,
  verified: false,
  contaminationFlagged: false,
  contaminationFlags: 0,
  flaggedModels: [],
  updatedAt: '2026-12-01T10:00:00Z',
});
const library = (items: unknown[], page: number, total: number) => ({
  items,
  page,
  size: 10,
  total,
  totalRelation: 'eq',
  facets: { tags: [], category: [] },
  nextCursor: null,
  highlights: {},
});
const run = {
  id: 'run_1',
  benchmarkId: 'bm_1',
  benchmarkVersion: 2,
  status: 'COMPLETED',
  models: ['openai/gpt-4o'],
  progress: { done: 6, total: 6 },
  trigger: 'api',
  requestedAt: '2026-12-02T10:00:00Z',
};

describe('a workspace page lists its benchmarks and runs', () => {
  it('asks for the workspace filter, links each item, and pages by keyboard', async () => {
    const requests = serve({
      '/api/library': (url) =>
        url.searchParams.get('page') === '1'
          ? { body: library([benchmark(11, 'PUBLIC')], 1, 11) }
          : { body: library([benchmark(1), benchmark(2, 'PUBLIC')], 0, 11) },
      '/api/runs': { body: { items: [run], page: 0, size: 10, total: 1 } },
    });
    renderAt('/workspaces/ws_1', '/workspaces/:id', <WorkspaceContents id="ws_1" />);
    const benchmarks = await screen.findByTestId('workspace-benchmarks');
    expect(await within(benchmarks).findByRole('link', { name: 'Bench 1' })).toHaveProperty(
      'href',
      expect.stringContaining('/benchmarks/bm_1'),
    );
    expect(within(benchmarks).getAllByText('Private')).toHaveLength(1);
    const runs = screen.getByTestId('workspace-runs');
    expect(await within(runs).findByRole('link', { name: 'run_1' })).toHaveProperty(
      'href',
      expect.stringContaining('/runs/run_1'),
    );
    // the run names its benchmark by title, from the page of benchmarks
    expect(within(runs).getByRole('link', { name: 'Bench 1' })).toHaveProperty(
      'href',
      expect.stringContaining('/benchmarks/bm_1'),
    );
    // one run: no pager
    expect(within(runs).queryByRole('navigation')).toBeNull();
    const library0 = new URL(requests.find((r) => r.url.includes('/api/library'))!.url);
    expect(library0.searchParams.get('workspace')).toBe('ws_1');
    expect(library0.searchParams.get('sort')).toBe('recent');
    const runs0 = new URL(requests.find((r) => r.url.includes('/api/runs'))!.url);
    expect(runs0.searchParams.get('workspaceId')).toBe('ws_1');

    const pages = within(benchmarks).getByRole('navigation', { name: 'Pages of benchmarks' });
    expect(pages.textContent).toContain('Page 1 of 2');
    within(pages).getByRole('button', { name: 'Next' }).focus();
    await userEvent.keyboard('{Enter}');
    expect(await within(benchmarks).findByRole('link', { name: 'Bench 11' })).toBeTruthy();
    await waitFor(() => expect(pages.textContent).toContain('Page 2 of 2'));
  });

  it('says so when there is nothing yet, and offers to try again after an error', async () => {
    let fail = true;
    serve({
      '/api/library': { body: library([], 0, 0) },
      '/api/runs': () =>
        fail
          ? { status: 500, body: { status: 500, detail: 'down' }, contentType: 'application/problem+json' }
          : { body: { items: [], page: 0, size: 10, total: 0 } },
    });
    renderAt('/workspaces/ws_1', '/workspaces/:id', <WorkspaceContents id="ws_1" />);
    expect(await screen.findByText('No benchmark in this workspace yet.')).toBeTruthy();
    const retry = await within(screen.getByTestId('workspace-runs')).findByRole('button', { name: 'Try again' });
    fail = false;
    await userEvent.click(retry);
    expect(await screen.findByText('No run in this workspace yet.')).toBeTruthy();
  });
});
