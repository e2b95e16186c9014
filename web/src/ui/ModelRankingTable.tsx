import type { Schemas } from '../api/client';
import { Interval } from './Interval';
import { Badge } from './States';

type ModelEntry = Schemas['ModelEntry'];

export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const rankText = (rank: ModelEntry['rank']) =>
  !rank ? '—' : rank.best === rank.worst ? `${rank.best}` : `${rank.best}–${rank.worst}`;

/**
 * A ranking of models by strength (GET /api/leaderboards/models and its workspace and personal variants, which share
 * the method): rank range, model, strength with its 95% interval, and the benchmarks and runs behind it. The table
 * scrolls on its own on a phone, where the two count columns give way to a line under the model.
 */
export function ModelRankingTable({
  models,
  label,
  benchmarksTitle,
}: {
  models: ModelEntry[];
  /** the scrolling region's accessible name */
  label: string;
  /** what the Benchmarks column counts, e.g. "Public benchmarks the model has a score on" */
  benchmarksTitle: string;
}) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      <table className="table models-table">
        <caption className="visually-hidden">Models ranked by strength, with 95% intervals</caption>
        <thead>
          <tr>
            <th scope="col">Rank</th>
            <th scope="col">Model</th>
            <th scope="col">Strength [95% CI]</th>
            <th scope="col" className="num models-count">
              <abbr title={benchmarksTitle}>Bench&shy;marks</abbr>
            </th>
            <th scope="col" className="num models-count">
              <abbr title="Runs counted in those scores">Runs</abbr>
            </th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={m.model}>
              <td className="nowrap" title="The ranks this model could hold given the intervals">
                {rankText(m.rank)}
              </td>
              <th scope="row">
                <span className="mono">{m.model}</span> {m.simulated && <Badge kind="sim">sim</Badge>}
                {/* on a phone the two count columns give way to this line */}
                <span className="models-behind muted">
                  {plural(m.benchmarks, 'benchmark', 'benchmarks')} · {plural(m.runs, 'run', 'runs')}
                </span>
              </th>
              <td>
                <Interval value={m.strength} ci={m.ci95} label={`${m.model} strength`} width={110} />
              </td>
              <td className="num models-count">{m.benchmarks}</td>
              <td className="num models-count">{m.runs}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
