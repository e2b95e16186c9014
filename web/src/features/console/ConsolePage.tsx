import { Link, Navigate, NavLink, Route, Routes } from 'react-router';
import { useMe } from '../../api/account';
import { Empty, ErrorBox, Loading } from '../../ui/States';
import { KpisSection } from './KpisSection';
import { IntegritySection } from './IntegritySection';
import { UsersSection } from './UsersSection';
import { ProjectionsSection } from './ProjectionsSection';
import { FinanceSection } from './FinanceSection';
import { AuditSection } from './AuditSection';

const SECTIONS = [
  { path: 'kpis', label: 'KPIs' },
  { path: 'integrity', label: 'Integrity' },
  { path: 'users', label: 'Users' },
  { path: 'projections', label: 'Projections' },
  { path: 'finance', label: 'Finance' },
  { path: 'audit', label: 'Audit' },
];

/**
 * The operator console (/console/…): one sub-route per section, linked from a navigation bar. Who may see what is the
 * API's decision: every section reads its endpoint and shows "admins only" on a 403 rather than guessing from the role.
 */
export function ConsolePage() {
  const me = useMe();
  if (me.isPending) return <Loading what="your account" />;
  if (me.isError) return <ErrorBox error={me.error} retry={() => me.refetch()} />;
  if (!me.data)
    return (
      <Empty title="Sign in to use the operator console.">
        <Link to="/sign-in?next=%2Fconsole">Sign in</Link>
      </Empty>
    );
  return (
    <section className="console" aria-labelledby="console-title">
      <h1 id="console-title">Operator console</h1>
      <nav aria-label="Console sections" className="console-nav">
        {SECTIONS.map((s) => (
          <NavLink
            key={s.path}
            to={`/console/${s.path}`}
            className={({ isActive }) => (isActive ? 'active' : undefined)}
          >
            {s.label}
          </NavLink>
        ))}
      </nav>
      <Routes>
        <Route index element={<Navigate to="/console/kpis" replace />} />
        <Route path="kpis" element={<KpisSection />} />
        <Route path="integrity" element={<IntegritySection />} />
        <Route path="users" element={<UsersSection />} />
        <Route path="projections" element={<ProjectionsSection />} />
        <Route path="finance" element={<FinanceSection />} />
        <Route path="audit" element={<AuditSection />} />
        <Route path="*" element={<Empty title="No such console section." />} />
      </Routes>
    </section>
  );
}

/**
 * A console read's failure: a 403 says the section is for admins (or analysts) only, anything else is the usual error
 * with the problem's detail and Try again.
 */
export function ConsoleError({ error, retry, who = 'admins' }: { error: unknown; retry: () => void; who?: string }) {
  const status = (error as { status?: number })?.status;
  if (status === 403)
    return (
      <div className="state state-empty" role="alert">
        <strong>This section is for {who} only.</strong> {error instanceof Error ? error.message : ''}
      </div>
    );
  return <ErrorBox error={error} retry={retry} />;
}

/** A mutation's failure, shown next to the control that caused it. */
export function ActionError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="field-error" role="alert">
      {error instanceof Error ? error.message : String(error)}
    </p>
  );
}
