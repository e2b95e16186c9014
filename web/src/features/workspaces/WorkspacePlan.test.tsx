import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { browser } from '../../api/credits';
import { renderAt, serve } from '../../test/render';
import { WorkspacePage } from './WorkspacePage';

const me = { body: { id: 'usr_1', handle: 'alice', role: 'USER', hasPassword: true, authenticatedBy: 'session' } };
const workspace = (over: Record<string, unknown> = {}) => ({
  body: {
    id: 'ws_1',
    name: 'Evals',
    slug: 'evals',
    role: 'OWNER',
    memberCount: 2,
    createdAt: '2026-12-01T10:00:00Z',
    plan: 'FREE',
    subscription: null,
    ...over,
  },
});
const rest = {
  '/api/auth/me': me,
  // the workspace's benchmarks and runs, empty
  '/api/library': { body: { items: [], page: 0, size: 10, total: 0, facets: { tags: [], category: [] } } },
  '/api/runs': { body: { items: [], page: 0, size: 10, total: 0 } },
  '/api/credits/prices': { body: { checkout: false, prices: [] } },
  '/api/workspaces/ws_1/credits/balance': {
    body: {
      workspaceId: 'ws_1',
      accountId: 'acct_ws_1',
      balance: 0,
      reserved: 0,
      available: 0,
      owed: 0,
      monthlySpendLimit: null,
      spentThisMonth: 0,
      leftThisMonth: null,
    },
  },
  '/api/workspaces/ws_1/members': { body: { items: [] } },
  '/api/workspaces/ws_1/tokens': { body: { items: [] } },
};
const plans = {
  body: {
    items: [
      { id: 'FREE', name: 'Free', purchasable: false, price: null, features: [] },
      { id: 'PRO', name: 'Pro', purchasable: true, price: null, features: [] },
      {
        id: 'TEAM',
        name: 'Team',
        purchasable: true,
        price: { priceId: 'price_team', amountMinor: 4900, currency: 'usd', interval: 'month' },
        features: [],
      },
    ],
  },
};
const team = {
  plan: 'TEAM',
  subscription: {
    id: 'sub_1',
    plan: 'TEAM',
    status: 'active',
    currentPeriodEnd: '2027-01-07T10:00:00Z',
    pastDueSince: null,
    mrrMinor: 4900,
    currency: 'usd',
  },
};
const ranked = (models: unknown[]) => ({
  body: { includeSimulated: false, benchmarks: 3, resamples: 200, models },
});

beforeEach(() => {
  document.cookie = 'XSRF-TOKEN=csrf-1';
});

