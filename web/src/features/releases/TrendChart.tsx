import { useWatcherTrend, type TrendRelease, type VendorTrend } from '../../api/releases';
import { Empty, ErrorBox, Loading } from '../../ui/States';
import { date } from '../../ui/format';
import { VERDICT } from '../run/Compare';

const WIDTH = 640;
const HEIGHT = 230;
const M = { left: 58, right: 16, top: 14, bottom: 44 };

/** A signed difference in score units, "+0.012" / "−0.031". */
export function signed(x: number | null | undefined, digits = 3) {
  if (x == null || Number.isNaN(x)) return '—';
  return `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(digits)}`;
}

/** A relative change as "−18%" / "+5%". */
export function relative(x: number | null | undefined) {
  if (x == null || Number.isNaN(x)) return '—';
  const pct = Math.round(x * 100);
  return `${pct > 0 ? '+' : pct < 0 ? '−' : '±'}${Math.abs(pct)}%`;
}

function ciText(ci: number[] | null | undefined) {
  return ci && ci.length === 2 && ci[0] != null && ci[1] != null
    ? `${signed(ci[0])} to ${signed(ci[1])}`
    : 'no interval';
}

/** The vendor's trend in one sentence, its uncertainty included: what a team reads first. */
export function trendSentence(v: VendorTrend): string {
  const s = v.summary;
  if (!s || !s.n) return `No release from ${v.vendor} has results yet.`;
  const ci = s.ci95;
  const clear = ci && ci.length === 2 && (ci[0] > 0 || ci[1] < 0);
  const direction = !clear ? 'no clear score difference' : (s.meanScoreDifference ?? 0) < 0 ? 'worse' : 'better';
  const score = `${signed(s.meanScoreDifference)} in score (95% CI ${ciText(ci)}): ${direction}`;
  const cost =
    s.meanRelativeCostChange == null
      ? 'of unknown cost'
      : Math.round(s.meanRelativeCostChange * 100) === 0
        ? 'about as costly'
        : s.meanRelativeCostChange < 0
          ? `${Math.abs(Math.round(s.meanRelativeCostChange * 100))}% cheaper`
          : `${Math.round(s.meanRelativeCostChange * 100)}% dearer`;
  return `Across ${s.n} release${s.n === 1 ? '' : 's'} from ${v.vendor}, each new model is on average ${cost} and ${score}.`;
}

function short(model: string | null | undefined, vendor: string | null | undefined) {
  const id = model ?? '';
  const cut = vendor && id.includes(`${vendor}/`) ? id.slice(id.indexOf(`${vendor}/`) + vendor.length + 1) : id;
  return cut.length > 16 ? `${cut.slice(0, 15)}…` : cut;
}

/**
 * One vendor's releases in order: each one's score difference against production with its 95% interval (a point and
 * whiskers), the zero line (as good as production), and the mean across releases with its interval (a dashed line in a
 * band). Drawn in SVG with no chart library; the table beside it carries the same numbers for screen readers and keyboards.
 */
export function VendorChart({ vendor }: { vendor: VendorTrend }) {
  const releases = vendor.releases ?? [];
  const summary = vendor.summary;
  const values: number[] = [0];
  for (const r of releases) {
    if (r.scoreDifference != null) values.push(r.scoreDifference);
    for (const b of r.ci95 ?? []) if (b != null) values.push(b);
  }
  for (const b of summary?.ci95 ?? []) if (b != null) values.push(b);
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (hi - lo < 0.02) {
    lo -= 0.01;
    hi += 0.01;
  }
  const pad = (hi - lo) * 0.1;
  lo -= pad;
  hi += pad;
  const plotW = WIDTH - M.left - M.right;
  const plotH = HEIGHT - M.top - M.bottom;
  const y = (v: number) => M.top + ((hi - v) / (hi - lo)) * plotH;
  const x = (i: number) => M.left + ((i + 0.5) / Math.max(releases.length, 1)) * plotW;
  const ticks = Array.from({ length: 5 }, (_, i) => lo + ((hi - lo) * i) / 4);
  const band = summary?.ci95 && summary.ci95.length === 2 && summary.n && summary.n > 0 ? summary.ci95 : null;
  const label =
    `Score difference against production of each release from ${vendor.vendor}, with 95% intervals. ` +
    releases
      .map(
        (r) =>
          `${r.modelId}: ${r.scoreDifference == null ? 'no results yet' : `${signed(r.scoreDifference)} (95% CI ${ciText(r.ci95)})`}`,
      )
      .join('; ') +
    (summary?.n ? `. Mean ${signed(summary.meanScoreDifference)} (95% CI ${ciText(summary.ci95)}).` : '.');
  return (
    <svg
      className="trend-chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={label}
      preserveAspectRatio="xMidYMid meet"
    >
      {ticks.map((t) => (
        <g key={t} className="trend-tick">
          <line x1={M.left} x2={WIDTH - M.right} y1={y(t)} y2={y(t)} className="trend-grid" />
          <text x={M.left - 6} y={y(t) + 4} textAnchor="end">
            {signed(t, hi - lo < 0.1 ? 3 : 2)}
          </text>
        </g>
      ))}
      {band && (
        <g className="trend-mean">
          <rect
            x={M.left}
            width={plotW}
            y={y(band[1])}
            height={Math.max(1, y(band[0]) - y(band[1]))}
            className="trend-band"
          />
          <line
            x1={M.left}
            x2={WIDTH - M.right}
            y1={y(summary!.meanScoreDifference!)}
            y2={y(summary!.meanScoreDifference!)}
            className="trend-mean-line"
          />
          <text
            x={WIDTH - M.right - 4}
            y={y(summary!.meanScoreDifference!) - 5}
            textAnchor="end"
            className="trend-note"
          >
            mean {signed(summary!.meanScoreDifference)}
          </text>
        </g>
      )}
      <line x1={M.left} x2={WIDTH - M.right} y1={y(0)} y2={y(0)} className="trend-zero" />
      <text x={M.left + 4} y={y(0) - 5} className="trend-note">
        production
      </text>
      {releases.map((r, i) => (
        <ReleaseMark key={r.modelId} r={r} cx={x(i)} y={y} zero={y(0)} />
      ))}
      {releases.map((r, i) => (
        <text key={`l-${r.modelId}`} x={x(i)} y={HEIGHT - M.bottom + 16} textAnchor="middle" className="trend-label">
          {short(r.modelId, vendor.vendor)}
        </text>
      ))}
      {releases.map((r, i) => (
        <text key={`c-${r.modelId}`} x={x(i)} y={HEIGHT - M.bottom + 32} textAnchor="middle" className="trend-cost">
          {r.scoreDifference == null
            ? 'no results yet'
            : r.relativeCostChange == null
              ? ''
              : `cost ${relative(r.relativeCostChange)}`}
        </text>
      ))}
      <text
        x={12}
        y={M.top + plotH / 2}
        transform={`rotate(-90 12 ${M.top + plotH / 2})`}
        textAnchor="middle"
        className="trend-axis"
      >
        score Δ vs production
      </text>
    </svg>
  );
}

