import { useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { useLeaders, useLibrary, useSuggestions, type LibraryFilters } from '../../api/queries';
import type { Schemas } from '../../api/client';
import { Badge, Empty, ErrorBox, Loading } from '../../ui/States';
import { date, interval, score } from '../../ui/format';

const PAGE_SIZE = 20;
const SORTS: [string, string][] = [
  ['relevance', 'Relevance'],
  ['recent', 'Recently updated'],
  ['runs', 'Most runs'],
  ['forks', 'Most forks'],
  ['score', 'Best score'],
];

/** Reads the filters from the address, so a search can be shared, bookmarked and undone with Back. */
function filtersOf(params: URLSearchParams): LibraryFilters {
  const bool = (name: string) => (params.has(name) ? params.get(name) === 'true' : undefined);
  return {
    q: params.get('q') || undefined,
    tags: params.getAll('tag'),
    category: params.get('category') || undefined,
    verified: bool('verified'),
    contaminationFlagged: bool('flagged'),
    sort: params.get('sort') || 'relevance',
    size: PAGE_SIZE,
    cursor: params.get('cursor') || undefined,
  };
}

/** The cursors of the pages before this one ('' for the first), kept in the history entry: Previous and Back agree. */
function backOf(state: unknown): string[] {
  const back = (state as { back?: unknown } | null)?.back;
  return Array.isArray(back) ? back.filter((c): c is string => typeof c === 'string') : [];
}

export function LibraryPage() {
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const library = useLibrary(filters);
  // a page reached by cursor answers no total and no facets: they are its first page's (the same query without the
  // cursor, usually still in the cache from the way here). Without a cursor this is the same query as above.
  const first = useLibrary({ ...filters, cursor: undefined });
  const back = backOf(useLocation().state);
  const [text, setText] = useState(filters.q ?? '');
  const search = useRef<HTMLInputElement>(null);
  const suggestions = useSuggestions(text);
  const listId = useId();

  // "/" jumps to the search box, as on GitHub
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.key === '/' && !['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) {
        e.preventDefault();
        search.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // the box follows the address when it changes from outside (Back, a cleared search): adjusted while rendering, so the
  // page never shows the old text with the new results
  const [q, setQ] = useState(filters.q);
  if (q !== filters.q) {
    setQ(filters.q);
    setText((current) => (current.trim() === (filters.q ?? '') ? current : (filters.q ?? '')));
  }

  // type-ahead: the query follows the text after a short pause
  useEffect(() => {
    if ((filters.q ?? '') === text.trim()) return;
    const timer = setTimeout(() => update({ q: text.trim() || null, cursor: null }), 250);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);

  function update(changes: Record<string, string | string[] | null>) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      next.delete(key);
      if (Array.isArray(value)) value.forEach((v) => next.append(key, v));
      else if (value != null && value !== '') next.set(key, value);
    }
    setParams(next, { replace: key_is_typing(changes) });
  }

  /** Pages by the API's cursor; the history entry remembers the way back. */
  function goTo(cursor: string | null, way: string[]) {
    const next = new URLSearchParams(params);
    next.delete('cursor');
    if (cursor) next.set('cursor', cursor);
    setParams(next, { state: { back: way } });
  }

  function toggleTag(tag: string) {
    const tags = filters.tags ?? [];
    update({ tag: tags.includes(tag) ? tags.filter((t) => t !== tag) : [...tags, tag], cursor: null });
  }

  const data = library.data;
  const leaders = useLeaders((data?.items ?? []).map((i) => i.id!).filter(Boolean));
  const leaderOf = new Map((leaders.data?.leaders ?? []).map((l) => [l.benchmarkId, l]));
  const filtered = !!(
    filters.q ||
    filters.tags?.length ||
    filters.category ||
    filters.verified != null ||
    filters.contaminationFlagged != null
  );
  const summary = filters.cursor ? first.data : data;
  const facets = (summary?.facets ?? {}) as Record<string, Schemas['FacetValue'][]>;
  const total = summary?.total ?? 0;
  // above 10,000 matches the API counts no further: total is then a lower bound
  const atLeast = summary?.totalRelation === 'gte';
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  // a cursor opened from a link has no way back but to the first page, and no known page number
  const pageNumber = filters.cursor && back.length === 0 ? null : back.length + 1;
  // the API gives a cursor after every full page; the count says when that page was the last
  const hasNext = !!data?.nextCursor && (!summary || atLeast || pageNumber == null || pageNumber * PAGE_SIZE < total);

  return (
    <div className="library">
      <section className="library-search" aria-label="Search the library">
        <h1>Library</h1>
        <p className="muted">
          Public benchmarks: what people test LLMs on, with each one's best model and its interval.
        </p>
        <form
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            update({ q: text.trim() || null, cursor: null });
          }}
        >
          <label htmlFor="library-q" className="visually-hidden">
            Search benchmarks
          </label>
          <input
            id="library-q"
            ref={search}
            type="search"
            placeholder="Search benchmarks (press / to focus)"
            value={text}
            list={listId}
            autoComplete="off"
            onChange={(e) => setText(e.target.value)}
          />
          <datalist id={listId}>
            {(suggestions.data?.items ?? []).map((s) => (
              <option key={s.id} value={s.title ?? ''} />
            ))}
          </datalist>
          <label htmlFor="library-sort">Sort</label>
          <select
            id="library-sort"
            value={filters.sort}
            onChange={(e) => update({ sort: e.target.value, cursor: null })}
          >
            {SORTS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </form>
      </section>

      <div className="library-body">
        <aside className="facets" aria-label="Filters">
          <fieldset>
            <legend>Trust</legend>
            <label>
              <input
                type="checkbox"
                checked={filters.verified === true}
                onChange={(e) => update({ verified: e.target.checked ? 'true' : null, cursor: null })}
              />
              Verified only
            </label>
            <label htmlFor="facet-flagged">Contamination</label>
            <select
              id="facet-flagged"
              value={filters.contaminationFlagged == null ? '' : String(filters.contaminationFlagged)}
              onChange={(e) => update({ flagged: e.target.value || null, cursor: null })}
            >
              <option value="">Any</option>
              <option value="false">Without open flags</option>
              <option value="true">Flagged only</option>
            </select>
          </fieldset>
          <fieldset>
            <legend>Category</legend>
            {(facets.category ?? []).length === 0 && <span className="muted">None in these results</span>}
            {(facets.category ?? []).map((f) => (
              <label key={f.value}>
                <input
                  type="radio"
                  name="category"
                  checked={filters.category === f.value}
                  onChange={() => update({ category: f.value ?? null, cursor: null })}
                />
                {f.value} <span className="count">{f.count}</span>
              </label>
            ))}
            {filters.category && (
              <button type="button" className="link-button" onClick={() => update({ category: null, cursor: null })}>
                Any category
              </button>
            )}
          </fieldset>
          <fieldset>
            <legend>Tags</legend>
            {(facets.tags ?? []).length === 0 && <span className="muted">None in these results</span>}
            {(facets.tags ?? []).map((f) => (
              <label key={f.value}>
                <input
                  type="checkbox"
                  checked={(filters.tags ?? []).includes(f.value ?? '')}
                  onChange={() => toggleTag(f.value ?? '')}
                />
                {f.value} <span className="count">{f.count}</span>
              </label>
            ))}
          </fieldset>
        </aside>

        <section className="results" aria-label="Benchmarks" aria-busy={library.isFetching}>
          {library.isPending && <Loading what="the library" />}
          {library.isError && <ErrorBox error={library.error} retry={() => library.refetch()} />}
          {data && (
            <>
              <p className="muted" aria-live="polite">
                {!summary
                  ? ''
                  : atLeast
                    ? `At least ${total.toLocaleString('en')} benchmarks`
                    : total === 1
                      ? '1 benchmark'
                      : `${total} benchmarks`}
                {filters.q ? ` for “${filters.q}”` : ''}
              </p>
              {data.items?.length === 0 ? (
                <Empty title={filtered ? 'No benchmark matches.' : 'The library is empty.'}>
                  {filtered ? (
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => {
                        setText('');
                        setParams(new URLSearchParams());
                      }}
                    >
                      Clear the search and filters
                    </button>
                  ) : (
                    'Nothing is published yet. Create a benchmark with the API and publish it, and it appears here.'
                  )}
                </Empty>
              ) : (
                <ul className="cards">
                  {data.items?.map((item) => (
                    <LibraryCard key={item.id} item={item} leader={leaderOf.get(item.id)} />
                  ))}
                </ul>
              )}
              {(filters.cursor || hasNext) && (
                <nav className="pager" aria-label="Pages">
                  <button
                    type="button"
                    disabled={!filters.cursor}
                    onClick={() => goTo(back.at(-1) || null, back.slice(0, -1))}
                  >
                    {pageNumber == null ? '← First page' : '← Previous'}
                  </button>
                  <span>
                    {pageNumber == null
                      ? 'A later page'
                      : summary && !atLeast
                        ? `Page ${pageNumber} of ${pages}`
                        : `Page ${pageNumber}`}
                  </span>
                  <button
                    type="button"
                    disabled={!hasNext || library.isPlaceholderData}
                    onClick={() => data.nextCursor && goTo(data.nextCursor, [...back, filters.cursor ?? ''])}
                  >
                    Next →
                  </button>
                </nav>
              )}
            </>
          )}
        </section>
      </div>
    </div>
  );
}

