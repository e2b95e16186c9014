import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { renderAt, serve } from '../../test/render';
import { Forks } from './Forks';

const node = (
  id: string,
  version: number,
  ownerId: string,
  forks: unknown[] = [],
  forkedFromVersion: number | null = 1,
) => ({
  id,
  title: `Bench ${id}`,
  ownerId,
  visibility: 'PUBLIC',
  version,
  forkedFromVersion,
  forkedAt: '2026-11-01T10:00:00Z',
  forks,
});

const tree = {
  ancestors: [node('bm_up', 7, 'usr_carol', [], null)],
  root: node(
    'bm_root',
    3,
    'usr_alice',
    [node('bm_a', 2, 'usr_bob', [node('bm_a1', 1, 'usr_dan')]), node('bm_b', 5, 'usr_erin')],
    7,
  ),
};

function page() {
  return (
    <Routes>
      <Route path="/benchmarks/bm_root" element={<Forks benchmarkId="bm_root" />} />
      <Route path="/benchmarks/:id" element={<p>opened another benchmark</p>} />
    </Routes>
  );
}

describe('the Forks tab', () => {
  it('draws the tree with each fork linked, its version and owner, and walks it by keyboard', async () => {
    const requests = serve({ '/api/benchmarks/bm_root/forks': { body: tree } });
    renderAt('/benchmarks/bm_root', '/*', page());
    const view = await screen.findByRole('tree');
    expect(requests).toHaveLength(1);
    expect(screen.getByText(/Forked from/).textContent).toContain('Bench bm_up v7');
    const items = screen.getAllByRole('treeitem');
    expect(items.map((i) => i.getAttribute('aria-level'))).toEqual(['1', '2', '3', '2']);
    const a = screen.getByRole('treeitem', { name: /Bench bm_a v2/ });
    expect(a.textContent).toContain('by usr_bob');
    expect(a.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByRole('link', { name: 'Bench bm_a1' }).getAttribute('href')).toBe('/benchmarks/bm_a1');
    expect(view.querySelectorAll('[tabindex="0"]')).toHaveLength(1);

    const root = screen.getByRole('treeitem', { name: /Bench bm_root/ });
    root.focus();
    await userEvent.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(a);
    await userEvent.keyboard('{ArrowLeft}');
    expect(a.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('treeitem', { name: /Bench bm_a1/ })).toBeNull();
    await userEvent.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(screen.getByRole('treeitem', { name: /Bench bm_b/ }));
    await userEvent.keyboard('{ArrowUp}{ArrowRight}');
    expect(a.getAttribute('aria-expanded')).toBe('true');
    await userEvent.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(screen.getByRole('treeitem', { name: /Bench bm_a1/ }));
    await userEvent.keyboard('{ArrowLeft}');
    expect(document.activeElement).toBe(a);
    await userEvent.keyboard('{Home}');
    expect(document.activeElement).toBe(root);
    await userEvent.keyboard('{End}');
    expect(document.activeElement).toBe(screen.getByRole('treeitem', { name: /Bench bm_b/ }));
    expect(screen.getByRole('treeitem', { name: /Bench bm_b/ }).getAttribute('tabindex')).toBe('0');
    await userEvent.keyboard('{Enter}');
    expect(await screen.findByText('opened another benchmark')).toBeTruthy();
  });

  it('says when there is no fork, and shows an error with its detail', async () => {
    serve({
      '/api/benchmarks/bm_root/forks': { body: { ancestors: [], root: node('bm_root', 1, 'usr_alice', [], null) } },
    });
    renderAt('/benchmarks/bm_root', '/*', page());
    expect(await screen.findByText('No fork yet.')).toBeTruthy();
  });

  it('shows the server refusing', async () => {
    serve({ '/api/benchmarks/bm_root/forks': { status: 404, body: { status: 404, detail: 'No benchmark bm_root.' } } });
    renderAt('/benchmarks/bm_root', '/*', page());
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('No benchmark bm_root.'));
  });
});
