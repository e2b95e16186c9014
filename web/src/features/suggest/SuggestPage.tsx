import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, type Schemas } from '../../api/client';
import { useBenchmark } from '../../api/queries';
import { useModels } from '../../api/runs';
import {
  EDGE_CASE_TYPES,
  StaleVersion,
  acceptSuggestion,
  rejectSuggestion,
  startSuggestions,
  useCaseSuggestions,
  useSuggestionJob,
  type SuggestionItem,
} from '../../api/suggestions';
import { Badge, Empty, ErrorBox, Loading } from '../../ui/States';
import { usd } from '../../ui/format';
import { useMe } from '../builder/api';
import { parseValue, showValue, splitList } from '../builder/model';

/**
 * The test-case generator (docs/suggestions.md): the owner asks a model for suggestions, watches the job's report, then
 * accepts, edits or rejects each pending suggestion by keyboard. Each accept is sent with If-Match of the version shown;
 * a 412 re-reads the version and says so. The job being watched is in the address (?job=), so a reload keeps it.
 */
export function SuggestPage() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const benchmark = useBenchmark(id);
  const me = useMe(true);
  const jobId = params.get('job');

  if (benchmark.isPending) return <Loading what="the benchmark" />;
  if (benchmark.isError) return <ErrorBox error={benchmark.error} retry={() => benchmark.refetch()} />;
  const b = benchmark.data as Schemas['BenchmarkView'];
  if (me.isError && (me.error as ApiError).status === 401)
    return (
      <Empty title="Sign in to ask for suggestions.">
        Only a benchmark's owner (or, in a workspace, its members above viewer) can have a model draft cases for it.
      </Empty>
    );
  if (me.isPending) return <Loading what="who you are" />;
  if (me.data && !b.permissions?.suggest)
    return (
      <Empty
        title={
          b.workspaceId
            ? 'Viewers of a workspace cannot ask for suggestions.'
            : 'Only the owner can ask for suggestions.'
        }
      >
        Fork it from <Link to={`/benchmarks/${id}`}>its page</Link> to draft cases for a copy of your own.
      </Empty>
    );

  return (
    <article className="suggest builder">
      <p className="breadcrumb">
        <Link to="/">Library</Link> / <Link to={`/benchmarks/${id}`}>{b.title}</Link> /
      </p>
      <h1>Suggest cases</h1>
      <p className="muted">
        A model drafts cases for “{b.title}” (v{b.version}, {b.cases?.length ?? 0} cases). Drafts are suggestions:
        nothing enters the benchmark until you accept it, and each accept makes a new version.
      </p>
      <RequestForm benchmarkId={id} onStarted={(job) => setParams({ job }, { replace: false })} />
      {jobId && <JobReport jobId={jobId} benchmarkId={id} />}
      <Review benchmark={b} />
    </article>
  );
}

const FIELD_OF = (field: string | undefined) => (field ?? '').replace(/\[\d+\]$/, '');

