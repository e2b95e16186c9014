import { usePlanCheckout, usePlans } from '../../api/billing';
import type { Schemas } from '../../api/client';
import { browser } from '../../api/credits';
import { ErrorBox, Loading } from '../../ui/States';
import { ManagePlan, planPrice, subscriptionState } from './ManagePlan';
import { PersonalRanking } from './PersonalRanking';

type Me = Schemas['Me'];

/**
 * Your plan (GET /api/auth/me), its subscription's state, on Free the way to Pro through Stripe Checkout, and your own
 * model ranking (on Free where plans are sold, a line saying Pro has it).
 */
export function PlanPanel({ me, returned }: { me: Me; returned: boolean }) {
  const sub = me.subscription;
  return (
    <section aria-labelledby="plan-heading" className="panel">
      <h2 id="plan-heading">Plan</h2>
      {returned && (
        <div className="state state-ok" role="status">
          Thank you. Your plan changes as soon as Stripe confirms the subscription; reload this page in a moment.
        </div>
      )}
      <dl className="facts">
        <div>
          <dt>Plan</dt>
          <dd data-testid="plan">{me.plan === 'PRO' ? 'Pro' : me.plan === 'TEAM' ? 'Team' : 'Free'}</dd>
        </div>
        {sub && (
          <div>
            <dt>Subscription</dt>
            <dd data-testid="subscription">{subscriptionState(sub)}</dd>
          </div>
        )}
      </dl>
      {sub && sub.status !== 'canceled' && sub.status !== 'incomplete_expired' && <ManagePlan />}
      <PersonalRanking />
      {me.plan === 'FREE' && <Upgrade />}
    </section>
  );
}

/** The way from Free to Pro (Stripe Checkout); also offered where Free hides something, e.g. an old run. */
export function Upgrade() {
  const plans = usePlans();
  const checkout = usePlanCheckout();
  if (plans.isPending) return <Loading what="the plans" />;
  if (plans.isError) return <ErrorBox error={plans.error} retry={() => plans.refetch()} />;
  const pro = (plans.data.items ?? []).find((p) => p.id === 'PRO');
  if (!pro?.purchasable) return <p className="muted">Pro is not sold on this server.</p>;
  return (
    <>
      <p className="muted">
        Pro lifts the Free limit of private benchmarks and shows your whole run history, where Free shows a recent
        window. Payment is handled by Stripe.
      </p>
      <button
        type="button"
        className="primary"
        disabled={checkout.isPending}
        onClick={() =>
          checkout.mutate({ plan: 'PRO' }, { onSuccess: (session) => session.url && browser.go(session.url) })
        }
      >
        {checkout.isPending ? 'Opening the checkout…' : `Upgrade to Pro (${planPrice(pro.price)})`}
      </button>
      {checkout.isError && <ErrorBox error={checkout.error} />}
    </>
  );
}
