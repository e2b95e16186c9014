import type { FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useAuthOptions, useSignUp } from '../../api/account';
import { Empty, ErrorBox, Loading } from '../../ui/States';
import { Field, FormError, value } from './Form';

export function SignUpPage() {
  const options = useAuthOptions();
  const signUp = useSignUp();
  const navigate = useNavigate();
  const [params] = useSearchParams();

  if (options.isPending) return <Loading what="the sign-up" />;
  if (options.isError) return <ErrorBox error={options.error} retry={() => options.refetch()} />;
  const mode = options.data.signUp;
  if (mode === 'CLOSED')
    return (
      <div className="auth-page">
        <h1>Create an account</h1>
        <Empty title="Sign-up is closed on this server.">
          An admin creates accounts. If you have one, <Link to="/sign-in">sign in</Link>.
        </Empty>
      </div>
    );

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const displayName = value(form, 'displayName').trim();
    signUp.mutate(
      {
        email: value(form, 'email').trim(),
        handle: value(form, 'handle').trim(),
        displayName: displayName || undefined,
        password: value(form, 'password'),
        inviteToken: mode === 'INVITE' ? value(form, 'inviteToken').trim() : undefined,
      },
      { onSuccess: () => navigate('/account?welcome=1') },
    );
  };

  return (
    <div className="auth-page">
      <h1>Create an account</h1>
      {mode === 'INVITE' && (
        <p className="muted">Sign-up here is by invitation: paste the invitation an admin gave you.</p>
      )}
      <form onSubmit={submit} className="auth-form" noValidate>
        <Field
          id="email"
          name="email"
          label="Email"
          type="email"
          autoComplete="email"
          required
          autoFocus
          error={signUp.error}
        />
        <Field
          id="handle"
          name="handle"
          label="Handle"
          autoComplete="username"
          required
          error={signUp.error}
          hint="2–64 lowercase letters, digits, _ or -. It is shown on your public benchmarks."
        />
        <Field
          id="displayName"
          name="displayName"
          label="Display name (optional)"
          autoComplete="name"
          error={signUp.error}
        />
        <Field
          id="new-password"
          name="password"
          field="password"
          label="Password"
          type="password"
          autoComplete="new-password"
          required
          error={signUp.error}
          hint={`At least ${options.data.passwordMinLength} characters. A passphrase of a few words is good; common or breached passwords, and ones that contain your handle or email, are refused.`}
        />
        {mode === 'INVITE' && (
          <Field
            id="inviteToken"
            name="inviteToken"
            label="Invitation"
            autoComplete="off"
            required
            error={signUp.error}
            defaultValue={params.get('invite') ?? ''}
          />
        )}
        <FormError error={signUp.error} />
        <button type="submit" className="primary" disabled={signUp.isPending}>
          {signUp.isPending ? 'Creating your account…' : 'Create account'}
        </button>
      </form>
      <p>
        Already have an account? <Link to="/sign-in">Sign in</Link>.
      </p>
    </div>
  );
}
