import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderAt, serve } from '../../test/render';
import { LibraryPage } from './LibraryPage';

const item = {
  id: 'bm_1',
  title: 'Arithmetic',
  description: 'Small sums',
  tags: ['math'],
  category: 'qa',
  ownerId: 'usr_1',
  visibility: 'PUBLIC',
  caseCount: 5,
  runCount: 2,
  forkCount: 1,
  verified: true,
  contaminationFlagged: true,
  contaminationFlags: 1,
  flaggedModels: ['sim/echo'],
  topModel: 'sim/random-2',
  topScore: 0.6,
  updatedAt: '2026-12-07T05:28:00Z',
};
const page = (items: unknown[]) => ({
  items,
  page: 0,
  size: 20,
  total: items.length,
  totalRelation: 'eq',
  facets: { tags: [{ value: 'math', count: 1 }], category: [{ value: 'qa', count: 1 }] },
});

describe('the library', () => {
  it('shows each benchmark with its counts, best model and its interval, verified badge and contamination flag', async () => {
    const requests = serve({
      '/api/library': { body: page([item]) },
      '/api/leaderboards/leaders': {
        body: {
          leaders: [
            { benchmarkId: 'bm_1', model: 'gpt-x', simulated: false, score: 0.71, ci95: [0.6, 0.8], runCount: 3 },
          ],
        },
      },
    });
    renderAt('/', '/', <LibraryPage />);
    expect(screen.getByRole('status').textContent).toContain('Loading the library');
    const link = await screen.findByRole('link', { name: 'Arithmetic' });
    expect(link.getAttribute('href')).toBe('/benchmarks/bm_1');
    expect(screen.getByText('✓ Verified')).toBeTruthy();
    expect(screen.getByText(/Contamination flag/)).toBeTruthy();
    expect((await screen.findByTitle('gpt-x: 0.71 (95% CI 0.60–0.80)')).textContent).toBe('gpt-x · 0.71 [0.60–0.80]');
    // one read for the whole page
    expect(requests.filter((r) => r.url.includes('/api/leaderboards/leaders'))).toHaveLength(1);
    expect(new URL(requests.find((r) => r.url.includes('leaders'))!.url).searchParams.getAll('benchmarkIds')).toEqual([
      'bm_1',
    ]);
    expect(screen.getByText('1 benchmark')).toBeTruthy();
  });

  it('sends the search, the facets and the sort to the API', async () => {
    const requests = serve({ '/api/library': { body: page([item]) } });
    renderAt('/?q=sum&tag=math&verified=true&sort=runs', '/', <LibraryPage />);
    await screen.findByRole('link', { name: 'Arithmetic' });
    const url = new URL(requests[0].url);
    expect(url.searchParams.get('q')).toBe('sum');
    expect(url.searchParams.getAll('tags')).toEqual(['math']);
    expect(url.searchParams.get('verified')).toBe('true');
    expect(url.searchParams.get('sort')).toBe('runs');
  });

  it('says "at least" when the API counted only up to its cap', async () => {
    serve({ '/api/library': { body: { ...page([item]), total: 10000, totalRelation: 'gte' } } });
    renderAt('/', '/', <LibraryPage />);
    await screen.findByRole('link', { name: 'Arithmetic' });
    expect(screen.getByText('At least 10,000 benchmarks')).toBeTruthy();
  });

  it('filters by a tag when its box is ticked', async () => {
    const user = userEvent.setup();
    const requests = serve({ '/api/library': { body: page([item]) } });
    renderAt('/', '/', <LibraryPage />);
    await user.click(await screen.findByRole('checkbox', { name: /math/ }));
    await waitFor(() => expect(new URL(requests.at(-1)!.url).searchParams.getAll('tags')).toEqual(['math']));
  });

  it('says when nothing matches, and offers to clear the filters', async () => {
    serve({ '/api/library': { body: page([]) } });
    renderAt('/?q=zzz', '/', <LibraryPage />);
    expect(await screen.findByText('No benchmark matches.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Clear the search and filters' })).toBeTruthy();
  });

  it("shows the server's problem detail when the search fails", async () => {
    serve({
      '/api/library': {
        status: 400,
        body: { status: 400, detail: 'sort must be one of relevance, runs' },
        contentType: 'application/problem+json',
      },
    });
    renderAt('/?sort=bad', '/', <LibraryPage />);
    expect((await screen.findByRole('alert')).textContent).toContain('sort must be one of relevance, runs');
  });

  it('jumps to the search box on "/"', async () => {
    const user = userEvent.setup();
    serve({ '/api/library': { body: page([item]) } });
    renderAt('/', '/', <LibraryPage />);
    await screen.findByRole('link', { name: 'Arithmetic' });
    await user.keyboard('/');
    expect(document.activeElement).toBe(screen.getByRole('combobox', { name: 'Search benchmarks' }));
  });
});

