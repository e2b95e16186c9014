import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useMe } from '../../api/account';
import { browser, useBalance, useCheckout, useLedger, usePrices } from '../../api/credits';
import type { Schemas } from '../../api/client';
import { Empty, ErrorBox, Loading } from '../../ui/States';
import { date, usd } from '../../ui/format';

type Line = Schemas['LedgerLine'];

/** What each ledger kind means, in words (docs/credits.md). */
export const KINDS: Record<string, string> = {
  PURCHASED: 'Purchase',
  GRANTED: 'Grant',
  RESERVED: 'Reserved for a run',
  CHARGED: 'Charge',
  RELEASED: 'Reservation released',
  REFUNDED: 'Refund',
  CLAWED_BACK: 'Clawback',
  RECOVERED: 'Owed credits recovered',
  SETTLED: 'Owed credits settled',
};

const count = new Intl.NumberFormat('en-US');

/** A signed change, "+1,000" or "−25", or nothing when it did not change. */
export function change(x: number | null | undefined): string {
  if (!x) return '';
  return `${x > 0 ? '+' : '−'}${count.format(Math.abs(x))}`;
}

function money(minor: number | null | undefined, currency: string | null | undefined): string {
  if (minor == null) return '';
  const cur = (currency ?? 'usd').toUpperCase();
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency: cur }).format(minor / 100);
  } catch {
    return `${minor} ${cur} (minor units)`;
  }
}

function perCredit(minor: number, credits: number, currency: string | null | undefined): string {
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency: (currency ?? 'usd').toUpperCase(),
      minimumFractionDigits: 2,
      maximumFractionDigits: 4,
    }).format(minor / credits / 100);
  } catch {
    return '';
  }
}

/** What a line is about: its run, payment, reason or admin. */
function about(line: Line) {
  const parts: React.ReactNode[] = [];
  if (line.runId)
    parts.push(
      line.runId.startsWith('run_') ? (
        <Link key="run" to={`/runs/${line.runId}`}>
          {line.runId}
        </Link>
      ) : (
        <span key="run" className="mono">
          {line.runId}
        </span>
      ),
    );
  if (line.amountMinor != null) {
    const verb =
      { PURCHASED: 'paid', CHARGED: 'revenue', REFUNDED: 'refunded', CLAWED_BACK: 'returned' }[line.kind ?? ''] ?? '';
    parts.push(
      <span key="money">
        {verb} {money(line.amountMinor, line.currency)}
      </span>,
    );
  }
  if (line.paymentId)
    parts.push(
      <span key="payment" className="mono small">
        {line.paymentId}
      </span>,
    );
  if (line.apiCostMicros != null) parts.push(<span key="cost">API cost {usd(line.apiCostMicros)}</span>);
  if (line.uncoveredCostMicros)
    parts.push(<span key="unc">{usd(line.uncoveredCostMicros)} not charged (over the reservation)</span>);
  if (line.reason) parts.push(<span key="reason">{line.reason}</span>);
  if (line.by) parts.push(<span key="by">by {line.by}</span>);
  return parts.length === 0 ? (
    <span className="muted">—</span>
  ) : (
    parts.reduce<React.ReactNode[]>((all, p, i) => (i ? [...all, ' · ', p] : [p]), [])
  );
}

