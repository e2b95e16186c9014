import { Link, useSearchParams } from 'react-router';
import { useLeaderboard } from '../../api/queries';
import type { Schemas } from '../../api/client';
import { Interval } from '../../ui/Interval';
import { Badge, Empty, ErrorBox, Loading } from '../../ui/States';
import { date, interval, ms, percentWithInterval, usd } from '../../ui/format';

type Entry = Schemas['Entry'];

export function Leaderboard({ benchmarkId }: { benchmarkId: string }) {
  // both live in the address, so a board with simulated models or as of a date can be shared
  const [params, setParams] = useSearchParams();
  const includeSimulated = params.get('sim') === 'true';
  const asOfLocal = params.get('asOf') ?? '';
  const set = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  const setIncludeSimulated = (on: boolean) => set('sim', on ? 'true' : null);
  const setAsOfLocal = (value: string) => set('asOf', value || null);
  const asOf = asOfLocal ? new Date(asOfLocal).toISOString() : undefined;
  const board = useLeaderboard(benchmarkId, includeSimulated, asOf);
  const entries = board.data?.entries ?? [];

  return (
    <div className="leaderboard">
      <div className="toolbar">
        <label>
          <input type="checkbox" checked={includeSimulated} onChange={(e) => setIncludeSimulated(e.target.checked)} />
          Include simulated models
        </label>
        <label>
          As of{' '}
          <input
            type="datetime-local"
            value={asOfLocal}
            onChange={(e) => setAsOfLocal(e.target.value)}
            aria-describedby="asof-help"
          />
        </label>
        {asOfLocal && (
          <button type="button" className="link-button" onClick={() => setAsOfLocal('')}>
            Back to now
          </button>
        )}
        <span id="asof-help" className="muted">
          {board.data?.asOf ? `The board as it was on ${date(board.data.asOf)}.` : 'The board now.'}
        </span>
      </div>
      {board.isPending && <Loading what="the leaderboard" />}
      {board.isError && <ErrorBox error={board.error} retry={() => board.refetch()} />}
      {board.data && entries.length === 0 && (
        <Empty title="No model on this board yet.">
          {includeSimulated ? (
            'Run this benchmark in its canonical configuration to rank models here.'
          ) : (
            <button type="button" className="link-button" onClick={() => setIncludeSimulated(true)}>
              Show simulated models
            </button>
          )}
        </Empty>
      )}
      {entries.length > 0 && (
        <div className="leaderboard-grid">
          <table className="table">
            <caption className="visually-hidden">Models ranked by score, with 95% intervals</caption>
            <thead>
              <tr>
                <th scope="col">Rank</th>
                <th scope="col">Model</th>
                <th scope="col">Score [95% CI]</th>
                <th scope="col">Pass rate</th>
                <th scope="col">Cost / case</th>
                <th scope="col">p95 latency</th>
                <th scope="col">Runs</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.model}>
                  <td title="The ranks this model could hold given the intervals">
                    {e.rank?.best === e.rank?.worst ? e.rank?.best : `${e.rank?.best}–${e.rank?.worst}`}
                  </td>
                  <th scope="row">
                    <span className="mono">{e.model}</span> {e.simulated && <Badge kind="sim">sim</Badge>}
                    {e.paretoOptimal && (
                      <Badge kind="neutral" title="No other model is both cheaper and better">
                        Pareto
                      </Badge>
                    )}
                    {e.contaminationSuspected && <Badge kind="flag">⚠ flagged</Badge>}
                  </th>
                  <td>
                    <Interval value={e.score} ci={e.ci95} label={`${e.model} score`} />
                  </td>
                  <td className="nowrap" title="Pass rate with its 95% interval">
                    {percentWithInterval(e.passRate, e.passRateCi95)}
                  </td>
                  <td>{usd(e.costPerCaseMicros)}</td>
                  <td>{ms(e.latencyP95Ms)}</td>
                  <td>
                    {e.latestRunId ? <Link to={`/runs/${e.latestRunId}`}>{e.runCount ?? 0}</Link> : (e.runCount ?? 0)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <CostQualityScatter entries={entries} />
        </div>
      )}
    </div>
  );
}

