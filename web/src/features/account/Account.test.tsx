import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderAt, serve } from '../../test/render';
import { SignInPage } from './SignInPage';
import { SignUpPage } from './SignUpPage';
import { AccountPage } from './AccountPage';
import { VerifyEmailPage } from './TokenPages';
import { SetupPage } from './SetupPage';

const problem = (status: number, detail: string, errors: { field: string; message: string }[] = []) => ({
  status,
  body: { status, detail, errors },
  contentType: 'application/problem+json',
});
const options = (signUp = 'OPEN', providers: { id: string; name: string }[] = []) => ({
  body: { signUp, passwordMinLength: 12, passwordMaxLength: 256, providers },
});
const alice = {
  id: 'usr_1',
  handle: 'alice',
  displayName: 'Alice',
  email: 'alice@example.org',
  emailVerified: false,
  role: 'USER',
  createdAt: '2026-12-01T10:00:00Z',
  hasPassword: true,
  authenticatedBy: 'session',
};

beforeEach(() => {
  document.cookie = 'XSRF-TOKEN=csrf-1';
});

describe('sign-in', () => {
  it('says in words why a provider refused, and offers the configured providers', async () => {
    serve({
      '/api/auth/options': options('OPEN', [{ id: 'google', name: 'Google' }]),
      '/api/auth/me': problem(401, 'This needs a signed-in session'),
    });
    renderAt('/sign-in?error=account_email_not_verified', '/sign-in', <SignInPage />);
    expect((await screen.findByRole('alert')).textContent).toContain('its email is not verified yet');
    const google = await screen.findByRole('link', { name: 'Sign in with Google' });
    expect(google.getAttribute('href')).toBe('/oauth2/authorization/google');
  });

  it('an unknown refusal code is still explained, with the code', async () => {
    serve({ '/api/auth/options': options(), '/api/auth/me': problem(401, 'no') });
    renderAt('/sign-in?error=invalid_id_token', '/sign-in', <SignInPage />);
    expect((await screen.findByRole('alert')).textContent).toContain('did not complete (invalid_id_token)');
  });

  it('posts the login and password with the CSRF header, and shows the server’s 401 detail', async () => {
    const requests = serve({
      '/api/auth/options': options(),
      '/api/auth/me': problem(401, 'no'),
      '/api/auth/login': problem(401, 'The login or the password is wrong, or the account is disabled.'),
    });
    renderAt('/sign-in', '/sign-in', <SignInPage />);
    await userEvent.type(screen.getByLabelText('Email or handle'), 'alice');
    await userEvent.type(screen.getByLabelText('Password'), 'a long passphrase of mine{Enter}');
    expect((await screen.findByRole('alert')).textContent).toContain('The login or the password is wrong');
    const login = requests.find((r) => r.url.endsWith('/api/auth/login'))!;
    expect(login.method).toBe('POST');
    expect(login.headers.get('X-XSRF-TOKEN')).toBe('csrf-1');
    expect(await login.clone().json()).toEqual({ login: 'alice', password: 'a long passphrase of mine' });
  });
});

