import { useEffect, useRef, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useAuthOptions, useConfirmPasswordReset, useVerifyEmail } from '../../api/account';
import { ErrorBox } from '../../ui/States';
import { Field, FormError, fieldErrors, value } from './Form';

/** /verify-email?token=… from the verification mail: posts the token once, says what happened. */
export function VerifyEmailPage() {
  const [params] = useSearchParams();
  const token = params.get('token');
  const verify = useVerifyEmail();
  const sent = useRef(false);
  useEffect(() => {
    // once, even under StrictMode's double effects: the token is single-use
    if (token && !sent.current) {
      sent.current = true;
      verify.mutate(token);
    }
  }, [token, verify]);

  return (
    <div className="auth-page">
      <h1>Verify your email</h1>
      {!token ? (
        <ErrorBox error={new Error('This link has no token. Open the link from the mail exactly as it is.')} />
      ) : verify.isPending || verify.isIdle ? (
        <div className="state state-loading" role="status">
          <span className="spinner" aria-hidden="true" /> Verifying your email…
        </div>
      ) : verify.isSuccess ? (
        <div className="state state-ok" role="status">
          <strong>Your email is verified.</strong> <Link to="/account">Go to your account</Link> or{' '}
          <Link to="/">the library</Link>.
        </div>
      ) : (
        <div className="state state-error" role="alert">
          <strong>This link does not work.</strong>{' '}
          {fieldErrors(verify.error, 'token').length
            ? 'It was used already or has expired (links work for 24 hours).'
            : verify.error instanceof Error
              ? verify.error.message
              : ''}{' '}
          Signed in, your <Link to="/account">account page</Link> can send a new one.
        </div>
      )}
    </div>
  );
}

/** /reset-password?token=… from the reset mail: a new password, posted with the token. */
export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token');
  const confirm = useConfirmPasswordReset();
  const options = useAuthOptions();

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    confirm.mutate({ token: token ?? '', password: value(e.currentTarget, 'password') });
  };

  return (
    <div className="auth-page">
      <h1>Choose a new password</h1>
      {!token ? (
        <ErrorBox error={new Error('This link has no token. Open the link from the mail exactly as it is.')} />
      ) : confirm.isSuccess ? (
        <div className="state state-ok" role="status">
          <strong>Your password is changed.</strong> Every session of your account has ended.{' '}
          <Link to="/sign-in">Sign in</Link> with the new password.
        </div>
      ) : (
        <form onSubmit={submit} className="auth-form" noValidate>
          <Field
            id="new-password"
            name="password"
            field="password"
            label="New password"
            type="password"
            autoComplete="new-password"
            required
            autoFocus
            error={confirm.error}
            hint={`At least ${options.data?.passwordMinLength ?? 12} characters; common or breached passwords are refused.`}
          />
          {fieldErrors(confirm.error, 'token').length > 0 ? (
            <div className="state state-error" role="alert">
              <strong>This link does not work.</strong> It was used already or has expired (links work for an hour).{' '}
              <Link to="/sign-in">Ask for a new one</Link> from the sign-in page.
            </div>
          ) : (
            <FormError error={confirm.error} />
          )}
          <button type="submit" className="primary" disabled={confirm.isPending}>
            Set the new password
          </button>
        </form>
      )}
    </div>
  );
}
