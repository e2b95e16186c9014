// The builder's form state and its conversion to and from the API's shapes. Pure functions, tested alone.
import type { Schemas } from '../../api/client';

export const GRADER_TYPES = [
  'exact',
  'contains',
  'regex',
  'json-valid',
  'json-schema',
  'numeric',
  'similarity',
  'llm-judge',
] as const;
export type GraderType = (typeof GRADER_TYPES)[number];

export const GRADER_HELP: Record<GraderType, string> = {
  exact: "the output equals a value (or the case's expected value)",
  contains: "the output contains a value (or the case's expected value)",
  regex: 'the output matches a regular expression',
  'json-valid': 'the output is valid JSON',
  'json-schema': 'the output is JSON valid against a JSON Schema',
  numeric: 'the output is a number within a tolerance of a value (or the expected value)',
  similarity: 'the output is similar enough to a value (or the expected value)',
  'llm-judge': 'a panel of judge models grades the output against a rubric',
};

/** A grader as the form holds it: every parameter as text, so a half-typed number stays as typed. */
export type GraderForm = {
  type: GraderType;
  value: string;
  ignoreCase: boolean;
  pattern: string;
  schema: string;
  tolerance: string;
  threshold: string;
  rubric: string;
  panel: string;
  passThreshold: string;
};

export const METRICS = [
  ['score', 'Score (0–1)'],
  ['passRate', 'Pass rate (0–1)'],
  ['scoreDelta', 'Score difference, candidate − baseline'],
  ['costPerCaseMicros', 'Cost per case (micro-dollars)'],
  ['latencyP95Ms', 'p95 latency (ms)'],
] as const;
export const OPS = ['>=', '<=', '>', '<'] as const;
/** A rubric line as typed: the acceptable threshold, the optional ideal (same comparison, stricter) and weight (%). */
export type CriterionForm = {
  metric: string;
  op: string;
  threshold: string;
  severity: 'MUST' | 'SHOULD';
  ideal: string;
  weight: string;
};

export function emptyCriterion(): CriterionForm {
  return { metric: 'score', op: '>=', threshold: '', severity: 'MUST', ideal: '', weight: '' };
}

/** The weights typed so far, added up (blank and unreadable ones count 0): shown beside the rubric's 100% budget. */
export function totalWeight(criteria: CriterionForm[]): number {
  return criteria.reduce((sum, c) => {
    const w = Number(c.weight.trim());
    return c.weight.trim() === '' || !Number.isFinite(w) ? sum : sum + w;
  }, 0);
}

export type DetailsForm = {
  title: string;
  description: string;
  category: string;
  tags: string;
  visibility: 'PRIVATE' | 'PUBLIC';
  promptTemplate: string;
};

export function emptyGrader(type: GraderType = 'exact'): GraderForm {
  return {
    type,
    value: '',
    ignoreCase: false,
    pattern: '',
    schema: '',
    tolerance: '',
    threshold: '',
    rubric: '',
    panel: '',
    passThreshold: '',
  };
}

const text = (v: unknown) => (v == null ? '' : typeof v === 'string' ? v : JSON.stringify(v));
const num = (v: unknown) => (typeof v === 'number' ? String(v) : '');

export function graderToForm(g: Record<string, unknown>): GraderForm {
  const type = (GRADER_TYPES as readonly string[]).includes(String(g.type)) ? (g.type as GraderType) : 'exact';
  return {
    type,
    value: type === 'numeric' ? num(g.value) : text(g.value),
    ignoreCase: g.ignoreCase === true,
    pattern: text(g.pattern),
    schema: g.schema == null ? '' : JSON.stringify(g.schema, null, 2),
    tolerance: num(g.tolerance),
    threshold: num(g.threshold),
    rubric: text(g.rubric),
    panel: Array.isArray(g.panel) ? g.panel.join(', ') : '',
    passThreshold: num(g.passThreshold),
  };
}

