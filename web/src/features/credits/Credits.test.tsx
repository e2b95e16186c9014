import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { vi } from 'vitest';
import { renderAt, serve } from '../../test/render';
import { browser } from '../../api/credits';
import { CreditsPage } from './CreditsPage';
import { NewRunPage } from '../run/NewRunPage';

const me = { body: { id: 'usr_1', handle: 'alice', role: 'USER', hasPassword: true, authenticatedBy: 'session' } };
const prices = {
  body: {
    checkout: true,
    prices: [
      { key: 'price_100', priceId: 'price_100', amountMinor: 1000, currency: 'usd', credits: 100 },
      { key: 'usd-2500', amountMinor: 2500, currency: 'usd', credits: 500 },
    ],
  },
};
const problem = (status: number, detail: string) => ({
  status,
  body: { status, detail },
  contentType: 'application/problem+json',
});

const newest = [
  {
    seq: 9,
    at: '2026-12-05T10:00:00Z',
    kind: 'RELEASED',
    balanceChange: 0,
    reservedChange: -30,
    owedChange: 0,
    balanceAfter: 970,
    reservedAfter: 0,
    owedAfter: 0,
    runId: 'run_7',
  },
  {
    seq: 8,
    at: '2026-12-05T09:59:00Z',
    kind: 'CHARGED',
    balanceChange: -14,
    reservedChange: -14,
    owedChange: 0,
    balanceAfter: 970,
    reservedAfter: 30,
    owedAfter: 0,
    runId: 'run_7',
    amountMinor: 140,
    currency: 'usd',
    apiCostMicros: 4_700,
  },
  {
    seq: 7,
    at: '2026-12-05T09:50:00Z',
    kind: 'RESERVED',
    balanceChange: 0,
    reservedChange: 44,
    owedChange: 0,
    balanceAfter: 984,
    reservedAfter: 44,
    owedAfter: 0,
    runId: 'run_7',
  },
];
const older = [
  {
    seq: 3,
    at: '2026-12-02T09:00:00Z',
    kind: 'CLAWED_BACK',
    balanceChange: -16,
    reservedChange: 0,
    owedChange: 0,
    balanceAfter: 984,
    reservedAfter: 0,
    owedAfter: 0,
    reason: 'REFUND',
    amountMinor: 160,
    currency: 'usd',
  },
  {
    seq: 1,
    at: '2026-12-01T09:00:00Z',
    kind: 'PURCHASED',
    balanceChange: 1000,
    reservedChange: 0,
    owedChange: 0,
    balanceAfter: 1000,
    reservedAfter: 0,
    owedAfter: 0,
    paymentId: 'cs_1',
    amountMinor: 1000,
    currency: 'usd',
  },
];