function ReleaseMark({ r, cx, y, zero }: { r: TrendRelease; cx: number; y: (v: number) => number; zero: number }) {
  if (r.scoreDifference == null) {
    return <circle cx={cx} cy={zero} r={4} className="trend-pending" />;
  }
  const ci = r.ci95 && r.ci95.length === 2 ? r.ci95 : null;
  return (
    <g className={`trend-point verdict-${r.verdict ?? 'none'}`}>
      {ci && (
        <>
          <line x1={cx} x2={cx} y1={y(ci[0])} y2={y(ci[1])} className="trend-whisker" />
          <line x1={cx - 6} x2={cx + 6} y1={y(ci[0])} y2={y(ci[0])} className="trend-whisker" />
          <line x1={cx - 6} x2={cx + 6} y1={y(ci[1])} y2={y(ci[1])} className="trend-whisker" />
        </>
      )}
      <circle cx={cx} cy={y(r.scoreDifference)} r={5} className="trend-dot" />
    </g>
  );
}

/** The trend of a watcher's releases, one chart and table per vendor, with loading, empty and error states. */
export function Trend({ watcherId }: { watcherId: string }) {
  const trend = useWatcherTrend(watcherId);
  if (trend.isPending) return <Loading what="the trend over releases" />;
  if (trend.isError) return <ErrorBox error={trend.error} retry={() => trend.refetch()} />;
  const vendors = trend.data.vendors ?? [];
  if (vendors.length === 0)
    return <Empty title="No trend yet.">The trend over releases starts with the first release report.</Empty>;
  return (
    <div className="trend">
      {vendors.map((v) => (
        <section key={v.vendor} className="trend-vendor" aria-labelledby={`trend-${watcherId}-${v.vendor}`}>
          <h3 id={`trend-${watcherId}-${v.vendor}`}>Trend over releases: {v.vendor}</h3>
          <p className="trend-sentence">{trendSentence(v)}</p>
          <div
            className="table-scroll"
            role="region"
            aria-label={`Chart of the releases from ${v.vendor}`}
            tabIndex={0}
          >
            <VendorChart vendor={v} />
          </div>
          <div className="table-scroll" role="region" aria-label={`Releases from ${v.vendor}`} tabIndex={0}>
            <table className="table">
              <caption className="visually-hidden">
                Releases from {v.vendor}, oldest first, against {trend.data.productionModel}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Release</th>
                  <th scope="col">Appeared</th>
                  <th scope="col" className="num">
                    Benchmarks
                  </th>
                  <th scope="col">Score Δ [95% CI]</th>
                  <th scope="col" className="num">
                    Cost change
                  </th>
                  <th scope="col">Verdict</th>
                </tr>
              </thead>
              <tbody>
                {(v.releases ?? []).map((r) => (
                  <tr key={r.modelId}>
                    <th scope="row" className="mono">
                      {r.modelId}
                    </th>
                    <td>{date(r.appearedAt)}</td>
                    <td className="num">{r.benchmarks ?? 0}</td>
                    <td>
                      {r.scoreDifference == null ? (
                        <span className="muted">no results yet</span>
                      ) : (
                        `${signed(r.scoreDifference)} [${ciText(r.ci95)}]`
                      )}
                    </td>
                    <td className="num">{relative(r.relativeCostChange)}</td>
                    <td>{r.verdict ? (VERDICT[r.verdict] ?? r.verdict) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </div>
  );
}
