import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { vi } from 'vitest';

/** Renders a screen at a route, with a fresh query cache that does not retry. */
export function renderAt(path: string, route: string, element: ReactElement) {
  const queries = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={queries}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path={route} element={element} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

type Answer = { status?: number; body: unknown; contentType?: string };

/** Answers fetch calls by path (the first matching prefix wins) and records the requests. */
export function serve(routes: Record<string, Answer | ((url: URL, request: Request) => Answer)>) {
  const requests: Request[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL) => {
    const request = input instanceof Request ? input : new Request(input);
    requests.push(request);
    const url = new URL(request.url);
    const key = Object.keys(routes).find((p) => url.pathname === p || url.pathname.startsWith(p + '?'));
    if (!key)
      return new Response(JSON.stringify({ status: 404, detail: `no route for ${url.pathname}` }), {
        status: 404,
        headers: { 'Content-Type': 'application/problem+json' },
      });
    const route = routes[key];
    const answer = typeof route === 'function' ? route(url, request) : route;
    if (answer.status === 204) return new Response(null, { status: 204 });
    return new Response(JSON.stringify(answer.body), {
      status: answer.status ?? 200,
      headers: { 'Content-Type': answer.contentType ?? 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetch);
  return requests;
}
