import { useId, useState, type ReactNode } from 'react';
import {
  emptyGrader,
  GRADER_HELP,
  GRADER_TYPES,
  emptyCriterion,
  METRICS,
  OPS,
  totalWeight,
  placeholders,
  renderPrompt,
  showValue,
  type CriterionForm,
  type DetailsForm,
  type GraderForm,
  type GraderType,
} from './model';

export type Errors = Map<string, string>;

/** A labelled control with the server's message for its field right under it (aria-describedby). */
export function Field({
  label,
  error,
  hint,
  children,
}: {
  label: string;
  error?: string;
  hint?: ReactNode;
  children: (props: { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) => ReactNode;
}) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': described })}
      {hint && (
        <div id={`${id}-hint`} className="field-hint">
          {hint}
        </div>
      )}
      {error && (
        <div id={`${id}-error`} className="field-error">
          {error}
        </div>
      )}
    </div>
  );
}

/** The errors whose field starts with prefix (e.g. all of graders[1]), joined, for a group without its own input. */
function errorsUnder(errors: Errors, prefix: string): string | undefined {
  const found = [...errors.entries()].filter(([f]) => f === prefix).map(([, m]) => m);
  return found.length ? found.join('; ') : undefined;
}

export function DetailsFields({
  value,
  onChange,
  errors,
  withVisibility,
}: {
  value: DetailsForm;
  onChange: (next: DetailsForm) => void;
  errors: Errors;
  withVisibility: boolean;
}) {
  const set = (k: keyof DetailsForm) => (e: { target: { value: string } }) =>
    onChange({ ...value, [k]: e.target.value });
  const tagErrors = [...errors.entries()]
    .filter(([f]) => f === 'tags' || f.startsWith('tags['))
    .map(([f, m]) => (f === 'tags' ? m : `${f}: ${m}`));
  return (
    <fieldset className="builder-section">
      <legend>Details</legend>
      <Field label="Title" error={errors.get('title')}>
        {(p) => <input {...p} type="text" value={value.title} onChange={set('title')} required maxLength={300} />}
      </Field>
      <Field label="Description" error={errors.get('description')}>
        {(p) => <textarea {...p} rows={3} value={value.description} onChange={set('description')} />}
      </Field>
      <div className="field-row">
        <Field label="Category" error={errors.get('category')} hint="One word or two, e.g. qa, extraction, support">
          {(p) => <input {...p} type="text" value={value.category} onChange={set('category')} />}
        </Field>
        <Field
          label="Tags"
          error={tagErrors.length ? tagErrors.join('; ') : undefined}
          hint="Comma-separated, lowercase: math, support"
        >
          {(p) => <input {...p} type="text" value={value.tags} onChange={set('tags')} />}
        </Field>
      </div>
      {withVisibility && (
        <fieldset className="radios">
          <legend>Visibility</legend>
          <label>
            <input
              type="radio"
              name="visibility"
              checked={value.visibility === 'PRIVATE'}
              onChange={() => onChange({ ...value, visibility: 'PRIVATE' })}
            />{' '}
            Private: only you
          </label>
          <label>
            <input
              type="radio"
              name="visibility"
              checked={value.visibility === 'PUBLIC'}
              onChange={() => onChange({ ...value, visibility: 'PUBLIC' })}
            />{' '}
            Public: in the library
          </label>
          {errors.get('visibility') && <div className="field-error">{errors.get('visibility')}</div>}
        </fieldset>
      )}
    </fieldset>
  );
}

