import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, type Schemas } from '../../api/client';
import { ErrorBox } from '../../ui/States';
import { fork, publish, useMe } from './api';
import { DiffView } from './DiffView';

/**
 * The benchmark page's Edit, Suggest cases, Publish/Unpublish and Fork (anyone signed in) buttons. The first three show
 * as the server's `permissions` for the caller say (its creator, or a workspace's members above viewer), so the page never
 * offers what would be refused. Publish sends If-Match with the version shown, so it never publishes content the editor
 * has not seen.
 */
export function BenchmarkActions({ benchmark }: { benchmark: Schemas['BenchmarkView'] }) {
  const me = useMe(true);
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [forking, setForking] = useState(false);
  if (!me.data) return null; // signed out: nothing to offer (reads stay as they are)
  const id = benchmark.id!;
  const may = benchmark.permissions;
  const isPublic = benchmark.visibility === 'PUBLIC';

  const act = async (write: () => Promise<unknown>) => {
    setFailure(null);
    setBusy(true);
    try {
      await write();
      queries.invalidateQueries({ queryKey: ['benchmark', id] });
      queries.invalidateQueries({ queryKey: ['library'] });
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const submitFork = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setFailure(null);
    setBusy(true);
    try {
      const forked = await fork(id, {
        title: String(data.get('title') ?? '').trim() || undefined,
        visibility: data.get('visibility') === 'PUBLIC' ? 'PUBLIC' : 'PRIVATE',
      });
      setForking(false);
      queries.invalidateQueries({ queryKey: ['benchmark', id] });
      navigate(`/benchmarks/${forked.id}`);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="benchmark-actions">
      <div className="actions">
        {may?.edit && (
          <Link to={`/benchmarks/${id}/edit`} className="button">
            Edit
          </Link>
        )}
        {may?.suggest && (
          <Link to={`/benchmarks/${id}/suggestions`} className="button">
            Suggest cases…
          </Link>
        )}
        {may?.publish && (
          <button type="button" disabled={busy} onClick={() => act(() => publish(id, benchmark.version!, !isPublic))}>
            {isPublic ? 'Unpublish' : 'Publish'}
          </button>
        )}
        <button
          type="button"
          disabled={busy}
          onClick={() => setForking(!forking)}
          aria-expanded={forking}
          aria-controls="fork-form"
        >
          Fork
        </button>
      </div>
      {forking && (
        <form id="fork-form" className="fork-form" onSubmit={submitFork} aria-label="Fork this benchmark">
          <label htmlFor="fork-title">Title of your fork</label>
          <input id="fork-title" name="title" type="text" defaultValue={`${benchmark.title} (fork)`} autoFocus />
          <label htmlFor="fork-visibility">Visibility</label>
          <select id="fork-visibility" name="visibility" defaultValue="PRIVATE">
            <option value="PRIVATE">Private</option>
            <option value="PUBLIC">Public</option>
          </select>
          <button type="submit" className="primary" disabled={busy}>
            Fork v{benchmark.version}
          </button>
          <button type="button" onClick={() => setForking(false)}>
            Cancel
          </button>
        </form>
      )}
      {failure != null &&
        (failure instanceof ApiError && failure.status === 412 ? (
          <div className="state state-error" role="alert">
            <strong>Someone else changed this benchmark</strong> since you opened it: nothing was published or
            unpublished.{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => queries.invalidateQueries({ queryKey: ['benchmark', id] }).then(() => setFailure(null))}
            >
              Load the latest version
            </button>
          </div>
        ) : (
          <ErrorBox error={failure} />
        ))}
    </div>
  );
}

/** Two version pickers and the side-by-side diff between them (the History tab). */
export function VersionCompare({ id, versions }: { id: string; versions: number[] }) {
  const latest = versions.length ? Math.max(...versions) : 1;
  const [from, setFrom] = useState(Math.max(1, latest - 1));
  const [to, setTo] = useState(latest);
  if (versions.length < 2) return <p className="muted">One version so far: nothing to compare.</p>;
  return (
    <section aria-labelledby="compare-versions">
      <h2 id="compare-versions">Compare two versions</h2>
      <div className="toolbar">
        <label>
          From{' '}
          <select value={from} onChange={(e) => setFrom(Number(e.target.value))}>
            {versions.map((v) => (
              <option key={v} value={v}>
                v{v}
              </option>
            ))}
          </select>
        </label>
        <label>
          To{' '}
          <select value={to} onChange={(e) => setTo(Number(e.target.value))}>
            {versions.map((v) => (
              <option key={v} value={v}>
                v{v}
              </option>
            ))}
          </select>
        </label>
      </div>
      {from === to ? (
        <p className="muted">Pick two different versions.</p>
      ) : (
        <DiffView id={id} from={Math.min(from, to)} to={Math.max(from, to)} />
      )}
    </section>
  );
}
