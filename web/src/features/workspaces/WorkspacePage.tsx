import { useEffect, useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useMe } from '../../api/account';
import { ApiError, type Schemas } from '../../api/client';
import { browser, usePrices } from '../../api/credits';
import {
  ROLES,
  ROLE_WORDS,
  atLeast,
  useChangeMember,
  useInvite,
  useIssueToken,
  useMembers,
  useRemoveMember,
  useRevokeToken,
  useWorkspace,
  useWorkspaceCheckout,
  useWorkspaceCredits,
  useWorkspaceLedger,
  useWorkspaceTokens,
  type Role,
} from '../../api/workspaces';
import { Empty, ErrorBox, Loading } from '../../ui/States';
import { date } from '../../ui/format';
import { WorkspaceContents } from './WorkspaceContents';
import { WorkspacePlan } from './WorkspacePlan';

const count = new Intl.NumberFormat('en-US');

function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.errors.find((e) => e.field === field)?.message : undefined;
}

/** /workspaces/:id: the workspace's benchmarks, runs, plan, credits, members (roles, limits), invitations and tokens, as the caller's role allows. */
export function WorkspacePage() {
  const { id = '' } = useParams();
  const me = useMe();
  if (me.isPending) return <Loading what="your account" />;
  if (me.isError) return <ErrorBox error={me.error} retry={() => me.refetch()} />;
  if (!me.data)
    return (
      <Empty title="You are not signed in.">
        <Link to={`/sign-in?next=/workspaces/${id}`}>Sign in</Link> to see this workspace.
      </Empty>
    );
  return <Workspace id={id} myId={me.data.id ?? ''} />;
}

function Workspace({ id, myId }: { id: string; myId: string }) {
  const workspace = useWorkspace(id);
  if (workspace.isPending) return <Loading what="the workspace" />;
  if (workspace.isError)
    return (workspace.error as ApiError).status === 404 ? (
      <Empty title="No such workspace.">
        It does not exist, or you are not a member of it. <Link to="/workspaces">Your workspaces</Link>
      </Empty>
    ) : (
      <ErrorBox error={workspace.error} retry={() => workspace.refetch()} />
    );
  const w = workspace.data;
  const role = w.role as Role;
  return (
    <div className="workspace">
      <p className="breadcrumb">
        <Link to="/workspaces">Workspaces</Link> /
      </p>
      <h1>{w.name}</h1>
      <p className="muted">
        <span className="mono">{w.slug}</span> · you are {ROLE_WORDS[role] ?? role}
      </p>
      {atLeast(role, 'MEMBER') && (
        <p>
          <Link to={`/benchmarks/new?workspace=${id}`} className="button">
            New benchmark in this workspace
          </Link>
        </p>
      )}
      <WorkspaceContents id={id} />
      <WorkspacePlan workspace={w} role={role} />
      <Credits id={id} role={role} />
      <Members id={id} myId={myId} role={role} />
      {atLeast(role, 'ADMIN') && <Invite id={id} role={role} />}
      {atLeast(role, 'ADMIN') && <Tokens id={id} />}
    </div>
  );
}

