import type { FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useAuthOptions, useSetUpAdmin } from '../../api/account';
import { ErrorBox } from '../../ui/States';
import { Field, FormError, fieldErrors, value } from './Form';

/** /setup?token=… from the first start's log: the admin chooses an email and a password here. */
export function SetupPage() {
  const [params] = useSearchParams();
  const token = params.get('token');
  const setUp = useSetUpAdmin();
  const options = useAuthOptions();
  const navigate = useNavigate();

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setUp.mutate(
      {
        token: token ?? '',
        email: value(e.currentTarget, 'email').trim(),
        password: value(e.currentTarget, 'password'),
      },
      { onSuccess: () => navigate('/account?welcome=1') },
    );
  };

  return (
    <div className="auth-page">
      <h1>Set up BenchmarkHub</h1>
      {!token ? (
        <ErrorBox
          error={
            new Error('This link has no token. Copy the setup link from the log of the first start exactly as it is.')
          }
        />
      ) : (
        <>
          <p>
            You are setting up the <strong>admin</strong> account. Choose its email and password; the API token in{' '}
            <code>data/admin-token</code> keeps working for scripts.
          </p>
          <form onSubmit={submit} className="auth-form" noValidate>
            <Field
              id="email"
              name="email"
              label="Admin email"
              type="email"
              autoComplete="email"
              required
              autoFocus
              error={setUp.error}
              field="email"
            />
            <Field
              id="new-password"
              name="password"
              field="password"
              label="Admin password"
              type="password"
              autoComplete="new-password"
              required
              error={setUp.error}
              hint={`At least ${options.data?.passwordMinLength ?? 12} characters; common or breached passwords are refused.`}
            />
            {fieldErrors(setUp.error, 'token').length > 0 ? (
              <div className="state state-error" role="alert">
                <strong>This setup link does not work.</strong> It was used already, has expired (it works for 24 hours)
                or the admin is set up. Sign in, or use <code>data/admin-token</code>.
              </div>
            ) : (
              <FormError error={setUp.error} />
            )}
            <button type="submit" className="primary" disabled={setUp.isPending}>
              Create the admin and sign in
            </button>
          </form>
          <p>
            Already set up? <Link to="/sign-in">Sign in</Link>.
          </p>
        </>
      )}
    </div>
  );
}
