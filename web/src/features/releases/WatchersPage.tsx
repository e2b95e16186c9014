import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMe } from '../../api/account';
import {
  useCreateWatcher,
  useDeleteWatcher,
  useMyBenchmarks,
  usePauseWatcher,
  useWatcherReports,
  useWatchers,
  type KnownFailureMode,
  type Report,
  type ReportBenchmark,
  type Watcher,
} from '../../api/releases';
import type { Schemas } from '../../api/client';
import { Empty, ErrorBox, Loading } from '../../ui/States';
import { Interval } from '../../ui/Interval';
import { date, interval, usd } from '../../ui/format';
import { Field, FormError, fieldErrors } from '../account/Form';
import { VERDICT } from '../run/Compare';
import { Trend } from './TrendChart';

const OPS: Record<string, string> = { GTE: '≥', GT: '>', LTE: '≤', LT: '<', '>=': '≥', '<=': '≤' };
const count = new Intl.NumberFormat('en-US');

function signed(x: number | null | undefined, digits = 3) {
  if (x == null) return '—';
  return `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(digits)}`;
}

/** What a watcher matches, in words. */
function matchText(w: Watcher): string {
  const m = w.match ?? {};
  const parts = [`provider ${m.providerPattern || 'any'}`, `vendor ${m.vendorPattern || 'any'}`];
  if (m.maxPromptMicrosPerMillion != null)
    parts.push(`prompt price at most ${usd(m.maxPromptMicrosPerMillion)} per million tokens`);
  if (m.minContextLength != null) parts.push(`context at least ${count.format(m.minContextLength)} tokens`);
  return parts.join(', ');
}

/** /watchers: the caller's watchers, the release reports of the one opened (?watcher=), and a form that makes one. */
export function WatchersPage() {
  const me = useMe();
  const signedIn = !!me.data;
  const watchers = useWatchers(signedIn);
  const mine = useMyBenchmarks(me.data?.id ?? undefined);
  const [params, setParams] = useSearchParams();
  if (me.isPending) return <Loading what="your watchers" />;
  if (me.isError) return <ErrorBox error={me.error} retry={() => me.refetch()} />;
  if (!me.data)
    return (
      <Empty title="You are not signed in.">
        <Link to="/sign-in?next=/watchers">Sign in</Link> to see your release watchers.
      </Empty>
    );
  const items = watchers.data?.items ?? [];
  const open = params.get('watcher') ?? (items.length === 1 ? items[0].id : null);
  const titles = new Map((mine.data?.items ?? []).map((b) => [b.id!, b.title ?? b.id!]));
  const toggle = (id: string) => {
    const next = new URLSearchParams(params);
    if (open === id) next.set('watcher', '');
    else next.set('watcher', id);
    setParams(next, { replace: true });
  };
  return (
    <div className="watchers">
      <h1>Release watchers</h1>
      <p className="muted">
        A watcher runs your benchmarks on each new model that matches it, beside your production model, and writes a
        release report: both scores with their 95% intervals, the paired difference with its p-value, and the verdict
        under each benchmark's decision rubric. Its trend over releases shows, per vendor, how each new model compares
        in score and cost.
      </p>
      {watchers.isPending && <Loading what="your watchers" />}
      {watchers.isError && <ErrorBox error={watchers.error} retry={() => watchers.refetch()} />}
      {watchers.isSuccess && items.length === 0 && <Empty title="No watcher yet.">Make one with the form below.</Empty>}
      {items.length > 0 && (
        <ul className="cards" aria-label="Watchers">
          {items.map((w) => (
            <li key={w.id} className="card" aria-label={`Watcher ${w.id}`}>
              <div className="card-head">
                <h2 className="watcher-title">
                  New models from {matchText(w)} {w.paused && <span className="badge badge-neutral">Paused</span>}
                </h2>
                <button
                  type="button"
                  aria-expanded={open === w.id}
                  aria-controls={`reports-${w.id}`}
                  onClick={() => toggle(w.id!)}
                >
                  {open === w.id ? 'Hide' : 'Show'} release reports
                </button>
              </div>
              <dl className="facts">
                <div>
                  <dt>Compared with</dt>
                  <dd className="mono">{w.productionModel}</dd>
                </div>
                <div>
                  <dt>Benchmarks</dt>
                  <dd>
                    {(w.benchmarkIds ?? []).map((id, i) => (
                      <span key={id}>
                        {i > 0 && ', '}
                        <Link to={`/benchmarks/${id}`}>{titles.get(id) ?? id}</Link>
                      </span>
                    ))}
                  </dd>
                </div>
                <div>
                  <dt>Monthly credit cap</dt>
                  <dd>{w.monthlyCreditCap != null ? count.format(w.monthlyCreditCap) : 'none'}</dd>
                </div>
                <div>
                  <dt>Since</dt>
                  <dd>{date(w.createdAt)}</dd>
                </div>
              </dl>
              {w.paused && (
                <p className="small muted">
                  Paused: no run starts. Models that appear meanwhile are evaluated once when you resume it.
                </p>
              )}
              <div className="toolbar">
                <PauseResume watcher={w} />
                <StopWatching watcherId={w.id!} />
              </div>
              {open === w.id && (
                <section id={`reports-${w.id}`} aria-label={`Release reports of watcher ${w.id}`}>
                  <Trend watcherId={w.id!} />
                  <h3 className="reports-heading">Release reports, newest first</h3>
                  <Reports watcherId={w.id!} titles={titles} />
                </section>
              )}
            </li>
          ))}
        </ul>
      )}
      <NewWatcherForm
        benchmarks={(mine.data?.items ?? []).map((b) => ({ id: b.id!, title: b.title ?? b.id! }))}
        loading={mine.isPending}
      />
    </div>
  );
}