/** Thrown for a parameter the browser can already tell is wrong (the server checks everything again). */
export class FormProblem extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function number(field: string, value: string): number | undefined {
  if (value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new FormProblem(field, 'must be a number');
  return n;
}

export function graderToApi(g: GraderForm, index: number): Record<string, unknown> {
  const at = `graders[${index}]`;
  const out: Record<string, unknown> = { type: g.type };
  const put = (k: string, v: unknown) => {
    if (v !== undefined && v !== '') out[k] = v;
  };
  switch (g.type) {
    case 'exact':
    case 'contains':
      put('value', g.value || undefined);
      if (g.ignoreCase) out.ignoreCase = true;
      break;
    case 'regex':
      put('pattern', g.pattern);
      break;
    case 'json-schema':
      if (g.schema.trim()) {
        try {
          out.schema = JSON.parse(g.schema);
        } catch {
          throw new FormProblem(`${at}.schema`, 'is not valid JSON');
        }
      }
      break;
    case 'numeric':
      put('value', number(`${at}.value`, g.value));
      put('tolerance', number(`${at}.tolerance`, g.tolerance));
      break;
    case 'similarity':
      put('value', g.value || undefined);
      put('threshold', number(`${at}.threshold`, g.threshold));
      break;
    case 'llm-judge': {
      put('rubric', g.rubric);
      const panel = splitList(g.panel);
      if (panel.length) out.panel = panel;
      put('passThreshold', number(`${at}.passThreshold`, g.passThreshold));
      break;
    }
  }
  return out;
}

export function criterionToForm(c: Record<string, unknown>): CriterionForm {
  return {
    metric: String(c.metric ?? 'score'),
    op: String(c.op ?? '>='),
    threshold: num(c.threshold),
    severity: c.severity === 'SHOULD' ? 'SHOULD' : 'MUST',
    ideal: num(c.ideal),
    weight: num(c.weight),
  };
}

export function criterionToApi(c: CriterionForm, index: number): Schemas['DecisionCriterion'] {
  const threshold = number(`decisionCriteria[${index}].threshold`, c.threshold);
  if (threshold === undefined) throw new FormProblem(`decisionCriteria[${index}].threshold`, 'is required');
  const out: Schemas['DecisionCriterion'] = {
    metric: c.metric as Schemas['DecisionCriterion']['metric'],
    op: c.op as Schemas['DecisionCriterion']['op'],
    threshold,
    severity: c.severity,
  };
  const ideal = number(`decisionCriteria[${index}].ideal`, c.ideal);
  if (ideal !== undefined) out.ideal = ideal;
  const weight = number(`decisionCriteria[${index}].weight`, c.weight);
  if (weight !== undefined) out.weight = weight;
  return out;
}

export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

/** The placeholders a template uses, in order, once each: {{input}}, {{question}}… */
export function placeholders(template: string): string[] {
  const seen: string[] = [];
  for (const m of template.matchAll(/\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g)) if (!seen.includes(m[1])) seen.push(m[1]);
  return seen;
}

/** The prompt a case renders to, as docs/runs.md describes (text input, or an object's fields). */
export function renderPrompt(template: string, input: unknown): string {
  if (Array.isArray(input))
    return input.map((m) => `${(m as { role?: string }).role}: ${(m as { content?: string }).content}`).join('\n');
  if (!template) return typeof input === 'string' ? input : JSON.stringify(input);
  return template.replace(/\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g, (whole, name: string) => {
    if (typeof input === 'string') return name === 'input' ? input : whole;
    if (input && typeof input === 'object') {
      const fields = input as Record<string, unknown>;
      if (name in fields)
        return typeof fields[name] === 'string' ? (fields[name] as string) : JSON.stringify(fields[name]);
      if (name === 'input') return JSON.stringify(input);
    }
    return whole;
  });
}

/** A case's input or expected value as typed: JSON when it parses as an object, array or number, text otherwise. */
export function parseValue(typed: string): unknown {
  const t = typed.trim();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.parse(t);
    } catch {
      return typed;
    }
  }
  return typed;
}

export function showValue(value: unknown): string {
  if (value == null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The errors of a problem+json answer by field, for showing each next to its field. */
export function errorsByField(errors: { field?: string; message?: string }[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const e of errors) {
    const field = e.field ?? '';
    map.set(field, map.has(field) ? `${map.get(field)}; ${e.message}` : (e.message ?? ''));
  }
  return map;
}

/** Cases pasted from a spreadsheet or typed: one a line, the input, then a tab and the expected value if any. */
export function pastedCases(text: string): { input: unknown; expected?: unknown }[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const tab = line.indexOf('\t');
      if (tab < 0) return { input: parseValue(line) };
      const expected = line.slice(tab + 1);
      return expected.trim() === ''
        ? { input: parseValue(line.slice(0, tab)) }
        : { input: parseValue(line.slice(0, tab)), expected: parseValue(expected) };
    });
}
