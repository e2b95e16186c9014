import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  useChangePassword,
  useCreateToken,
  useDeleteAccount,
  useExportAccount,
  useMe,
  useRevokeToken,
  useSignOut,
  useSignOutEverywhere,
  useTokens,
} from '../../api/account';
import { Empty, ErrorBox, Loading } from '../../ui/States';
import { Field, FormError, value } from './Form';
import { PlanPanel } from './PlanPanel';
import { WebhooksPanel } from './WebhooksPanel';
import { localTime } from '../../ui/format';

export function AccountPage() {
  const me = useMe();
  const [params] = useSearchParams();
  if (me.isPending) return <Loading what="your account" />;
  if (me.isError) return <ErrorBox error={me.error} retry={() => me.refetch()} />;
  if (!me.data)
    return (
      <Empty title="You are not signed in.">
        <Link to="/sign-in?next=/account">Sign in</Link> to see your account.
      </Empty>
    );
  const user = me.data;
  return (
    <div className="account">
      <h1>Your account</h1>
      {params.get('welcome') && (
        <div className="state state-ok" role="status">
          <strong>Welcome, {user.displayName ?? user.handle}.</strong> We sent a mail to {user.email} with a link that
          verifies your address.
        </div>
      )}
      <section aria-labelledby="profile-heading" className="panel">
        <h2 id="profile-heading">Profile</h2>
        <dl className="facts">
          <div>
            <dt>Handle</dt>
            <dd>{user.handle}</dd>
          </div>
          <div>
            <dt>Name</dt>
            <dd>{user.displayName}</dd>
          </div>
          <div>
            <dt>Email</dt>
            <dd>
              {user.email ?? <span className="muted">none</span>}{' '}
              {user.email &&
                (user.emailVerified ? (
                  <span className="badge badge-verified">verified</span>
                ) : (
                  <span className="badge badge-flag">not verified</span>
                ))}
            </dd>
          </div>
          <div>
            <dt>Role</dt>
            <dd>{user.role}</dd>
          </div>
          <div>
            <dt>Member since</dt>
            <dd>{localTime(user.createdAt)}</dd>
          </div>
          <div>
            <dt>Signed in with</dt>
            <dd>{user.authenticatedBy === 'token' ? 'an API token (this tab)' : 'a browser session'}</dd>
          </div>
        </dl>
        {user.email && !user.emailVerified && (
          <p className="muted">Open the link in the verification mail to verify your address. It works for 24 hours.</p>
        )}
      </section>
      <PlanPanel me={user} returned={params.get('checkout') === 'success'} />
      <Tokens />
      <WebhooksPanel />
      {user.hasPassword && <ChangePassword />}
      <Sessions />
      <ExportAndDelete hasPassword={user.hasPassword} />
    </div>
  );
}

