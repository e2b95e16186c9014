import { useRef, useState } from 'react';
import { Link } from 'react-router';
import {
  useImportCosts,
  useMargin,
  useReconciliation,
  useSubscriptionRevenue,
  type MarginGroup,
} from '../../api/console';
import type { Schemas } from '../../api/client';
import { Empty, Loading } from '../../ui/States';
import { usd } from '../../ui/format';
import { ActionError, ConsoleError } from './ConsolePage';

type Group = Schemas['ReconciliationGroup'];

const money = (minor: number, currency: string | null | undefined) =>
  currency === 'usd' ? `$${(minor / 100).toFixed(2)}` : `${(minor / 100).toFixed(2)} ${currency ?? ''}`;
const ratio = (r: number | null | undefined) => (r == null ? '—' : `${Math.round(r * 1000) / 10}%`);

/** Finance: margin by day, month or model; reconciliation against the providers' reports; importing such a report. */
export function FinanceSection() {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  return (
    <section aria-labelledby="finance-title" className="console-section">
      <h2 id="finance-title">Finance</h2>
      <div className="toolbar" role="group" aria-label="Period">
        <label>
          From
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To (exclusive)
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <span className="muted">Empty: the 30 days up to the end of today (UTC).</span>
      </div>
      <Margin from={from || undefined} to={to || undefined} />
      <SubscriptionRevenue from={from || undefined} to={to || undefined} />
      <Reconciliation from={from || undefined} to={to || undefined} />
      <CostImport />
    </section>
  );
}

