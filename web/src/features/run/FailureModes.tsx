import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useBenchmarkFailureModes, useRunFailureModes, useTagFailureMode } from '../../api/runs';
import { ApiError, type Schemas } from '../../api/client';
import { Badge, Empty, ErrorBox, Loading } from '../../ui/States';

type Status = Schemas['FailureModeStatus'];

const LABEL: Record<string, string> = { STILL_SHOWS: 'still shows', FIXED: 'fixed', NOT_TESTED: 'not tested' };

/** A model's status on a known failure mode, with the counts it rests on: "still shows · fails 2 of 2 tagged". */
export function FailureModeStatus({ status }: { status?: Status | null }) {
  if (!status) return <>—</>;
  const counts =
    status.status === 'NOT_TESTED'
      ? 'no tagged case graded here'
      : `fails ${status.failing} of ${status.tagged} tagged`;
  return (
    <span className="nowrap">
      <Badge kind={status.status === 'STILL_SHOWS' ? 'flag' : status.status === 'FIXED' ? 'verified' : 'neutral'}>
        {LABEL[status.status ?? ''] ?? status.status}
      </Badge>{' '}
      <span className="muted">{counts}</span>
    </span>
  );
}

/** The benchmark's known failure modes, and whether each model of this run still shows each one. */
export function RunFailureModes({ runId, models }: { runId: string; models: string[] }) {
  const modes = useRunFailureModes(runId);
  return (
    <section aria-labelledby="failure-modes-title">
      <h2 id="failure-modes-title">Known failure modes</h2>
      <p className="muted">
        A model <em>still shows</em> a failure mode when it fails at least half of its tagged cases graded in this run
        (a case fails unless more than half of its repeats pass).
      </p>
      {modes.isPending ? (
        <Loading what="the known failure modes" />
      ) : modes.isError ? (
        <ErrorBox error={modes.error} retry={() => modes.refetch()} />
      ) : (modes.data.items ?? []).length === 0 ? (
        <Empty title="No known failure mode on this benchmark yet.">
          Select cases in the results below and choose “Tag failure mode…”.
        </Empty>
      ) : (
        <div className="table-scroll" role="region" aria-label="Known failure modes per model" tabIndex={0}>
          <table className="table">
            <caption className="visually-hidden">
              Per known failure mode: each model's status, with failing of tagged cases
            </caption>
            <thead>
              <tr>
                <th scope="col">Failure mode</th>
                <th scope="col">Tagged cases</th>
                {models.map((m) => (
                  <th scope="col" key={m} className="mono">
                    {m}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {modes.data.items!.map((f) => (
                <tr key={f.name}>
                  <th scope="row">
                    {f.name}
                    {f.note && <div className="muted">{f.note}</div>}
                    {f.firstSeen?.model && (
                      <div className="muted">
                        first seen on <span className="mono">{f.firstSeen.model}</span>
                      </div>
                    )}
                  </th>
                  <td className="mono" title={(f.caseIds ?? []).join(', ')}>
                    {(f.caseIds ?? []).length}
                  </td>
                  {models.map((m) => (
                    <td key={m}>
                      <FailureModeStatus status={(f.models ?? []).find((s) => s.model === m)} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/**
 * Tags the selected cases with a failure mode: a name (the benchmark's existing ones are suggested, and the same name adds
 * to that one), an optional note. Escape closes it; focus starts on the name.
 */
export function TagFailureModeForm({
  runId,
  benchmarkId,
  caseIds,
  model,
  onClose,
}: {
  runId: string;
  benchmarkId?: string;
  caseIds: string[];
  model?: string;
  onClose: () => void;
}) {
  const existing = useBenchmarkFailureModes(benchmarkId);
  const tag = useTagFailureMode(runId);
  const [name, setName] = useState('');
  const [note, setNote] = useState('');
  const nameInput = useRef<HTMLInputElement>(null);
  useEffect(() => nameInput.current?.focus(), []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    tag.mutate({ name, note: note.trim() || undefined, caseIds, model });
  };
  const fieldError = (field: string) =>
    tag.error instanceof ApiError
      ? tag.error.errors
          .filter((x) => x.field === field)
          .map((x) => x.message)
          .join('; ')
      : '';
  return (
    <section className="trial" aria-labelledby="tag-title" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="trial-head">
        <h3 id="tag-title">Tag a failure mode</h3>
        <button type="button" onClick={onClose} aria-label="Close (Escape)">
          ×
        </button>
      </div>
      <p>
        {caseIds.length} case{caseIds.length === 1 ? '' : 's'}:{' '}
        <span className="mono">{caseIds.slice(0, 8).join(', ')}</span>
        {caseIds.length > 8 ? ` and ${caseIds.length - 8} more` : ''}
        {model ? (
          <>
            {' '}
            · seen on <span className="mono">{model}</span>
          </>
        ) : (
          <span className="muted"> · several models selected: no model is named</span>
        )}
      </p>
      <form onSubmit={submit} className="tag-form">
        <div className="field">
          <label htmlFor="failure-mode-name">Name</label>
          <input
            id="failure-mode-name"
            type="text"
            ref={nameInput}
            list="failure-mode-names"
            value={name}
            maxLength={80}
            required
            aria-describedby="failure-mode-name-hint"
            aria-invalid={!!fieldError('name') || undefined}
            onChange={(e) => setName(e.target.value)}
          />
          <datalist id="failure-mode-names">
            {(existing.data?.items ?? []).map((f) => (
              <option key={f.name} value={f.name ?? ''} />
            ))}
          </datalist>
          <p id="failure-mode-name-hint" className="muted">
            {existing.isPending && benchmarkId
              ? 'Loading the benchmark’s failure modes…'
              : (existing.data?.items ?? []).length > 0
                ? `The same name adds these cases to it: ${(existing.data?.items ?? []).map((f) => f.name).join(', ')}.`
                : 'The benchmark has no failure mode yet.'}
          </p>
          {fieldError('name') && <p className="warn">{fieldError('name')}</p>}
        </div>
        <div className="field">
          <label htmlFor="failure-mode-note">Note (optional)</label>
          <textarea
            id="failure-mode-note"
            rows={2}
            maxLength={2000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          {fieldError('note') && <p className="warn">{fieldError('note')}</p>}
        </div>
        <div className="toolbar">
          <button type="submit" disabled={tag.isPending || caseIds.length === 0}>
            {tag.isPending ? 'Tagging…' : 'Tag'}
          </button>
        </div>
      </form>
      {tag.isSuccess && (
        <p role="status">
          {tag.data.recorded
            ? `Tagged ${tag.data.caseIds?.length} case(s) as “${tag.data.name}”.`
            : `Already tagged as “${tag.data.name}”: nothing new.`}
        </p>
      )}
      {tag.isError && <ErrorBox error={tag.error} />}
    </section>
  );
}
