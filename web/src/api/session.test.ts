import { authenticate, csrfToken, setApiToken } from './session';
import { serve } from '../test/render';

describe('session', () => {
  afterEach(() => {
    setApiToken(null);
    document.cookie = 'XSRF-TOKEN=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
  });

  it('reads the CSRF cookie', () => {
    expect(csrfToken('a=1; XSRF-TOKEN=abc%3D%3D; b=2')).toBe('abc==');
    expect(csrfToken('a=1')).toBeNull();
  });

  it('sends the CSRF cookie back as X-XSRF-TOKEN on writes only', async () => {
    document.cookie = 'XSRF-TOKEN=t0k';
    const post = await authenticate(new Request('http://localhost/api/benchmarks', { method: 'POST' }));
    const get = await authenticate(new Request('http://localhost/api/library'));
    expect(post.headers.get('X-XSRF-TOKEN')).toBe('t0k');
    expect(get.headers.get('X-XSRF-TOKEN')).toBeNull();
  });

  it('asks GET /api/auth/csrf for a token before the first write when the browser has no cookie', async () => {
    const requests = serve({
      '/api/auth/csrf': { body: { cookieName: 'XSRF-TOKEN', headerName: 'X-XSRF-TOKEN', token: 'fresh' } },
    });
    const post = await authenticate(new Request('http://localhost/api/auth/login', { method: 'POST' }));
    expect(requests.map((r) => new URL(r.url).pathname)).toEqual(['/api/auth/csrf']);
    expect(post.headers.get('X-XSRF-TOKEN')).toBe('fresh');
  });

  it('adds the API token the user signed in with, and nothing when signed out', async () => {
    expect((await authenticate(new Request('http://localhost/api/runs'))).headers.get('Authorization')).toBeNull();
    setApiToken('tok_1');
    expect((await authenticate(new Request('http://localhost/api/runs'))).headers.get('Authorization')).toBe(
      'Bearer tok_1',
    );
  });
});
