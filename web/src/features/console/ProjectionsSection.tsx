import { useProjections, useRebuild } from '../../api/console';
import type { Schemas } from '../../api/client';
import { Badge, Empty, Loading } from '../../ui/States';
import { date } from '../../ui/format';
import { ActionError, ConsoleError } from './ConsolePage';

type Projection = Schemas['ProjectionStatus'];

const PHASE: Record<string, string> = {
  COPYING: 'copying the events into shadow tables',
  INDEXING: 'indexing',
  CATCHING_UP: 'catching up with new events',
  SWAPPING: 'swapping the rebuilt tables in',
  DONE: 'done',
};

/** The projections with their position, lag and state, and a rebuild of one with its progress (read every second). */
export function ProjectionsSection() {
  const list = useProjections();
  return (
    <section aria-labelledby="projections-title" className="console-section">
      <h2 id="projections-title">Projections</h2>
      <p className="muted">
        A rebuild reads every event from 0 into shadow tables while the live read model keeps answering, then swaps them
        in and compares the two.
      </p>
      {list.isPending ? (
        <Loading what="the projections" />
      ) : list.isError ? (
        <ConsoleError error={list.error} retry={() => list.refetch()} />
      ) : list.data.length === 0 ? (
        <Empty title="No projection runs on this node." />
      ) : (
        <div className="table-scroll" role="region" aria-label="Projections" tabIndex={0}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Projection</th>
                <th scope="col">State</th>
                <th scope="col" className="num">
                  Position
                </th>
                <th scope="col" className="num">
                  Lag (events)
                </th>
                <th scope="col">Latest rebuild</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((p) => (
                <ProjectionRow key={p.name} projection={p} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ProjectionRow({ projection: p }: { projection: Projection }) {
  const rebuild = useRebuild();
  const running = p.state === 'REPLAYING' || p.replay?.outcome === 'RUNNING';
  return (
    <tr aria-label={p.name ?? undefined}>
      <th scope="row" className="mono">
        {p.name}
      </th>
      <td>
        <Badge kind={p.state === 'LIVE' ? 'verified' : p.state === 'ERROR' ? 'flag' : 'neutral'}>
          {p.state?.toLowerCase()}
        </Badge>
      </td>
      <td className="num">{p.position.toLocaleString('en-US')}</td>
      <td className="num">{p.lag.toLocaleString('en-US')}</td>
      <td>
        <Replay replay={p.replay} />
      </td>
      <td>
        {p.rebuildable ? (
          <>
            <button type="button" disabled={running || rebuild.isPending} onClick={() => rebuild.mutate(p.name!)}>
              Rebuild<span className="visually-hidden"> {p.name}</span>
            </button>
            <ActionError error={rebuild.error} />
          </>
        ) : (
          <span className="muted">cannot be rebuilt</span>
        )}
      </td>
    </tr>
  );
}

function Replay({ replay }: { replay: Projection['replay'] }) {
  if (!replay) return <span className="muted">none on this node</span>;
  if (replay.outcome === 'RUNNING') {
    const total = Math.max(replay.headAtStart, 1);
    const done = Math.min(replay.position, total);
    return (
      <div role="status" className="replay-progress">
        <progress max={total} value={done} aria-label="Rebuild progress" /> {replay.events.toLocaleString('en-US')}{' '}
        events, {PHASE[replay.phase ?? ''] ?? replay.phase}
        {replay.eventsPerSecond != null && <span className="muted"> ({Math.round(replay.eventsPerSecond)}/s)</span>}
      </div>
    );
  }
  if (replay.outcome === 'FAILED')
    return (
      <span className="warn">
        Failed {date(replay.finishedAt)}: {replay.error}
      </span>
    );
  const c = replay.comparison;
  return (
    <span>
      Swapped in {date(replay.finishedAt)}, {replay.events.toLocaleString('en-US')} events.{' '}
      {c?.identical === true ? (
        <strong>Identical to the live read model.</strong>
      ) : c?.identical === false ? (
        <strong className="warn">Differs from the live read model in {(c.differingTables ?? []).join(', ')}.</strong>
      ) : null}
    </span>
  );
}
