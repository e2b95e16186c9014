import type { ReactNode } from 'react';

export function Loading({ what }: { what: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </div>
  );
}

export function ErrorBox({ error, retry }: { error: unknown; retry?: () => void }) {
  const message = error instanceof Error ? error.message : String(error);
  const status = (error as { status?: number })?.status;
  return (
    <div className="state state-error" role="alert">
      <strong>{status === 404 ? 'Not found.' : status === 401 ? 'Sign in needed.' : 'Something went wrong.'}</strong>{' '}
      {message}
      {retry && (
        <button type="button" onClick={retry} className="link-button">
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <strong>{title}</strong>
      {children && <div>{children}</div>}
    </div>
  );
}

export function Badge({
  kind,
  children,
  title,
}: {
  kind: 'verified' | 'flag' | 'neutral' | 'sim';
  children: ReactNode;
  title?: string;
}) {
  return (
    <span className={`badge badge-${kind}`} title={title}>
      {children}
    </span>
  );
}
