import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { browser } from '../../api/credits';
import { renderAt, serve } from '../../test/render';
import { AccountPage } from './AccountPage';

const me = (over: Record<string, unknown> = {}) => ({
  body: {
    id: 'usr_1',
    handle: 'alice',
    displayName: 'Alice',
    role: 'USER',
    hasPassword: false,
    authenticatedBy: 'session',
    plan: 'FREE',
    subscription: null,
    ...over,
  },
});
const plans = {
  body: {
    items: [
      { id: 'FREE', name: 'Free', purchasable: false, price: null, features: [] },
      {
        id: 'PRO',
        name: 'Pro',
        purchasable: true,
        price: { priceId: 'price_pro', amountMinor: 1900, currency: 'usd', interval: 'month' },
        features: [],
      },
      { id: 'TEAM', name: 'Team', purchasable: true, price: null, features: [] },
    ],
  },
};
const refused = {
  status: 402,
  body: {
    status: 402,
    detail: 'Part of the Pro plan.',
    limit: 'private-leaderboards',
    plan: 'FREE',
    requiredPlan: 'PRO',
  },
  contentType: 'application/problem+json',
};
const empty = {
  '/api/auth/tokens': { body: { items: [] } },
  '/api/webhooks': { body: { items: [] } },
  '/api/me/leaderboards/models': refused,
};
const ranking = (models: unknown[]) => ({
  body: { includeSimulated: false, benchmarks: models.length ? 3 : 0, resamples: 1000, models },
});
const pro = me({
  plan: 'PRO',
  subscription: {
    id: 'sub_1',
    plan: 'PRO',
    status: 'active',
    currentPeriodEnd: '2027-01-05T10:00:00Z',
    mrrMinor: 1900,
    currency: 'usd',
  },
});

beforeEach(() => {
  document.cookie = 'XSRF-TOKEN=csrf-1';
});