/** /credits: the balance, what is reserved and owed, the ledger paged by cursor, and how to get more credits. */
export function CreditsPage() {
  const me = useMe();
  const signedIn = !!me.data;
  const [params] = useSearchParams();
  const returned = params.get('checkout');
  const session = params.get('session');
  // back from a paid checkout: the credits arrive when Stripe's webhook does, so the ledger and balance are read again
  // every 2 s until the purchase of this session is in the ledger
  const waiting = returned === 'success';
  const [arrived, setArrived] = useState(false);
  const ledger = useLedger(signedIn, waiting && !arrived ? 2000 : false);
  const balance = useBalance(signedIn, waiting && !arrived ? 2000 : false);
  const purchased =
    !!session &&
    (ledger.data?.pages ?? []).some((p) =>
      (p.items ?? []).some((l) => l.kind === 'PURCHASED' && l.paymentId === session),
    );
  // set in the render that finds the purchase, and kept: the polling stops there
  if (purchased && !arrived) setArrived(true);
  const queries = useQueryClient();
  useEffect(() => {
    // the balance was read at its own pace: read it once more now that the purchase is in the ledger
    if (purchased) queries.invalidateQueries({ queryKey: ['credits', 'balance'] });
  }, [purchased, queries]);
  if (me.isPending) return <Loading what="your credits" />;
  if (me.isError) return <ErrorBox error={me.error} retry={() => me.refetch()} />;
  if (!me.data)
    return (
      <Empty title="You are not signed in.">
        <Link to="/sign-in?next=/credits">Sign in</Link> to see your credits.
      </Empty>
    );
  const lines = ledger.data?.pages.flatMap((p) => p.items ?? []) ?? [];
  const b = balance.data;
  return (
    <div className="credits">
      <h1>Credits</h1>
      {waiting && (
        <p role="status" className="state state-ok">
          <strong>Thank you.</strong>{' '}
          {arrived
            ? 'Your payment is confirmed and its credits are in your balance.'
            : 'The payment is being confirmed: your credits appear here as soon as the payment provider reports it, usually within seconds.'}
        </p>
      )}
      {returned === 'cancelled' && (
        <p role="status" className="state">
          The checkout was cancelled: nothing was charged.
        </p>
      )}
      <section aria-labelledby="balance-heading" className="panel">
        <h2 id="balance-heading">Balance</h2>
        {balance.isPending && <Loading what="your balance" />}
        {balance.isError && <ErrorBox error={balance.error} retry={() => balance.refetch()} />}
        {b && (
          <>
            <dl className="facts credit-facts">
              <div>
                <dt>Available</dt>
                <dd className="big" data-testid="available">
                  {count.format(b.available)}
                </dd>
              </div>
              <div>
                <dt>Balance</dt>
                <dd>{count.format(b.balance)}</dd>
              </div>
              <div>
                <dt>Reserved for runs in progress</dt>
                <dd>{count.format(b.reserved)}</dd>
              </div>
              {b.owed > 0 && (
                <div>
                  <dt>Owed</dt>
                  <dd className="warn">{count.format(b.owed)}</dd>
                </div>
              )}
            </dl>
            <p className="muted small">
              Credits are exact whole numbers (no estimate): available = balance − reserved. A run reserves the most it
              can cost before it starts and is charged what its calls really cost, rounded up once; the rest is
              released.
            </p>
            {b.owed > 0 && (
              <p role="alert" className="state state-error">
                A refund or dispute took back {count.format(b.owed)} credits that were already spent. Until they are
                paid back, paid runs do not start; runs of simulated models still do.
              </p>
            )}
          </>
        )}
      </section>

      <BuyCredits />

      <section aria-labelledby="ledger-heading" className="panel">
        <h2 id="ledger-heading">Ledger</h2>
        {ledger.isPending && <Loading what="the ledger" />}
        {ledger.isError && lines.length === 0 && <ErrorBox error={ledger.error} retry={() => ledger.refetch()} />}
        {ledger.isSuccess && lines.length === 0 && (
          <Empty title="No credit movements yet.">
            Purchases, grants, reservations, charges, refunds and clawbacks will be listed here.
          </Empty>
        )}
        {lines.length > 0 && (
          <div className="table-scroll" role="region" aria-label="Ledger lines" tabIndex={0}>
            <table className="table ledger">
              <caption className="visually-hidden">Credit movements, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">What</th>
                  <th scope="col" className="num">
                    Balance
                  </th>
                  <th scope="col" className="num">
                    Reserved
                  </th>
                  <th scope="col" className="num">
                    Owed
                  </th>
                  <th scope="col">About</th>
                </tr>
              </thead>
              <tbody>
                {lines.map((line) => (
                  <tr key={line.seq}>
                    <td className="nowrap">{date(line.at)}</td>
                    <th scope="row">{KINDS[line.kind ?? ''] ?? line.kind}</th>
                    <td className="num">
                      <span className="change">{change(line.balanceChange)}</span>{' '}
                      <span className="muted">→ {count.format(line.balanceAfter ?? 0)}</span>
                    </td>
                    <td className="num">
                      <span className="change">{change(line.reservedChange)}</span>{' '}
                      <span className="muted">→ {count.format(line.reservedAfter ?? 0)}</span>
                    </td>
                    <td className="num">
                      <span className="change">{change(line.owedChange)}</span>{' '}
                      <span className="muted">→ {count.format(line.owedAfter ?? 0)}</span>
                    </td>
                    <td>{about(line)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {ledger.isError && lines.length > 0 && <ErrorBox error={ledger.error} retry={() => ledger.fetchNextPage()} />}
        {ledger.hasNextPage && (
          <p>
            <button type="button" onClick={() => ledger.fetchNextPage()} disabled={ledger.isFetchingNextPage}>
              {ledger.isFetchingNextPage ? 'Loading older lines…' : 'Show older lines'}
            </button>
          </p>
        )}
        {lines.length > 0 && !ledger.hasNextPage && (
          <p className="muted small">That is the first line of your ledger.</p>
        )}
      </section>
    </div>
  );
}

/** The price table as Buy buttons; a click opens a Stripe Checkout session and the browser goes there. */
function BuyCredits() {
  const prices = usePrices(true);
  const checkout = useCheckout();
  return (
    <section aria-labelledby="buy-heading" className="panel">
      <h2 id="buy-heading">Buy credits</h2>
      {prices.isPending && <Loading what="the prices" />}
      {prices.isError && <ErrorBox error={prices.error} retry={() => prices.refetch()} />}
      {prices.data && !prices.data.checkout && (
        <p>
          Buying credits is not set up on this server. Ask an administrator for a grant, or run with your own provider
          key (BYOK) from <em>New run</em>.
        </p>
      )}
      {prices.data?.checkout && (
        <>
          <ul className="offers">
            {(prices.data.prices ?? []).map((p) => (
              <li key={p.key}>
                <button
                  type="button"
                  className="primary"
                  disabled={checkout.isPending}
                  onClick={() => checkout.mutate(p.key!, { onSuccess: (session) => browser.go(session.url!) })}
                >
                  Buy {count.format(p.credits)} credits for {money(p.amountMinor, p.currency)}
                </button>{' '}
                <span className="muted small">{perCredit(p.amountMinor, p.credits, p.currency)} a credit</span>
              </li>
            ))}
          </ul>
          <p className="muted small">
            Payment is handled by Stripe: you leave this page to pay and come back here. Credits are added once Stripe
            confirms it.
          </p>
          {checkout.isPending && <p role="status">Opening the checkout…</p>}
          {checkout.isError && <ErrorBox error={checkout.error} />}
        </>
      )}
    </section>
  );
}
