import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderAt, serve } from '../../test/render';
import { ConsolePage } from './ConsolePage';
import { admin, forbidden, plain, problem } from './testData';

const user = (id: string, handle: string, over: Record<string, unknown> = {}) => ({
  id,
  handle,
  displayName: null,
  email: `${handle}@example.org`,
  emailVerified: true,
  role: 'USER',
  disabled: false,
  deleted: false,
  hasPassword: true,
  createdAt: '2026-12-01T09:00:00Z',
  ...over,
});

describe('console: users', () => {
  it('searches, pages, changes a role, disables and revokes tokens and sessions', async () => {
    let bob = user('usr_2', 'bob');
    const requests = serve({
      '/api/auth/me': admin,
      '/api/admin/users/usr_2/revoke': { body: { tokens: 2, sessions: 1 } },
      '/api/admin/users/usr_2': (_url, request) => {
        if (request.method === 'PATCH') bob = { ...bob, role: 'ANALYST' };
        return { body: bob };
      },
      '/api/admin/users': (url) =>
        url.searchParams.get('q') === 'nobody'
          ? { body: { items: [], total: 0, page: 0, size: 20 } }
          : {
              body: {
                items: [user('usr_1', 'alice'), bob],
                total: 45,
                page: Number(url.searchParams.get('page')),
                size: 20,
              },
            },
    });
    renderAt('/console/users', '/console/*', <ConsolePage />);
    const row = await screen.findByRole('row', { name: 'bob' });
    expect(screen.getByText(/45 users, page 1 of 3/)).toBeTruthy();
    await userEvent.selectOptions(within(row).getByLabelText('Role of bob'), 'ANALYST');
    await waitFor(() => expect(requests.some((r) => r.method === 'PATCH')).toBe(true));
    const patch = requests.find((r) => r.method === 'PATCH')!;
    expect(new URL(patch.url).pathname).toBe('/api/admin/users/usr_2');
    expect(await patch.clone().json()).toEqual({ role: 'ANALYST' });

    await userEvent.click(within(row).getByRole('button', { name: 'Disable bob' }));
    await waitFor(() => expect(requests.filter((r) => r.method === 'PATCH')).toHaveLength(2));
    expect(
      await requests
        .filter((r) => r.method === 'PATCH')[1]
        .clone()
        .json(),
    ).toEqual({ disabled: true });

    await userEvent.click(within(row).getByRole('button', { name: /Revoke tokens and sessions/ }));
    await userEvent.click(within(row).getByRole('button', { name: 'Revoke all' }));
    expect((await within(row).findByText(/Revoked 2 tokens and ended 1 session/)).textContent).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(requests.some((r) => new URL(r.url).searchParams.get('page') === '1')).toBe(true));

    await userEvent.type(screen.getByLabelText('Search users'), 'nobody{Enter}');
    expect(await screen.findByText('No user matches “nobody”.')).toBeTruthy();
    const search = requests.filter((r) => new URL(r.url).searchParams.get('q') === 'nobody');
    expect(new URL(search[0].url).searchParams.get('page')).toBe('0');
  });

  it('shows the server refusal of a change (you cannot demote yourself) under the row', async () => {
    serve({
      '/api/auth/me': admin,
      '/api/admin/users/usr_admin': problem(409, 'You cannot demote or disable yourself.'),
      '/api/admin/users': {
        body: { items: [user('usr_admin', 'admin', { role: 'ADMIN' })], total: 1, page: 0, size: 20 },
      },
    });
    renderAt('/console/users', '/console/*', <ConsolePage />);
    const row = await screen.findByRole('row', { name: 'admin' });
    await userEvent.selectOptions(within(row).getByLabelText('Role of admin'), 'USER');
    expect((await within(row).findByRole('alert')).textContent).toBe('You cannot demote or disable yourself.');
  });

  it('says "admins only" on a 403, and shows other errors with Try again', async () => {
    serve({ '/api/auth/me': plain, '/api/admin/users': forbidden });
    const view = renderAt('/console/users', '/console/*', <ConsolePage />);
    expect((await screen.findByRole('alert')).textContent).toContain('This section is for admins only.');
    view.unmount();
    serve({ '/api/auth/me': admin, '/api/admin/users': problem(503, 'Accounts are unavailable.') });
    renderAt('/console/users', '/console/*', <ConsolePage />);
    expect((await screen.findByRole('alert')).textContent).toContain('Accounts are unavailable.');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