/** Pause or resume a watcher; what the server answers is what the card shows. */
function PauseResume({ watcher }: { watcher: Watcher }) {
  const pause = usePauseWatcher();
  const paused = !!watcher.paused;
  return (
    <>
      <button
        type="button"
        disabled={pause.isPending}
        aria-pressed={paused}
        onClick={() => pause.mutate({ id: watcher.id!, paused: !paused })}
      >
        {paused ? 'Resume' : 'Pause'}
        <span className="visually-hidden"> watcher {watcher.id}</span>
      </button>
      {pause.isError && <ErrorBox error={pause.error} />}
    </>
  );
}

/** Delete a watcher, after an inline confirmation (its reports go with it; its runs stay). */
function StopWatching({ watcherId }: { watcherId: string }) {
  const remove = useDeleteWatcher();
  const [confirming, setConfirming] = useState(false);
  return (
    <span className="stop-watching">
      {!confirming ? (
        <button type="button" onClick={() => setConfirming(true)}>
          Stop watching…<span className="visually-hidden"> (watcher {watcherId})</span>
        </button>
      ) : (
        <span role="group" aria-label="Confirm stopping this watcher" className="confirm">
          Stop this watcher? Its release reports go with it; its runs stay.{' '}
          <button
            type="button"
            className="danger"
            autoFocus
            disabled={remove.isPending}
            onClick={() => remove.mutate(watcherId)}
          >
            Stop watching
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </span>
      )}
      {remove.isError && <ErrorBox error={remove.error} />}
    </span>
  );
}

function Reports({ watcherId, titles }: { watcherId: string; titles: Map<string, string> }) {
  const reports = useWatcherReports(watcherId);
  if (reports.isPending) return <Loading what="the release reports" />;
  if (reports.isError) return <ErrorBox error={reports.error} retry={() => reports.refetch()} />;
  const items = reports.data.items ?? [];
  if (items.length === 0)
    return (
      <Empty title="No release yet.">
        When a model that matches appears in the catalogue, its report shows here within a minute.
      </Empty>
    );
  return (
    <ol className="reports">
      {items.map((r) => (
        <ReportView key={r.modelId} report={r} titles={titles} />
      ))}
    </ol>
  );
}

function ReportView({ report: r, titles }: { report: Report; titles: Map<string, string> }) {
  return (
    <li className="report" aria-label={`Release report for ${r.modelId}`}>
      <h3>
        <span className="mono">{r.modelId}</span>{' '}
        {r.verdict ? (
          <span className={`badge verdict-badge verdict-${r.verdict}`}>{VERDICT[r.verdict] ?? r.verdict}</span>
        ) : (
          <span className="badge badge-neutral">{r.budgetReached ? 'Monthly cap reached' : 'In progress'}</span>
        )}
      </h3>
      <p className="muted small">
        {r.vendor} on {r.provider}, appeared {date(r.appearedAt)}; compared with{' '}
        <span className="mono">{r.productionModel}</span>.{r.verdict && ' The verdict is the worst of its benchmarks’.'}
      </p>
      {((r.benchmarks ?? []) as ReportBenchmark[]).map((b) => (
        <div key={b.benchmarkId} className="report-benchmark">
          <h4>
            <Link to={`/benchmarks/${b.benchmarkId}`}>{titles.get(b.benchmarkId!) ?? b.benchmarkId}</Link>
            {b.runId && (
              <>
                {' · '}
                <Link to={`/runs/${b.runId}`}>run {b.runId}</Link>
              </>
            )}
            {b.reservedCredits != null && (
              <span className="muted small"> · {count.format(b.reservedCredits)} credits reserved</span>
            )}
          </h4>
          {b.status !== 'STARTED' && (
            <p className="warn">
              Not run:{' '}
              {b.reason === 'BUDGET_REACHED'
                ? 'the monthly credit cap was reached'
                : (b.reason ?? b.status)?.toLowerCase()}
              {b.detail && ` (${b.detail})`}
            </p>
          )}
          {b.status === 'STARTED' && !b.comparison && <p className="muted">The run has no results yet.</p>}
          {b.comparison && <ComparisonSummary c={b.comparison} />}
          {b.failureModes && b.failureModes.length > 0 && <KnownFailureModes modes={b.failureModes} />}
        </div>
      ))}
    </li>
  );
}