describe('account: plan', () => {
  it('on Free offers Pro at its price and sends the browser to Stripe’s checkout', async () => {
    const go = vi.spyOn(browser, 'go').mockImplementation(() => {});
    const requests = serve({
      ...empty,
      '/api/auth/me': me(),
      '/api/plans': plans,
      '/api/billing/checkout': { status: 201, body: { sessionId: 'cs_1', url: 'https://checkout.stripe.test/cs_1' } },
    });
    renderAt('/account', '/account', <AccountPage />);
    expect((await screen.findByTestId('plan')).textContent).toBe('Free');
    await userEvent.click(await screen.findByRole('button', { name: 'Upgrade to Pro ($19.00 a month)' }));
    await waitFor(() => expect(go).toHaveBeenCalledWith('https://checkout.stripe.test/cs_1'));
    const post = requests.find((r) => r.method === 'POST' && r.url.includes('/api/billing/checkout'))!;
    expect(await post.clone().json()).toEqual({ plan: 'PRO' });
    go.mockRestore();
  });

  it('shows a Pro subscription past due, thanks a returning buyer, and says a refused checkout', async () => {
    serve({
      ...empty,
      '/api/auth/me': me({
        plan: 'PRO',
        subscription: {
          id: 'sub_1',
          plan: 'PRO',
          status: 'past_due',
          pastDueSince: '2026-12-05T10:00:00Z',
          currentPeriodEnd: null,
          mrrMinor: 1900,
          currency: 'usd',
        },
      }),
      '/api/plans': plans,
    });
    const view = renderAt('/account?checkout=success', '/account', <AccountPage />);
    expect((await screen.findByTestId('plan')).textContent).toBe('Pro');
    expect(screen.getByTestId('subscription').textContent).toContain('payment failed');
    expect(screen.getByText(/Your plan changes as soon as Stripe confirms/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Upgrade to Pro/ })).toBeNull();
    view.unmount();

    serve({
      ...empty,
      '/api/auth/me': me(),
      '/api/plans': plans,
      '/api/billing/checkout': {
        status: 409,
        body: { status: 409, detail: 'There is a subscription already.' },
        contentType: 'application/problem+json',
      },
    });
    renderAt('/account', '/account', <AccountPage />);
    await userEvent.click(await screen.findByRole('button', { name: /Upgrade to Pro/ }));
    expect(await screen.findByText(/There is a subscription already/)).toBeTruthy();
  });

  it('lets a subscriber manage the plan in Stripe’s portal, says when a cancelled one ends, and says a refused portal', async () => {
    const go = vi.spyOn(browser, 'go').mockImplementation(() => {});
    const subscriber = (over: Record<string, unknown> = {}) =>
      me({
        plan: 'PRO',
        subscription: {
          id: 'sub_1',
          plan: 'PRO',
          status: 'active',
          pastDueSince: null,
          currentPeriodEnd: '2027-01-07T10:00:00Z',
          mrrMinor: 1900,
          currency: 'usd',
          cancelAtPeriodEnd: true,
          ...over,
        },
      });
    const requests = serve({
      ...empty,
      '/api/auth/me': subscriber(),
      '/api/plans': plans,
      '/api/billing/portal': { status: 201, body: { url: 'https://billing.stripe.test/p_1' } },
    });
    const view = renderAt('/account', '/account', <AccountPage />);
    expect((await screen.findByTestId('subscription')).textContent).toMatch(
      /^active\. Cancels on .*2027; the plan stays until then$/,
    );
    const manage = await screen.findByRole('button', { name: 'Manage plan' });
    manage.focus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(go).toHaveBeenCalledWith('https://billing.stripe.test/p_1'));
    const post = requests.find((r) => r.method === 'POST' && r.url.includes('/api/billing/portal'))!;
    expect(await post.clone().json()).toEqual({});
    go.mockRestore();
    view.unmount();

    serve({
      ...empty,
      '/api/auth/me': subscriber({ cancelAtPeriodEnd: false }),
      '/api/plans': plans,
      '/api/billing/portal': {
        status: 409,
        body: { status: 409, detail: 'There is no subscription to manage yet.' },
        contentType: 'application/problem+json',
      },
    });
    const second = renderAt('/account', '/account', <AccountPage />);
    expect((await screen.findByTestId('subscription')).textContent).toMatch(/^active, renews on /);
    await userEvent.click(await screen.findByRole('button', { name: 'Manage plan' }));
    expect(await screen.findByText(/no subscription to manage yet/)).toBeTruthy();
    second.unmount();

    // Free, never subscribed: nothing to manage
    serve({ ...empty, '/api/auth/me': me(), '/api/plans': plans });
    renderAt('/account', '/account', <AccountPage />);
    expect(await screen.findByRole('button', { name: /Upgrade to Pro/ })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Manage plan' })).toBeNull();
  });

  it('on Free says Pro has your own model ranking', async () => {
    serve({ ...empty, '/api/auth/me': me(), '/api/plans': plans });
    renderAt('/account', '/account', <AccountPage />);
    expect((await screen.findByTestId('personal-ranking-upsell')).textContent).toBe(
      'Upgrade to Pro for your own model ranking across your private benchmarks.',
    );
    expect(screen.queryByRole('region', { name: 'Your model ranking' })).toBeNull();
  });

  it('on Pro shows your own ranking with 95% intervals and rank ranges, its empty state and its errors', async () => {
    serve({
      ...empty,
      '/api/auth/me': pro,
      '/api/plans': plans,
      '/api/me/leaderboards/models': ranking([
        {
          model: 'acme/strong',
          simulated: false,
          strength: 0.81,
          ci95: [0.74, 0.88],
          rank: { best: 1, worst: 2 },
          benchmarks: 3,
          runs: 4,
        },
        {
          model: 'acme/weak',
          simulated: false,
          strength: 0.62,
          ci95: [0.55, 0.8],
          rank: { best: 1, worst: 2 },
          benchmarks: 2,
          runs: 2,
        },
      ]),
    });
    const view = renderAt('/account', '/account', <AccountPage />);
    const table = await screen.findByRole('region', { name: 'Your model ranking' });
    const rows = table.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain('acme/strong');
    expect(rows[0].querySelector('td')!.textContent).toBe('1–2');
    expect(table.textContent).toMatch(/0\.74/);
    expect(screen.getByText(/2 models ranked over 3 private benchmarks/)).toBeTruthy();
    expect(screen.queryByTestId('personal-ranking-upsell')).toBeNull();
    view.unmount();

    serve({ ...empty, '/api/auth/me': pro, '/api/plans': plans, '/api/me/leaderboards/models': ranking([]) });
    const second = renderAt('/account', '/account', <AccountPage />);
    expect(await screen.findByText('No model is ranked yet.')).toBeTruthy();
    second.unmount();

    serve({
      ...empty,
      '/api/auth/me': pro,
      '/api/plans': plans,
      '/api/me/leaderboards/models': {
        status: 503,
        body: { status: 503, detail: 'The ranking is not available.' },
        contentType: 'application/problem+json',
      },
    });
    renderAt('/account', '/account', <AccountPage />);
    expect(await screen.findByText(/The ranking is not available/)).toBeTruthy();
  });
});
