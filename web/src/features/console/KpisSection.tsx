import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useKpis, type KpiPeriod } from '../../api/console';
import type { Schemas } from '../../api/client';
import { Empty, Loading } from '../../ui/States';
import { ms } from '../../ui/format';
import { ConsoleError } from './ConsolePage';
import { KpiChart, type KpiPoint, type KpiTarget } from './KpiChart';

type Period = Schemas['PeriodKpis'];
type SubscriptionPeriod = Schemas['SubscriptionPeriod'];
type Share = Schemas['Share'];

const RANGES: Record<KpiPeriod, { label: string; days: number }[]> = {
  week: [
    { label: '12 weeks', days: 84 },
    { label: '26 weeks', days: 182 },
    { label: '52 weeks', days: 364 },
  ],
  day: [
    { label: '14 days', days: 14 },
    { label: '30 days', days: 30 },
  ],
  month: [
    { label: '6 months', days: 183 },
    { label: '12 months', days: 366 },
  ],
};

/** An interval the server computed (the domain's Wilson or Fisher's z code): drawn as it is, never recomputed here. */
function interval(ci: number[] | null | undefined): [number, number] | null {
  return ci && ci.length === 2 ? [ci[0], ci[1]] : null;
}

const pct = (v: number) => `${Math.round(v * 1000) / 10}%`;
const count = (v: number) => Math.round(v).toLocaleString('en-US');
const corr = (v: number) => v.toFixed(2);
const seconds = (v: number) => ms(v);
/** Dollars (the API's cents ÷ 100; MRR is in one currency, docs/plans.md): whole above $100, else with cents. */
const dollars = (v: number) =>
  `${v < 0 ? '−' : ''}$${Math.abs(v).toLocaleString('en-US', Math.abs(v) >= 100 || Number.isInteger(v) ? { maximumFractionDigits: 0 } : { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const signedDollars = (v: number) => (v > 0 ? `+${dollars(v)}` : dollars(v));

function sharePoint(p: Period, s: Share | null | undefined): KpiPoint {
  const rate = s?.rate ?? null;
  return {
    start: p.start ?? '',
    value: rate,
    ci: rate != null ? interval(s?.ci95) : null,
    note: s ? `${s.count} of ${s.of}` : undefined,
  };
}

type Kpi = {
  id: string;
  title: string;
  definition: string;
  points: KpiPoint[];
  targets: KpiTarget[];
  format: (v: number) => string;
  min?: number;
  max?: number;
  /** the latest figure in words, its uncertainty included */
  latest: string;
};

function latestOf(points: KpiPoint[], format: (v: number) => string, uncertainty: (p: KpiPoint) => string = () => '') {
  const p = [...points].reverse().find((q) => q.value != null);
  if (!p) return 'no figure yet';
  return `${format(p.value!)}${uncertainty(p)}`;
}

const shareWords = (p: KpiPoint) =>
  `${p.note ? `, ${p.note}` : ''}${p.ci ? `; 95% CI ${pct(p.ci[0])}–${pct(p.ci[1])}` : ''}`;

function kpis(periods: Period[], unit: string, subscriptions: SubscriptionPeriod[] = []): Kpi[] {
  // the subscription figures come in their own list of the same periods; matched by start, a missing one is no figure
  const sub = (p: Period) => subscriptions.find((s) => s.start === p.start);
  const mrr = periods.map((p): KpiPoint => {
    const s = sub(p);
    return {
      start: p.start ?? '',
      value: s ? s.mrrMinor / 100 : null,
      note: s ? `net new ${signedDollars(s.netNewMrrMinor / 100)}` : undefined,
    };
  });
  const netNew = periods.map((p): KpiPoint => {
    const s = sub(p);
    return { start: p.start ?? '', value: s ? s.netNewMrrMinor / 100 : null };
  });
  const conversion = periods.map((p) => sharePoint(p, sub(p)?.proConversion));
  const at = (f: (p: Period) => number | null | undefined) =>
    periods.map((p): KpiPoint => ({ start: p.start ?? '', value: f(p) ?? null }));
  const runs = at((p) => p.runsRequested);
  const success = periods.map((p) => sharePoint(p, p.runSuccess));
  const p95 = at((p) => p.p95TimeToResultsMs);
  const models = at((p) => p.modelsIntegrated);
  let total = 0;
  const created = periods.map((p): KpiPoint => {
    total += p.publicBenchmarksCreated ?? 0;
    return { start: p.start ?? '', value: total, note: `${p.publicBenchmarksCreated ?? 0} in this ${unit}` };
  });
  const forks = periods.map((p) => sharePoint(p, p.forkRate));
  const retention = periods.map((p) => sharePoint(p, p.d30Retention));
  const correlation = periods.map((p): KpiPoint => {
    const c = p.judgeHumanCorrelation;
    const r = c?.pearson ?? null;
    return {
      start: p.start ?? '',
      value: r,
      ci: r != null ? interval(c?.pearsonCi95) : null,
      note: c ? `n = ${c.n}` : undefined,
    };
  });
  const margin = periods.map((p): KpiPoint => {
    const m = p.creditMargin;
    return {
      start: p.start ?? '',
      value: m?.margin ?? null,
      note: m
        ? `revenue $${(m.revenueMicros / 1e6).toFixed(2)}, API cost $${(m.apiCostMicros / 1e6).toFixed(2)}`
        : undefined,
    };
  });
  return [
    {
      id: 'runs',
      title: `Runs per ${unit} (North Star)`,
      definition: 'Runs requested, simulated ones too.',
      points: runs,
      targets: [
        { label: 'M3', value: 500 },
        { label: 'M12', value: 25000 },
      ],
      format: count,
      min: 0,
      latest: latestOf(runs, count),
    },
    {
      id: 'success',
      title: 'Run success rate',
      definition: 'Runs that ended completed with no failed model call, of the runs that ended.',
      points: success,
      targets: [
        { label: 'M3', value: 0.95 },
        { label: 'M12', value: 0.995 },
      ],
      format: pct,
      min: 0,
      max: 1,
      latest: latestOf(success, pct, shareWords),
    },
    {
      id: 'p95',
      title: 'p95 time to results',
      definition: 'From request to the run’s end, over the runs that ended. Lower is better.',
      points: p95,
      targets: [
        { label: 'M3', value: 60000 },
        { label: 'M12', value: 30000 },
      ],
      format: seconds,
      min: 0,
      latest: latestOf(p95, seconds),
    },
    {
      id: 'models',
      title: 'Models integrated',
      definition: 'Distinct real (not simulated) models that answered.',
      points: models,
      targets: [
        { label: 'M3', value: 20 },
        { label: 'M12', value: 100 },
      ],
      format: count,
      min: 0,
      latest: latestOf(models, count),
    },
    {
      id: 'public',
      title: 'Public benchmarks created',
      definition: 'Running total since the first period shown; the targets are totals.',
      points: created,
      targets: [
        { label: 'M3', value: 50 },
        { label: 'M12', value: 1500 },
      ],
      format: count,
      min: 0,
      latest: latestOf(created, count, (p) => (p.note ? ` (${p.note})` : '')),
    },
    {
      id: 'forks',
      title: 'Fork rate',
      definition: 'Public benchmarks forked at least once, of those public by the period’s end.',
      points: forks,
      targets: [
        { label: 'M3', value: 0.05 },
        { label: 'M12', value: 0.2 },
      ],
      format: pct,
      min: 0,
      max: 1,
      latest: latestOf(forks, pct, shareWords),
    },
    {
      id: 'retention',
      title: 'D30 retention',
      definition:
        'Of the people whose first run fell in the period, those who ran again 30 days or more later. Young cohorts have no figure yet.',
      points: retention,
      targets: [
        { label: 'M3', value: 0.15 },
        { label: 'M12', value: 0.35 },
      ],
      format: pct,
      min: 0,
      max: 1,
      latest: latestOf(retention, pct, shareWords),
    },
    {
      id: 'correlation',
      title: 'Judge–human correlation',
      definition:
        'Pearson’s r between the judges’ and the humans’ grades of the same answers, with n pairs and a 95% CI (Fisher’s z).',
      points: correlation,
      targets: [
        { label: 'M3', value: 0.65 },
        { label: 'M12', value: 0.85 },
      ],
      format: corr,
      max: 1,
      latest: latestOf(
        correlation,
        (v) => `r = ${corr(v)}`,
        (p) => `${p.note ? `, ${p.note}` : ''}${p.ci ? `; 95% CI ${corr(p.ci[0])}–${corr(p.ci[1])}` : ''}`,
      ),
    },
    {
      id: 'margin',
      title: 'Credit margin',
      definition: '(Revenue − API cost) ÷ revenue of the credits charged, in USD.',
      points: margin,
      targets: [
        { label: 'M3', value: 0.2 },
        { label: 'M12', value: 0.45 },
      ],
      format: pct,
      max: 1,
      latest: latestOf(margin, pct, (p) => (p.note ? ` (${p.note})` : '')),
    },
    {
      id: 'mrr',
      title: 'MRR',
      definition:
        'Monthly recurring revenue at the period’s end: active and past-due subscriptions (Stripe still retries those).',
      points: mrr,
      targets: [
        { label: 'M3', value: 0 },
        { label: 'M12', value: 20_000 },
      ],
      format: dollars,
      min: 0,
      latest: latestOf(mrr, dollars, (p) => (p.note ? ` (${p.note})` : '')),
    },
    {
      id: 'netnew',
      title: 'Net new MRR',
      definition: 'MRR at the period’s end minus MRR at its start: new and expanded subscriptions less churned ones.',
      points: netNew,
      targets: [],
      format: signedDollars,
      latest: latestOf(netNew, signedDollars),
    },
    {
      id: 'conversion',
      title: 'Pro conversion',
      definition:
        'Of the people on Free during the period, those whose first paying Pro subscription started in it, with a 95% CI (Wilson).',
      points: conversion,
      targets: [{ label: 'M12', value: 0.04 }],
      format: pct,
      min: 0,
      max: 1,
      latest: latestOf(conversion, pct, shareWords),
    },
  ];
}

/** The product plan's KPIs over periods (one GET /api/kpis), each with its month-3 and month-12 targets drawn in. */
export function KpisSection() {
  const [params, setParams] = useSearchParams();
  const period = (
    ['day', 'week', 'month'].includes(params.get('period') ?? '') ? params.get('period') : 'week'
  ) as KpiPeriod;
  const days = Number(params.get('days')) || RANGES[period][0].days;
  // the range ends when the section was opened, so the query's key stays the same while it is shown
  const [openedAt] = useState(() => Date.now());
  const from = new Date(openedAt - days * 86_400_000).toISOString().slice(0, 10);
  const report = useKpis(period, from);
  const set = (next: Record<string, string>) =>
    setParams(new URLSearchParams({ period, days: String(days), ...next }), { replace: true });
  const unit = period;
  const periods = report.data?.periods ?? [];
  return (
    <section aria-labelledby="kpis-title" className="console-section">
      <h2 id="kpis-title">KPIs</h2>
      <div className="toolbar" role="group" aria-label="KPI periods">
        <label>
          Period
          <select
            value={period}
            onChange={(e) => set({ period: e.target.value, days: String(RANGES[e.target.value as KpiPeriod][0].days) })}
          >
            <option value="week">Weeks</option>
            <option value="day">Days</option>
            <option value="month">Months</option>
          </select>
        </label>
        <label>
          Range
          <select value={days} onChange={(e) => set({ days: e.target.value })}>
            {RANGES[period].map((r) => (
              <option key={r.days} value={r.days}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">Targets: M3 = month 3, M12 = month 12 of the product plan. Dashed lines.</span>
      </div>
      {report.isPending ? (
        <Loading what="the KPIs" />
      ) : report.isError ? (
        <ConsoleError error={report.error} retry={() => report.refetch()} who="admins and analysts" />
      ) : periods.length === 0 ? (
        <Empty title="No periods in this range." />
      ) : (
        <KpiGrid periods={periods} unit={unit} subscriptions={report.data?.subscriptions ?? []} />
      )}
    </section>
  );
}

function targetText(k: Kpi) {
  const words = k.targets.map((t) => `${k.format(t.value)} by month ${t.label.slice(1)}`);
  return words.length ? `Target ${words.join(', ')}. ` : '';
}

function KpiGrid({
  periods,
  unit,
  subscriptions,
}: {
  periods: Period[];
  unit: string;
  subscriptions: SubscriptionPeriod[];
}) {
  const list = kpis(periods, unit, subscriptions);
  const quiet = periods.every((p) => !p.runsRequested && !p.publicBenchmarksCreated && !p.modelsIntegrated);
  return (
    <>
      {quiet && (
        <Empty title="Nothing happened in this range yet.">
          No runs, models or public benchmarks: the charts are empty.
        </Empty>
      )}
      <ul className="kpi-grid">
        {list.map((k) => (
          <li key={k.id} className="kpi-card" aria-labelledby={`kpi-${k.id}`}>
            <h3 id={`kpi-${k.id}`}>{k.title}</h3>
            <p className="kpi-latest" data-testid={`kpi-${k.id}`}>
              {k.latest}
            </p>
            <p className="kpi-target-text muted">
              {targetText(k)}
              {k.definition}
            </p>
            <KpiChart title={k.title} points={k.points} targets={k.targets} format={k.format} min={k.min} max={k.max} />
          </li>
        ))}
      </ul>
      <details className="kpi-table">
        <summary>The figures as a table</summary>
        <div className="table-scroll" role="region" aria-label="KPIs per period" tabIndex={0}>
          <table className="table">
            <caption className="visually-hidden">KPIs per {unit}, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">{unit[0].toUpperCase() + unit.slice(1)} from</th>
                {list.map((k) => (
                  <th key={k.id} scope="col">
                    {k.title}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {periods.map((p, i) => (
                <tr key={p.start}>
                  <th scope="row">{(p.start ?? '').slice(0, 10)}</th>
                  {list.map((k) => {
                    const point = k.points[i];
                    return (
                      <td key={k.id}>
                        {point.value == null ? '—' : k.format(point.value)}
                        {point.note && <span className="muted"> ({point.note})</span>}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}
