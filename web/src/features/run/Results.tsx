import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useHumanGrade, useResults, type ResultFilters } from '../../api/runs';
import type { Schemas } from '../../api/client';
import { Badge, Empty, ErrorBox, Loading } from '../../ui/States';
import { ms, score, usd } from '../../ui/format';
import { TagFailureModeForm } from './FailureModes';

type Trial = Schemas['TrialView'];
const ROW = 34;
const HEIGHT = 408;

/** Which rows of a list of `count` rows of ROW px are in view at `scrollTop`, with a few above and below. */
export function visibleRange(scrollTop: number, count: number, height = HEIGHT, overscan = 6): [number, number] {
  const first = Math.max(0, Math.floor(scrollTop / ROW) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + height) / ROW) + overscan);
  return [first, last];
}

/**
 * The run's trials, case × model × repeat, in a table that renders only the rows in view (a run may have 50,000), loading
 * the next page of 200 as it scrolls. Arrow keys move, Enter opens the trial: output, graders, judges, human grade. Space
 * (or a row's checkbox) selects trials, whose cases "Tag failure mode…" tags with a known failure mode.
 */
export function Results({
  runId,
  models,
  canGrade,
  benchmarkId,
}: {
  runId: string;
  models: string[];
  canGrade: boolean;
  benchmarkId?: string;
}) {
  const [filters, setFilters] = useState<ResultFilters>({});
  const results = useResults(runId, filters);
  const trials = useMemo(() => results.data?.pages.flatMap((p) => p.items ?? []) ?? [], [results.data]);
  const [scrollTop, setScrollTop] = useState(0);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState<Trial | null>(null);
  const [selected, setSelected] = useState<Map<string, Trial>>(new Map());
  const [tagging, setTagging] = useState(false);
  const toggle = (t: Trial) =>
    setSelected((now) => {
      const next = new Map(now);
      if (next.has(key(t))) next.delete(key(t));
      else next.set(key(t), t);
      return next;
    });
  const selectedCases = [...new Set([...selected.values()].map((t) => t.caseId!))];
  const selectedModels = [...new Set([...selected.values()].map((t) => t.model!))];
  const box = useRef<HTMLDivElement>(null);
  const [first, last] = visibleRange(scrollTop, trials.length);

  useEffect(() => {
    if (last >= trials.length - 20 && results.hasNextPage && !results.isFetchingNextPage) results.fetchNextPage();
  }, [last, trials.length, results]);

  // keep the opened trial fresh after a human grade: adjusted in the render that brings the new trials, so the drawer
  // never shows the old ones; a trial the new page lacks (another filter) stays as last seen
  const [seenTrials, setSeenTrials] = useState(trials);
  if (seenTrials !== trials) {
    setSeenTrials(trials);
    if (open) setOpen(trials.find((t) => key(t) === key(open)) ?? open);
  }

  const move = (to: number) => {
    const next = Math.max(0, Math.min(trials.length - 1, to));
    setActive(next);
    const el = box.current;
    if (el) {
      // the sticky header takes the first ROW of the box
      if (next * ROW < el.scrollTop) el.scrollTop = next * ROW;
      else if ((next + 2) * ROW > el.scrollTop + HEIGHT) el.scrollTop = (next + 2) * ROW - HEIGHT;
    }
  };
  const onKey = (e: KeyboardEvent) => {
    const keys: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      PageDown: active + 10,
      PageUp: active - 10,
      Home: 0,
      End: trials.length - 1,
    };
    if (e.key in keys) {
      e.preventDefault();
      move(keys[e.key]);
    } else if (e.key === 'Enter' && trials[active]) {
      e.preventDefault();
      setOpen(trials[active]);
    } else if (e.key === ' ' && trials[active]) {
      e.preventDefault();
      toggle(trials[active]);
    }
  };
  const nextUngraded = () => {
    const from = open ? trials.findIndex((t) => key(t) === key(open)) + 1 : 0;
    const i = [...trials.slice(from), ...trials.slice(0, from)].findIndex(
      (t) => (t.humanGrades ?? []).length === 0 && t.outcome !== 'FAILED',
    );
    if (i < 0) return;
    const index = (from + i) % trials.length;
    move(index);
    setOpen(trials[index]);
  };

  return (
    <section aria-labelledby="results-title" className="results">
      <h2 id="results-title">Results per case and model</h2>
      <div className="toolbar">
        <label>
          Model{' '}
          <select
            value={filters.model ?? ''}
            onChange={(e) => setFilters({ ...filters, model: e.target.value || undefined })}
          >
            <option value="">All models</option>
            {models.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label>
          Case{' '}
          <input
            type="search"
            placeholder="case id"
            value={filters.caseId ?? ''}
            onChange={(e) => setFilters({ ...filters, caseId: e.target.value.trim() || undefined })}
          />
        </label>
        <label>
          <input
            type="checkbox"
            checked={!!filters.failedOnly}
            onChange={(e) => setFilters({ ...filters, failedOnly: e.target.checked || undefined })}
          />{' '}
          Failed only
        </label>
        <label title="Trials whose judges fall on both sides of a judge grader's pass threshold">
          <input
            type="checkbox"
            checked={!!filters.judgesDisagree}
            onChange={(e) => setFilters({ ...filters, judgesDisagree: e.target.checked || undefined })}
          />{' '}
          Judges disagree
        </label>
        <span className="muted">
          {trials.length} trial{trials.length === 1 ? '' : 's'}
          {results.hasNextPage ? ' loaded, more as you scroll' : ''}
        </span>
        {canGrade && (
          <button type="button" onClick={nextUngraded} disabled={trials.length === 0}>
            Next ungraded (n)
          </button>
        )}
        <button
          type="button"
          onClick={() => setTagging(true)}
          disabled={selected.size === 0}
          aria-describedby="selection-count"
        >
          Tag failure mode…
        </button>
        <span id="selection-count" className="muted" aria-live="polite">
          {selected.size === 0
            ? 'Select trials with Space or their box'
            : `${selectedCases.length} case${selectedCases.length === 1 ? '' : 's'} selected`}
        </span>
        {selected.size > 0 && (
          <button type="button" className="link-button" onClick={() => setSelected(new Map())}>
            Clear selection
          </button>
        )}
      </div>
      {tagging && selected.size > 0 && (
        <TagFailureModeForm
          runId={runId}
          benchmarkId={benchmarkId}
          caseIds={selectedCases}
          model={selectedModels.length === 1 ? selectedModels[0] : undefined}
          onClose={() => setTagging(false)}
        />
      )}
      {results.isPending ? (
        <Loading what="the results" />
      ) : results.isError ? (
        <ErrorBox error={results.error} retry={() => results.refetch()} />
      ) : trials.length === 0 ? (
        <Empty title="No trial here yet.">
          {filters.judgesDisagree && !filters.model && !filters.caseId && !filters.failedOnly
            ? 'No trial has judges on both sides of a pass threshold.'
            : filters.model || filters.caseId || filters.failedOnly || filters.judgesDisagree
              ? 'Change the filters.'
              : 'Results appear as the run settles trials.'}
        </Empty>
      ) : (
        <div
          ref={box}
          className="vtable vbody"
          role="grid"
          aria-label="Trials: arrow keys move, Enter opens, Space selects"
          aria-rowcount={trials.length + 1}
          aria-readonly="true"
          tabIndex={0}
          aria-activedescendant={trials[active] ? `trial-${active}` : undefined}
          style={{ height: Math.min(HEIGHT, (trials.length + 1) * ROW + 2) }}
          onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
          onKeyDown={(e) => {
            if (e.key === 'n' && canGrade) nextUngraded();
            else onKey(e);
          }}
        >
          <div role="rowgroup" className="vhead-group">
            <div role="row" className="vrow vhead" aria-rowindex={1}>
              {['Select', 'Case', 'Model', 'Repeat', 'Score', 'Passed', 'Latency', 'Cost', 'Human'].map((h) => (
                <span role="columnheader" key={h}>
                  {h}
                </span>
              ))}
            </div>
          </div>
          <div role="rowgroup" style={{ height: trials.length * ROW, position: 'relative' }}>
            {trials.slice(first, last).map((t, i) => {
              const index = first + i;
              return (
                <div
                  role="row"
                  id={`trial-${index}`}
                  key={key(t)}
                  aria-rowindex={index + 2}
                  aria-selected={selected.has(key(t))}
                  className={`vrow${index === active ? ' vrow-active' : ''}${selected.has(key(t)) ? ' vrow-selected' : t.outcome === 'FAILED' || t.passed === false ? ' vrow-bad' : ''}`}
                  style={{ top: index * ROW }}
                  onClick={() => {
                    setActive(index);
                    setOpen(t);
                  }}
                >
                  <span role="gridcell" onClick={(e) => e.stopPropagation()}>
                    <input
                      type="checkbox"
                      tabIndex={-1}
                      aria-label={`Select ${t.caseId} of ${t.model}, repeat ${t.repeat}`}
                      checked={selected.has(key(t))}
                      onChange={() => {
                        setActive(index);
                        toggle(t);
                      }}
                    />
                  </span>
                  <span role="gridcell" className="mono">
                    {t.caseId}
                  </span>
                  <span role="gridcell" className="mono">
                    {t.model}
                  </span>
                  <span role="gridcell">{t.repeat}</span>
                  <span role="gridcell">
                    {t.outcome === 'FAILED' ? <span className="warn">call failed</span> : score(t.score)}
                  </span>
                  <span role="gridcell">{t.outcome === 'FAILED' ? '—' : t.passed ? 'yes' : 'no'}</span>
                  <span role="gridcell">{ms(t.latencyMs)}</span>
                  <span role="gridcell">{usd(t.costMicros)}</span>
                  <span role="gridcell">{(t.humanGrades ?? []).map((g) => score(g.score, 1)).join(', ') || '—'}</span>
                </div>
              );
            })}
          </div>
        </div>
      )}
      {open && (
        <TrialDetail
          trial={open}
          runId={runId}
          canGrade={canGrade}
          onClose={() => setOpen(null)}
          onNext={nextUngraded}
        />
      )}
    </section>
  );
}