describe('credits', () => {
  it('shows the balance and pages through the ledger by cursor', async () => {
    const requests = serve({
      '/api/auth/me': me,
      '/api/credits/prices': prices,
      '/api/credits/balance': { body: { accountId: 'acct_usr_1', balance: 970, reserved: 0, available: 970, owed: 0 } },
      '/api/credits/ledger': (url) =>
        url.searchParams.get('cursor') === 'c2'
          ? { body: { accountId: 'acct_usr_1', items: older, nextCursor: null } }
          : { body: { accountId: 'acct_usr_1', items: newest, nextCursor: 'c2' } },
    });
    renderAt('/credits', '/credits', <CreditsPage />);
    expect((await screen.findByTestId('available')).textContent).toBe('970');
    const charge = await screen.findByRole('row', { name: /Charge/ });
    expect(charge.textContent).toContain('−14');
    expect(charge.textContent).toContain('$1.40');
    expect(charge.textContent).toContain('API cost $0.0047');
    expect(within(charge).getByRole('link', { name: 'run_7' }).getAttribute('href')).toBe('/runs/run_7');
    expect(screen.getByRole('row', { name: /Reserved for a run/ }).textContent).toContain('+44');
    expect(screen.queryByRole('row', { name: /Purchase/ })).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Show older lines' }));
    const purchase = await screen.findByRole('row', { name: /Purchase/ });
    expect(purchase.textContent).toContain('+1,000');
    expect(purchase.textContent).toContain('$10.00');
    expect(screen.getByRole('row', { name: /Clawback/ }).textContent).toContain('REFUND');
    expect(screen.queryByRole('button', { name: 'Show older lines' })).toBeNull();
    expect(screen.getByText('That is the first line of your ledger.')).toBeTruthy();
    const ledgerCalls = requests.filter((r) => r.url.includes('/api/credits/ledger')).map((r) => new URL(r.url).search);
    expect(ledgerCalls).toEqual(['?limit=50', '?cursor=c2&limit=50']);
  });

  it('says what is owed, has an empty ledger state, and shows the server detail on an error', async () => {
    serve({
      '/api/auth/me': me,
      '/api/credits/prices': prices,
      '/api/credits/balance': { body: { accountId: 'acct_usr_1', balance: 0, reserved: 0, available: 0, owed: 12 } },
      '/api/credits/ledger': { body: { accountId: 'acct_usr_1', items: [], nextCursor: null } },
    });
    const view = renderAt('/credits', '/credits', <CreditsPage />);
    expect((await screen.findByRole('alert')).textContent).toContain('took back 12 credits that were already spent');
    expect(await screen.findByText('No credit movements yet.')).toBeTruthy();
    view.unmount();

    serve({
      '/api/auth/me': me,
      '/api/credits/prices': prices,
      '/api/credits/balance': problem(503, 'The ledger is being rebuilt.'),
      '/api/credits/ledger': problem(503, 'The ledger is being rebuilt.'),
    });
    renderAt('/credits', '/credits', <CreditsPage />);
    await waitFor(() => expect(screen.getAllByRole('alert')).toHaveLength(2));
    expect(screen.getAllByRole('alert')[0].textContent).toContain('The ledger is being rebuilt.');
    expect(screen.getAllByRole('button', { name: 'Try again' })).toHaveLength(2);
  });

  it('asks a signed-out visitor to sign in', async () => {
    const requests = serve({ '/api/auth/me': problem(401, 'This needs a signed-in session') });
    renderAt('/credits', '/credits', <CreditsPage />);
    expect((await screen.findByRole('link', { name: 'Sign in' })).getAttribute('href')).toBe('/sign-in?next=/credits');
    expect(requests.some((r) => r.url.includes('/api/credits'))).toBe(false);
  });

  it('links a 402 on New run to the credits page', async () => {
    serve({
      '/api/benchmarks/bm_1': { body: { id: 'bm_1', title: 'Arithmetic', version: 3, cases: [{}] } },
      '/api/models': { body: { models: [{ id: 'sim/echo', provider: 'sim', simulated: true }] } },
      '/api/credits/balance': { body: { available: 100, balance: 100, reserved: 0, owed: 0 } },
      '/api/runs/estimate': {
        body: { billing: 'CREDITS', trials: 1, cases: 1, maxCostMicros: 0, reservedCredits: 0, unpriced: [] },
      },
      '/api/runs': problem(402, 'This run needs 41 credits and 10 are available.'),
    });
    renderAt(
      '/benchmarks/bm_1/run',
      '*',
      <Routes>
        <Route path="/benchmarks/:id/run" element={<NewRunPage />} />
      </Routes>,
    );
    await userEvent.click(await screen.findByLabelText('sim/echo'));
    await userEvent.click(screen.getByRole('button', { name: /Start the run/ }));
    const alert = await screen.findByText(/Not enough credits/);
    const box = alert.closest('[role=alert]') as HTMLElement;
    expect(box.textContent).toContain('This run needs 41 credits and 10 are available.');
    expect(
      within(box)
        .getByRole('link', { name: /See your credits/ })
        .getAttribute('href'),
    ).toBe('/credits');
  });

  it('buys credits: a price opens a checkout and the browser goes to it; a refusal shows its detail', async () => {
    const go = vi.spyOn(browser, 'go').mockImplementation(() => {});
    let attempt = 0;
    const requests = serve({
      '/api/auth/me': me,
      '/api/credits/prices': prices,
      '/api/credits/balance': { body: { accountId: 'acct_usr_1', balance: 0, reserved: 0, available: 0, owed: 0 } },
      '/api/credits/ledger': { body: { accountId: 'acct_usr_1', items: [], nextCursor: null } },
      '/api/credits/checkout': () =>
        ++attempt === 1
          ? problem(502, 'The payment provider did not open a checkout (HTTP 401). Try again later.')
          : { status: 201, body: { sessionId: 'cs_1', url: 'https://checkout.stripe.com/c/pay/cs_1' } },
    });
    renderAt('/credits', '/credits', <CreditsPage />);
    const buy = await screen.findByRole('button', { name: 'Buy 500 credits for $25.00' });
    expect(screen.getByText('$0.05 a credit')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Buy 100 credits for $10.00' })).toBeTruthy();
    await userEvent.click(buy);
    expect((await screen.findByRole('alert')).textContent).toContain('did not open a checkout (HTTP 401)');
    expect(go).not.toHaveBeenCalled();
    await userEvent.click(buy);
    await waitFor(() => expect(go).toHaveBeenCalledWith('https://checkout.stripe.com/c/pay/cs_1'));
    const posts = await Promise.all(requests.filter((r) => r.method === 'POST').map((r) => r.clone().json()));
    expect(posts).toEqual([{ price: 'usd-2500' }, { price: 'usd-2500' }]);
    go.mockRestore();
  });

  it('says when buying is not set up, and after a checkout waits for the payment to arrive', async () => {
    serve({
      '/api/auth/me': me,
      '/api/credits/prices': { body: { checkout: false, prices: [] } },
      '/api/credits/balance': { body: { accountId: 'acct_usr_1', balance: 0, reserved: 0, available: 0, owed: 0 } },
      '/api/credits/ledger': { body: { accountId: 'acct_usr_1', items: [], nextCursor: null } },
    });
    const view = renderAt('/credits', '/credits', <CreditsPage />);
    expect(await screen.findByText(/Buying credits is not set up on this server/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Buy/ })).toBeNull();
    view.unmount();

    let reads = 0;
    serve({
      '/api/auth/me': me,
      '/api/credits/prices': prices,
      '/api/credits/balance': () => ({
        body: {
          accountId: 'acct_usr_1',
          balance: reads > 1 ? 500 : 0,
          reserved: 0,
          available: reads > 1 ? 500 : 0,
          owed: 0,
        },
      }),
      '/api/credits/ledger': () =>
        ++reads > 1
          ? {
              body: {
                accountId: 'acct_usr_1',
                items: [
                  {
                    seq: 1,
                    at: '2026-12-07T12:00:00Z',
                    kind: 'PURCHASED',
                    balanceChange: 500,
                    reservedChange: 0,
                    owedChange: 0,
                    balanceAfter: 500,
                    reservedAfter: 0,
                    owedAfter: 0,
                    paymentId: 'cs_9',
                    amountMinor: 2500,
                    currency: 'usd',
                  },
                ],
                nextCursor: null,
              },
            }
          : { body: { accountId: 'acct_usr_1', items: [], nextCursor: null } },
    });
    renderAt('/credits?checkout=success&session=cs_9', '/credits', <CreditsPage />);
    expect(await screen.findByText(/The payment is being confirmed/)).toBeTruthy();
    await screen.findByText('Your payment is confirmed and its credits are in your balance.', undefined, {
      timeout: 6000,
    });
    expect((await screen.findByRole('row', { name: /Purchase/ })).textContent).toContain('$25.00');
    await waitFor(() => expect(screen.getByTestId('available').textContent).toBe('500'), { timeout: 6000 });
  }, 20_000);
});