export function PromptFields({
  value,
  onChange,
  error,
  cases,
}: {
  value: string;
  onChange: (next: string) => void;
  error?: string;
  cases: { id?: string; input?: unknown }[];
}) {
  const [sample, setSample] = useSampleState(cases);
  const used = placeholders(value);
  const fields = fieldNames(cases);
  const input = sample.kind === 'case' ? cases.find((c) => c.id === sample.caseId)?.input : sample.text;
  return (
    <fieldset className="builder-section">
      <legend>Prompt template</legend>
      <Field
        label="Template"
        error={error}
        hint={
          <>
            Write <code>{'{{input}}'}</code> where the case's input goes; for object inputs, <code>{'{{field}}'}</code>{' '}
            for each field
            {fields.length > 0 && <> (your cases have {fields.map((f) => `{{${f}}}`).join(', ')})</>}. Left empty, the
            input is sent as it is.
            {used.length > 0 && <> This template uses: {used.map((u) => `{{${u}}}`).join(', ')}.</>}
          </>
        }
      >
        {(p) => <textarea {...p} className="mono" rows={5} value={value} onChange={(e) => onChange(e.target.value)} />}
      </Field>
      <div className="preview">
        <div className="field-row">
          {cases.length > 0 ? (
            <Field label="Preview on case">
              {(p) => (
                <select
                  {...p}
                  value={sample.kind === 'case' ? sample.caseId : ''}
                  onChange={(e) => setSample({ kind: 'case', caseId: e.target.value })}
                >
                  {cases.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.id}: {showValue(c.input).slice(0, 60)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : (
            <Field label="Preview with the input">
              {(p) => (
                <input
                  {...p}
                  type="text"
                  value={sample.kind === 'text' ? sample.text : ''}
                  onChange={(e) => setSample({ kind: 'text', text: e.target.value })}
                />
              )}
            </Field>
          )}
        </div>
        <div className="preview-label" id="prompt-preview-label">
          The prompt sent
        </div>
        <pre className="code" aria-labelledby="prompt-preview-label" aria-live="polite">
          {renderPrompt(value, input ?? '') || ' '}
        </pre>
      </div>
    </fieldset>
  );
}

type Sample = { kind: 'case'; caseId: string } | { kind: 'text'; text: string };
function useSampleState(cases: { id?: string }[]): [Sample, (s: Sample) => void] {
  const [sample, setSample] = useState<Sample | null>(null);
  const current: Sample =
    sample && (sample.kind === 'text' || cases.some((c) => c.id === sample.caseId))
      ? sample
      : cases.length > 0
        ? { kind: 'case', caseId: cases[0].id ?? '' }
        : { kind: 'text', text: 'What is 2+2?' };
  return [current, setSample];
}

function fieldNames(cases: { input?: unknown }[]): string[] {
  const names = new Set<string>();
  for (const c of cases.slice(0, 50))
    if (c.input && typeof c.input === 'object' && !Array.isArray(c.input))
      Object.keys(c.input as object).forEach((k) => names.add(k));
  return [...names].slice(0, 12);
}

export function GradersFields({
  value,
  onChange,
  errors,
}: {
  value: GraderForm[];
  onChange: (next: GraderForm[]) => void;
  errors: Errors;
}) {
  const update = (i: number, g: GraderForm) => onChange(value.map((x, j) => (j === i ? g : x)));
  return (
    <fieldset className="builder-section">
      <legend>Graders</legend>
      {errors.get('graders') && <div className="field-error">{errors.get('graders')}</div>}
      {value.length === 0 && <p className="muted">No grader yet: a run needs at least one. Add one below.</p>}
      <ol className="rows">
        {value.map((g, i) => (
          <li key={i} className="row-card">
            <GraderFields index={i} value={g} onChange={(next) => update(i, next)} errors={errors} />
            <button
              type="button"
              className="link-button"
              onClick={() => onChange(value.filter((_, j) => j !== i))}
              aria-label={`Remove grader ${i + 1} (${g.type})`}
            >
              Remove
            </button>
          </li>
        ))}
      </ol>
      <button type="button" onClick={() => onChange([...value, emptyGrader()])}>
        Add a grader
      </button>
    </fieldset>
  );
}

function GraderFields({
  index,
  value: g,
  onChange,
  errors,
}: {
  index: number;
  value: GraderForm;
  onChange: (g: GraderForm) => void;
  errors: Errors;
}) {
  const at = `graders[${index}]`;
  const set = (k: keyof GraderForm) => (e: { target: { value: string } }) => onChange({ ...g, [k]: e.target.value });
  const n = index + 1;
  return (
    <div className="grader">
      <Field
        label={`Grader ${n} type`}
        error={errorsUnder(errors, at) ?? errors.get(`${at}.type`)}
        hint={GRADER_HELP[g.type]}
      >
        {(p) => (
          <select {...p} value={g.type} onChange={(e) => onChange({ ...g, type: e.target.value as GraderType })}>
            {GRADER_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        )}
      </Field>
      {(g.type === 'exact' || g.type === 'contains' || g.type === 'similarity') && (
        <Field label={`Grader ${n} value`} error={errors.get(`${at}.value`)} hint="Empty: each case's expected value">
          {(p) => <input {...p} type="text" value={g.value} onChange={set('value')} />}
        </Field>
      )}
      {(g.type === 'exact' || g.type === 'contains') && (
        <label className="check">
          <input
            type="checkbox"
            checked={g.ignoreCase}
            onChange={(e) => onChange({ ...g, ignoreCase: e.target.checked })}
          />{' '}
          Ignore case
        </label>
      )}
      {g.type === 'regex' && (
        <Field
          label={`Grader ${n} pattern`}
          error={errors.get(`${at}.pattern`)}
          hint="A Java regular expression, e.g. ^\d+$"
        >
          {(p) => <input {...p} type="text" className="mono" value={g.pattern} onChange={set('pattern')} />}
        </Field>
      )}
      {g.type === 'json-schema' && (
        <Field label={`Grader ${n} JSON Schema`} error={errors.get(`${at}.schema`)}>
          {(p) => (
            <textarea
              {...p}
              className="mono"
              rows={4}
              value={g.schema}
              onChange={set('schema')}
              placeholder='{"type": "object", "required": ["name"]}'
            />
          )}
        </Field>
      )}
      {g.type === 'numeric' && (
        <>
          <Field label={`Grader ${n} value`} error={errors.get(`${at}.value`)} hint="Empty: each case's expected value">
            {(p) => <input {...p} type="text" inputMode="decimal" value={g.value} onChange={set('value')} />}
          </Field>
          <Field
            label={`Grader ${n} tolerance`}
            error={errors.get(`${at}.tolerance`)}
            hint="Zero or more; empty: exact"
          >
            {(p) => <input {...p} type="text" inputMode="decimal" value={g.tolerance} onChange={set('tolerance')} />}
          </Field>
        </>
      )}
      {g.type === 'similarity' && (
        <Field label={`Grader ${n} threshold`} error={errors.get(`${at}.threshold`)} hint="Between 0 and 1">
          {(p) => <input {...p} type="text" inputMode="decimal" value={g.threshold} onChange={set('threshold')} />}
        </Field>
      )}
      {g.type === 'llm-judge' && (
        <>
          <Field
            label={`Grader ${n} rubric`}
            error={errors.get(`${at}.rubric`)}
            hint="What the judges check, e.g. Is the answer correct and polite?"
          >
            {(p) => <textarea {...p} rows={3} value={g.rubric} onChange={set('rubric')} />}
          </Field>
          <Field
            label={`Grader ${n} judge panel`}
            error={errors.get(`${at}.panel`)}
            hint="Comma-separated models; empty: the run's judges or the default panel"
          >
            {(p) => <input {...p} type="text" className="mono" value={g.panel} onChange={set('panel')} />}
          </Field>
          <Field label={`Grader ${n} pass threshold`} error={errors.get(`${at}.passThreshold`)} hint="Between 0 and 1">
            {(p) => (
              <input {...p} type="text" inputMode="decimal" value={g.passThreshold} onChange={set('passThreshold')} />
            )}
          </Field>
        </>
      )}
    </div>
  );
}

export function CriteriaFields({
  value,
  onChange,
  errors,
}: {
  value: CriterionForm[];
  onChange: (next: CriterionForm[]) => void;
  errors: Errors;
}) {
  const update = (i: number, c: CriterionForm) => onChange(value.map((x, j) => (j === i ? c : x)));
  return (
    <fieldset className="builder-section">
      <legend>Decision rubric</legend>
      <p className="muted">
        What a candidate model must (or should) reach to ship. A comparison says SHIP when every line&apos;s acceptable
        threshold is met, SHIP WITH CAVEATS when only SHOULD lines miss, DON&apos;T SHIP when a MUST line misses. The
        ideal (a stricter bound) and the weight (% of the rubric) do not change the verdict: Compare shows which ideals
        are met and the weighted score, the weights of the met lines over the total.
      </p>
      {errors.get('decisionCriteria') && <div className="field-error">{errors.get('decisionCriteria')}</div>}
      {value.length === 0 && <p className="muted">No rubric: comparisons decide on the paired difference alone.</p>}
      <ol className="rows">
        {value.map((c, i) => {
          const at = `decisionCriteria[${i}]`;
          const n = i + 1;
          return (
            <li key={i} className="row-card criterion">
              <Field label={`Rule ${n} metric`} error={errors.get(`${at}.metric`) ?? errorsUnder(errors, at)}>
                {(p) => (
                  <select {...p} value={c.metric} onChange={(e) => update(i, { ...c, metric: e.target.value })}>
                    {METRICS.map(([m, label]) => (
                      <option key={m} value={m}>
                        {label}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={`Rule ${n} comparison`} error={errors.get(`${at}.op`)}>
                {(p) => (
                  <select {...p} value={c.op} onChange={(e) => update(i, { ...c, op: e.target.value })}>
                    {OPS.map((o) => (
                      <option key={o} value={o}>
                        {o}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={`Rule ${n} threshold`} error={errors.get(`${at}.threshold`)}>
                {(p) => (
                  <input
                    {...p}
                    type="text"
                    inputMode="decimal"
                    value={c.threshold}
                    onChange={(e) => update(i, { ...c, threshold: e.target.value })}
                  />
                )}
              </Field>
              <Field label={`Rule ${n} ideal`} error={errors.get(`${at}.ideal`)} hint="optional, stricter">
                {(p) => (
                  <input
                    {...p}
                    type="text"
                    inputMode="decimal"
                    value={c.ideal}
                    onChange={(e) => update(i, { ...c, ideal: e.target.value })}
                  />
                )}
              </Field>
              <Field label={`Rule ${n} weight`} error={errors.get(`${at}.weight`)} hint="optional, % (0–100)">
                {(p) => (
                  <input
                    {...p}
                    type="text"
                    inputMode="decimal"
                    value={c.weight}
                    onChange={(e) => update(i, { ...c, weight: e.target.value })}
                  />
                )}
              </Field>
              <Field label={`Rule ${n} severity`} error={errors.get(`${at}.severity`)}>
                {(p) => (
                  <select
                    {...p}
                    value={c.severity}
                    onChange={(e) => update(i, { ...c, severity: e.target.value as 'MUST' | 'SHOULD' })}
                  >
                    <option value="MUST">MUST</option>
                    <option value="SHOULD">SHOULD</option>
                  </select>
                )}
              </Field>
              <button
                type="button"
                className="link-button"
                onClick={() => onChange(value.filter((_, j) => j !== i))}
                aria-label={`Remove rule ${n}`}
              >
                Remove
              </button>
            </li>
          );
        })}
      </ol>
      {value.some((c) => c.weight.trim() !== '') && (
        <p className={totalWeight(value) > 100 ? 'field-error' : 'muted'} aria-live="polite">
          Weights: {+totalWeight(value).toFixed(2)}% of 100%{' '}
          {totalWeight(value) > 100 ? '— they must add up to at most 100' : ''}
        </p>
      )}
      <button type="button" onClick={() => onChange([...value, emptyCriterion()])}>
        Add a rule
      </button>
    </fieldset>
  );
}

/** Errors no field on the screen shows (e.g. a case's), listed so none is lost. */
export function OtherErrors({ errors, shown }: { errors: Errors; shown: (field: string) => boolean }) {
  const rest = [...errors.entries()].filter(([f]) => !shown(f));
  if (rest.length === 0) return null;
  return (
    <ul className="field-error">
      {rest.map(([f, m]) => (
        <li key={f}>
          {f ? <span className="mono">{f}</span> : null} {m}
        </li>
      ))}
    </ul>
  );
}

/** A 400 that names fields: the server's detail and how many fields to fix, each marked where it is. */
export function FixFields({ count, detail }: { count: number; detail: string }) {
  return (
    <div className="state state-error" role="alert">
      <strong>Not saved.</strong> {detail} Fix the {count === 1 ? 'field' : `${count} fields`} marked below.
    </div>
  );
}
