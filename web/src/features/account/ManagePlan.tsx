import { usePlanPortal } from '../../api/billing';
import type { Schemas } from '../../api/client';
import { browser } from '../../api/credits';
import { ErrorBox } from '../../ui/States';
import { localTime } from '../../ui/format';

type Subscription = Schemas['Subscription'];

/** A plan's price as the upgrade buttons show it: "$19.00 a month". */
export const planPrice = (p?: Schemas['PlanPriceInfo'] | null) =>
  p
    ? `${p.currency === 'usd' ? `$${(p.amountMinor / 100).toFixed(2)}` : `${(p.amountMinor / 100).toFixed(2)} ${(p.currency ?? '').toUpperCase()}`} a ${p.interval}`
    : '';

/**
 * A subscription's state in words, for the account's and a workspace's Plan panel: its status (a failed payment says
 * the 7 days' grace), then, while active, when it renews or, cancelled in the portal, when it ends.
 */
export function subscriptionState(sub: Subscription) {
  const status =
    sub.status === 'past_due'
      ? `payment failed${sub.pastDueSince ? ` on ${localTime(sub.pastDueSince, 'day')}` : ''}: Stripe retries it; the plan is kept for 7 days`
      : sub.status === 'canceled'
        ? 'ended'
        : sub.status;
  if (sub.status !== 'active' || !sub.currentPeriodEnd) return status;
  return sub.cancelAtPeriodEnd
    ? `${status}. Cancels on ${localTime(sub.currentPeriodEnd, 'day')}; the plan stays until then`
    : `${status}, renews on ${localTime(sub.currentPeriodEnd, 'day')}`;
}

/** "Manage plan": Stripe's Customer Portal, where the plan is changed or cancelled (docs/plans.md). */
export function ManagePlan({ workspaceId }: { workspaceId?: string }) {
  const portal = usePlanPortal();
  return (
    <>
      <p className="muted">Change or cancel the plan, or update the card, in Stripe&apos;s customer portal.</p>
      <button
        type="button"
        disabled={portal.isPending}
        onClick={() =>
          portal.mutate(workspaceId ? { workspaceId } : {}, {
            onSuccess: (session) => session.url && browser.go(session.url),
          })
        }
      >
        {portal.isPending ? 'Opening the portal…' : 'Manage plan'}
      </button>
      {portal.isError && <ErrorBox error={portal.error} />}
    </>
  );
}
