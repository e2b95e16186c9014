import { authenticate, csrfToken, setApiToken } from './session';

describe('session', () => {
  afterEach(() => {
    setApiToken(null);
    document.cookie = 'XSRF-TOKEN=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
  });

  it('reads the CSRF cookie', () => {
    expect(csrfToken('a=1; XSRF-TOKEN=abc%3D%3D; b=2')).toBe('abc==');
    expect(csrfToken('a=1')).toBeNull();
  });

  it('sends the CSRF cookie back as X-XSRF-TOKEN on writes only', () => {
    document.cookie = 'XSRF-TOKEN=t0k';
    const post = authenticate(new Request('http://localhost/api/benchmarks', { method: 'POST' }));
    const get = authenticate(new Request('http://localhost/api/library'));
    expect(post.headers.get('X-XSRF-TOKEN')).toBe('t0k');
    expect(get.headers.get('X-XSRF-TOKEN')).toBeNull();
  });

  it('adds the API token the user signed in with, and nothing when signed out', () => {
    expect(authenticate(new Request('http://localhost/api/runs')).headers.get('Authorization')).toBeNull();
    setApiToken('tok_1');
    expect(authenticate(new Request('http://localhost/api/runs')).headers.get('Authorization')).toBe('Bearer tok_1');
  });
});