describe('paging', () => {
  const second = { ...item, id: 'bm_2', title: 'Algebra' };
  // the API's keyset paging: the first page counts and has the facets, a cursor page continues it without them
  const pages = (url: URL) =>
    url.searchParams.get('cursor') === 'after-1'
      ? {
          body: {
            items: [second],
            page: 0,
            size: 20,
            total: null,
            totalRelation: null,
            facets: null,
            nextCursor: null,
          },
        }
      : { body: { ...page([item]), total: 21, nextCursor: 'after-1' } };

  it('goes to the next page by its cursor and back, by keyboard, keeping the count and the facets', async () => {
    const user = userEvent.setup();
    const requests = serve({ '/api/library': pages });
    renderAt('/?q=a', '/', <LibraryPage />);
    await screen.findByRole('link', { name: 'Arithmetic' });
    expect(screen.getByText('Page 1 of 2')).toBeTruthy();
    expect((screen.getByRole('button', { name: '← Previous' }) as HTMLButtonElement).disabled).toBe(true);

    screen.getByRole('button', { name: 'Next →' }).focus();
    await user.keyboard('{Enter}');
    await screen.findByRole('link', { name: 'Algebra' });
    const asked = requests
      .map((r) => new URL(r.url))
      .find((u) => u.pathname === '/api/library' && u.searchParams.has('cursor'))!;
    expect(asked.searchParams.get('cursor')).toBe('after-1');
    expect(asked.searchParams.get('q')).toBe('a');
    expect(asked.searchParams.has('page')).toBe(false);
    expect(screen.getByText('Page 2 of 2')).toBeTruthy();
    // the cursor page has no total and no facets of its own: the first page's stay
    expect(screen.getByText('21 benchmarks for “a”')).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: /math/ })).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Next →' }) as HTMLButtonElement).disabled).toBe(true);

    screen.getByRole('button', { name: '← Previous' }).focus();
    await user.keyboard('{Enter}');
    await screen.findByRole('link', { name: 'Arithmetic' });
    expect(screen.getByText('Page 1 of 2')).toBeTruthy();
  });

  it('offers the first page when a later one is opened from a link', async () => {
    const user = userEvent.setup();
    serve({ '/api/library': pages });
    renderAt('/?q=a&cursor=after-1', '/', <LibraryPage />);
    await screen.findByRole('link', { name: 'Algebra' });
    expect(screen.getByText('A later page')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '← First page' }));
    await screen.findByRole('link', { name: 'Arithmetic' });
    expect(screen.getByText('Page 1 of 2')).toBeTruthy();
  });
});

describe('clearing a search', () => {
  it('empties the box and asks for the whole library again', async () => {
    const user = userEvent.setup();
    const requests = serve({
      '/api/library': (url) => ({ body: page(url.searchParams.get('q') ? [] : [item]) }),
    });
    renderAt('/?q=zzz', '/', <LibraryPage />);
    await user.click(await screen.findByRole('button', { name: 'Clear the search and filters' }));
    await screen.findByRole('link', { name: 'Arithmetic' });
    expect((screen.getByRole('combobox', { name: 'Search benchmarks' }) as HTMLInputElement).value).toBe('');
    await new Promise((r) => setTimeout(r, 400)); // past the type-ahead pause: the old text must not come back
    expect(new URL(requests.at(-1)!.url).searchParams.get('q')).toBeNull();
  });
});

describe('an empty library', () => {
  it('says so, and how a benchmark gets there', async () => {
    serve({ '/api/library': { body: page([]) } });
    renderAt('/', '/', <LibraryPage />);
    expect(await screen.findByText('The library is empty.')).toBeTruthy();
    expect(screen.getByText(/publish it, and it appears here/)).toBeTruthy();
  });
});
