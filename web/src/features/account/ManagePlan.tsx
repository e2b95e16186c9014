import { usePlanPortal } from '../../api/billing';
import type { Schemas } from '../../api/client';
import { browser } from '../../api/credits';
import { ErrorBox } from '../../ui/States';

type Subscription = Schemas['Subscription'];

const when = (iso?: string | null) =>
  iso ? new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' }) : null;

/** What follows the status of an active subscription: when it renews, or, cancelled in the portal, when it ends. */
export function renewal(sub: Subscription) {
  if (sub.status !== 'active' || !sub.currentPeriodEnd) return '';
  return sub.cancelAtPeriodEnd
    ? `. Cancels on ${when(sub.currentPeriodEnd)}; the plan stays until then`
    : `, renews on ${when(sub.currentPeriodEnd)}`;
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
