import { useState } from 'react';
import { useAdminUsers, useChangeUser, useRevokeUser, USERS_PAGE } from '../../api/console';
import type { Schemas } from '../../api/client';
import { Badge, Empty, Loading } from '../../ui/States';
import { date } from '../../ui/format';
import { ActionError, ConsoleError } from './ConsolePage';

type User = Schemas['AdminUser'];
type Role = 'ADMIN' | 'ANALYST' | 'USER';

/** Users: search by handle, name or email, change a role, disable or enable, revoke every token and session. */
export function UsersSection() {
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(0);
  const users = useAdminUsers(q, page);
  const total = users.data?.total ?? 0;
  const last = Math.max(0, Math.ceil(total / USERS_PAGE) - 1);
  return (
    <section aria-labelledby="users-title" className="console-section">
      <h2 id="users-title">Users</h2>
      <form
        role="search"
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          setQ(typed.trim());
          setPage(0);
        }}
      >
        <label>
          Search users
          <input
            type="search"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            placeholder="handle, name or email"
          />
        </label>
        <button type="submit">Search</button>
      </form>
      {users.isPending ? (
        <Loading what="the users" />
      ) : users.isError ? (
        <ConsoleError error={users.error} retry={() => users.refetch()} />
      ) : (users.data.items ?? []).length === 0 ? (
        <Empty title={q ? `No user matches “${q}”.` : 'No users yet.'} />
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {total} user{total === 1 ? '' : 's'}
            {q ? ` matching “${q}”` : ''}, page {page + 1} of {last + 1}
          </p>
          <div className="table-scroll" role="region" aria-label="Users" tabIndex={0}>
            <table className="table users-table">
              <thead>
                <tr>
                  <th scope="col">User</th>
                  <th scope="col">Email</th>
                  <th scope="col">Joined</th>
                  <th scope="col">Role</th>
                  <th scope="col">Access</th>
                </tr>
              </thead>
              <tbody>
                {(users.data.items ?? []).map((u) => (
                  <UserRow key={u.id} user={u} />
                ))}
              </tbody>
            </table>
          </div>
          {last > 0 && (
            <div className="toolbar">
              <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
                Previous page
              </button>
              <button type="button" disabled={page >= last} onClick={() => setPage(page + 1)}>
                Next page
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function UserRow({ user }: { user: User }) {
  const change = useChangeUser();
  const revoke = useRevokeUser();
  const [confirming, setConfirming] = useState(false);
  const roleId = `role-${user.id}`;
  return (
    <tr aria-label={user.handle ?? user.id ?? ''}>
      <th scope="row">
        <span className="mono">{user.handle}</span>
        {user.displayName && <div className="muted">{user.displayName}</div>}
        {user.disabled && <Badge kind="flag">disabled</Badge>}
        {user.deleted && <Badge kind="neutral">deleted</Badge>}
      </th>
      <td>
        {user.email ?? <span className="muted">none</span>}
        {user.email && !user.emailVerified && <span className="muted"> (not verified)</span>}
      </td>
      <td>{date(user.createdAt)}</td>
      <td>
        <label htmlFor={roleId} className="visually-hidden">
          Role of {user.handle}
        </label>
        <select
          id={roleId}
          value={user.role ?? 'USER'}
          disabled={change.isPending || user.deleted}
          onChange={(e) => change.mutate({ id: user.id!, role: e.target.value as Role })}
        >
          <option value="USER">User</option>
          <option value="ANALYST">Analyst</option>
          <option value="ADMIN">Admin</option>
        </select>
        {change.isSuccess && (
          <span className="visually-hidden" role="status">
            Saved.
          </span>
        )}
        <ActionError error={change.error} />
      </td>
      <td>
        <div className="user-actions">
          <button
            type="button"
            disabled={change.isPending || user.deleted}
            onClick={() => change.mutate({ id: user.id!, disabled: !user.disabled })}
          >
            {user.disabled ? 'Enable' : 'Disable'}
            <span className="visually-hidden"> {user.handle}</span>
          </button>
          {!confirming ? (
            <button type="button" onClick={() => setConfirming(true)} disabled={user.deleted}>
              Revoke tokens and sessions…<span className="visually-hidden"> of {user.handle}</span>
            </button>
          ) : (
            <span role="group" aria-label={`Revoke every token and session of ${user.handle}?`}>
              <button
                type="button"
                autoFocus
                onClick={() => revoke.mutate(user.id!, { onSettled: () => setConfirming(false) })}
                disabled={revoke.isPending}
              >
                Revoke all
              </button>
              <button type="button" className="link-button" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </span>
          )}
          {revoke.data && (
            <span role="status">
              Revoked {revoke.data.tokens} token{revoke.data.tokens === 1 ? '' : 's'} and ended {revoke.data.sessions}{' '}
              session{revoke.data.sessions === 1 ? '' : 's'}.
            </span>
          )}
          <ActionError error={revoke.error} />
        </div>
      </td>
    </tr>
  );
}