function Credits({ id, role }: { id: string; role: Role }) {
  const [params] = useSearchParams();
  const waiting = params.get('checkout') === 'success';
  const session = params.get('session');
  // back from a paid checkout (owners only): the balance and the ledger are read every 2 s until the ledger holds this
  // session's purchase, which the payment webhook brings
  const ledger = useWorkspaceLedger(id, waiting && role === 'OWNER', waiting ? session : null);
  const arrived =
    !!session && (ledger.data?.items ?? []).some((l) => l.kind === 'PURCHASED' && l.paymentId === session);
  const polling = waiting && !arrived;
  const credits = useWorkspaceCredits(id, polling ? 2000 : false);
  const c = credits.data;
  const queries = useQueryClient();
  useEffect(() => {
    if (arrived) queries.invalidateQueries({ queryKey: ['workspace', id, 'credits'] });
  }, [arrived, id, queries]);
  return (
    <section aria-labelledby="credits-heading" className="panel">
      <h2 id="credits-heading">Credits</h2>
      {waiting && (
        <p role="status" className="state state-ok">
          Thank you.{' '}
          {arrived
            ? "The payment is confirmed and its credits are in the workspace's balance."
            : "The payment is being confirmed: the workspace's credits appear here as soon as the payment provider reports it."}
        </p>
      )}
      {params.get('checkout') === 'cancelled' && (
        <p role="status" className="state">
          The checkout was cancelled: nothing was charged.
        </p>
      )}
      {credits.isPending && <Loading what="the workspace's credits" />}
      {credits.isError && <ErrorBox error={credits.error} retry={() => credits.refetch()} />}
      {c && (
        <>
          <dl className="facts credit-facts">
            <div>
              <dt>Available</dt>
              <dd className="big" data-testid="workspace-available">
                {count.format(c.available)}
              </dd>
            </div>
            <div>
              <dt>Balance</dt>
              <dd>{count.format(c.balance)}</dd>
            </div>
            <div>
              <dt>Reserved for runs in progress</dt>
              <dd>{count.format(c.reserved)}</dd>
            </div>
            {c.owed > 0 && (
              <div>
                <dt>Owed</dt>
                <dd className="warn">{count.format(c.owed)}</dd>
              </div>
            )}
            <div>
              <dt>You spent this month</dt>
              <dd>
                {count.format(c.spentThisMonth)}
                {c.monthlySpendLimit != null
                  ? ` of your limit of ${count.format(c.monthlySpendLimit)} (${count.format(c.leftThisMonth ?? 0)} left)`
                  : ' (no limit)'}
              </dd>
            </div>
          </dl>
          <p className="muted small">
            Runs of this workspace&apos;s benchmarks on credits are paid from here, not from your own credits. Credits
            are exact whole numbers; a running run counts what it reserved until it is charged.
          </p>
        </>
      )}
      {role === 'OWNER' && <BuyForWorkspace id={id} />}
    </section>
  );
}

function BuyForWorkspace({ id }: { id: string }) {
  const prices = usePrices(true);
  const checkout = useWorkspaceCheckout(id);
  if (prices.isPending) return <Loading what="the prices" />;
  if (prices.isError) return <ErrorBox error={prices.error} retry={() => prices.refetch()} />;
  if (!prices.data.checkout)
    return <p className="muted">Buying credits is not set up on this server; an administrator may grant some.</p>;
  return (
    <div>
      <h3>Buy credits for the workspace</h3>
      <ul className="offers">
        {(prices.data.prices ?? []).map((p) => (
          <li key={p.key}>
            <button
              type="button"
              disabled={checkout.isPending}
              onClick={() => checkout.mutate(p.key!, { onSuccess: (s) => browser.go(s.url!) })}
            >
              Buy {count.format(p.credits)} credits for {(p.amountMinor / 100).toFixed(2)}{' '}
              {(p.currency ?? 'usd').toUpperCase()}
            </button>
          </li>
        ))}
      </ul>
      {checkout.isPending && <p role="status">Opening the checkout…</p>}
      {checkout.isError && <ErrorBox error={checkout.error} />}
    </div>
  );
}