/** Subscription revenue beside the credit margin: the invoices Stripe reported paid, per day, and MRR at the period's end. */
function SubscriptionRevenue({ from, to }: { from?: string; to?: string }) {
  const revenue = useSubscriptionRevenue(from, to);
  return (
    <section aria-labelledby="subscriptions-title">
      <h3 id="subscriptions-title">Subscription revenue</h3>
      {revenue.isPending ? (
        <Loading what="the subscription revenue" />
      ) : revenue.isError ? (
        <ConsoleError error={revenue.error} retry={() => revenue.refetch()} who="admins and analysts" />
      ) : (
        <>
          <p data-testid="subscription-totals">
            MRR at the period’s end: {money(revenue.data.mrrMinor, revenue.data.currency)}.{' '}
            {(revenue.data.totals ?? []).length === 0
              ? 'No invoice was paid in this period.'
              : `Paid: ${(revenue.data.totals ?? []).map((t) => `${money(t.revenueMinor, t.currency)} in ${t.invoices} invoice${t.invoices === 1 ? '' : 's'}`).join(', ')}.`}
          </p>
          {(revenue.data.days ?? []).length > 0 && (
            <div className="table-scroll" role="region" aria-label="Subscription revenue per day" tabIndex={0}>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    <th scope="col" className="num">
                      Revenue
                    </th>
                    <th scope="col" className="num">
                      Invoices
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {(revenue.data.days ?? []).map((d) => (
                    <tr key={`${d.day}-${d.currency}`}>
                      <th scope="row">{d.day}</th>
                      <td className="num">{money(d.revenueMinor, d.currency)}</td>
                      <td className="num">{d.invoices}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function Margin({ from, to }: { from?: string; to?: string }) {
  const [groupBy, setGroupBy] = useState<MarginGroup>('day');
  const margin = useMargin(groupBy, from, to);
  return (
    <section aria-labelledby="margin-title">
      <h3 id="margin-title">Margin</h3>
      <div className="toolbar">
        <label>
          By
          <select value={groupBy} onChange={(e) => setGroupBy(e.target.value as MarginGroup)}>
            <option value="day">Day</option>
            <option value="month">Month</option>
            <option value="model">Model</option>
          </select>
        </label>
      </div>
      {margin.isPending ? (
        <Loading what="the margin" />
      ) : margin.isError ? (
        <ConsoleError error={margin.error} retry={() => margin.refetch()} who="admins and analysts" />
      ) : (margin.data.rows ?? []).length === 0 ? (
        <Empty title="No credits were charged in this period." />
      ) : (
        <div className="table-scroll" role="region" aria-label="Margin" tabIndex={0}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{groupBy === 'model' ? 'Model' : groupBy === 'month' ? 'Month' : 'Day'}</th>
                <th scope="col" className="num">
                  Credits
                </th>
                <th scope="col" className="num">
                  Revenue
                </th>
                <th scope="col" className="num">
                  API cost
                </th>
                <th scope="col" className="num">
                  Margin
                </th>
              </tr>
            </thead>
            <tbody>
              {(margin.data.rows ?? []).map((r) => (
                <tr key={`${r.key}-${r.currency}`}>
                  <th scope="row" className="mono">
                    {r.key}
                  </th>
                  <td className="num">{r.creditsConsumed.toLocaleString('en-US')}</td>
                  <td className="num">{money(r.revenueMinor, r.currency)}</td>
                  <td className="num">{usd(r.apiCostMicros)}</td>
                  <td className="num">{ratio(r.marginRatio)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              {(margin.data.totals ?? []).map((t) => (
                <tr key={t.currency}>
                  <th scope="row">Total ({t.currency})</th>
                  <td className="num">{t.creditsConsumed.toLocaleString('en-US')}</td>
                  <td className="num">{money(t.revenueMinor, t.currency)}</td>
                  <td className="num">{usd(t.apiCostMicros)}</td>
                  <td className="num">{ratio(t.marginRatio)}</td>
                </tr>
              ))}
            </tfoot>
          </table>
        </div>
      )}
    </section>
  );
}

const GROUPS: { key: 'matched' | 'missing' | 'mismatched' | 'extra'; label: string; meaning: string }[] = [
  { key: 'matched', label: 'Matched', meaning: 'same cost on both sides' },
  { key: 'missing', label: 'Missing', meaning: 'we recorded it, no report has it' },
  { key: 'mismatched', label: 'Mismatched', meaning: 'both have it, at different costs' },
  { key: 'extra', label: 'Extra', meaning: 'reported, unknown to us' },
];

function Reconciliation({ from, to }: { from?: string; to?: string }) {
  const rec = useReconciliation(from, to);
  return (
    <section aria-labelledby="reconciliation-title">
      <h3 id="reconciliation-title">Reconciliation</h3>
      {rec.isPending ? (
        <Loading what="the reconciliation" />
      ) : rec.isError ? (
        <ConsoleError error={rec.error} retry={() => rec.refetch()} who="admins and analysts" />
      ) : GROUPS.every((g) => !rec.data[g.key]?.count) ? (
        <Empty title="No provider generation in this period.">
          Neither our credits runs nor an imported report have one.
        </Empty>
      ) : (
        <>
          <div className="table-scroll" role="region" aria-label="Reconciliation summary" tabIndex={0}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Group</th>
                  <th scope="col" className="num">
                    Generations
                  </th>
                  <th scope="col" className="num">
                    Ours
                  </th>
                  <th scope="col" className="num">
                    Theirs
                  </th>
                  <th scope="col" className="num">
                    Theirs − ours
                  </th>
                </tr>
              </thead>
              <tbody>
                {GROUPS.map((g) => {
                  const group = rec.data[g.key] as Group | null;
                  return (
                    <tr key={g.key}>
                      <th scope="row">
                        {g.label} <span className="muted">({g.meaning})</span>
                      </th>
                      <td className="num">{group?.count ?? 0}</td>
                      <td className="num">{usd(group?.oursMicros)}</td>
                      <td className="num">{usd(group?.theirsMicros)}</td>
                      <td className="num">{usd(group?.differenceMicros)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <Discrepancies
            groups={GROUPS.filter((g) => g.key !== 'matched').map((g) => ({
              ...g,
              group: rec.data[g.key] as Group | null,
            }))}
          />
        </>
      )}
    </section>
  );
}

function Discrepancies({ groups }: { groups: { key: string; label: string; group: Group | null }[] }) {
  const items = groups.flatMap((g) => (g.group?.items ?? []).map((i) => ({ ...i, kind: g.label })));
  if (items.length === 0) return <p>No discrepancy: every generation matches.</p>;
  return (
    <div className="table-scroll" role="region" aria-label="Discrepancies" tabIndex={0}>
      <table className="table">
        <caption>Discrepancies</caption>
        <thead>
          <tr>
            <th scope="col">Generation</th>
            <th scope="col">Kind</th>
            <th scope="col">Run</th>
            <th scope="col">Model</th>
            <th scope="col" className="num">
              Ours
            </th>
            <th scope="col" className="num">
              Theirs
            </th>
            <th scope="col" className="num">
              Difference
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={`${i.kind}-${i.generationId}`}>
              <th scope="row" className="mono">
                {i.generationId}
              </th>
              <td>{i.kind}</td>
              <td>{i.runId ? <Link to={`/runs/${i.runId}`}>{i.runId}</Link> : '—'}</td>
              <td className="mono">{i.model ?? '—'}</td>
              <td className="num">{usd(i.oursMicros)}</td>
              <td className="num">{usd(i.theirsMicros)}</td>
              <td className="num">{usd(i.differenceMicros)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CostImport() {
  const upload = useImportCosts();
  const file = useRef<HTMLInputElement>(null);
  const [source, setSource] = useState('');
  const errors = (upload.error as { errors?: { field?: string; message?: string }[] } | null)?.errors ?? [];
  return (
    <section aria-labelledby="import-title">
      <h3 id="import-title">Import a provider cost report</h3>
      <p className="muted">
        CSV with <code>generation_id</code> and <code>cost_micros</code> or <code>cost</code> (dollars), optionally{' '}
        <code>created_at</code>; or JSON. All or nothing; a generation imported again takes the new cost.
      </p>
      <form
        className="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          const f = file.current?.files?.[0];
          if (!f) return;
          const text = await readText(f);
          upload.mutate({ text, format: f.name.toLowerCase().endsWith('.json') ? 'json' : 'csv', source });
        }}
      >
        <div className="field">
          <label htmlFor="cost-file">Report file (.csv or .json)</label>
          <input id="cost-file" ref={file} type="file" accept=".csv,.json,text/csv,application/json" required />
        </div>
        <div className="field">
          <label htmlFor="cost-source">Source (optional)</label>
          <input
            id="cost-source"
            type="text"
            value={source}
            onChange={(e) => setSource(e.target.value)}
            placeholder="e.g. openrouter-2026-12"
          />
        </div>
        <button type="submit" disabled={upload.isPending}>
          Import
        </button>
      </form>
      {upload.data && (
        <p role="status">
          Imported {upload.data.imported} cost{upload.data.imported === 1 ? '' : 's'} from {upload.data.source}.
        </p>
      )}
      <ActionError error={upload.error} />
      {errors.length > 0 && (
        <ul className="field-error">
          {errors.map((e, i) => (
            <li key={i}>
              {e.field}: {e.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A file's text (FileReader, which every browser and jsdom have). */
function readText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file);
  });
}