function key_is_typing(changes: Record<string, unknown>): boolean {
  return Object.keys(changes).includes('q');
}

export function LibraryCard({ item, leader }: { item: Schemas['LibraryItem']; leader?: Schemas['Leader'] }) {
  return (
    <li className="card">
      <div className="card-head">
        <h2>
          <Link to={`/benchmarks/${item.id}`}>{item.title}</Link>
        </h2>
        <div className="badges">
          {item.verified && (
            <Badge kind="verified" title="An admin checked that its dataset is open and licensed">
              ✓ Verified
            </Badge>
          )}
          {item.contaminationFlagged && (
            <Badge kind="flag" title={`Open contamination flag on: ${(item.flaggedModels ?? []).join(', ')}`}>
              ⚠ Contamination flag{(item.contaminationFlags ?? 0) > 1 ? `s (${item.contaminationFlags})` : ''}
            </Badge>
          )}
          {item.visibility === 'PRIVATE' && <Badge kind="neutral">Private</Badge>}
        </div>
      </div>
      {item.description && <p className="card-description">{item.description}</p>}
      <ul className="tags" aria-label="Tags">
        {item.category && <li className="tag tag-category">{item.category}</li>}
        {item.tags?.map((t) => (
          <li key={t} className="tag">
            {t}
          </li>
        ))}
      </ul>
      <dl className="card-stats">
        <div>
          <dt>Cases</dt>
          <dd>{item.caseCount ?? 0}</dd>
        </div>
        <div>
          <dt>Runs</dt>
          <dd>{item.runCount ?? 0}</dd>
        </div>
        <div>
          <dt>Forks</dt>
          <dd>{item.forkCount ?? 0}</dd>
        </div>
        <div>
          <dt>Best model</dt>
          <dd>
            {leader ? (
              <span
                title={`${leader.model}: ${score(leader.score)} (95% CI ${interval(leader.ci95)})`}
                className="leader"
              >
                <span className="mono">{leader.model}</span> · <strong>{score(leader.score)}</strong>{' '}
                <span className="muted">[{interval(leader.ci95)}]</span>
              </span>
            ) : item.topModel ? (
              `${item.topModel} · ${score(item.topScore)}`
            ) : (
              <span className="muted">none ranked yet</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Owner</dt>
          <dd className="mono">{item.ownerId}</dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd>{date(item.updatedAt)}</dd>
        </div>
      </dl>
    </li>
  );
}
