import { useSearchParams } from 'react-router';
import { useLibraryFacets, useModelRanking } from '../../api/queries';
import type { Schemas } from '../../api/client';
import { ModelRankingTable, plural } from '../../ui/ModelRankingTable';
import { Empty, ErrorBox, Loading } from '../../ui/States';

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
        <ModelRankingTable
          models={models}
          label="Model ranking"
          benchmarksTitle="Public benchmarks the model has a score on"
        />
      )}
    </section>
  );
}
