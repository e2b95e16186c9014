import { useSearchParams } from 'react-router';
import { useLibraryFacets, useModelRanking } from '../../api/queries';
import type { Schemas } from '../../api/client';
import { Interval } from '../../ui/Interval';
import { Badge, Empty, ErrorBox, Loading } from '../../ui/States';

type ModelEntry = Schemas['ModelEntry'];

function plural(n: number, one: string, many: string) {
  return `${n} ${n === 1 ? one : many}`;
}

function rankText(rank: ModelEntry['rank']) {
  if (!rank) return '—';
  return rank.best === rank.worst ? `${rank.best}` : `${rank.best}–${rank.worst}`;
}

/**
 * The global model ranking (GET /api/leaderboards/models): each model's strength on a benchmark of median difficulty
 * over the public benchmarks, with its 95% interval and rank range. The tag, category and the simulated toggle live
 * in the address (?tag=&category=&sim=true), so a filtered ranking can be shared.
 */
export function ModelsPage() {
  const [params, setParams] = useSearchParams();
  const tag = params.get('tag') ?? '';
  const category = params.get('category') ?? '';
  const includeSimulated = params.get('sim') === 'true';
  const set = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  const ranking = useModelRanking({ tag: tag || undefined, category: category || undefined, includeSimulated });
  const facets = useLibraryFacets();
  const facetValues = (name: string, current: string) => {
    const values = ((facets.data?.facets ?? {}) as Record<string, Schemas['FacetValue'][]>)[name] ?? [];
    const list = values.map((f) => f.value).filter((v): v is string => !!v);
    return current && !list.includes(current) ? [current, ...list] : list;
  };
  const models = ranking.data?.models ?? [];
  const filtered = !!tag || !!category;

  return (
    <section className="models-page" aria-labelledby="models-title">
      <h1 id="models-title">Model leaderboard</h1>
      <p className="muted">
        Each model's expected score on a public benchmark of median difficulty, fitted over every public benchmark it
        ran (so running only easy ones does not flatter it), with its 95% interval. Models whose intervals overlap share
        a rank range.
      </p>
      <div className="toolbar" role="group" aria-label="Filters">
        <label>
          Tag
          <select value={tag} onChange={(e) => set('tag', e.target.value || null)}>
            <option value="">All tags</option>
            {facetValues('tags', tag).map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label>
          Category
          <select value={category} onChange={(e) => set('category', e.target.value || null)}>
            <option value="">All categories</option>
            {facetValues('category', category).map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            checked={includeSimulated}
            onChange={(e) => set('sim', e.target.checked ? 'true' : null)}
          />
          Include simulated models
        </label>
        {filtered && (
          <button
            type="button"
            className="link-button"
            onClick={() => setParams(includeSimulated ? { sim: 'true' } : {}, { replace: true })}
          >
            Clear filters
          </button>
        )}
      </div>
      {ranking.isPending && <Loading what="the model ranking" />}
      {ranking.isError && <ErrorBox error={ranking.error} retry={() => ranking.refetch()} />}
      {ranking.data && (
        <p className="muted" role="status" aria-live="polite">
          {plural(models.length, 'model', 'models')} ranked over{' '}
          {plural(ranking.data.benchmarks, 'public benchmark', 'public benchmarks')}
          {tag && ` tagged “${tag}”`}
          {category && ` in ${category}`}; intervals from {ranking.data.resamples} bootstrap resamples of the
          benchmarks.
        </p>
      )}
      {ranking.data && models.length === 0 && (
        <Empty title={filtered ? 'No model is ranked on these benchmarks.' : 'No model is ranked yet.'}>
          {filtered ? (
            <button
              type="button"
              className="link-button"
              onClick={() => setParams(includeSimulated ? { sim: 'true' } : {}, { replace: true })}
            >
              Clear the filters
            </button>
          ) : includeSimulated ? (
            'Run a public benchmark in its canonical configuration to rank models here.'
          ) : (
            <button type="button" className="link-button" onClick={() => set('sim', 'true')}>
              Show simulated models
            </button>
          )}
        </Empty>
      )}
      {models.length > 0 && (
        <div className="table-scroll" role="region" aria-label="Model ranking" tabIndex={0}>
          <table className="table models-table">
            <caption className="visually-hidden">Models ranked by strength, with 95% intervals</caption>
            <thead>
              <tr>
                <th scope="col">Rank</th>
                <th scope="col">Model</th>
                <th scope="col">Strength [95% CI]</th>
                <th scope="col" className="num models-count">
                  <abbr title="Public benchmarks the model has a score on">Bench&shy;marks</abbr>
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
      )}
    </section>
  );
}
