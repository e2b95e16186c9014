import { vi } from 'vitest';
import { configure } from '@testing-library/react';

type Answer = { status?: number; body: unknown; contentType?: string };
export type Recorded = { method: string; url: URL; headers: Headers; body: string };

/** A fake server keyed by "METHOD /path" (exact path); records each request with its body. Test-only. */
export function fakeServer(routes: Record<string, Answer | ((r: Recorded) => Answer)>) {
  const requests: Recorded[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const request = input instanceof Request ? input : new Request(input);
      const recorded = {
        method: request.method,
        url: new URL(request.url),
        headers: request.headers,
        body: await request.clone().text(),
      };
      requests.push(recorded);
      const route = routes[`${request.method} ${recorded.url.pathname}`];
      if (!route)
        return new Response(
          JSON.stringify({ status: 404, detail: `no route for ${request.method} ${recorded.url.pathname}` }),
          {
            status: 404,
            headers: { 'Content-Type': 'application/problem+json' },
          },
        );
      const answer = typeof route === 'function' ? route(recorded) : route;
      const status = answer.status ?? 200;
      if (status === 204) return new Response(null, { status });
      return new Response(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body), {
        status,
        headers: {
          'Content-Type': answer.contentType ?? (status >= 400 ? 'application/problem+json' : 'application/json'),
        },
      });
    }),
  );
  return requests;
}

/** The text an element's aria-describedby points at, as a screen reader reads it after the label. */
export function description(element: HTMLElement): string {
  return (element.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
}

/** The builder's forms are typed into key by key: on a loaded machine that takes seconds, which is not a failure. */
export function patientTests() {
  vi.setConfig({ testTimeout: 30_000 });
  configure({ asyncUtilTimeout: 8_000 });
}
