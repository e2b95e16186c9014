import { useState } from 'react';
import { ApiError } from '../../api/client';
import { usePersonalRanking } from '../../api/queries';
import { ModelRankingTable, plural } from '../../ui/ModelRankingTable';
import { Empty, ErrorBox, Loading } from '../../ui/States';

/**
 * Your own ranking of models across your personal private benchmarks (GET /api/me/leaderboards/models), by the method
 * of the public ranking. A Pro feature: on Free, where plans are sold, the server answers 402 and this says so.
 */
export function PersonalRanking() {
  const [includeSimulated, setIncludeSimulated] = useState(false);
  const ranking = usePersonalRanking(includeSimulated);
  if (ranking.error instanceof ApiError && ranking.error.status === 402) {
    return (
      <p className="muted" data-testid="personal-ranking-upsell">
        Upgrade to Pro for your own model ranking across your private benchmarks.
      </p>
    );
  }
  const models = ranking.data?.models ?? [];
  return (
    <div>
      <h3 id="personal-ranking-heading">Your model ranking</h3>
      <p className="muted">
        Each model&apos;s expected score on one of your private benchmarks of median difficulty, with its 95% interval;
        models whose intervals overlap share a rank range. Only you see it; nothing of it reaches the public boards.
      </p>
      <label>
        <input type="checkbox" checked={includeSimulated} onChange={(e) => setIncludeSimulated(e.target.checked)} />
        Include simulated models
      </label>
      {ranking.isPending && <Loading what="your model ranking" />}
      {ranking.isError && <ErrorBox error={ranking.error} retry={() => ranking.refetch()} />}
      {ranking.data && (
        <p className="muted" role="status" aria-live="polite">
          {plural(models.length, 'model', 'models')} ranked over{' '}
          {plural(ranking.data.benchmarks, 'private benchmark', 'private benchmarks')}; intervals from{' '}
          {ranking.data.resamples} bootstrap resamples of the benchmarks.
        </p>
      )}
      {ranking.data && models.length === 0 && (
        <Empty title="No model is ranked yet.">
          Run your private benchmarks in their canonical configuration to rank models here.
        </Empty>
      )}
      {models.length > 0 && (
        <ModelRankingTable
          models={models}
          label="Your model ranking"
          benchmarksTitle="Your private benchmarks the model has a score on"
        />
      )}
    </div>
  );
}