describe('a workspace’s plan', () => {
  it('on Free offers an owner Team at its price and sends the browser to Stripe’s checkout for the workspace', async () => {
    const go = vi.spyOn(browser, 'go').mockImplementation(() => {});
    const requests = serve({
      ...rest,
      '/api/plans': plans,
      '/api/billing/checkout': { status: 201, body: { sessionId: 'cs_1', url: 'https://checkout.stripe.test/cs_1' } },
      '/api/workspaces/ws_1': workspace(),
    });
    renderAt('/workspaces/ws_1', '/workspaces/:id', <WorkspacePage />);
    expect((await screen.findByTestId('workspace-plan')).textContent).toBe('Free');
    const upgrade = await screen.findByRole('button', { name: 'Upgrade to Team ($49.00 a month)' });
    upgrade.focus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(go).toHaveBeenCalledWith('https://checkout.stripe.test/cs_1'));
    const post = requests.find((r) => r.method === 'POST' && r.url.includes('/api/billing/checkout'))!;
    expect(await post.clone().json()).toEqual({ plan: 'TEAM', workspaceId: 'ws_1' });
    // on Free the ranking is not asked for: the server would answer 402
    expect(requests.some((r) => r.url.includes('/leaderboards/models'))).toBe(false);
    go.mockRestore();
  });

  it('on Free tells a member who is no owner that an owner subscribes it, with no button', async () => {
    serve({ ...rest, '/api/workspaces/ws_1': workspace({ role: 'MEMBER' }) });
    renderAt('/workspaces/ws_1', '/workspaces/:id', <WorkspacePage />);
    expect(await screen.findByText(/an owner can subscribe it/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Upgrade to Team/ })).toBeNull();
  });

  it('on Team shows the subscription and ranks models with their intervals; the simulated toggle asks again', async () => {
    const requests = serve({
      ...rest,
      '/api/workspaces/ws_1/leaderboards/models': (url) =>
        url.searchParams.get('includeSimulated') === 'true'
          ? ranked([
              {
                model: 'sim/echo',
                simulated: true,
                strength: 0.5,
                ci95: [0.4, 0.6],
                rank: { best: 1, worst: 1 },
                benchmarks: 3,
                runs: 3,
              },
            ])
          : ranked([
              {
                model: 'gpt-x',
                simulated: false,
                strength: 0.81,
                ci95: [0.74, 0.88],
                rank: { best: 1, worst: 2 },
                benchmarks: 3,
                runs: 5,
              },
              {
                model: 'claude-y',
                simulated: false,
                strength: 0.78,
                ci95: [0.7, 0.85],
                rank: { best: 1, worst: 2 },
                benchmarks: 2,
                runs: 2,
              },
            ]),
      '/api/workspaces/ws_1': workspace({ role: 'VIEWER', ...team }),
    });
    renderAt('/workspaces/ws_1', '/workspaces/:id', <WorkspacePage />);
    expect((await screen.findByTestId('workspace-plan')).textContent).toBe('Team');
    expect(screen.getByTestId('workspace-subscription').textContent).toMatch(/^active, renews on /);
    expect(await screen.findByRole('img', { name: 'gpt-x strength: 0.81 (95% CI 0.74–0.88)' })).toBeTruthy();
    expect(
      screen.getByText(/2 models ranked over 3 private benchmarks; intervals from 200 bootstrap resamples/),
    ).toBeTruthy();
    const table = screen.getByRole('region', { name: 'Model ranking' });
    expect(table.textContent).toMatch(/1–2gpt-x/);
    expect(screen.queryByRole('button', { name: /Upgrade to Team/ })).toBeNull();
    await userEvent.click(screen.getByLabelText('Include simulated models'));
    expect(await screen.findByRole('img', { name: 'sim/echo strength: 0.50 (95% CI 0.40–0.60)' })).toBeTruthy();
    expect(requests.some((r) => new URL(r.url).searchParams.get('includeSimulated') === 'true')).toBe(true);
  });

  it('on Team says when nothing is ranked yet, and shows a failed ranking with a retry', async () => {
    let fail = false;
    serve({
      ...rest,
      '/api/workspaces/ws_1/leaderboards/models': () =>
        fail
          ? { status: 500, body: { status: 500, detail: 'boom' }, contentType: 'application/problem+json' }
          : ranked([]),
      '/api/workspaces/ws_1': workspace({
        ...team,
        subscription: { ...team.subscription, status: 'past_due', pastDueSince: '2026-12-05T10:00:00Z' },
      }),
    });
    const view = renderAt('/workspaces/ws_1', '/workspaces/:id', <WorkspacePage />);
    expect(await screen.findByText('No model is ranked yet.')).toBeTruthy();
    // with nothing ranked, only the empty state speaks: no "0 models ranked" line above it
    expect(screen.queryByText(/models? ranked over/)).toBeNull();
    expect(screen.getByTestId('workspace-subscription').textContent).toContain('payment failed');
    view.unmount();
    fail = true;
    renderAt('/workspaces/ws_1', '/workspaces/:id', <WorkspacePage />);
    expect(await screen.findByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('on Team lets an owner manage the plan in Stripe’s portal and says when a cancelled one ends; not a viewer', async () => {
    const go = vi.spyOn(browser, 'go').mockImplementation(() => {});
    const requests = serve({
      ...rest,
      '/api/workspaces/ws_1/leaderboards/models': ranked([]),
      '/api/billing/portal': { status: 201, body: { url: 'https://billing.stripe.test/p_2' } },
      '/api/workspaces/ws_1': workspace({
        ...team,
        subscription: { ...team.subscription, cancelAtPeriodEnd: true },
      }),
    });
    const view = renderAt('/workspaces/ws_1', '/workspaces/:id', <WorkspacePage />);
    expect((await screen.findByTestId('workspace-subscription')).textContent).toMatch(/^active\. Cancels on /);
    await userEvent.click(await screen.findByRole('button', { name: 'Manage plan' }));
    await waitFor(() => expect(go).toHaveBeenCalledWith('https://billing.stripe.test/p_2'));
    const post = requests.find((r) => r.method === 'POST' && r.url.includes('/api/billing/portal'))!;
    expect(await post.clone().json()).toEqual({ workspaceId: 'ws_1' });
    go.mockRestore();
    view.unmount();

    serve({
      ...rest,
      '/api/workspaces/ws_1/leaderboards/models': ranked([]),
      '/api/workspaces/ws_1': workspace({ role: 'VIEWER', ...team }),
    });
    renderAt('/workspaces/ws_1', '/workspaces/:id', <WorkspacePage />);
    expect(await screen.findByText('No model is ranked yet.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Manage plan' })).toBeNull();
  });
});