function Members({ id, myId, role }: { id: string; myId: string; role: Role }) {
  const members = useMembers(id);
  const items = members.data?.items ?? [];
  return (
    <section aria-labelledby="members-heading" className="panel">
      <h2 id="members-heading">Members</h2>
      {members.isPending && <Loading what="the members" />}
      {members.isError && <ErrorBox error={members.error} retry={() => members.refetch()} />}
      {members.isSuccess && items.length === 0 && <Empty title="No members." />}
      {items.length > 0 && (
        <div className="table-scroll contained" role="region" aria-label="Members" tabIndex={0}>
          <table className="table members">
            <caption className="visually-hidden">The workspace&apos;s members, longest-standing first</caption>
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Role</th>
                <th scope="col">Monthly spend limit</th>
                <th scope="col" className="num">
                  Spent this month
                </th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((m) => (
                <MemberRow key={m.userId} id={id} member={m} myId={myId} role={role} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function MemberRow({ id, member, myId, role }: { id: string; member: Schemas['Member']; myId: string; role: Role }) {
  const change = useChangeMember(id);
  const remove = useRemoveMember(id);
  const navigate = useNavigate();
  const [limit, setLimit] = useState(member.monthlySpendLimit == null ? '' : String(member.monthlySpendLimit));
  const [confirming, setConfirming] = useState(false);
  const theirs = member.role as Role;
  const self = member.userId === myId;
  // admins manage members below owner; owners everyone
  const manages = atLeast(role, 'ADMIN') && (theirs !== 'OWNER' || role === 'OWNER');
  const who = member.handle ?? member.userId;
  const limitError = fieldError(change.error, 'monthlySpendLimit');
  const saveLimit = (e: FormEvent) => {
    e.preventDefault();
    const text = limit.trim();
    change.mutate({ userId: member.userId!, monthlySpendLimit: text === '' ? null : Number(text) });
  };
  return (
    <tr>
      <th scope="row">
        {who}
        {self && <span className="muted"> (you)</span>}
        <div className="muted small">joined {date(member.joinedAt)}</div>
      </th>
      <td>
        {manages && !self ? (
          <select
            aria-label={`Role of ${who}`}
            value={theirs}
            disabled={change.isPending}
            onChange={(e) => change.mutate({ userId: member.userId!, role: e.target.value as Role })}
          >
            {ROLES.filter((r) => r !== 'OWNER' || role === 'OWNER').map((r) => (
              <option key={r} value={r}>
                {r.charAt(0) + r.slice(1).toLowerCase()}
              </option>
            ))}
          </select>
        ) : (
          theirs.charAt(0) + theirs.slice(1).toLowerCase()
        )}
      </td>
      <td>
        {manages ? (
          <form onSubmit={saveLimit} className="inline-form">
            <input
              type="text"
              inputMode="numeric"
              aria-label={`Monthly spend limit of ${who}, in credits (empty: no limit)`}
              value={limit}
              size={7}
              aria-invalid={limitError ? true : undefined}
              onChange={(e) => setLimit(e.target.value)}
              placeholder="no limit"
            />{' '}
            <button type="submit" disabled={change.isPending}>
              Save
            </button>
            {limitError && <div className="field-error">{limitError}</div>}
          </form>
        ) : member.monthlySpendLimit == null ? (
          <span className="muted">no limit</span>
        ) : (
          count.format(member.monthlySpendLimit)
        )}
      </td>
      <td className="num">{count.format(member.spentThisMonth ?? 0)}</td>
      <td>
        {(manages || self) &&
          (confirming ? (
            <span>
              <button
                type="button"
                className="danger"
                disabled={remove.isPending}
                onClick={() =>
                  remove.mutate(member.userId!, {
                    onSuccess: () => {
                      if (self) navigate('/workspaces');
                    },
                  })
                }
              >
                {self ? 'Leave now' : `Remove ${who}`}
              </button>{' '}
              <button type="button" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </span>
          ) : (
            <button type="button" onClick={() => setConfirming(true)}>
              {self ? 'Leave…' : 'Remove…'}
            </button>
          ))}
        {change.isError && !limitError && <ErrorBox error={change.error} />}
        {remove.isError && <ErrorBox error={remove.error} />}
      </td>
    </tr>
  );
}

function Invite({ id, role }: { id: string; role: Role }) {
  const invite = useInvite(id);
  const [email, setEmail] = useState('');
  const [invitedRole, setInvitedRole] = useState<Role>('MEMBER');
  const emailError = fieldError(invite.error, 'email');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate({ email: email.trim(), role: invitedRole }, { onSuccess: () => setEmail('') });
  };
  return (
    <section aria-labelledby="invite-heading" className="panel">
      <h2 id="invite-heading">Invite someone</h2>
      <form onSubmit={submit} noValidate className="field-row">
        <div className="field">
          <label htmlFor="invite-email">Email</label>
          <input
            id="invite-email"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={emailError ? true : undefined}
            aria-describedby={emailError ? 'invite-email-error' : undefined}
          />
          {emailError && (
            <div id="invite-email-error" className="field-error">
              {emailError}
            </div>
          )}
        </div>
        <div className="field">
          <label htmlFor="invite-role">Role</label>
          <select id="invite-role" value={invitedRole} onChange={(e) => setInvitedRole(e.target.value as Role)}>
            {ROLES.filter((r) => r !== 'OWNER' && (r !== 'ADMIN' || atLeast(role, 'ADMIN'))).map((r) => (
              <option key={r} value={r}>
                {ROLE_WORDS[r]}
              </option>
            ))}
          </select>
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={invite.isPending}>
            {invite.isPending ? 'Sending…' : 'Send the invitation'}
          </button>
        </div>
      </form>
      {invite.isSuccess && (
        <p role="status" className="state state-ok">
          Invitation sent to {invite.data.email}; the link in the mail works for 7 days.
        </p>
      )}
      {invite.isError && !emailError && <ErrorBox error={invite.error} />}
    </section>
  );
}

function Tokens({ id }: { id: string }) {
  const tokens = useWorkspaceTokens(id, true);
  const issue = useIssueToken(id);
  const revoke = useRevokeToken(id);
  const [name, setName] = useState('');
  const [tokenRole, setTokenRole] = useState<Role>('MEMBER');
  const nameError = fieldError(issue.error, 'name');
  const live = (tokens.data?.items ?? []).filter((t) => !t.revokedAt);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    issue.mutate({ name: name.trim(), role: tokenRole }, { onSuccess: () => setName('') });
  };
  return (
    <section aria-labelledby="tokens-heading" className="panel">
      <h2 id="tokens-heading">Workspace tokens</h2>
      <p className="muted small">
        For CI and scripts that act for the team: each token is a member of its own with the role you give it.
      </p>
      {tokens.isPending && <Loading what="the tokens" />}
      {tokens.isError && <ErrorBox error={tokens.error} retry={() => tokens.refetch()} />}
      {tokens.isSuccess && live.length === 0 && <Empty title="No tokens yet." />}
      {live.length > 0 && (
        <ul className="token-list">
          {live.map((t) => (
            <li key={t.id}>
              <strong>{t.name}</strong>{' '}
              <span className="muted small">
                {t.role?.toLowerCase()} · created {date(t.createdAt)}
              </span>{' '}
              <button type="button" disabled={revoke.isPending} onClick={() => revoke.mutate(t.id!)}>
                Revoke {t.name}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={submit} noValidate className="field-row">
        <div className="field">
          <label htmlFor="token-name">Token name</label>
          <input
            id="token-name"
            type="text"
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? 'token-name-error' : undefined}
          />
          {nameError && (
            <div id="token-name-error" className="field-error">
              {nameError}
            </div>
          )}
        </div>
        <div className="field">
          <label htmlFor="token-role">Token role</label>
          <select id="token-role" value={tokenRole} onChange={(e) => setTokenRole(e.target.value as Role)}>
            {ROLES.filter((r) => r !== 'OWNER').map((r) => (
              <option key={r} value={r}>
                {ROLE_WORDS[r]}
              </option>
            ))}
          </select>
        </div>
        <div className="form-actions">
          <button type="submit" disabled={issue.isPending}>
            Create a token
          </button>
        </div>
      </form>
      {issue.isSuccess && (
        <p role="status" className="state state-ok">
          Token <strong>{issue.data.name}</strong>: <code className="mono">{issue.data.token}</code> — copy it now, it
          is not shown again.
        </p>
      )}
      {issue.isError && !nameError && <ErrorBox error={issue.error} />}
      {revoke.isError && <ErrorBox error={revoke.error} />}
    </section>
  );
}