/** Score (with its interval as a whisker) against cost per case; the Pareto frontier joins the models no other beats on both. */
export function CostQualityScatter({ entries }: { entries: Entry[] }) {
  const W = 440,
    H = 260,
    L = 44,
    B = 34,
    T = 10,
    R = 14;
  const costs = entries.map((e) => e.costPerCaseMicros ?? 0);
  // the axis spans the costs seen (padded), so close prices stay apart
  const spread = Math.max(...costs) - Math.min(...costs);
  const pad = spread > 0 ? spread * 0.15 : Math.max(1, Math.max(...costs) * 0.5);
  const minCost = Math.max(0, Math.min(...costs) - pad);
  const maxCost = Math.max(...costs) + pad;
  const x = (c: number) => L + ((c - minCost) / (maxCost - minCost)) * (W - L - R - 60);
  const y = (s: number) => T + (1 - Math.min(Math.max(s, 0), 1)) * (H - T - B);
  const frontier = entries
    .filter((e) => e.paretoOptimal)
    .sort((a, b) => (a.costPerCaseMicros ?? 0) - (b.costPerCaseMicros ?? 0));
  // labels move up until they no longer cover one another (models with equal cost and score are common)
  const placed: { x: number; y: number }[] = [];
  const labels = entries.map((e) => {
    const label = { x: x(e.costPerCaseMicros ?? 0) + 8, y: y(e.score ?? 0) - 6 };
    while (placed.some((p) => Math.abs(p.x - label.x) < 75 && Math.abs(p.y - label.y) < 11)) label.y -= 12;
    placed.push(label);
    return label;
  });
  return (
    <figure className="scatter">
      <svg
        width={W}
        height={H}
        role="img"
        aria-label="Cost against quality: each model's score with its 95% interval, by cost per case"
      >
        <line x1={L} x2={W - R} y1={H - B} y2={H - B} className="axis" />
        <line x1={L} x2={L} y1={T} y2={H - B} className="axis" />
        {[0, 0.5, 1].map((s) => (
          <text key={s} x={L - 6} y={y(s) + 4} textAnchor="end" className="tick">
            {s.toFixed(1)}
          </text>
        ))}
        <text x={L} y={H - B + 16} className="tick">
          {usd(minCost)}
        </text>
        <text x={W - R - 60} y={H - B + 16} textAnchor="end" className="tick">
          {usd(maxCost)}
        </text>
        <text x={(L + W) / 2} y={H - 4} textAnchor="middle" className="axis-label">
          cost per case
        </text>
        <text
          x={12}
          y={(T + H - B) / 2}
          textAnchor="middle"
          className="axis-label"
          transform={`rotate(-90 12 ${(T + H - B) / 2})`}
        >
          score
        </text>
        {frontier.length > 1 && (
          <polyline
            className="frontier"
            points={frontier.map((e) => `${x(e.costPerCaseMicros ?? 0)},${y(e.score ?? 0)}`).join(' ')}
          />
        )}
        {entries.map((e, i) => {
          const cx = x(e.costPerCaseMicros ?? 0);
          const label = labels[i];
          const ci = e.ci95 ?? [];
          return (
            <g key={e.model} className={e.paretoOptimal ? 'dot dot-pareto' : 'dot'}>
              {ci.length === 2 && <line x1={cx} x2={cx} y1={y(ci[0])} y2={y(ci[1])} className="whisker" />}
              <text x={label.x} y={label.y} className="dot-label">
                {e.model}
              </text>
              <circle cx={cx} cy={y(e.score ?? 0)} r={5}>
                <title>{`${e.model}: ${e.score?.toFixed(2)} (95% CI ${interval(e.ci95)}), ${usd(e.costPerCaseMicros)} per case`}</title>
              </circle>
            </g>
          );
        })}
      </svg>
      <figcaption className="muted">
        Dots are scores, bars their 95% intervals
        {frontier.length > 1 ? '; the dashed line joins the Pareto frontier' : ''}. Blue: Pareto-optimal (no model both
        cheaper and better).
      </figcaption>
    </figure>
  );
}
