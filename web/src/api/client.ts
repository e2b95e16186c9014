import createClient, { type Middleware } from 'openapi-fetch';
import type { paths, components } from './schema';
import { authenticate } from './session';

export type Schemas = components['schemas'];

/** A problem+json answer (RFC 9457), or a network failure, as an Error whose message is the server's detail. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    detail: string,
    readonly errors: { field?: string; message?: string }[] = [],
    /** The problem's own members beyond detail (e.g. a plan limit's limit, requiredPlan, windowStart). */
    readonly problem: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

const auth: Middleware = {
  onRequest({ request }) {
    return authenticate(request);
  },
};

/** The only client the screens use: same origin, cookies sent, types generated from openapi.json. */
export const api = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? '',
  credentials: 'same-origin',
  // looked up per call, so tests can stand a fake server in for the network
  fetch: (request) => globalThis.fetch(request),
});
api.use(auth);

type Result<T> = { data?: T; error?: unknown; response: Response };

/** The data of a successful answer, or an ApiError that carries the problem's detail. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await call;
  } catch (e) {
    throw new ApiError(0, `The server could not be reached (${e instanceof Error ? e.message : String(e)}).`);
  }
  const { data, error, response } = result;
  if (!response.ok) {
    const problem = (error ?? {}) as {
      detail?: string;
      title?: string;
      errors?: { field?: string; message?: string }[];
    };
    throw new ApiError(
      response.status,
      problem.detail ?? problem.title ?? `The server answered ${response.status}.`,
      problem.errors ?? [],
      (error ?? {}) as Record<string, unknown>,
    );
  }
  return data as T;
}
