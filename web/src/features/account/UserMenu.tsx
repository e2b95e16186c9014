import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useMe, useSignOut } from '../../api/account';
import { onSessionChange } from '../../api/session';
import { useQueryClient } from '@tanstack/react-query';

/** The header's sign-in link, or the signed-in user's menu (a disclosure: Account, Sign out). */
export function UserMenu() {
  const me = useMe();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const location = useLocation();
  const queries = useQueryClient();
  const [open, setOpen] = useState(false);
  // the menu closes when the page changes: adjusted while rendering the new page, so it never shows open on it
  const [pathname, setPathname] = useState(location.pathname);
  if (pathname !== location.pathname) {
    setPathname(location.pathname);
    setOpen(false);
  }
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => onSessionChange(() => queries.invalidateQueries({ queryKey: ['me'] })), [queries]);
  useEffect(() => {
    if (!open) return;
    const outside = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, [open]);

  if (me.isPending) return <span className="muted user-menu-placeholder" aria-hidden="true" />;
  if (!me.data) {
    const here = location.pathname + location.search;
    return (
      <div className="user-links">
        <Link
          to={here === '/' || here.startsWith('/sign-in') ? '/sign-in' : `/sign-in?next=${encodeURIComponent(here)}`}
        >
          Sign in
        </Link>
        <Link to="/sign-up" className="button">
          Sign up
        </Link>
      </div>
    );
  }
  return (
    <div
      className="user-menu"
      ref={box}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        className="user-button"
        aria-expanded={open}
        aria-controls="user-menu-list"
        onClick={() => setOpen(!open)}
      >
        <span className="avatar" aria-hidden="true">
          {(me.data.displayName ?? me.data.handle ?? '?').slice(0, 1).toUpperCase()}
        </span>
        {me.data.handle}
        <span className="visually-hidden"> (account menu)</span>
      </button>
      {open && (
        <ul id="user-menu-list" className="user-menu-list">
          <li className="muted">
            Signed in as <strong>{me.data.handle}</strong>
            {me.data.authenticatedBy === 'token' ? ' with an API token' : ''}
          </li>
          <li>
            <Link to="/account">Account and tokens</Link>
          </li>
          <li>
            <Link to="/workspaces">Workspaces</Link>
          </li>
          <li>
            <Link to="/credits">Credits</Link>
          </li>
          <li>
            <Link to="/watchers">Release watchers</Link>
          </li>
          {(me.data.role === 'ADMIN' || me.data.role === 'ANALYST') && (
            <li>
              <Link to="/console">Operator console</Link>
            </li>
          )}
          <li>
            <button
              type="button"
              className="link-button"
              onClick={() => signOut.mutate(undefined, { onSettled: () => navigate('/') })}
            >
              Sign out
            </button>
          </li>
        </ul>
      )}
    </div>
  );
}
