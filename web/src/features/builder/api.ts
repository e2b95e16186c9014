// The builder's reads and writes. Every write to an existing benchmark sends If-Match with the version the user
// edited, so a change made meanwhile by someone else answers 412 instead of being overwritten.
import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api/client';

export const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

export type Grader = NonNullable<Schemas['CreateBenchmarkRequest']['graders']>[number];

export function createBenchmark(body: Schemas['CreateBenchmarkRequest']) {
  return unwrap(api.POST('/api/benchmarks', { body }));
}

export function changeDetails(id: string, version: number, body: Schemas['ChangeDetailsRequest']) {
  return unwrap(api.PATCH('/api/benchmarks/{id}', { params: { path: { id }, header: ifMatch(version) }, body }));
}

export function replaceGraders(id: string, version: number, graders: Record<string, unknown>[]) {
  return unwrap(
    api.PUT('/api/benchmarks/{id}/graders', {
      params: { path: { id }, header: ifMatch(version) },
      body: graders as Grader[],
    }),
  );
}

export function replaceCriteria(id: string, version: number, criteria: Schemas['DecisionCriterion'][]) {
  return unwrap(
    api.PUT('/api/benchmarks/{id}/decision-criteria', {
      params: { path: { id }, header: ifMatch(version) },
      body: criteria,
    }),
  );
}

export function addCase(id: string, version: number, testCase: Schemas['TestCase']) {
  return unwrap(
    api.POST('/api/benchmarks/{id}/cases', {
      params: { path: { id }, header: ifMatch(version) },
      body: testCase as Schemas['JsonNode'],
    }),
  );
}

/** Several cases in one version (the endpoint takes an array too). */
export function addCases(id: string, version: number, cases: Schemas['TestCase'][]) {
  return unwrap(
    api.POST('/api/benchmarks/{id}/cases', {
      params: { path: { id }, header: ifMatch(version) },
      body: cases as unknown as Schemas['JsonNode'],
    }),
  );
}

export function reviseCase(id: string, version: number, caseId: string, testCase: Schemas['TestCase']) {
  return unwrap(
    api.PUT('/api/benchmarks/{id}/cases/{caseId}', {
      params: { path: { id, caseId }, header: ifMatch(version) },
      body: testCase,
    }),
  );
}

export function removeCase(id: string, version: number, caseId: string) {
  return unwrap(
    api.DELETE('/api/benchmarks/{id}/cases/{caseId}', { params: { path: { id, caseId }, header: ifMatch(version) } }),
  );
}

export const IMPORT_TYPES = {
  jsonl: 'application/x-ndjson',
  'openai-evals': 'application/x-ndjson',
  csv: 'text/csv',
  promptfoo: 'application/yaml',
} as const;
export type ImportFormat = keyof typeof IMPORT_TYPES;

/** How each format is offered: an OpenAI Evals samples file is JSON Lines to the server, which reads `{input: [messages], ideal}`. */
export const IMPORT_LABELS: Record<ImportFormat, string> = {
  jsonl: 'JSONL',
  'openai-evals': 'OpenAI Evals samples (JSONL)',
  csv: 'CSV',
  promptfoo: 'promptfoo YAML',
};

/** The `format` the API knows the file by. */
function wireFormat(format: ImportFormat): 'jsonl' | 'csv' | 'promptfoo' {
  return format === 'openai-evals' ? 'jsonl' : format;
}

/** The format a file's name says: .jsonl/.ndjson, .csv, .yaml/.yml (promptfoo). */
export function formatOf(fileName: string): ImportFormat | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'promptfoo';
  return undefined;
}

/** Appends a file's cases to the benchmark, in one version; a file with any problem imports nothing. */
export function importCases(benchmarkId: string, version: number, format: ImportFormat, content: string) {
  return unwrap(
    api.POST('/api/benchmarks/import', {
      params: {
        query: { benchmarkId, format: wireFormat(format) },
        header: { ...ifMatch(version), 'Content-Type': IMPORT_TYPES[format] },
      },
      body: content,
      bodySerializer: (body: string) => body,
      headers: { 'Content-Type': IMPORT_TYPES[format] },
    }),
  );
}

/** The current cases as a file (read through the client, so a private benchmark's token travels with it). */
export async function exportCases(id: string, format: 'jsonl' | 'csv'): Promise<string> {
  return unwrap(
    api.GET('/api/benchmarks/{id}/export', { params: { path: { id }, query: { format } }, parseAs: 'text' }),
  ) as Promise<string>;
}

export function publish(id: string, version: number, makePublic: boolean) {
  const options = { params: { path: { id }, header: ifMatch(version) } };
  return unwrap(
    makePublic
      ? api.POST('/api/benchmarks/{id}/publish', options)
      : api.POST('/api/benchmarks/{id}/unpublish', options),
  );
}

export function fork(id: string, body: Schemas['ForkRequest']) {
  return unwrap(api.POST('/api/benchmarks/{id}/forks', { params: { path: { id } }, body }));
}

export function useMe(enabled: boolean) {
  return useQuery({
    queryKey: ['me'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/me', { signal })),
    enabled,
    retry: false,
    staleTime: 60_000,
  });
}

export function useDiff(id: string, from?: number, to?: number) {
  return useQuery({
    queryKey: ['diff', id, from, to],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/benchmarks/{id}/diff', { params: { path: { id }, query: { from: from!, to: to! } }, signal }),
      ),
    enabled: from !== undefined && to !== undefined && from !== to,
    retry: false,
  });
}
