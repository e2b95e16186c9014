// One KPI over periods, drawn in SVG the way the release trend is (TrendChart.tsx): no chart library. Each period is a
// point (with its 95% interval as whiskers where the figure has one), the months-3 and months-12 targets are dashed
// lines, and a period without a figure is a gap, not a zero.

export type KpiPoint = { start: string; value: number | null; ci?: [number, number] | null; note?: string };
export type KpiTarget = { label: string; value: number };

const WIDTH = 420;
const HEIGHT = 190;
const M = { left: 52, right: 12, top: 12, bottom: 30 };

type Props = {
  title: string;
  points: KpiPoint[];
  targets: KpiTarget[];
  format: (v: number) => string;
  /** fixed scale ends (rates: 0 to 1); otherwise from 0 to the largest value or target shown */
  min?: number;
  max?: number;
};

/** The smallest of 1, 2, 2.5, 5 × 10^k at or above x: grid lines at round numbers. */
export function niceStep(x: number): number {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  const f = x / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * p;
}

export function KpiChart({ title, points, targets, format, min, max }: Props) {
  const values: number[] = [];
  for (const p of points) {
    if (p.value != null) values.push(p.value);
    if (p.ci) values.push(...p.ci);
  }
  const lo = min ?? Math.min(0, ...values);
  const hi =
    max ??
    niceStep((Math.max(...values, targets.length ? Math.min(...targets.map((t) => t.value)) : 0, 1) * 1.1) / 4) * 4;
  // a target far above what was reached (25,000 weekly runs in week 3) would flatten the data: it is said in words instead
  const drawn = targets.filter((t) => t.value >= lo && t.value <= hi);
  const plotW = WIDTH - M.left - M.right;
  const plotH = HEIGHT - M.top - M.bottom;
  const y = (v: number) => M.top + ((hi - Math.min(Math.max(v, lo), hi)) / (hi - lo || 1)) * plotH;
  const step = plotW / Math.max(points.length, 1);
  const x = (i: number) => M.left + (i + 0.5) * step;
  const ticks = Array.from({ length: 5 }, (_, i) => lo + ((hi - lo) * i) / 4);
  const every = Math.max(1, Math.ceil(points.length / 6));
  const segments: string[] = [];
  let current = '';
  points.forEach((p, i) => {
    if (p.value == null) {
      if (current) segments.push(current);
      current = '';
      return;
    }
    current += `${current ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`;
  });
  if (current) segments.push(current);
  const latest = [...points].reverse().find((p) => p.value != null);
  const label =
    `${title} per period. ` +
    (latest
      ? `Latest, period from ${latest.start.slice(0, 10)}: ${format(latest.value!)}${latest.note ? ` (${latest.note})` : ''}. `
      : 'No figure yet. ') +
    targets.map((t) => `${t.label}: ${format(t.value)}`).join('; ') +
    '.';
  return (
    <svg
      className="kpi-chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={label}
      preserveAspectRatio="xMidYMid meet"
    >
      {ticks.map((t) => (
        <g key={t} className="trend-tick">
          <line x1={M.left} x2={WIDTH - M.right} y1={y(t)} y2={y(t)} className="trend-grid" />
          <text x={M.left - 6} y={y(t) + 4} textAnchor="end">
            {format(t)}
          </text>
        </g>
      ))}
      {drawn.map((t, i) => (
        <g key={t.label} className="kpi-target">
          <line x1={M.left} x2={WIDTH - M.right} y1={y(t.value)} y2={y(t.value)} className="kpi-target-line" />
          {/* two targets close together (95% and 99.5%) would write over each other: one label at each end */}
          <text
            x={i % 2 ? M.left + 4 : WIDTH - M.right - 2}
            y={y(t.value) - 4}
            textAnchor={i % 2 ? 'start' : 'end'}
            className="kpi-target-label"
          >
            {t.label} {format(t.value)}
          </text>
        </g>
      ))}
      {segments.map((d) => (
        <path key={d} d={d} className="kpi-line" />
      ))}
      {points.map((p, i) =>
        p.value == null ? null : (
          <g key={p.start} className="kpi-point">
            {p.ci && (
              <>
                <line x1={x(i)} x2={x(i)} y1={y(p.ci[0])} y2={y(p.ci[1])} className="trend-whisker" />
                <line x1={x(i) - 3} x2={x(i) + 3} y1={y(p.ci[0])} y2={y(p.ci[0])} className="trend-whisker" />
                <line x1={x(i) - 3} x2={x(i) + 3} y1={y(p.ci[1])} y2={y(p.ci[1])} className="trend-whisker" />
              </>
            )}
            <circle cx={x(i)} cy={y(p.value)} r={3.5} className="trend-dot" />
          </g>
        ),
      )}
      {points.map((p, i) =>
        i % every === 0 ? (
          <text key={`l-${p.start}`} x={x(i)} y={HEIGHT - M.bottom + 16} textAnchor="middle" className="trend-label">
            {p.start.slice(5, 10)}
          </text>
        ) : null,
      )}
    </svg>
  );
}