function Tokens() {
  const tokens = useTokens(true);
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [copied, setCopied] = useState(false);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const days = Number(value(form, 'expiry'));
    const expiresAt = days > 0 ? new Date(Date.now() + days * 86_400_000).toISOString() : undefined;
    setCopied(false);
    create.mutate({ name: value(form, 'name').trim() || undefined, expiresAt }, { onSuccess: () => form.reset() });
  };
  const live = (tokens.data ?? []).filter((t) => !t.revokedAt);
  // a token is shown expired as of when the list was read, which every refetch renews
  const readAt = tokens.dataUpdatedAt;

  return (
    <section aria-labelledby="tokens-heading" className="panel">
      <h2 id="tokens-heading">API tokens</h2>
      <p className="muted">
        For scripts, the CLI and CI: send one as <code>Authorization: Bearer …</code>.
      </p>
      <form onSubmit={submit} className="inline-form">
        <Field
          id="token-name"
          name="name"
          label="Name"
          placeholder="e.g. laptop CLI"
          maxLength={100}
          error={create.error}
        />
        <div className="field">
          <label htmlFor="token-expiry">Expires</label>
          <select id="token-expiry" name="expiry" defaultValue="90">
            <option value="7">in 7 days</option>
            <option value="30">in 30 days</option>
            <option value="90">in 90 days</option>
            <option value="365">in a year</option>
            <option value="0">never</option>
          </select>
        </div>
        <button type="submit" disabled={create.isPending}>
          Create token
        </button>
      </form>
      <FormError error={create.error} />
      {create.data && (
        <div className="new-token" role="status">
          <p>
            <strong>Your new token “{create.data.name}”.</strong> Copy it now: it is shown only this once.
          </p>
          <div className="copy-row">
            <input
              aria-label="The new token"
              readOnly
              value={create.data.token ?? ''}
              className="mono"
              onFocus={(e) => e.currentTarget.select()}
            />
            <button
              type="button"
              onClick={async () => {
                await navigator.clipboard?.writeText(create.data?.token ?? '').catch(() => undefined);
                setCopied(true);
              }}
            >
              {copied ? 'Copied' : 'Copy'}
            </button>
          </div>
        </div>
      )}
      {tokens.isPending ? (
        <Loading what="your tokens" />
      ) : tokens.isError ? (
        <ErrorBox error={tokens.error} retry={() => tokens.refetch()} />
      ) : live.length === 0 ? (
        <Empty title="You have no API tokens.">Create one above for the CLI or a CI job.</Empty>
      ) : (
        // its dates need more than a phone's width: the table scrolls, not the page
        <div className="table-scroll" role="region" aria-labelledby="tokens-heading" tabIndex={0}>
          <table className="table tokens">
            <caption className="visually-hidden">Your live API tokens</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {live.map((t) => {
                const expired = t.expiresAt != null && new Date(t.expiresAt).getTime() < readAt;
                return (
                  <tr key={t.id}>
                    <th scope="row">{t.name ?? <span className="mono">{t.id}</span>}</th>
                    <td>{localTime(t.createdAt)}</td>
                    <td>
                      {t.expiresAt ? (
                        <span className={expired ? 'warn' : undefined}>
                          {expired ? 'expired ' : ''}
                          {localTime(t.expiresAt)}
                        </span>
                      ) : (
                        'never'
                      )}
                    </td>
                    <td>{localTime(t.lastUsedAt) ?? <span className="muted">never</span>}</td>
                    <td>
                      <button
                        type="button"
                        onClick={() => {
                          if (
                            window.confirm(
                              `Revoke the token “${t.name ?? t.id}”? Scripts that use it stop working at once.`,
                            )
                          )
                            revoke.mutate(t.id!);
                        }}
                        disabled={revoke.isPending && revoke.variables === t.id}
                        aria-label={`Revoke ${t.name ?? t.id}`}
                      >
                        Revoke
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <FormError error={revoke.error} />
    </section>
  );
}

function ChangePassword() {
  const change = useChangePassword();
  return (
    <section aria-labelledby="password-heading" className="panel">
      <h2 id="password-heading">Change your password</h2>
      <form
        className="auth-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          change.mutate(
            { current: value(form, 'current'), password: value(form, 'password') },
            { onSuccess: () => form.reset() },
          );
        }}
      >
        <Field
          id="current-password"
          name="current"
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
          error={change.error}
        />
        <Field
          id="changed-password"
          name="password"
          label="New password"
          type="password"
          autoComplete="new-password"
          required
          error={change.error}
        />
        <FormError error={change.error} />
        {change.isSuccess && (
          <p className="state state-ok" role="status">
            Your password is changed. Your other sessions have ended; this one goes on.
          </p>
        )}
        <button type="submit" disabled={change.isPending}>
          Change password
        </button>
      </form>
    </section>
  );
}

function Sessions() {
  const signOut = useSignOut();
  const everywhere = useSignOutEverywhere();
  const navigate = useNavigate();
  return (
    <section aria-labelledby="sessions-heading" className="panel">
      <h2 id="sessions-heading">Sessions</h2>
      <div className="toolbar">
        <button
          type="button"
          onClick={() => signOut.mutate(undefined, { onSettled: () => navigate('/') })}
          disabled={signOut.isPending}
        >
          Sign out
        </button>
        <button
          type="button"
          onClick={() => everywhere.mutate(undefined, { onSuccess: () => navigate('/sign-in') })}
          disabled={everywhere.isPending}
        >
          Sign out everywhere
        </button>
        <span className="muted">
          Ends every browser session of yours, on every device. Tokens stay until you revoke them.
        </span>
      </div>
      <FormError error={everywhere.error} />
    </section>
  );
}

function ExportAndDelete({ hasPassword }: { hasPassword: boolean }) {
  const exporter = useExportAccount();
  const remove = useDeleteAccount();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const download = () =>
    exporter.mutate(undefined, {
      onSuccess: (blob) => {
        const url = URL.createObjectURL(blob);
        const a = document.createElement('a');
        a.href = url;
        a.download = 'benchmarkhub-account.json';
        a.click();
        setTimeout(() => URL.revokeObjectURL(url), 1000);
      },
    });
  return (
    <section aria-labelledby="data-heading" className="panel">
      <h2 id="data-heading">Your data</h2>
      <div className="toolbar">
        <button type="button" onClick={download} disabled={exporter.isPending}>
          {exporter.isPending ? 'Preparing…' : 'Export my data (JSON)'}
        </button>
        <span className="muted">Your account, tokens (without secrets), benchmarks with their cases, and runs.</span>
      </div>
      <FormError error={exporter.error} />
      <h3>Delete your account</h3>
      <p className="muted">
        Your email, name, password, sign-in links, sessions and tokens are erased. Public benchmarks stay, shown as by a
        deleted user. This cannot be undone.
      </p>
      {!hasPassword ? (
        <p className="muted">Your account has no password (you sign in with a provider); ask an admin to delete it.</p>
      ) : !confirming ? (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          Delete my account…
        </button>
      ) : (
        <form
          className="auth-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            remove.mutate(value(e.currentTarget, 'password'), { onSuccess: () => navigate('/?deleted=1') });
          }}
        >
          <Field
            id="delete-password"
            name="password"
            label="Your password, to confirm"
            type="password"
            autoComplete="current-password"
            required
            autoFocus
            error={remove.error}
          />
          <FormError error={remove.error} />
          <div className="toolbar">
            <button type="submit" className="danger" disabled={remove.isPending}>
              Delete my account for good
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
