import { useState } from 'react';
import { usePlanCheckout, usePlans } from '../../api/billing';
import type { Schemas } from '../../api/client';
import { browser } from '../../api/credits';
import { useWorkspaceRanking, type Role } from '../../api/workspaces';
import { ModelRankingTable, plural } from '../../ui/ModelRankingTable';
import { Empty, ErrorBox, Loading } from '../../ui/States';
import { ManagePlan, planPrice, subscriptionState } from '../account/ManagePlan';

type Workspace = Schemas['Workspace'];

/**
 * The workspace's plan and subscription (GET /api/workspaces/{id}), on Free the owners' way to Team through Stripe
 * Checkout, and on Team the workspace's own ranking of models across its private benchmarks (docs/plans.md).
 */
export function WorkspacePlan({ workspace, role }: { workspace: Workspace; role: Role }) {
  const sub = workspace.subscription;
  const team = workspace.plan === 'TEAM';
  return (
    <section aria-labelledby="plan-heading" className="panel">
      <h2 id="plan-heading">Plan</h2>
      <dl className="facts">
        <div>
          <dt>Plan</dt>
          <dd data-testid="workspace-plan">{team ? 'Team' : 'Free'}</dd>
        </div>
        {sub && (
          <div>
            <dt>Subscription</dt>
            <dd data-testid="workspace-subscription">{subscriptionState(sub)}</dd>
          </div>
        )}
      </dl>
      {!team && role === 'OWNER' && <UpgradeToTeam id={workspace.id ?? ''} />}
      {!team && role !== 'OWNER' && (
        <p className="muted">
          On Team the workspace ranks models across its private benchmarks and has no limit of private benchmarks; an
          owner can subscribe it.
        </p>
      )}
      {team && role === 'OWNER' && <ManagePlan workspaceId={workspace.id ?? ''} />}
      {team && <Ranking id={workspace.id ?? ''} />}
    </section>
  );
}

function UpgradeToTeam({ id }: { id: string }) {
  const plans = usePlans();
  const checkout = usePlanCheckout();
  if (plans.isPending) return <Loading what="the plans" />;
  if (plans.isError) return <ErrorBox error={plans.error} retry={() => plans.refetch()} />;
  const offer = (plans.data.items ?? []).find((p) => p.id === 'TEAM');
  if (!offer?.purchasable) return <p className="muted">Team is not sold on this server.</p>;
  return (
    <>
      <p className="muted">
        Team gives the workspace its own ranking of models across its private benchmarks and lifts the Free limit of
        private benchmarks. Payment is handled by Stripe; the plan changes once Stripe confirms it.
      </p>
      <button
        type="button"
        className="primary"
        disabled={checkout.isPending}
        onClick={() =>
          checkout.mutate(
            { plan: 'TEAM', workspaceId: id },
            { onSuccess: (session) => session.url && browser.go(session.url) },
          )
        }
      >
        {checkout.isPending ? 'Opening the checkout…' : `Upgrade to Team (${planPrice(offer.price)})`}
      </button>
      {checkout.isError && <ErrorBox error={checkout.error} />}
    </>
  );
}

function Ranking({ id }: { id: string }) {
  const [includeSimulated, setIncludeSimulated] = useState(false);
  const ranking = useWorkspaceRanking(id, includeSimulated, true);
  const models = ranking.data?.models ?? [];
  return (
    <div>
      <h3 id="ranking-heading">Model ranking</h3>
      <p className="muted">
        Each model&apos;s expected score on one of this workspace&apos;s private benchmarks of median difficulty, with
        its 95% interval. Only members see it; nothing of it reaches the public boards.
      </p>
      <label>
        <input type="checkbox" checked={includeSimulated} onChange={(e) => setIncludeSimulated(e.target.checked)} />
        Include simulated models
      </label>
      {ranking.isPending && <Loading what="the workspace's ranking" />}
      {ranking.isError && <ErrorBox error={ranking.error} retry={() => ranking.refetch()} />}
      {ranking.data && models.length > 0 && (
        <p className="muted" role="status" aria-live="polite">
          {plural(models.length, 'model', 'models')} ranked over{' '}
          {plural(ranking.data.benchmarks, 'private benchmark', 'private benchmarks')}; intervals from{' '}
          {ranking.data.resamples} bootstrap resamples of the benchmarks.
        </p>
      )}
      {ranking.data && models.length === 0 && (
        <Empty title="No model is ranked yet.">
          Run the workspace&apos;s private benchmarks in their canonical configuration to rank models here.
        </Empty>
      )}
      {models.length > 0 && (
        <ModelRankingTable
          models={models}
          label="Model ranking"
          benchmarksTitle="Private benchmarks the model has a score on"
        />
      )}
    </div>
  );
}
