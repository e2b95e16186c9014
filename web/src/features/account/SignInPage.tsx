import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useAuthOptions, useMe, useRequestPasswordReset, useSignIn } from '../../api/account';
import { setApiToken } from '../../api/session';
import { Field, FormError, value } from './Form';

/** What the codes of an OIDC refusal (`/sign-in?error=…`) mean, in words. */
export const OIDC_ERRORS: Record<string, string> = {
  email_not_verified:
    'Your provider does not say that your email address is verified, so it cannot sign you in here. Verify the address with the provider, or sign up with a password.',
  account_email_not_verified:
    'An account with this email address exists, but its email is not verified yet. Sign in with its password and open the link in the verification mail; after that, the provider can sign you in to it.',
  account_disabled: 'This account is disabled. An admin can enable it again.',
  access_denied: 'The sign-in was cancelled at the provider.',
  authorization_request_not_found: 'The sign-in took too long or was started in another browser. Try again.',
  invalid_state_parameter: 'The sign-in took too long or was started in another browser. Try again.',
};

export function oidcError(code: string): string {
  return (
    OIDC_ERRORS[code] ??
    `The sign-in with the provider did not complete (${code}). Try again, or sign in with your password.`
  );
}

export function SignInPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const signIn = useSignIn();
  const options = useAuthOptions();
  const me = useMe();
  const code = params.get('error');
  const next = params.get('next');
  const goOn = () => navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/');

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    signIn.mutate(
      { login: value(e.currentTarget, 'login').trim(), password: value(e.currentTarget, 'password') },
      { onSuccess: goOn },
    );
  };

  return (
    <div className="auth-page">
      <h1>Sign in</h1>
      {code && (
        <div className="state state-error" role="alert">
          <strong>The provider sign-in was refused.</strong> {oidcError(code)}
        </div>
      )}
      {me.data && (
        <p className="muted">
          You are signed in as <strong>{me.data.handle}</strong>. <Link to="/account">Your account</Link>
        </p>
      )}
      <form onSubmit={submit} className="auth-form" noValidate>
        <Field
          id="login"
          name="login"
          label="Email or handle"
          autoComplete="username"
          required
          autoFocus
          error={signIn.error}
        />
        <Field
          id="password"
          name="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          error={signIn.error}
        />
        <FormError error={signIn.error} />
        <button type="submit" className="primary" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {options.data?.providers && options.data.providers.length > 0 && (
        <div className="providers">
          <p className="muted">or</p>
          {options.data.providers.map((p) => (
            // a full page load: the provider's pages are not part of this app
            <a key={p.id} className="button" href={`/oauth2/authorization/${encodeURIComponent(p.id ?? '')}`}>
              Sign in with {p.name}
            </a>
          ))}
        </div>
      )}
      <p>
        {options.data?.signUp !== 'CLOSED' && (
          <>
            New here? <Link to="/sign-up">Create an account</Link>.{' '}
          </>
        )}
      </p>
      <ForgotPassword />
      <TokenSignIn onDone={goOn} />
    </div>
  );
}

function ForgotPassword() {
  const reset = useRequestPasswordReset();
  const [open, setOpen] = useState(false);
  if (!open)
    return (
      <p>
        <button type="button" className="link-button" onClick={() => setOpen(true)}>
          Forgot your password?
        </button>
      </p>
    );
  if (reset.isSuccess)
    return (
      <p role="status" className="state state-ok">
        If an account has this address, a mail with a link to choose a new password is on its way. The link works for an
        hour.
      </p>
    );
  return (
    <form
      className="auth-form"
      onSubmit={(e) => {
        e.preventDefault();
        reset.mutate(value(e.currentTarget, 'email').trim());
      }}
    >
      <Field
        id="reset-email"
        name="email"
        field="email"
        label="Your account's email"
        type="email"
        autoComplete="email"
        required
        autoFocus
        error={reset.error}
      />
      <FormError error={reset.error} />
      <button type="submit" disabled={reset.isPending}>
        Send me a reset link
      </button>
    </form>
  );
}

/** For people who have an API token (from a script or the CLI) but no password, e.g. the first admin. */
function TokenSignIn({ onDone }: { onDone: () => void }) {
  const queries = useQueryClient();
  return (
    <details className="token-signin">
      <summary>Use an API token instead</summary>
      <form
        className="auth-form"
        onSubmit={(e) => {
          e.preventDefault();
          const token = value(e.currentTarget, 'token').trim();
          if (!token) return;
          setApiToken(token);
          queries.resetQueries({ predicate: (q) => q.queryKey[0] !== 'auth-options' });
          onDone();
        }}
      >
        <Field
          id="api-token"
          name="token"
          label="API token"
          type="password"
          autoComplete="off"
          hint="Kept in this tab only, and sent as Authorization: Bearer. Closing the tab forgets it."
        />
        <button type="submit">Use this token</button>
      </form>
    </details>
  );
}
