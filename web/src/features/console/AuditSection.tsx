import { useState } from 'react';
import { Link } from 'react-router';
import { AUDIT_PAGE, useAuditEvents, useBenchmarkAsOf, useVerifyChain, type AuditFilters } from '../../api/console';
import { Empty, ErrorBox, Loading } from '../../ui/States';
import { date, shortHash } from '../../ui/format';
import { ConsoleError } from './ConsolePage';

/** A datetime-local value (read as UTC, as every time on this screen is) as an ISO instant; empty stays empty. */
export function utc(local: string): string | undefined {
  if (!local) return undefined;
  return `${local.length === 16 ? `${local}:00` : local}Z`;
}

/** The audit browser: the event stream by aggregate, type and time; a benchmark as of an instant; the hash chain's verify. */
export function AuditSection() {
  return (
    <section aria-labelledby="audit-title" className="console-section">
      <h2 id="audit-title">Audit</h2>
      <ChainVerify />
      <EventStream />
      <AsOf />
    </section>
  );
}

function ChainVerify() {
  const verify = useVerifyChain();
  const v = verify.data;
  return (
    <section aria-labelledby="chain-title">
      <h3 id="chain-title">Hash chain</h3>
      <p className="muted">
        Recomputes every link of the events' hash chain and names the first position whose link does not match.
      </p>
      <button type="button" onClick={() => verify.mutate()} disabled={verify.isPending}>
        Verify the hash chain
      </button>
      {verify.isPending && <Loading what="the verification (every event is read)" />}
      {verify.isError && <ConsoleError error={verify.error} retry={() => verify.mutate()} who="admins and analysts" />}
      {v && (
        <div role="status" className={v.ok ? 'chain-ok' : 'chain-broken'}>
          {v.ok ? (
            <strong>The chain is intact: {v.verified.toLocaleString('en-US')} links verified.</strong>
          ) : (
            <strong className="warn">
              The chain is broken at position {v.firstBrokenPosition}: {v.verified.toLocaleString('en-US')} links
              verified before it.
            </strong>
          )}{' '}
          Chain length {v.chainLength.toLocaleString('en-US')}, head{' '}
          <span className="mono">{shortHash(v.chainHead)}</span>
          {v.unchained > 0 && (
            <>
              ; {v.unchained} event{v.unchained === 1 ? '' : 's'} not chained yet (the chain's lag, not a fault)
            </>
          )}
          .
        </div>
      )}
    </section>
  );
}

function EventStream() {
  const [form, setForm] = useState({ aggregateId: '', type: '', from: '', to: '' });
  const [filters, setFilters] = useState<AuditFilters>({});
  const [pages, setPages] = useState<(number | undefined)[]>([undefined]);
  const after = pages[pages.length - 1];
  const events = useAuditEvents(filters, after);
  const items = events.data?.items ?? [];
  const field = (name: keyof typeof form, label: string, type = 'text') => (
    <div className="field">
      <label htmlFor={`audit-${name}`}>{label}</label>
      <input
        id={`audit-${name}`}
        type={type}
        value={form[name]}
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
      />
    </div>
  );
  return (
    <section aria-labelledby="events-title">
      <h3 id="events-title">Events</h3>
      <form
        className="audit-filters"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters({
            aggregateId: form.aggregateId.trim() || undefined,
            type: form.type.trim() || undefined,
            from: utc(form.from),
            to: utc(form.to),
          });
          setPages([undefined]);
        }}
      >
        {field('aggregateId', 'Aggregate id')}
        {field('type', 'Event type')}
        {field('from', 'From (UTC)', 'datetime-local')}
        {field('to', 'To (UTC)', 'datetime-local')}
        <button type="submit">Show events</button>
      </form>
      {events.isPending ? (
        <Loading what="the events" />
      ) : events.isError ? (
        <ConsoleError error={events.error} retry={() => events.refetch()} who="admins and analysts" />
      ) : items.length === 0 ? (
        <Empty title="No event matches." />
      ) : (
        <>
          <ol className="audit-events">
            {items.map((e) => (
              <li key={e.position}>
                <details>
                  <summary>
                    <span className="mono">#{e.position}</span> <strong>{e.type}</strong> on{' '}
                    <span className="mono">{e.aggregateId}</span>{' '}
                    <span className="muted">
                      ({e.aggregateType} seq {e.sequence}, rev {e.revision ?? '—'}, {date(e.timestamp)})
                    </span>
                  </summary>
                  <pre className="audit-json">
                    {JSON.stringify({ payload: e.payload, metadata: e.metadata }, null, 2)}
                  </pre>
                </details>
              </li>
            ))}
          </ol>
          {(pages.length > 1 || items.length >= AUDIT_PAGE) && (
            <div className="toolbar">
              <button type="button" disabled={pages.length === 1} onClick={() => setPages(pages.slice(0, -1))}>
                Earlier events
              </button>
              <button
                type="button"
                disabled={items.length < AUDIT_PAGE}
                onClick={() => setPages([...pages, events.data!.nextAfter])}
              >
                Later events
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function AsOf() {
  const [id, setId] = useState('');
  const [at, setAt] = useState('');
  const [asked, setAsked] = useState({ id: '', asOf: '' });
  const bm = useBenchmarkAsOf(asked.id, asked.asOf);
  // with asOf the API answers the historical shape (asOf, versionAt, currentVersion)
  const b = bm.data as
    (NonNullable<typeof bm.data> & { asOf?: string; versionAt?: string; currentVersion?: number }) | undefined;
  return (
    <section aria-labelledby="asof-title">
      <h3 id="asof-title">A benchmark as of an instant</h3>
      <form
        className="audit-filters"
        onSubmit={(e) => {
          e.preventDefault();
          setAsked({ id: id.trim(), asOf: utc(at) ?? new Date().toISOString() });
        }}
      >
        <div className="field">
          <label htmlFor="asof-id">Benchmark id</label>
          <input id="asof-id" type="text" value={id} onChange={(e) => setId(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor="asof-at">As of (UTC)</label>
          <input id="asof-at" type="datetime-local" step="1" value={at} onChange={(e) => setAt(e.target.value)} />
        </div>
        <button type="submit">Show it</button>
      </form>
      {!asked.id ? null : bm.isPending ? (
        <Loading what="the benchmark as it was" />
      ) : bm.isError ? (
        <ErrorBox error={bm.error} retry={() => bm.refetch()} />
      ) : b ? (
        <div className="asof-result" role="status">
          <p>
            <Link to={`/benchmarks/${b.id}`}>{b.title}</Link> as of {date(b.asOf)}: <strong>version {b.version}</strong>{' '}
            (stored {date(b.versionAt)}, now v{b.currentVersion}), {b.visibility?.toLowerCase()}, {b.caseCount} case
            {b.caseCount === 1 ? '' : 's'}, content <span className="mono">{shortHash(b.contentHash)}</span>.
          </p>
          <ul>
            {(b.cases ?? []).slice(0, 10).map((c) => (
              <li key={c.id} className="mono">
                {c.id}: {JSON.stringify(c.input).slice(0, 80)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