function RequestForm({ benchmarkId, onStarted }: { benchmarkId: string; onStarted: (jobId: string) => void }) {
  const catalogue = useModels();
  const [count, setCount] = useState('10');
  const [model, setModel] = useState('');
  const [billing, setBilling] = useState<'CREDITS' | 'BYOK'>('CREDITS');
  const [providerKey, setProviderKey] = useState('');
  const [personas, setPersonas] = useState('');
  const [draftPersonas, setDraftPersonas] = useState('3');
  const [edgeCases, setEdgeCases] = useState<string[]>([]);
  const [instructions, setInstructions] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const errors = failure instanceof ApiError ? failure.errors : [];
  const errorOf = (field: string) =>
    errors
      .filter((e) => FIELD_OF(e.field) === field)
      .map((e) => `${e.field}: ${e.message}`)
      .join('; ') || undefined;
  const shown = new Set(['count', 'model', 'billing', 'personas', 'draftPersonas', 'edgeCaseTypes', 'instructions']);
  const other = errors.filter((e) => !shown.has(FIELD_OF(e.field)));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    setBusy(true);
    try {
      const lines = personas
        .split('\n')
        .map((p) => p.trim())
        .filter(Boolean);
      const accepted = await startSuggestions(
        benchmarkId,
        {
          count: Number(count),
          model: model.trim(),
          billing,
          instructions: instructions.trim() || undefined,
          personas: lines.length ? lines : undefined,
          // with no personas given, the model drafts some first: never more than the cases asked for
          draftPersonas:
            lines.length || !Number(draftPersonas) ? undefined : Math.min(Number(draftPersonas), Number(count) || 1),
          edgeCaseTypes: edgeCases.length ? edgeCases : undefined,
        },
        providerKey,
      );
      onStarted(accepted.jobId!);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const field = (
    name: string,
    label: string,
    control: (describedBy: string | undefined, invalid: boolean) => ReactNode,
    hint?: string,
  ) => {
    const error = errorOf(name);
    const describedBy =
      [hint ? `sg-${name}-hint` : '', error ? `sg-${name}-error` : ''].filter(Boolean).join(' ') || undefined;
    return (
      <div className={`field${error ? ' field-invalid' : ''}`}>
        <label htmlFor={`sg-${name}`}>{label}</label>
        {control(describedBy, !!error)}
        {hint && (
          <div id={`sg-${name}-hint`} className="field-hint">
            {hint}
          </div>
        )}
        {error && (
          <p id={`sg-${name}-error`} className="field-error">
            {error}
          </p>
        )}
      </div>
    );
  };
  const models = catalogue.data?.models ?? [];

  return (
    <form className="builder-section" onSubmit={submit} noValidate aria-labelledby="ask-title">
      <h2 id="ask-title">Ask for suggestions</h2>
      <div className="field-row">
        {field(
          'count',
          'How many',
          (d, invalid) => (
            <input
              id="sg-count"
              type="text"
              inputMode="numeric"
              value={count}
              onChange={(e) => setCount(e.target.value)}
              aria-describedby={d}
              aria-invalid={invalid || undefined}
            />
          ),
          '1 to 50',
        )}
        {field(
          'model',
          'Model',
          (d, invalid) => (
            <>
              <input
                id="sg-model"
                type="text"
                list="sg-models"
                value={model}
                onChange={(e) => setModel(e.target.value)}
                placeholder="openai/gpt-4o-mini"
                aria-describedby={d}
                aria-invalid={invalid || undefined}
                autoComplete="off"
              />
              <datalist id="sg-models">
                {models.map((m) => (
                  <option key={m.id} value={m.id!} />
                ))}
              </datalist>
            </>
          ),
          catalogue.isError
            ? 'The catalogue could not be read; type a model id.'
            : 'From the catalogue. Simulated sim/ models work offline but never answer JSON, so their job fails.',
        )}
      </div>
      <fieldset className="plain">
        <legend>Billing</legend>
        <label>
          <input
            type="radio"
            name="sg-billing"
            checked={billing === 'CREDITS'}
            onChange={() => setBilling('CREDITS')}
          />{' '}
          Credits
        </label>{' '}
        <label>
          <input type="radio" name="sg-billing" checked={billing === 'BYOK'} onChange={() => setBilling('BYOK')} /> My
          own provider key (BYOK)
        </label>
        {errorOf('billing') && <p className="field-error">{errorOf('billing')}</p>}
      </fieldset>
      {billing === 'BYOK' &&
        field(
          'key',
          'Provider key',
          (d) => (
            <input
              id="sg-key"
              type="password"
              autoComplete="off"
              value={providerKey}
              onChange={(e) => setProviderKey(e.target.value)}
              aria-describedby={d}
            />
          ),
          "Kept in this page's memory only; sent only with this request, as X-Provider-Key.",
        )}
      {field(
        'personas',
        'Personas (optional)',
        (d, invalid) => (
          <textarea
            id="sg-personas"
            rows={2}
            value={personas}
            onChange={(e) => setPersonas(e.target.value)}
            aria-describedby={d}
            aria-invalid={invalid || undefined}
          />
        ),
        'One a line, at most 10: the count is shared out over them.',
      )}
      {!personas.trim() &&
        field(
          'draftPersonas',
          'Personas the model drafts first',
          (d, invalid) => (
            <input
              id="sg-draftPersonas"
              type="text"
              inputMode="numeric"
              value={draftPersonas}
              onChange={(e) => setDraftPersonas(e.target.value)}
              aria-describedby={d}
              aria-invalid={invalid || undefined}
            />
          ),
          'With no personas above: 0 to 10 (at most one per case). One more call drafts them, then the cases are shared out over them; 0 drafts none.',
        )}
      <fieldset className="plain" aria-describedby={errorOf('edgeCaseTypes') ? 'sg-edge-error' : undefined}>
        <legend>Edge cases (optional)</legend>
        <div className="toolbar">
          {EDGE_CASE_TYPES.map((t) => (
            <label key={t}>
              <input
                type="checkbox"
                checked={edgeCases.includes(t)}
                onChange={(e) => setEdgeCases((now) => (e.target.checked ? [...now, t] : now.filter((x) => x !== t)))}
              />{' '}
              {t}
            </label>
          ))}
        </div>
        {errorOf('edgeCaseTypes') && (
          <p id="sg-edge-error" className="field-error">
            {errorOf('edgeCaseTypes')}
          </p>
        )}
      </fieldset>
      {field('instructions', 'Instructions (optional)', (d, invalid) => (
        <textarea
          id="sg-instructions"
          rows={2}
          value={instructions}
          onChange={(e) => setInstructions(e.target.value)}
          aria-describedby={d}
          aria-invalid={invalid || undefined}
        />
      ))}
      {failure != null && (
        <div className="state state-error" role="alert">
          <strong>
            {failure instanceof ApiError && failure.status === 402 ? 'Not enough credits.' : 'The model was not asked.'}
          </strong>{' '}
          {failure instanceof Error ? failure.message : String(failure)}
          {failure instanceof ApiError && failure.status === 402 && (
            <>
              {' '}
              <Link to="/credits">See your credits</Link>, or use your own key.
            </>
          )}
          {other.length > 0 && (
            <ul>
              {other.map((v, i) => (
                <li key={i}>
                  <span className="mono">{v.field}</span>: {v.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || (billing === 'BYOK' && !providerKey)}>
          {busy ? 'Asking…' : 'Ask for suggestions'}
        </button>
      </div>
    </form>
  );
}

function JobReport({ jobId, benchmarkId }: { jobId: string; benchmarkId: string }) {
  const job = useSuggestionJob(jobId);
  const queries = useQueryClient();
  const j = job.data;
  // each answer the job records may add suggestions: read the pending list again when the job moves on
  const progress = j ? `${j.status}/${j.report?.callsMade}` : '';
  useEffect(() => {
    if (progress) queries.invalidateQueries({ queryKey: ['case-suggestions', benchmarkId] });
  }, [progress, benchmarkId, queries]);
  return (
    <section className="builder-section" aria-labelledby="job-title" aria-busy={j?.status === 'RUNNING'}>
      <h2 id="job-title">The job</h2>
      {job.isPending ? (
        <Loading what="the job" />
      ) : job.isError ? (
        <ErrorBox error={job.error} retry={() => job.refetch()} />
      ) : (
        <JobFacts job={j!} />
      )}
    </section>
  );
}

function JobFacts({ job }: { job: Schemas['SuggestionJobStatus'] }) {
  const r = job.report;
  const status =
    job.status === 'RUNNING'
      ? 'Running'
      : job.status === 'COMPLETED'
        ? 'Completed'
        : job.status === 'FAILED'
          ? 'Failed'
          : job.status;
  return (
    <>
      <p className="progress-line" role="status">
        <strong>{status}</strong>{' '}
        {r && (
          <>
            <progress value={r.callsMade} max={Math.max(1, r.calls)} aria-label="Calls made" /> {r.callsMade} of{' '}
            {r.calls} calls to <span className="mono">{job.model}</span>
          </>
        )}
      </p>
      {job.failure && (
        <p className="state state-error">
          <strong>The job failed:</strong> {job.failure}
        </p>
      )}
      {r && (
        <dl className="facts" aria-label="Report">
          <div>
            <dt>Asked for</dt>
            <dd>{r.requested}</dd>
          </div>
          <div>
            <dt>Proposed</dt>
            <dd data-testid="proposed">{r.proposed}</dd>
          </div>
          <div>
            <dt>Skipped as malformed</dt>
            <dd data-testid="malformed">{r.skippedMalformed}</dd>
          </div>
          <div>
            <dt>Skipped as duplicates</dt>
            <dd data-testid="duplicates">{r.skippedDuplicates}</dd>
          </div>
          <div>
            <dt>Accepted</dt>
            <dd data-testid="accepted">{r.accepted}</dd>
          </div>
          <div>
            <dt>Rejected</dt>
            <dd>{r.rejected}</dd>
          </div>
          <div>
            <dt>Pending</dt>
            <dd>{r.pending}</dd>
          </div>
          <div>
            <dt>Cost</dt>
            <dd data-testid="cost">{usd(r.costMicros)}</dd>
          </div>
          {r.reservedCredits != null && (
            <div>
              <dt>Credits reserved / charged</dt>
              <dd>
                {r.reservedCredits} / {r.costCredits ?? '…'}
              </dd>
            </div>
          )}
        </dl>
      )}
      {(job.personas ?? []).length > 0 && (
        <div className="field-hint" data-testid="personas">
          {(job.draftPersonas ?? 0) > 0 ? 'Personas the model drafted: ' : 'Personas: '}
          {job.personas!.join(' · ')}
        </div>
      )}
      {(job.problems ?? []).length > 0 && (
        <details>
          <summary>What was skipped ({job.problems!.length})</summary>
          <ul>
            {job.problems!.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

type Draft = { input: string; expected: string; tags: string };
const draftOf = (s: SuggestionItem): Draft => ({
  input: showValue(s.input),
  expected: showValue(s.expected),
  tags: (s.tags ?? []).join(', '),
});

/** Only what the owner changed: a field left out keeps the suggestion's value (docs/suggestions.md). */
function editedOf(s: SuggestionItem, d: Draft): Schemas['TestCase'] | undefined {
  const before = draftOf(s);
  const out: Schemas['TestCase'] = {};
  if (d.input !== before.input) out.input = parseValue(d.input) as Schemas['JsonNode'];
  if (d.expected !== before.expected)
    out.expected = (d.expected.trim() === '' ? d.expected : parseValue(d.expected)) as Schemas['JsonNode'];
  if (d.tags !== before.tags) out.tags = splitList(d.tags);
  return Object.keys(out).length ? out : undefined;
}

const typing = (target: EventTarget) =>
  target instanceof HTMLElement && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);

function Review({ benchmark }: { benchmark: Schemas['BenchmarkView'] }) {
  const id = benchmark.id!;
  const queries = useQueryClient();
  const pending = useCaseSuggestions(id, 'PENDING', true);
  const [decided, setDecided] = useState<Set<string>>(new Set());
  const [at, setAt] = useState(0);
  const [editing, setEditing] = useState<Draft | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');
  const [stale, setStale] = useState('');
  const [failure, setFailure] = useState<unknown>(null);
  // versions only grow: the latest of what the benchmark read says and what our own accepts answered
  const [known, setKnown] = useState(0);
  const version = Math.max(known, benchmark.version ?? 0);
  const refs = useRef<(HTMLLIElement | null)[]>([]);
  const [refocus, setRefocus] = useState(0);

  const items = (pending.data?.items ?? []).filter((s) => !decided.has(s.id!));
  const index = Math.min(at, Math.max(0, items.length - 1));
  const current = items[index];
  // after a decision the next suggestion takes the decided one's place: the focus stays there, ready for the next key
  useEffect(() => {
    if (refocus) refs.current[index]?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [refocus]);

  const move = (to: number) => {
    const next = Math.max(0, Math.min(items.length - 1, to));
    setAt(next);
    setEditing(null);
    refs.current[next]?.focus();
  };
  const done = (s: SuggestionItem, message: string) => {
    setDecided((now) => new Set(now).add(s.id!));
    setEditing(null);
    setNotice(message);
    queries.invalidateQueries({ queryKey: ['suggestion-job', s.jobId] });
    queries.invalidateQueries({ queryKey: ['case-suggestions', id] });
    setRefocus((n) => n + 1);
  };

  const accept = async (s: SuggestionItem, draft?: Draft) => {
    if (busy) return;
    setFailure(null);
    setStale('');
    setNotice('');
    setBusy(true);
    try {
      const result = await acceptSuggestion(s.id!, version, draft ? editedOf(s, draft) : undefined);
      setKnown((k) => Math.max(k, result.version ?? 0));
      queries.invalidateQueries({ queryKey: ['benchmark', id] });
      queries.invalidateQueries({ queryKey: ['versions', id] });
      done(s, `Accepted as case ${result.caseId}: the benchmark is now v${result.version}.`);
    } catch (error) {
      if (error instanceof StaleVersion) {
        const fresh = (await queries
          .fetchQuery({ queryKey: ['benchmark', id], staleTime: 0 })
          .catch(() => undefined)) as Schemas['BenchmarkView'] | undefined;
        const now = Math.max(fresh?.version ?? 0, error.currentVersion ?? 0, version);
        setKnown((k) => Math.max(k, now));
        setStale(
          `Someone else changed this benchmark: it is at v${now}, not v${version}. Nothing was accepted. Accept again to add the case to v${now}.`,
        );
      } else decidedElsewhere(s, error);
    } finally {
      setBusy(false);
    }
  };
  /** A 409: decided already (in another tab, say): read the list again, so it goes, and say why. */
  const decidedElsewhere = (s: SuggestionItem, error: unknown) => {
    setFailure(error);
    if (error instanceof ApiError && error.status === 409) {
      queries.invalidateQueries({ queryKey: ['case-suggestions', id] });
      queries.invalidateQueries({ queryKey: ['suggestion-job', s.jobId] });
    }
  };
  const reject = async (s: SuggestionItem) => {
    if (busy) return;
    setFailure(null);
    setStale('');
    setNotice('');
    setBusy(true);
    try {
      await rejectSuggestion(s.id!);
      done(s, 'Rejected: it will not enter the benchmark.');
    } catch (error) {
      decidedElsewhere(s, error);
    } finally {
      setBusy(false);
    }
  };

  const onKey = (e: KeyboardEvent) => {
    if (!current || e.altKey || e.metaKey) return;
    if (typing(e.target)) {
      if (e.key === 'Escape') {
        e.preventDefault();
        setEditing(null);
        refs.current[index]?.focus();
      } else if (e.key === 'Enter' && e.ctrlKey && editing) {
        e.preventDefault();
        accept(current, editing);
      }
      return;
    }
    if (e.ctrlKey) return;
    const keys: Record<string, () => void> = {
      j: () => move(index + 1),
      ArrowDown: () => move(index + 1),
      k: () => move(index - 1),
      ArrowUp: () => move(index - 1),
      Home: () => move(0),
      End: () => move(items.length - 1),
      a: () => accept(current),
      r: () => reject(current),
      e: () => setEditing(draftOf(current)),
      Escape: () => setEditing(null),
    };
    const act = keys[e.key];
    if (act && !(e.target instanceof HTMLButtonElement && e.key === 'Enter')) {
      e.preventDefault();
      act();
    }
  };

  const fieldErrors = failure instanceof ApiError ? failure.errors : [];
  return (
    <section className="builder-section" aria-labelledby="review-title">
      <h2 id="review-title">Pending suggestions{pending.data ? ` (${items.length})` : ''}</h2>
      <p className="muted" id="review-keys">
        Keys: <kbd>j</kbd>/<kbd>k</kbd> or arrows move, <kbd>a</kbd> accepts, <kbd>e</kbd> edits (<kbd>Ctrl</kbd>+
        <kbd>Enter</kbd> accepts the edit, <kbd>Esc</kbd> cancels), <kbd>r</kbd> rejects. Each accept adds the case to v
        {version} with If-Match.
      </p>
      <div aria-live="polite">
        {notice && (
          <p className="saved" role="status">
            {notice} <Link to={`/benchmarks/${id}?tab=cases`}>See the cases</Link>
          </p>
        )}
      </div>
      {stale && (
        <p className="conflict" role="alert">
          {stale}
        </p>
      )}
      {failure != null && (
        <div className="state state-error" role="alert">
          <strong>Not done.</strong> {failure instanceof Error ? failure.message : String(failure)}
          {fieldErrors.length > 0 && (
            <ul>
              {fieldErrors.map((v, i) => (
                <li key={i}>
                  <span className="mono">{v.field}</span>: {v.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {pending.isPending ? (
        <Loading what="the suggestions" />
      ) : pending.isError ? (
        <ErrorBox error={pending.error} retry={() => pending.refetch()} />
      ) : items.length === 0 ? (
        <Empty title="No pending suggestion.">
          Ask for suggestions above; what the model drafts appears here to accept, edit or reject.
        </Empty>
      ) : (
        <ol className="suggestions" onKeyDown={onKey} aria-describedby="review-keys">
          {items.map((s, i) => {
            const on = i === index;
            return (
              <li
                key={s.id}
                ref={(el) => {
                  refs.current[i] = el;
                }}
                tabIndex={on ? 0 : -1}
                className={`suggestion${on ? ' current' : ''}`}
                aria-current={on ? 'true' : undefined}
                aria-label={`Suggestion ${i + 1} of ${items.length}`}
                onFocus={(e) => e.target === e.currentTarget && setAt(i)}
                onClick={() => !on && setAt(i)}
              >
                {on && editing ? (
                  <EditForm
                    draft={editing}
                    onChange={setEditing}
                    onSave={() => accept(s, editing)}
                    onCancel={() => setEditing(null)}
                    busy={busy}
                  />
                ) : (
                  <>
                    <dl className="suggestion-body">
                      <div>
                        <dt>Input</dt>
                        <dd className="pre">{showValue(s.input)}</dd>
                      </div>
                      <div>
                        <dt>Expected</dt>
                        <dd className="pre">
                          {s.expected == null ? <span className="muted">none</span> : showValue(s.expected)}
                        </dd>
                      </div>
                    </dl>
                    <p className="suggestion-meta">
                      {s.edgeCaseType && <Badge kind="neutral">{s.edgeCaseType}</Badge>}{' '}
                      {s.persona && <span className="muted">as {s.persona}</span>}{' '}
                      {(s.tags ?? []).map((t) => (
                        <span key={t} className="tag">
                          {t}
                        </span>
                      ))}
                    </p>
                    {on && (
                      <div className="actions">
                        <button
                          type="button"
                          className="primary"
                          disabled={busy}
                          onClick={() => accept(s)}
                          aria-keyshortcuts="a"
                        >
                          Accept
                        </button>
                        <button
                          type="button"
                          disabled={busy}
                          onClick={() => setEditing(draftOf(s))}
                          aria-keyshortcuts="e"
                        >
                          Edit
                        </button>
                        <button type="button" disabled={busy} onClick={() => reject(s)} aria-keyshortcuts="r">
                          Reject
                        </button>
                      </div>
                    )}
                  </>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

function EditForm({
  draft,
  onChange,
  onSave,
  onCancel,
  busy,
}: {
  draft: Draft;
  onChange: (d: Draft) => void;
  onSave: () => void;
  onCancel: () => void;
  busy: boolean;
}) {
  const set = (k: keyof Draft) => (e: { target: { value: string } }) => onChange({ ...draft, [k]: e.target.value });
  return (
    <div className="suggestion-edit">
      <div className="field">
        <label htmlFor="sg-edit-input">Input</label>
        <textarea id="sg-edit-input" rows={3} value={draft.input} onChange={set('input')} autoFocus />
      </div>
      <div className="field">
        <label htmlFor="sg-edit-expected">Expected</label>
        <textarea id="sg-edit-expected" rows={2} value={draft.expected} onChange={set('expected')} />
      </div>
      <div className="field">
        <label htmlFor="sg-edit-tags">Tags</label>
        <input id="sg-edit-tags" type="text" value={draft.tags} onChange={set('tags')} />
      </div>
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={onSave}>
          Accept as edited
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
