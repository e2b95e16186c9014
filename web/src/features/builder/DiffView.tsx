import type { Schemas } from '../../api/client';
import { ErrorBox, Loading } from '../../ui/States';
import { shortHash } from '../../ui/format';
import { useDiff } from './api';
import { showValue } from './model';

const pretty = (v: unknown) => (v == null ? '—' : typeof v === 'string' ? v : JSON.stringify(v, null, 2));

/** What changed between two versions, side by side: fields, then cases added, removed and revised. */
export function DiffView({ id, from, to }: { id: string; from: number; to: number }) {
  const diff = useDiff(id, from, to);
  if (diff.isPending) return <Loading what={`the changes from v${from} to v${to}`} />;
  if (diff.isError) return <ErrorBox error={diff.error} retry={() => diff.refetch()} />;
  const d = diff.data as Schemas['VersionDiff'];
  const fields = d.fields ?? [];
  const added = d.casesAdded ?? [];
  const removed = d.casesRemoved ?? [];
  const revised = d.casesRevised ?? [];
  const nothing = fields.length + added.length + removed.length + revised.length === 0;
  return (
    <div className="diff">
      <p className="muted">
        v{d.from} <span className="mono">{shortHash(d.fromContentHash)}</span> → v{d.to}{' '}
        <span className="mono">{shortHash(d.toContentHash)}</span>
        {d.versions && d.versions.length > 0 && (
          <>
            {' '}
            · by {[...new Set(d.versions.map((v) => v.changedBy))].join(', ')} (
            {d.versions.map((v) => v.changes?.join(', ')).join('; ')})
          </>
        )}
      </p>
      {nothing && <p>Nothing that the content hash covers changed.</p>}
      {(fields.length > 0 || revised.length > 0) && (
        <table className="table diff-table">
          <caption className="visually-hidden">
            Changes from v{d.from} to v{d.to}
          </caption>
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">v{d.from}</th>
              <th scope="col">v{d.to}</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((f) => (
              <tr key={f.field}>
                <th scope="row">{f.field}</th>
                <td className="pre diff-from">{pretty(f.from)}</td>
                <td className="pre diff-to">{pretty(f.to)}</td>
              </tr>
            ))}
            {revised.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  case <span className="mono">{r.id}</span>
                </th>
                <td className="pre diff-from">
                  {showValue(r.from?.input)} → {showValue(r.from?.expected)}
                </td>
                <td className="pre diff-to">
                  {showValue(r.to?.input)} → {showValue(r.to?.expected)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {added.length > 0 && (
        <div>
          <strong>
            {added.length} case{added.length > 1 ? 's' : ''} added
          </strong>
          <ul className="diff-cases">
            {added.slice(0, 20).map((c) => (
              <li key={c.id} className="diff-to">
                <span className="mono">{c.id}</span> {showValue(c.input).slice(0, 80)}
                {c.expected != null && <> → {showValue(c.expected).slice(0, 40)}</>}
              </li>
            ))}
          </ul>
          {added.length > 20 && <p className="muted">and {added.length - 20} more</p>}
        </div>
      )}
      {removed.length > 0 && (
        <div>
          <strong>
            {removed.length} case{removed.length > 1 ? 's' : ''} removed
          </strong>
          <ul className="diff-cases">
            {removed.slice(0, 20).map((c) => (
              <li key={c.id} className="diff-from">
                <span className="mono">{c.id}</span> {showValue(c.input).slice(0, 80)}
                {c.expected != null && <> → {showValue(c.expected).slice(0, 40)}</>}
              </li>
            ))}
          </ul>
          {removed.length > 20 && <p className="muted">and {removed.length - 20} more</p>}
        </div>
      )}
    </div>
  );
}
