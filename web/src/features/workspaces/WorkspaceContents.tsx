import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { Badge, Empty, ErrorBox, Loading } from '../../ui/States';
import { date } from '../../ui/format';

/** Items per page of each list: the workspace page is an overview, the library and run pages hold the rest. */
export const PAGE_SIZE = 10;

/** The workspace's benchmarks, public and private (GET /api/library?workspace=, its members only), newest first. */
export function useWorkspaceBenchmarks(id: string, page: number) {
  return useQuery({
    queryKey: ['workspace', id, 'benchmarks', page],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/library', {
          params: { query: { workspace: id, sort: 'recent', page, size: PAGE_SIZE } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** Every member's runs of the workspace's benchmarks (GET /api/runs?workspaceId=, its members only), newest first. */
export function useWorkspaceRuns(id: string, page: number) {
  return useQuery({
    queryKey: ['workspace', id, 'runs', page],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/runs', { params: { query: { workspaceId: id, page, size: PAGE_SIZE } }, signal })),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** The workspace's own benchmarks and runs, each a paged list with links (docs/workspaces.md#its-benchmarks-and-runs). */
export function WorkspaceContents({ id }: { id: string }) {
  const [page, setPage] = useState(0);
  const benchmarks = useWorkspaceBenchmarks(id, page);
  // a run names its benchmark by title when that benchmark is on the page of benchmarks shown, else by id
  const titles = new Map((benchmarks.data?.items ?? []).map((b) => [b.id, b.title]));
  return (
    <>
      <Benchmarks list={benchmarks} page={page} setPage={setPage} />
      <Runs id={id} titles={titles} />
    </>
  );
}

function Benchmarks({
  list,
  page,
  setPage,
}: {
  list: ReturnType<typeof useWorkspaceBenchmarks>;
  page: number;
  setPage: (page: number) => void;
}) {
  const items = list.data?.items ?? [];
  return (
    <section aria-labelledby="ws-benchmarks-heading" className="panel" data-testid="workspace-benchmarks">
      <h2 id="ws-benchmarks-heading">Benchmarks</h2>
      {list.isPending && <Loading what="the workspace's benchmarks" />}
      {list.isError && <ErrorBox error={list.error} retry={() => list.refetch()} />}
      {list.data && items.length === 0 && page === 0 && (
        <Empty title="No benchmark in this workspace yet.">
          Members create them with “New benchmark in this workspace”; a private one is visible to the members only.
        </Empty>
      )}
      {items.length > 0 && (
        <div className="table-scroll" role="region" aria-labelledby="ws-benchmarks-heading" tabIndex={0}>
          <table className="table">
            <caption className="visually-hidden">The workspace&apos;s benchmarks, most recently changed first</caption>
            <thead>
              <tr>
                <th scope="col">Benchmark</th>
                <th scope="col">Visibility</th>
                <th scope="col" className="num">
                  Cases
                </th>
                <th scope="col" className="num">
                  Runs
                </th>
                <th scope="col">Changed</th>
              </tr>
            </thead>
            <tbody>
              {items.map((b) => (
                <tr key={b.id}>
                  <td>
                    <Link to={`/benchmarks/${b.id}`}>{b.title}</Link>
                  </td>
                  <td>
                    <Badge kind="neutral">{b.visibility === 'PUBLIC' ? 'Public' : 'Private'}</Badge>
                  </td>
                  <td className="num">{b.caseCount}</td>
                  <td className="num">{b.runCount}</td>
                  <td>{date(b.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data && (
        <Pager
          what="benchmarks"
          page={page}
          total={list.data.total ?? items.length}
          onPage={setPage}
          busy={list.isFetching}
        />
      )}
    </section>
  );
}

function Runs({ id, titles }: { id: string; titles: Map<string | null | undefined, string | null | undefined> }) {
  const [page, setPage] = useState(0);
  const list = useWorkspaceRuns(id, page);
  const items = list.data?.items ?? [];
  return (
    <section aria-labelledby="ws-runs-heading" className="panel" data-testid="workspace-runs">
      <h2 id="ws-runs-heading">Runs</h2>
      {list.isPending && <Loading what="the workspace's runs" />}
      {list.isError && <ErrorBox error={list.error} retry={() => list.refetch()} />}
      {list.data && items.length === 0 && page === 0 && (
        <Empty title="No run in this workspace yet.">
          Every member&apos;s runs of the workspace&apos;s benchmarks show here.
        </Empty>
      )}
      {items.length > 0 && (
        <div className="table-scroll" role="region" aria-labelledby="ws-runs-heading" tabIndex={0}>
          <table className="table">
            <caption className="visually-hidden">The workspace&apos;s runs, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Status</th>
                <th scope="col">Models</th>
                <th scope="col">Progress</th>
                <th scope="col">Requested</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/runs/${r.id}`} className="mono">
                      {r.id}
                    </Link>
                    <div className="muted">
                      <Link to={`/benchmarks/${r.benchmarkId}`}>{titles.get(r.benchmarkId) ?? r.benchmarkId}</Link> v
                      {r.benchmarkVersion}
                    </div>
                  </td>
                  <td>{r.status}</td>
                  <td className="mono">{r.models?.join(', ')}</td>
                  <td>
                    {r.progress?.done}/{r.progress?.total}
                  </td>
                  <td>{date(r.requestedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data && (
        <Pager
          what="runs"
          page={page}
          total={list.data.total ?? items.length}
          onPage={setPage}
          busy={list.isFetching}
        />
      )}
    </section>
  );
}

function Pager({
  what,
  page,
  total,
  onPage,
  busy,
}: {
  what: string;
  page: number;
  total: number;
  onPage: (page: number) => void;
  busy: boolean;
}) {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (pages <= 1 && page === 0) return null;
  return (
    <nav className="pager" aria-label={`Pages of ${what}`}>
      <button type="button" onClick={() => onPage(page - 1)} disabled={page === 0 || busy}>
        Previous
      </button>
      <span aria-live="polite">
        Page {page + 1} of {pages}
      </span>
      <button type="button" onClick={() => onPage(page + 1)} disabled={page + 1 >= pages || busy}>
        Next
      </button>
    </nav>
  );
}
