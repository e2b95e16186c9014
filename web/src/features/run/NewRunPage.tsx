import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useBenchmark } from '../../api/queries';
import { forgetKey, keepKey, keptKey } from './providerKey';
import { useBalance, useEstimate, useModels, useStartRun, type RunRequest } from '../../api/runs';
import { useWorkspaceCredits } from '../../api/workspaces';
import { ApiError, type Schemas } from '../../api/client';
import { Badge, Empty, ErrorBox, Loading } from '../../ui/States';
import { usd } from '../../ui/format';

const MAX_MODELS = 5;
/** benchmarkhub.runs.max-judges by default: the API refuses a larger panel. */
const MAX_JUDGES = 5;

/** Which refused field a form control shows under; anything else is listed with the problem. */
type AdvancedField = 'judges' | 'params.temperature' | 'params.maxTokens';
function advancedFieldOf(field: string | undefined): AdvancedField | null {
  if (!field) return null;
  // the API names a judge panel problem judges, judges[i] or judges (default panel…)
  if (field === 'judges' || field.startsWith('judges[') || field.startsWith('judges ')) return 'judges';
  return field === 'params.temperature' || field === 'params.maxTokens' ? field : null;
}

/** Dollars per million tokens, from the catalogue's micro-dollars per million. */
function perMillion(micros: number | null | undefined) {
  if (micros == null) return '—';
  return micros === 0 ? '$0' : `$${(micros / 1_000_000).toFixed(2)}`;
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/**
 * New run: pick models from the catalogue, repeats and billing (and, under Advanced, judges and parameters that take the run
 * out of the canonical configuration), see what it may cost, start it. A BYOK key lives in this
 * component's state only, unless the user ticks "Keep the key in this browser" (then also in localStorage, until
 * "Forget the key"), and is sent only as X-Provider-Key.
 */
export function NewRunPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const benchmark = useBenchmark(id);
  const catalogue = useModels();
  const [picked, setPicked] = useState<string[]>([]);
  const [filter, setFilter] = useState('');
  const [showSimulated, setShowSimulated] = useState(true);
  const [repeats, setRepeats] = useState(1);
  // a key this browser keeps (the user opted in earlier) preselects BYOK
  const [billing, setBilling] = useState<'CREDITS' | 'BYOK'>(() => (keptKey() ? 'BYOK' : 'CREDITS'));
  const [providerKey, setProviderKey] = useState(() => keptKey() ?? '');
  const [keepInBrowser, setKeepInBrowser] = useState(() => keptKey() != null);
  const [forgotten, setForgotten] = useState(false);
  const typeKey = (key: string) => {
    setProviderKey(key);
    setForgotten(false);
    if (keepInBrowser) keepKey(key);
  };
  const keep = (yes: boolean) => {
    setKeepInBrowser(yes);
    if (yes) keepKey(providerKey);
    else forgetKey();
  };
  const forget = () => {
    forgetKey();
    setProviderKey('');
    setKeepInBrowser(false);
    setForgotten(true);
  };
  // overrides of the benchmark's canonical configuration: none set by default, and then none sent
  const [judges, setJudges] = useState<string[]>([]);
  const [judgeFilter, setJudgeFilter] = useState('');
  const [temperature, setTemperature] = useState('');
  const [maxTokens, setMaxTokens] = useState('');
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const start = useStartRun();
  // a benchmark with several prompt templates runs each picked model with each picked variant (model@variant)
  const variants = variantsOf(benchmark.data as Schemas['BenchmarkView'] | undefined);
  const [pickedPrompts, setPickedPrompts] = useState<string[] | null>(null);
  // prompts and params are memoized on their inputs, so the request below changes (and is estimated again) only when
  // one of them does
  const firstVariant = variants.length === 0 ? null : variants[0].name;
  const prompts = useMemo(
    () => (firstVariant == null ? null : (pickedPrompts ?? [firstVariant])),
    [firstVariant, pickedPrompts],
  );
  const params = useMemo(
    () => ({
      ...(temperature.trim() !== '' ? { temperature: Number(temperature) } : {}),
      ...(maxTokens.trim() !== '' ? { maxTokens: Number(maxTokens) } : {}),
    }),
    [temperature, maxTokens],
  );
  const overridden = judges.length > 0 || Object.keys(params).length > 0;
  const request: RunRequest = useMemo(
    () => ({
      benchmarkId: id,
      models: picked,
      repeats,
      billing,
      ...(prompts ? { prompts } : {}),
      ...(judges.length > 0 ? { judges } : {}),
      ...(Object.keys(params).length > 0 ? { params } : {}),
    }),
    [id, picked, repeats, billing, prompts, judges, params],
  );
  const debounced = useDebounced(request, 300);
  // asked only for a request worth asking, judged on the debounced request itself: the live one runs 300 ms ahead, and
  // the first pick would otherwise send the no-model request still in the debounce and show its 400
  const estimate = useEstimate(
    debounced,
    providerKey,
    (debounced.models ?? []).length > 0 &&
      (debounced.repeats ?? 1) >= 1 &&
      (debounced.prompts == null || debounced.prompts.length > 0),
  );
  // a run of a workspace's benchmark by one of its members is paid from the workspace's credits, within the member's
  // monthly limit there (docs/workspaces.md#credits)
  const workspaceId = (benchmark.data as Schemas['BenchmarkView'] | undefined)?.workspaceId ?? null;
  const balance = useBalance(billing === 'CREDITS' && !workspaceId);
  const workspaceCredits = useWorkspaceCredits(workspaceId ?? '', false, billing === 'CREDITS' && !!workspaceId);
  // a refused judge or parameter is shown under its control, so the disclosure opens to show it
  const refused =
    (start.error ?? estimate.error) instanceof ApiError ? ((start.error ?? estimate.error) as ApiError) : null;
  const advancedErrors = (refused?.errors ?? []).filter((v) => advancedFieldOf(v.field) != null);
  const errorOf = (field: AdvancedField) =>
    advancedErrors
      .filter((v) => advancedFieldOf(v.field) === field)
      .map((v) => v.message)
      .join('; ') || null;
  // opened in the render that shows new refusals, and only then: the user may close it again
  const [shownErrors, setShownErrors] = useState(0);
  if (shownErrors !== advancedErrors.length) {
    setShownErrors(advancedErrors.length);
    if (advancedErrors.length > 0) setAdvancedOpen(true);
  }

  if (benchmark.isPending) return <Loading what="the benchmark" />;
  if (benchmark.isError) return <ErrorBox error={benchmark.error} retry={() => benchmark.refetch()} />;
  const b = benchmark.data as Schemas['BenchmarkView'];

  const models = (catalogue.data?.models ?? []).filter(
    (m) =>
      (showSimulated || !m.simulated) &&
      (!filter || `${m.id} ${m.provider}`.toLowerCase().includes(filter.toLowerCase())),
  );
  const judgeChoices = (catalogue.data?.models ?? []).filter(
    (m) =>
      (showSimulated || !m.simulated || judges.includes(m.id!)) &&
      (!judgeFilter || `${m.id} ${m.provider}`.toLowerCase().includes(judgeFilter.toLowerCase())),
  );
  const toggleJudge = (model: string) =>
    setJudges((now) =>
      now.includes(model) ? now.filter((m) => m !== model) : now.length >= MAX_JUDGES ? now : [...now, model],
    );
  const toggle = (model: string) =>
    setPicked((now) =>
      now.includes(model) ? now.filter((m) => m !== model) : now.length >= MAX_MODELS ? now : [...now, model],
    );
  const e = estimate.data as Schemas['RunEstimate'] | undefined;
  const stale = estimate.isFetching || debounced !== request;
  const ws = workspaceCredits.data;
  const available = workspaceId
    ? ws == null
      ? undefined
      : Math.min(ws.available, ws.leftThisMonth ?? ws.available)
    : balance.data?.available;
  const short =
    billing === 'CREDITS' && e?.reservedCredits != null && available != null && e.reservedCredits > available;

  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    start.mutate({ request, providerKey }, { onSuccess: (accepted) => navigate(`/runs/${accepted.id}`) });
  };
  const startError = start.error instanceof ApiError ? start.error : null;

  return (
    <article className="new-run">
      <p className="breadcrumb">
        <Link to="/">Library</Link> / <Link to={`/benchmarks/${id}`}>{b.title}</Link> /
      </p>
      <h1>New run</h1>
      <p className="muted">
        {b.title} v{b.version}: {b.cases?.length ?? 0} cases. Pick 3–5 models to compare them on the same cases.
      </p>
      <form onSubmit={submit} className="new-run-form">
        <fieldset>
          <legend>
            Models ({picked.length} of at most {MAX_MODELS} picked)
          </legend>
          <div className="toolbar">
            <label>
              Search models{' '}
              <input
                type="search"
                value={filter}
                onChange={(ev) => setFilter(ev.target.value)}
                placeholder="gpt, claude, sim…"
              />
            </label>
            <label>
              <input type="checkbox" checked={showSimulated} onChange={(ev) => setShowSimulated(ev.target.checked)} />{' '}
              Show simulated models (offline, free)
            </label>
          </div>
          {picked.length > 0 && (
            <ul className="tags" aria-label="Picked models">
              {picked.map((m) => (
                <li key={m} className="tag">
                  <span className="mono">{m}</span>{' '}
                  <button type="button" className="link-button" aria-label={`Remove ${m}`} onClick={() => toggle(m)}>
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
          {catalogue.isPending ? (
            <Loading what="the model catalogue" />
          ) : catalogue.isError ? (
            <ErrorBox error={catalogue.error} retry={() => catalogue.refetch()} />
          ) : models.length === 0 ? (
            <Empty title="No model matches.">Clear the search, or show simulated models.</Empty>
          ) : (
            <div className="scroll-box">
              <table className="table">
                <caption className="visually-hidden">The model catalogue with prices per million tokens</caption>
                <thead>
                  <tr>
                    <th scope="col">Pick</th>
                    <th scope="col">Model</th>
                    <th scope="col">Provider</th>
                    <th scope="col">Prompt / 1M tokens</th>
                    <th scope="col">Completion / 1M tokens</th>
                    <th scope="col">Context</th>
                  </tr>
                </thead>
                <tbody>
                  {models.map((m) => {
                    const on = picked.includes(m.id!);
                    return (
                      <tr key={m.id}>
                        <td>
                          <input
                            type="checkbox"
                            id={`pick-${m.id}`}
                            checked={on}
                            disabled={!on && picked.length >= MAX_MODELS}
                            onChange={() => toggle(m.id!)}
                          />
                        </td>
                        <th scope="row">
                          <label htmlFor={`pick-${m.id}`} className="mono">
                            {m.id}
                          </label>{' '}
                          {m.simulated && <Badge kind="sim">sim</Badge>}
                        </th>
                        <td>{m.provider}</td>
                        <td>{m.simulated ? 'free' : perMillion(m.promptMicrosPerMillionTokens)}</td>
                        <td>{m.simulated ? 'free' : perMillion(m.completionMicrosPerMillionTokens)}</td>
                        <td>{m.contextLength ? m.contextLength.toLocaleString('en') : '—'}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </fieldset>

        {variants.length > 0 && (
          <fieldset>
            <legend>Prompt variants</legend>
            <p className="muted">Each model runs each variant you pick; results name them model@variant.</p>
            <div className="toolbar">
              {variants.map((v, i) => (
                <label key={v.name} title={v.template}>
                  <input
                    type="checkbox"
                    checked={prompts?.includes(v.name) ?? false}
                    onChange={() =>
                      setPickedPrompts((now) => {
                        const current = now ?? [variants[0].name];
                        return current.includes(v.name) ? current.filter((n) => n !== v.name) : [...current, v.name];
                      })
                    }
                  />{' '}
                  <span className="mono">{v.name}</span>
                  {i === 0 && <span className="muted"> (default)</span>}
                </label>
              ))}
            </div>
            {prompts?.length === 0 && <p role="alert">Pick at least one prompt variant.</p>}
          </fieldset>
        )}

        <fieldset>
          <legend>Repeats and billing</legend>
          <div className="toolbar">
            <label>
              Repeats per case{' '}
              <input
                type="number"
                min={1}
                max={10}
                value={repeats}
                onChange={(ev) => setRepeats(Math.max(1, Number(ev.target.value) || 1))}
                className="narrow"
              />
            </label>
            <label>
              <input
                type="radio"
                name="billing"
                checked={billing === 'CREDITS'}
                onChange={() => setBilling('CREDITS')}
              />{' '}
              Credits
            </label>
            <label>
              <input type="radio" name="billing" checked={billing === 'BYOK'} onChange={() => setBilling('BYOK')} /> My
              own provider key (BYOK)
            </label>
          </div>
          {billing === 'BYOK' && (
            <p>
              <label htmlFor="provider-key">Provider key</label>{' '}
              <input
                id="provider-key"
                type="password"
                autoComplete="off"
                value={providerKey}
                onChange={(ev) => typeKey(ev.target.value)}
                aria-describedby="provider-key-note"
              />{' '}
              <span id="provider-key-note" className="muted">
                {keepInBrowser
                  ? "Kept in this browser's local storage until you forget it; sent only with the run, as X-Provider-Key."
                  : "Kept in this page's memory only, gone when you leave; sent only with the run, as X-Provider-Key."}
              </span>
            </p>
          )}
          {billing === 'BYOK' && (
            <p className="toolbar">
              <label>
                <input type="checkbox" checked={keepInBrowser} onChange={(ev) => keep(ev.target.checked)} /> Keep the
                key in this browser
              </label>
              <button type="button" onClick={forget} disabled={!providerKey && !keepInBrowser}>
                Forget the key
              </button>
              <span role="status" className="muted">
                {forgotten ? 'The key is forgotten: nothing of it is left in this page or this browser.' : ''}
              </span>
            </p>
          )}
        </fieldset>

        <details className="advanced" open={advancedOpen} onToggle={(ev) => setAdvancedOpen(ev.currentTarget.open)}>
          <summary>
            Advanced: judges and parameters
            {overridden && <span className="muted"> (set: not the canonical configuration)</span>}
          </summary>
          {overridden && (
            <p role="note" className="state state-note">
              With its own judges or parameters, this run is not in the benchmark's canonical configuration: it counts
              on no public leaderboard, in no ranking and in no contamination flag, and it is visible to you only.
            </p>
          )}
          <fieldset aria-describedby="judges-hint">
            <legend>
              Judge panel ({judges.length ? `${judges.length} of at most ${MAX_JUDGES}` : "the benchmark's own"})
            </legend>
            <p id="judges-hint" className="hint">
              Judges that grade every LLM-judge grader of this run instead of the benchmark's panel. None picked: the
              benchmark's own panel (or the platform's default). Judge calls are in the estimate.
            </p>
            {judges.length > 0 && (
              <ul className="tags" aria-label="Picked judges">
                {judges.map((m) => (
                  <li key={m} className="tag">
                    <span className="mono">{m}</span>{' '}
                    <button
                      type="button"
                      className="link-button"
                      aria-label={`Remove judge ${m}`}
                      onClick={() => toggleJudge(m)}
                    >
                      ×
                    </button>
                  </li>
                ))}
              </ul>
            )}
            {catalogue.isPending ? (
              <Loading what="the model catalogue" />
            ) : catalogue.isError ? (
              <ErrorBox error={catalogue.error} retry={() => catalogue.refetch()} />
            ) : (
              <>
                <label>
                  Search judges{' '}
                  <input
                    type="search"
                    value={judgeFilter}
                    onChange={(ev) => setJudgeFilter(ev.target.value)}
                    placeholder="gpt, claude, sim…"
                  />
                </label>
                {judgeChoices.length === 0 ? (
                  <p className="muted">No model matches.</p>
                ) : (
                  <ul className="judge-choices scroll-box" aria-label="Judge models">
                    {judgeChoices.map((m) => {
                      const on = judges.includes(m.id!);
                      return (
                        <li key={m.id}>
                          <label>
                            <input
                              type="checkbox"
                              checked={on}
                              disabled={!on && judges.length >= MAX_JUDGES}
                              onChange={() => toggleJudge(m.id!)}
                            />{' '}
                            <span className="visually-hidden">Judge </span>
                            <span className="mono">{m.id}</span>
                          </label>{' '}
                          {m.simulated && <Badge kind="sim">sim</Badge>}
                        </li>
                      );
                    })}
                  </ul>
                )}
              </>
            )}
            {errorOf('judges') && (
              <p id="judges-error" className="field-error">
                {errorOf('judges')}
              </p>
            )}
          </fieldset>
          <fieldset>
            <legend>Parameters of every candidate call</legend>
            <div className="field">
              <label htmlFor="run-temperature">Temperature</label>{' '}
              <input
                id="run-temperature"
                type="number"
                min={0}
                max={2}
                step={0.1}
                inputMode="decimal"
                className="narrow"
                value={temperature}
                onChange={(ev) => setTemperature(ev.target.value)}
                aria-describedby="run-temperature-hint run-temperature-error"
                aria-invalid={errorOf('params.temperature') ? true : undefined}
              />
              <div id="run-temperature-hint" className="hint">
                Empty: the provider's default. From 0 to 2.
              </div>
              {errorOf('params.temperature') && (
                <p id="run-temperature-error" className="field-error">
                  {errorOf('params.temperature')}
                </p>
              )}
            </div>
            <div className="field">
              <label htmlFor="run-max-tokens">Max tokens per answer</label>{' '}
              <input
                id="run-max-tokens"
                type="number"
                min={1}
                step={1}
                inputMode="numeric"
                className="narrow"
                value={maxTokens}
                onChange={(ev) => setMaxTokens(ev.target.value)}
                aria-describedby="run-max-tokens-hint run-max-tokens-error"
                aria-invalid={errorOf('params.maxTokens') ? true : undefined}
              />
              <div id="run-max-tokens-hint" className="hint">
                Empty: with credits, 1024 (the platform's cap, not an override); with your own key, the provider's
                default. At least 1, and with credits at most 32768 (the server's defaults). Each call is also capped at
                its model's limit.
              </div>
              {errorOf('params.maxTokens') && (
                <p id="run-max-tokens-error" className="field-error">
                  {errorOf('params.maxTokens')}
                </p>
              )}
            </div>
          </fieldset>
        </details>

        <section className="estimate" aria-labelledby="estimate-title" aria-busy={stale}>
          <h2 id="estimate-title">Estimate</h2>
          {picked.length === 0 ? (
            <p className="muted">Pick at least one model to see what the run may cost.</p>
          ) : estimate.isError ? (
            <FieldErrors error={estimate.error} />
          ) : !e ? (
            <Loading what="the estimate" />
          ) : (
            <dl className="facts">
              <div>
                <dt>Trials</dt>
                <dd>
                  {e.trials}{' '}
                  <span className="muted">
                    ({e.cases} cases × {picked.length} models{prompts ? ` × ${prompts.length} prompt variants` : ''} ×{' '}
                    {repeats})
                  </span>
                </dd>
              </div>
              <div>
                <dt>Cost at most</dt>
                <dd title="Every call at its completion cap, at catalogue prices; simulated models are free">
                  {usd(e.maxCostMicros)}
                </dd>
              </div>
              {billing === 'CREDITS' && (
                <div>
                  <dt>Credits reserved</dt>
                  <dd>{e.reservedCredits}</dd>
                </div>
              )}
              {billing === 'CREDITS' && (
                <div>
                  <dt>{workspaceId ? 'Available in the workspace (within your monthly limit)' : 'Available'}</dt>
                  <dd>{(workspaceId ? workspaceCredits.isError : balance.isError) ? '—' : (available ?? '…')}</dd>
                </div>
              )}
              {billing === 'CREDITS' && e.monthlySpendLimit != null && (
                <div>
                  <dt>Your monthly limit in the workspace</dt>
                  <dd data-testid="spend-limit">
                    {e.spentThisMonth ?? 0} of {e.monthlySpendLimit} spent this month, {e.spendLeft ?? 0} left
                  </dd>
                </div>
              )}
              {(e.unpriced ?? []).length > 0 && (
                <div>
                  <dt>Not priced</dt>
                  <dd>{e.unpriced!.join(', ')} (not in the bound)</dd>
                </div>
              )}
            </dl>
          )}
          {short && (
            <p role="alert" className="state state-error">
              This run reserves {e!.reservedCredits} credits and {available} are available
              {workspaceId
                ? ' to you in the workspace (its credits, within your monthly limit). Ask its owner for credits or its admins for a higher limit'
                : ''}
              .{' '}
              {workspaceId ? (
                <Link to={`/workspaces/${workspaceId}`}>The workspace</Link>
              ) : (
                <Link to="/credits">Get credits</Link>
              )}
              , or run with your own key.
            </p>
          )}
          {e && (
            <p className="muted small">
              What you are charged is what the calls really cost; the rest of the reservation is released.
            </p>
          )}
        </section>

        {startError && <FieldErrors error={startError} />}
        <p>
          <button
            type="submit"
            className="primary"
            disabled={
              picked.length === 0 || prompts?.length === 0 || start.isPending || (billing === 'BYOK' && !providerKey)
            }
          >
            {start.isPending ? 'Starting…' : `Start the run (${picked.length} model${picked.length === 1 ? '' : 's'})`}
          </button>
        </p>
      </form>
    </article>
  );
}

/** A problem with the fields it names, and for a 402 what is available and needed. */
function FieldErrors({ error }: { error: unknown }) {
  if (!(error instanceof ApiError)) return <ErrorBox error={error} />;
  return (
    <div className="state state-error" role="alert">
      <strong>
        {error.status === 402
          ? 'Not enough credits.'
          : error.status === 401
            ? 'Sign in needed.'
            : 'The run cannot start as it is.'}
      </strong>{' '}
      {error.message}
      {error.status === 402 && (
        <>
          {' '}
          <Link to="/credits">See your credits and how to get more</Link>.
        </>
      )}
      {error.errors.some((v) => advancedFieldOf(v.field) != null) && (
        <> See the judges and parameters under Advanced.</>
      )}
      {error.errors.some((v) => advancedFieldOf(v.field) == null) && (
        <ul>
          {error.errors
            .filter((v) => advancedFieldOf(v.field) == null)
            .map((v, i) => (
              <li key={i}>
                <span className="mono">{v.field}</span>: {v.message}
              </li>
            ))}
        </ul>
      )}
    </div>
  );
}

type PromptVariant = { name: string; template: string };

/** The benchmark's named prompt templates (the first is the default); none when it has one template. */
function variantsOf(benchmark: Schemas['BenchmarkView'] | undefined): PromptVariant[] {
  const raw = benchmark?.promptVariants as unknown;
  return Array.isArray(raw) ? (raw as PromptVariant[]) : [];
}
