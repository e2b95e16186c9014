import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderAt, serve } from '../../test/render';
import { WorkspacePage } from './WorkspacePage';
import { WorkspacesPage, slugOf } from './WorkspacesPage';
import { InvitationPage } from './InvitationPage';

const me = { body: { id: 'usr_1', handle: 'alice', role: 'USER', hasPassword: true, authenticatedBy: 'session' } };
const problem = (status: number, detail: string, errors: unknown[] = []) => ({
  status,
  body: { status, detail, errors },
  contentType: 'application/problem+json',
});
const workspace = {
  id: 'ws_1',
  name: 'Evals',
  slug: 'evals',
  role: 'ADMIN',
  memberCount: 2,
  createdAt: '2026-12-01T10:00:00Z',
};
const members = {
  items: [
    {
      userId: 'usr_1',
      handle: 'alice',
      role: 'ADMIN',
      joinedAt: '2026-12-01T10:00:00Z',
      monthlySpendLimit: null,
      spentThisMonth: 0,
    },
    {
      userId: 'usr_2',
      handle: 'bob',
      role: 'MEMBER',
      joinedAt: '2026-12-02T10:00:00Z',
      monthlySpendLimit: 40,
      spentThisMonth: 12,
    },
  ],
};
const credits = {
  workspaceId: 'ws_1',
  accountId: 'acct_ws_1',
  balance: 500,
  reserved: 41,
  available: 459,
  owed: 0,
  monthlySpendLimit: null,
  spentThisMonth: 0,
  leftThisMonth: null,
};

beforeEach(() => {
  document.cookie = 'XSRF-TOKEN=csrf-1';
});

describe('workspaces', () => {
  it('derives a slug from a name', () => {
    expect(slugOf('  Eval Team: Q3! ')).toBe('eval-team-q3');
  });

  it('lists none with an empty state and shows a slug error under its field', async () => {
    serve({
      '/api/auth/me': me,
      '/api/workspaces': (_url, request) =>
        request.method === 'POST'
          ? problem(400, 'The workspace is not valid.', [{ field: 'slug', message: 'is taken' }])
          : { body: { items: [] } },
    });
    renderAt('/workspaces', '/workspaces', <WorkspacesPage />);
    expect(await screen.findByText('You are in no workspace yet.')).toBeTruthy();
    await userEvent.type(screen.getByLabelText('Name'), 'Evals');
    expect((screen.getByLabelText('Short name (slug)') as HTMLInputElement).value).toBe('evals');
    await userEvent.click(screen.getByRole('button', { name: 'Create the workspace' }));
    expect(await screen.findByText('is taken')).toBeTruthy();
    expect(screen.getByLabelText('Short name (slug)').getAttribute('aria-invalid')).toBe('true');
  });

  it('shows credits and members, and sends a limit change as monthlySpendLimit', async () => {
    const requests = serve({
      '/api/auth/me': me,
      '/api/workspaces/ws_1/credits/balance': { body: credits },
      '/api/workspaces/ws_1/members/usr_2': { body: { ...members.items[1], monthlySpendLimit: 100 } },
      '/api/workspaces/ws_1/members': { body: members },
      '/api/workspaces/ws_1/tokens': { body: { items: [] } },
      '/api/workspaces/ws_1': { body: workspace },
    });
    renderAt('/workspaces/ws_1', '/workspaces/:id', <WorkspacePage />);
    expect((await screen.findByTestId('workspace-available')).textContent).toBe('459');
    expect(screen.getByText('0 (no limit)')).toBeTruthy();
    const limit = await screen.findByLabelText('Monthly spend limit of bob, in credits (empty: no limit)');
    expect((limit as HTMLInputElement).value).toBe('40');
    await userEvent.clear(limit);
    await userEvent.type(limit, '100{Enter}');
    await waitFor(() => expect(requests.some((r) => r.method === 'PATCH')).toBe(true));
    const patch = requests.find((r) => r.method === 'PATCH')!;
    expect(new URL(patch.url).pathname).toBe('/api/workspaces/ws_1/members/usr_2');
    expect(JSON.parse(await patch.text())).toEqual({ monthlySpendLimit: 100 });
    // an admin cannot buy: billing is the owners'
    expect(screen.queryByRole('button', { name: /Buy/ })).toBeNull();
    expect(screen.getByRole('heading', { name: 'Invite someone' })).toBeTruthy();
  });

  it('back from a paid checkout, says so once the ledger holds the purchase of the session', async () => {
    serve({
      '/api/auth/me': me,
      '/api/credits/prices': { body: { checkout: true, prices: [] } },
      '/api/workspaces/ws_1/credits/ledger': {
        body: {
          accountId: 'acct_ws_1',
          items: [{ seq: 1, kind: 'PURCHASED', paymentId: 'cs_1', balanceChange: 500 }],
          nextCursor: null,
        },
      },
      '/api/workspaces/ws_1/credits/balance': { body: credits },
      '/api/workspaces/ws_1/members': { body: members },
      '/api/workspaces/ws_1/tokens': { body: { items: [] } },
      '/api/workspaces/ws_1': { body: { ...workspace, role: 'OWNER' } },
    });
    renderAt('/workspaces/ws_1?checkout=success&session=cs_1', '/workspaces/:id', <WorkspacePage />);
    expect(await screen.findByText(/The payment is confirmed/)).toBeTruthy();
  });

  it('says a workspace you are not in does not exist', async () => {
    serve({ '/api/auth/me': me, '/api/workspaces/ws_9': problem(404, 'No workspace ws_9.') });
    renderAt('/workspaces/ws_9', '/workspaces/:id', <WorkspacePage />);
    expect(await screen.findByText('No such workspace.')).toBeTruthy();
  });

  it('accepts an invitation, and says a spent one is used', async () => {
    let used = false;
    serve({
      '/api/auth/me': me,
      '/api/invitations/wsinv_x/accept': () => {
        if (used) return problem(404, 'This invitation is not valid.');
        used = true;
        return { body: { workspaceId: 'ws_1', role: 'MEMBER' } };
      },
    });
    const view = renderAt('/invitations/wsinv_x', '/invitations/:token', <InvitationPage />);
    await userEvent.click(await screen.findByRole('button', { name: 'Accept the invitation' }));
    expect(await screen.findByText('Welcome to the workspace')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Open the workspace' }).getAttribute('href')).toBe('/workspaces/ws_1');
    view.unmount();
    renderAt('/invitations/wsinv_x', '/invitations/:token', <InvitationPage />);
    await userEvent.click(await screen.findByRole('button', { name: 'Accept the invitation' }));
    expect(await screen.findByText(/This invitation is used, expired or unknown/)).toBeTruthy();
  });
});