describe('sign-up', () => {
  it('shows the password policy’s reason from the server’s 400 under the password field', async () => {
    serve({
      '/api/auth/options': options(),
      '/api/auth/signup': problem(400, 'The sign-up is not valid.', [
        { field: 'password', message: 'is on the list of common or breached passwords' },
      ]),
    });
    renderAt('/sign-up', '/sign-up', <SignUpPage />);
    await userEvent.type(await screen.findByLabelText('Email'), 'carol@example.org');
    await userEvent.type(screen.getByLabelText('Handle'), 'carol');
    await userEvent.type(screen.getByLabelText('Password'), 'password1234');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    const password = screen.getByLabelText('Password');
    await waitFor(() => expect(password.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(password.getAttribute('aria-describedby')!.split(' ').pop()!)!.textContent).toBe(
      'Password is on the list of common or breached passwords.',
    );
    expect(screen.queryByLabelText('Invitation')).toBeNull();
  });

  it('asks for the invitation when sign-up is by invitation, and says so when it is closed', async () => {
    serve({ '/api/auth/options': options('INVITE') });
    const { unmount } = renderAt('/sign-up?invite=inv_9', '/sign-up', <SignUpPage />);
    expect(((await screen.findByLabelText('Invitation')) as HTMLInputElement).value).toBe('inv_9');
    unmount();
    serve({ '/api/auth/options': options('CLOSED') });
    renderAt('/sign-up', '/sign-up', <SignUpPage />);
    expect(await screen.findByText('Sign-up is closed on this server.')).toBeTruthy();
  });
});

describe('verify-email', () => {
  it('posts the token of the link once and says the link is spent when the server says so', async () => {
    const requests = serve({
      '/api/auth/verify-email': problem(400, 'The token is not valid.', [
        { field: 'token', message: 'is unknown, used or expired' },
      ]),
    });
    renderAt('/verify-email?token=abc', '/verify-email', <VerifyEmailPage />);
    expect((await screen.findByRole('alert')).textContent).toContain('used already or has expired');
    const posts = requests.filter((r) => r.url.endsWith('/api/auth/verify-email'));
    expect(posts).toHaveLength(1);
    expect(await posts[0].clone().json()).toEqual({ token: 'abc' });
  });
});

describe('the account page', () => {
  it('asks to sign in when nobody is', async () => {
    serve({ '/api/auth/me': problem(401, 'no') });
    renderAt('/account', '/account', <AccountPage />);
    expect(await screen.findByText('You are not signed in.')).toBeTruthy();
  });

  it('creates a token and shows it once, lists tokens with their last use, and revokes one', async () => {
    let tokens = [
      {
        id: 'tok_1',
        name: 'ci',
        createdAt: '2026-12-01T10:00:00Z',
        expiresAt: null,
        lastUsedAt: '2026-12-06T09:30:00Z',
        revokedAt: null,
      },
      {
        id: 'tok_0',
        name: 'old',
        createdAt: '2026-11-01T10:00:00Z',
        expiresAt: null,
        lastUsedAt: null,
        revokedAt: '2026-11-02T10:00:00Z',
      },
    ];
    const requests = serve({
      '/api/auth/me': { body: alice },
      '/api/tokens/tok_1': (_, request) => {
        expect(request.method).toBe('DELETE');
        tokens = tokens.filter((t) => t.id !== 'tok_1');
        return { status: 204, body: null };
      },
      '/api/tokens': (_, request) =>
        request.method === 'POST'
          ? {
              status: 201,
              body: { id: 'tok_2', name: 'laptop', token: 'bh_secret_once', expiresAt: '2027-03-07T00:00:00Z' },
            }
          : { body: tokens },
    });
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    renderAt('/account', '/account', <AccountPage />);
    expect(await screen.findByRole('heading', { name: 'Your account' })).toBeTruthy();
    expect(screen.getByText('not verified')).toBeTruthy();

    const table = await screen.findByRole('table');
    expect(table.textContent).toContain('ci');
    expect(table.textContent).not.toContain('old'); // revoked tokens are not listed as live
    const lastUsed = screen.getAllByRole('row')[1].querySelectorAll('td')[2];
    expect(lastUsed.textContent).toContain('2026'); // the last use, not 'never'

    await userEvent.type(screen.getByLabelText('Name'), 'laptop');
    await userEvent.click(screen.getByRole('button', { name: 'Create token' }));
    expect(((await screen.findByLabelText('The new token')) as HTMLInputElement).value).toBe('bh_secret_once');
    expect(screen.getByText(/shown only this once/)).toBeTruthy();
    const create = requests.find((r) => r.method === 'POST' && r.url.endsWith('/api/tokens'))!;
    const body = await create.clone().json();
    expect(body.name).toBe('laptop');
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 89 * 86_400_000); // 90 days by default

    await userEvent.click(screen.getByRole('button', { name: 'Revoke ci' }));
    expect(await screen.findByText('You have no API tokens.')).toBeTruthy();
  });
});

describe('the setup page', () => {
  it('posts the link’s token with the admin’s email and password, and says when the link is spent', async () => {
    const requests = serve({
      '/api/auth/options': options(),
      '/api/auth/setup': problem(400, 'The setup link is not valid.', [
        { field: 'token', message: 'is unknown, used or expired' },
      ]),
    });
    renderAt('/setup?token=setup-1', '/setup', <SetupPage />);
    await userEvent.type(screen.getByLabelText('Admin email'), 'ops@example.org');
    await userEvent.type(screen.getByLabelText('Admin password'), 'copper kettle under a quiet bridge{Enter}');
    expect((await screen.findByRole('alert')).textContent).toContain('This setup link does not work.');
    const post = requests.find((r) => r.url.endsWith('/api/auth/setup'))!;
    expect(await post.clone().json()).toEqual({
      token: 'setup-1',
      email: 'ops@example.org',
      password: 'copper kettle under a quiet bridge',
    });
  });
});