const FAILURE_STATUS: Record<string, string> = { STILL_SHOWS: 'Still shows', FIXED: 'Fixed', NOT_TESTED: 'Not tested' };

/** The benchmark's known failure modes, each as this release stands on it (present once the API sends them). */
function KnownFailureModes({ modes }: { modes: KnownFailureMode[] }) {
  return (
    <div className="table-scroll" role="region" aria-label="Known failure modes" tabIndex={0}>
      <table className="table failure-modes">
        <caption>Known failure modes: does the new model still show them?</caption>
        <thead>
          <tr>
            <th scope="col">Failure mode</th>
            <th scope="col">On the new model</th>
            <th scope="col" className="num">
              Failing / tagged cases
            </th>
          </tr>
        </thead>
        <tbody>
          {modes.map((m) => (
            <tr key={m.name} className={m.status === 'STILL_SHOWS' ? 'vrow-bad' : ''}>
              <th scope="row">{m.name}</th>
              <td>
                <span
                  className={`badge ${m.status === 'FIXED' ? 'badge-verified' : m.status === 'STILL_SHOWS' ? 'badge-flag' : 'badge-neutral'}`}
                >
                  {FAILURE_STATUS[m.status ?? ''] ?? m.status ?? '—'}
                </span>
              </td>
              <td className="num">
                {m.status === 'NOT_TESTED' || m.failing == null
                  ? `— / ${m.tagged ?? '—'}`
                  : `${m.failing} / ${m.tagged ?? '—'}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ComparisonSummary({ c }: { c: Schemas['Comparison'] }) {
  const d = c.difference;
  return (
    <div className={`verdict-card verdict-${c.verdict}`}>
      <p className="verdict-word">{VERDICT[c.verdict ?? ''] ?? c.verdict ?? '—'}</p>
      <div
        className="table-scroll"
        role="region"
        aria-label={`Scores of ${c.candidate} and ${c.baseline}`}
        tabIndex={0}
      >
        <table className="table">
          <caption className="visually-hidden">Scores with their 95% intervals</caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Score [95% CI]</th>
              <th scope="col">Pass rate [95% CI]</th>
              <th scope="col" className="num">
                Cost / case
              </th>
              <th scope="col" className="num">
                p95 latency
              </th>
            </tr>
          </thead>
          <tbody>
            {(
              [
                ['new', c.candidateSummary],
                ['production', c.baselineSummary],
              ] as const
            ).map(([role, m]) => (
              <tr key={role}>
                <th scope="row">
                  <span className="mono">{m?.model ?? '—'}</span> <span className="muted">({role})</span>
                </th>
                <td>
                  <Interval value={m?.score} ci={m?.ci95} label={`${m?.model} score`} />
                </td>
                <td>
                  <Interval value={m?.passRate} ci={m?.passRateCi95} label={`${m?.model} pass rate`} />
                </td>
                <td className="num">{usd(m?.costPerCaseMicros)}</td>
                <td className="num">{m?.latencyMs?.p95 != null ? `${Math.round(m.latencyMs.p95)} ms` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        New − production: <strong>{signed(d?.mean)}</strong>{' '}
        <span className="muted">
          (95% CI {interval(d?.ci95, 3)}, p = {d?.pValue == null ? '—' : d.pValue.toFixed(3)}, n = {d?.n ?? 0} paired
          cases)
        </span>
        . Cases won {c.casesWon ?? 0}, lost {c.casesLost ?? 0}, tied {c.casesTied ?? 0}.
      </p>
      {(c.criteria ?? []).length > 0 ? (
        <div className="table-scroll" role="region" aria-label="Decision rubric" tabIndex={0}>
          <table className="table rubric">
            <caption>The benchmark's decision rubric, line by line</caption>
            <thead>
              <tr>
                <th scope="col">Rubric line</th>
                <th scope="col">Severity</th>
                <th scope="col">New model</th>
                <th scope="col">Met</th>
              </tr>
            </thead>
            <tbody>
              {c.criteria!.map((k, i) => (
                <tr key={i} className={k.met ? '' : 'vrow-bad'}>
                  <th scope="row" className="mono">
                    {k.metric} {OPS[k.op ?? ''] ?? k.op} {k.threshold}
                  </th>
                  <td>{k.severity}</td>
                  <td>{k.actual == null ? '—' : k.actual.toFixed(3)}</td>
                  <td>{k.met ? '✓ met' : <span className="warn">✗ not met</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">The benchmark has no decision rubric: the paired difference decides.</p>
      )}
      {(c.reasons ?? []).length > 0 && (
        <ul>
          {c.reasons!.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function NewWatcherForm({ benchmarks, loading }: { benchmarks: { id: string; title: string }[]; loading: boolean }) {
  const create = useCreateWatcher();
  const [provider, setProvider] = useState('');
  const [vendor, setVendor] = useState('');
  const [maxPrice, setMaxPrice] = useState('');
  const [minContext, setMinContext] = useState('');
  const [production, setProduction] = useState('');
  const [cap, setCap] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [made, setMade] = useState<string | null>(null);
  const error = create.error;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMade(null);
    create.mutate(
      {
        match: {
          providerPattern: provider.trim() || undefined,
          vendorPattern: vendor.trim() || undefined,
          maxPromptMicrosPerMillion: maxPrice.trim() === '' ? undefined : Math.round(Number(maxPrice) * 1_000_000),
          minContextLength: minContext.trim() === '' ? undefined : Number(minContext),
        },
        benchmarkIds: picked,
        productionModel: production.trim(),
        billing: 'CREDITS',
        monthlyCreditCap: cap.trim() === '' ? undefined : Number(cap),
      },
      { onSuccess: (w) => setMade(`Watching: new models from ${matchText(w)}.`) },
    );
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-watcher-heading" noValidate>
      <h2 id="new-watcher-heading">New watcher</h2>
      <div className="form-row">
        <Field
          id="watcher-provider"
          name="match.providerPattern"
          label="Provider"
          value={provider}
          onChange={(e) => setProvider(e.target.value)}
          error={error}
          hint="A glob, e.g. openrouter; empty for any."
        />
        <Field
          id="watcher-vendor"
          name="match.vendorPattern"
          label="Vendor"
          value={vendor}
          onChange={(e) => setVendor(e.target.value)}
          error={error}
          hint="A glob, e.g. anthropic or meta*; empty for any."
        />
        <Field
          id="watcher-price"
          name="match.maxPromptMicrosPerMillion"
          label="Most prompt price ($ per million tokens)"
          type="number"
          min={0}
          step="any"
          value={maxPrice}
          onChange={(e) => setMaxPrice(e.target.value)}
          error={error}
        />
        <Field
          id="watcher-context"
          name="match.minContextLength"
          label="Least context (tokens)"
          type="number"
          min={1}
          value={minContext}
          onChange={(e) => setMinContext(e.target.value)}
          error={error}
        />
      </div>
      <fieldset
        className="model-pick"
        aria-describedby={fieldErrors(error, 'benchmarkIds').length ? 'watcher-benchmarks-error' : undefined}
      >
        <legend>Benchmarks to run ({picked.length})</legend>
        {loading && <Loading what="your benchmarks" />}
        {!loading && benchmarks.length === 0 && <p className="muted">You have no benchmark yet.</p>}
        <ul className="model-checks">
          {benchmarks.map((b) => (
            <li key={b.id}>
              <label>
                <input
                  type="checkbox"
                  checked={picked.includes(b.id)}
                  onChange={() =>
                    setPicked((now) => (now.includes(b.id) ? now.filter((x) => x !== b.id) : [...now, b.id]))
                  }
                />{' '}
                {b.title}
              </label>
            </li>
          ))}
        </ul>
        {fieldErrors(error, 'benchmarkIds').length > 0 && (
          <ul id="watcher-benchmarks-error" className="field-error">
            {fieldErrors(error, 'benchmarkIds').map((m) => (
              <li key={m}>Benchmarks {m}.</li>
            ))}
          </ul>
        )}
      </fieldset>
      <div className="form-row">
        <Field
          id="watcher-production"
          name="productionModel"
          label="Production model"
          className="mono"
          value={production}
          onChange={(e) => setProduction(e.target.value)}
          error={error}
          hint="The model you use today, e.g. openai/gpt-4o."
        />
        <Field
          id="watcher-cap"
          name="monthlyCreditCap"
          label="Monthly credit cap (optional)"
          type="number"
          min={1}
          value={cap}
          onChange={(e) => setCap(e.target.value)}
          error={error}
        />
      </div>
      <p className="small">
        <strong>Billing:</strong> credits (a provider key is never stored).
      </p>
      {error && <FormError error={error} />}
      {made && (
        <p role="status" className="state state-ok">
          {made}
        </p>
      )}
      <button type="submit" className="primary" disabled={create.isPending}>
        {create.isPending ? 'Saving…' : 'Watch for new models'}
      </button>
    </form>
  );
}
