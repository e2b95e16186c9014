import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMe } from '../../api/account';
import { ApiError } from '../../api/client';
import { ROLE_WORDS, useCreateWorkspace, useWorkspaces, type Role } from '../../api/workspaces';
import { Empty, ErrorBox, Loading } from '../../ui/States';
import { date } from '../../ui/format';

/** A slug from a name: lower case, runs of anything else as one hyphen, at most 40 characters. */
export function slugOf(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
}

/** /workspaces: the caller's workspaces with their role, and a form to create one. */
export function WorkspacesPage() {
  const me = useMe();
  const workspaces = useWorkspaces(!!me.data);
  if (me.isPending) return <Loading what="your account" />;
  if (me.isError) return <ErrorBox error={me.error} retry={() => me.refetch()} />;
  if (!me.data)
    return (
      <Empty title="You are not signed in.">
        <Link to="/sign-in?next=/workspaces">Sign in</Link> to see your workspaces.
      </Empty>
    );
  const items = workspaces.data?.items ?? [];
  return (
    <div className="workspaces">
      <h1>Workspaces</h1>
      <p className="muted">
        A workspace is a team&apos;s shared space: its private benchmarks and runs are visible to its members, and its
        runs are paid from its own credits. Your personal space stays yours.
      </p>
      <section aria-labelledby="mine-heading" className="panel">
        <h2 id="mine-heading">Yours</h2>
        {workspaces.isPending && <Loading what="your workspaces" />}
        {workspaces.isError && <ErrorBox error={workspaces.error} retry={() => workspaces.refetch()} />}
        {workspaces.isSuccess && items.length === 0 && (
          <Empty title="You are in no workspace yet.">
            Create one below, or accept an invitation from the link in its mail.
          </Empty>
        )}
        {items.length > 0 && (
          <ul className="workspace-list">
            {items.map((w) => (
              <li key={w.id}>
                <Link to={`/workspaces/${w.id}`}>{w.name}</Link> <span className="muted mono small">{w.slug}</span>
                <div className="muted small">
                  {ROLE_WORDS[w.role as Role] ?? w.role} · {w.memberCount} {w.memberCount === 1 ? 'member' : 'members'}{' '}
                  · since {date(w.createdAt)}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
      <CreateWorkspace />
    </div>
  );
}

function CreateWorkspace() {
  const create = useCreateWorkspace();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugTouched, setSlugTouched] = useState(false);
  const errors = create.error instanceof ApiError ? create.error.errors : [];
  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { name: name.trim(), slug: slugTouched ? slug : slugOf(name) },
      { onSuccess: (w) => navigate(`/workspaces/${w.id}`) },
    );
  };
  const nameError = errorOf('name');
  const slugError = errorOf('slug');
  return (
    <section aria-labelledby="create-heading" className="panel">
      <h2 id="create-heading">Create a workspace</h2>
      <form onSubmit={submit} noValidate className="stack">
        <div className="field">
          <label htmlFor="ws-name">Name</label>
          <input
            id="ws-name"
            type="text"
            value={name}
            maxLength={100}
            required
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? 'ws-name-error' : undefined}
            onChange={(e) => setName(e.target.value)}
          />
          {nameError && (
            <div id="ws-name-error" className="field-error">
              {nameError}
            </div>
          )}
        </div>
        <div className="field">
          <label htmlFor="ws-slug">Short name (slug)</label>
          <input
            id="ws-slug"
            type="text"
            value={slugTouched ? slug : slugOf(name)}
            maxLength={40}
            aria-invalid={slugError ? true : undefined}
            aria-describedby={slugError ? 'ws-slug-error ws-slug-hint' : 'ws-slug-hint'}
            onChange={(e) => {
              setSlugTouched(true);
              setSlug(e.target.value);
            }}
          />
          <div id="ws-slug-hint" className="muted small">
            3–40 lower-case letters, digits and inner hyphens; unique.
          </div>
          {slugError && (
            <div id="ws-slug-error" className="field-error">
              {slugError}
            </div>
          )}
        </div>
        {create.isError && errors.length === 0 && <ErrorBox error={create.error} />}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create the workspace'}
          </button>
        </div>
      </form>
    </section>
  );
}