function key(t: Trial) {
  return `${t.model}|${t.caseId}|${t.repeat}`;
}

/** One trial: its answer, each grader's result, each judge's verdict and rationale, and the human grade form. */
function TrialDetail({
  trial,
  runId,
  canGrade,
  onClose,
  onNext,
}: {
  trial: Trial;
  runId: string;
  canGrade: boolean;
  onClose: () => void;
  onNext: () => void;
}) {
  const grade = useHumanGrade(runId);
  const [comment, setComment] = useState('');
  // another trial starts with an empty comment: cleared in the render that shows it, never after it was shown
  const shown = key(trial);
  const [commentFor, setCommentFor] = useState(shown);
  if (commentFor !== shown) {
    setCommentFor(shown);
    setComment('');
  }
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [trial.caseId, trial.model, trial.repeat]);
  const send = (value: number) =>
    grade.mutate({ caseId: trial.caseId, model: trial.model, score: value, comment: comment || undefined });
  const onKey = (e: KeyboardEvent) => {
    if ((e.target as HTMLElement).tagName === 'TEXTAREA') return;
    if (e.key === 'Escape') onClose();
    if (!canGrade) return;
    const scores: Record<string, number> = { '0': 0, '5': 0.5, '1': 1 };
    if (e.key in scores) send(scores[e.key]);
    if (e.key === 'n') onNext();
  };
  return (
    <section className="trial" aria-labelledby="trial-title" onKeyDown={onKey}>
      <div className="trial-head">
        <h3 id="trial-title" ref={heading} tabIndex={-1}>
          Case <span className="mono">{trial.caseId}</span> · <span className="mono">{trial.model}</span> · repeat{' '}
          {trial.repeat}
        </h3>
        <button type="button" onClick={onClose} aria-label="Close the trial (Escape)">
          ×
        </button>
      </div>
      <p>
        Score <strong>{score(trial.score)}</strong>{' '}
        {trial.passed ? <Badge kind="verified">passed</Badge> : <Badge kind="flag">not passed</Badge>}{' '}
        {trial.simulated && <Badge kind="sim">sim</Badge>}{' '}
        <span className="muted">
          {ms(trial.latencyMs)} · {trial.promptTokens ?? '—'} + {trial.completionTokens ?? '—'} tokens ·{' '}
          {usd(trial.costMicros)}
          {trial.judgeCostMicros ? ` + judges ${usd(trial.judgeCostMicros)}` : ''} · {trial.attempts ?? 1} attempt(s)
        </span>
      </p>
      {trial.failure && (
        <p className="state state-error">
          The call failed: {trial.failure.kind}
          {trial.failure.httpStatus ? ` (HTTP ${trial.failure.httpStatus})` : ''}: {trial.failure.reason}
        </p>
      )}
      <h4>Prompt sent</h4>
      {(trial.prompt ?? []).length === 0 ? (
        <p className="muted">The prompt is not known (the case is no longer in the benchmark's history).</p>
      ) : (
        <ol className="prompt-messages">
          {trial.prompt!.map((m, i) => (
            <li key={i}>
              <span className="muted">{m.role}</span>
              <pre className="code">{m.content}</pre>
            </li>
          ))}
        </ol>
      )}
      <h4>Answer</h4>
      <pre className="code">{trial.output ?? '(no answer)'}</pre>
      <h4>Graders</h4>
      {(trial.grades ?? []).length === 0 ? (
        <p className="muted">No grader result.</p>
      ) : (
        <ul>
          {trial.grades!.map((g, i) => (
            <li key={i}>
              #{g.graderIndex} {g.type}: {score(g.score)} {g.passed ? '✓' : '✗'}{' '}
              {g.reason && <span className="muted">— {g.reason}</span>}
            </li>
          ))}
        </ul>
      )}
      {(trial.verdicts ?? []).length > 0 && (
        <>
          <h4>
            Judges
            {trial.judgesDisagree && (
              <>
                {' '}
                <Badge kind="flag">judges disagree</Badge>
              </>
            )}
          </h4>
          <ul>
            {trial.verdicts!.map((v, i) => (
              <li key={i}>
                <span className="mono">{v.judge}</span>:{' '}
                {v.failed ? <span className="warn">failed ({v.failure})</span> : score(v.score)}
                {v.selfPreference && <Badge kind="flag">judges its own family</Badge>}{' '}
                {v.rationale && <q>{v.rationale}</q>}
              </li>
            ))}
          </ul>
        </>
      )}
      {(trial.humanGrades ?? []).length > 0 && (
        <>
          <h4>Human grades</h4>
          <ul>
            {trial.humanGrades!.map((g, i) => (
              <li key={i}>
                {score(g.score)} by <span className="mono">{g.gradedBy}</span>
                {g.comment && <> — {g.comment}</>}
              </li>
            ))}
          </ul>
        </>
      )}
      {canGrade && (
        <div className="grade">
          <h4>Your grade</h4>
          <label htmlFor="grade-comment">Comment (optional)</label>
          <textarea id="grade-comment" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
          <div className="toolbar">
            <button type="button" onClick={() => send(0)} disabled={grade.isPending}>
              Wrong (0)
            </button>
            <button type="button" onClick={() => send(0.5)} disabled={grade.isPending}>
              Partly (5)
            </button>
            <button type="button" onClick={() => send(1)} disabled={grade.isPending}>
              Right (1)
            </button>
            <button type="button" onClick={onNext}>
              Next ungraded (n)
            </button>
          </div>
          {grade.isSuccess && <p role="status">Recorded {grade.data.score}.</p>}
          {grade.isError && <ErrorBox error={grade.error} />}
        </div>
      )}
    </section>
  );
}
