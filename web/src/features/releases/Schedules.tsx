import { useMemo, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useModels } from '../../api/runs';
import {
  useCreateSchedule,
  useDeleteSchedule,
  usePauseSchedule,
  useSchedules,
  type Schedule,
} from '../../api/releases';
import { ApiError } from '../../api/client';
import { Empty, ErrorBox, Loading } from '../../ui/States';
import { date } from '../../ui/format';
import { Field, FormError, fieldErrors } from '../account/Form';

const MAX_MODELS = 20;
const SHOWN_MODELS = 40;
const count = new Intl.NumberFormat('en-US');

/** The browser's own IANA time zone, the form's default. */
function localZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

function zones(): string[] {
  try {
    return (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  } catch {
    return [];
  }
}

/** The benchmark page's Schedules tab (the owner's): the schedules with pause/resume/delete, and a form that makes one. */
export function Schedules({ benchmarkId }: { benchmarkId: string }) {
  const schedules = useSchedules(benchmarkId);
  const items = schedules.data?.items ?? [];
  return (
    <div className="schedules">
      <h2>Scheduled runs</h2>
      <p className="muted">
        Each fire starts one run of the benchmark's current version on the models below, billed in credits (a schedule
        cannot hold a provider key). A monthly cap limits what the runs of a calendar month may reserve; when it is used
        up, fires are skipped.
      </p>
      {schedules.isPending && <Loading what="the schedules" />}
      {schedules.isError && <ErrorBox error={schedules.error} retry={() => schedules.refetch()} />}
      {schedules.isSuccess && items.length === 0 && (
        <Empty title="No schedule yet.">Make one with the form below.</Empty>
      )}
      {items.length > 0 && (
        <ul className="cards schedule-list" aria-label="Schedules">
          {items.map((s) => (
            <ScheduleCard key={s.id} schedule={s} benchmarkId={benchmarkId} />
          ))}
        </ul>
      )}
      <NewScheduleForm benchmarkId={benchmarkId} />
    </div>
  );
}

function ScheduleCard({ schedule: s, benchmarkId }: { schedule: Schedule; benchmarkId: string }) {
  const pause = usePauseSchedule(benchmarkId);
  const remove = useDeleteSchedule(benchmarkId);
  const [confirming, setConfirming] = useState(false);
  const fires = s.fires ?? [];
  const label = `${s.cron} (${s.timeZone})`;
  return (
    <li className="card" aria-label={`Schedule ${label}`}>
      <div className="card-head">
        <h3 className="mono">{label}</h3>
        <span className={`badge ${s.paused ? 'badge-flag' : 'badge-verified'}`}>{s.paused ? 'Paused' : 'Active'}</span>
      </div>
      <dl className="facts">
        <div>
          <dt>Models</dt>
          <dd>{(s.models ?? []).join(', ')}</dd>
        </div>
        <div>
          <dt>Repeats</dt>
          <dd>{s.repeats}</dd>
        </div>
        <div>
          <dt>Billing</dt>
          <dd>{s.billing === 'CREDITS' ? 'Credits' : s.billing}</dd>
        </div>
        <div>
          <dt>Credits this month</dt>
          <dd>
            {count.format(s.creditsReservedThisMonth)} reserved
            {s.monthlyCreditCap != null ? ` of a ${count.format(s.monthlyCreditCap)} cap` : ' (no cap)'}
          </dd>
        </div>
        <div>
          <dt>Next fire</dt>
          <dd>{s.paused ? <span className="muted">paused</span> : date(s.nextFireAt)}</dd>
        </div>
        <div>
          <dt>After downtime</dt>
          <dd>{s.misfirePolicy === 'SKIP' ? 'skip missed fires' : 'fire once for all missed'}</dd>
        </div>
      </dl>
      {fires.length > 0 ? (
        <details className="fires">
          <summary>
            Recent fires ({fires.length}); last {date(fires[0].fireTime)}: {fires[0].status?.toLowerCase()}
          </summary>
          <ul>
            {fires.slice(0, 10).map((f) => (
              <li key={f.fireTime}>
                {date(f.fireTime)} {f.late && <span className="muted">(late)</span>} — {f.status?.toLowerCase()}
                {f.runId && (
                  <>
                    {' '}
                    <Link to={`/runs/${f.runId}`}>{f.runId}</Link>
                  </>
                )}
                {f.reservedCredits != null && (
                  <span className="muted"> · {count.format(f.reservedCredits)} credits reserved</span>
                )}
                {f.reason && (
                  <span className="warn">
                    {' '}
                    · {f.reason === 'BUDGET_REACHED' ? 'monthly cap reached' : f.reason.toLowerCase()}
                  </span>
                )}
                {f.detail && <span className="muted"> · {f.detail}</span>}
              </li>
            ))}
          </ul>
        </details>
      ) : (
        <p className="muted small">It has not fired yet.</p>
      )}
      <div className="toolbar">
        <button type="button" disabled={pause.isPending} onClick={() => pause.mutate({ id: s.id!, paused: !s.paused })}>
          {s.paused ? 'Resume' : 'Pause'}
          <span className="visually-hidden"> the schedule {label}</span>
        </button>
        {!confirming ? (
          <button type="button" onClick={() => setConfirming(true)}>
            Delete…<span className="visually-hidden"> the schedule {label}</span>
          </button>
        ) : (
          <span role="group" aria-label="Confirm deletion" className="confirm">
            Delete this schedule? Its runs stay.{' '}
            <button
              type="button"
              className="danger"
              autoFocus
              disabled={remove.isPending}
              onClick={() => remove.mutate(s.id!)}
            >
              Delete
            </button>{' '}
            <button type="button" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </span>
        )}
      </div>
      {pause.isError && <ErrorBox error={pause.error} />}
      {remove.isError && <ErrorBox error={remove.error} />}
    </li>
  );
}

function NewScheduleForm({ benchmarkId }: { benchmarkId: string }) {
  const catalogue = useModels();
  const create = useCreateSchedule(benchmarkId);
  const [cron, setCron] = useState('0 6 * * MON-FRI');
  const [timeZone, setTimeZone] = useState(localZone);
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [repeats, setRepeats] = useState('1');
  const [cap, setCap] = useState('');
  const [misfire, setMisfire] = useState('FIRE_ONCE');
  const [made, setMade] = useState<string | null>(null);
  const allZones = useMemo(() => zones(), []);
  const models = (catalogue.data?.models ?? []).filter(
    (m) => !search || m.id!.toLowerCase().includes(search.toLowerCase()),
  );
  const toggle = (id: string) =>
    setPicked((now) =>
      now.includes(id) ? now.filter((m) => m !== id) : now.length >= MAX_MODELS ? now : [...now, id],
    );
  const error = create.error;
  const modelErrors = fieldErrors(error, 'models');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMade(null);
    create.mutate(
      {
        cron: cron.trim(),
        timeZone: timeZone.trim(),
        models: picked,
        repeats: Number(repeats) || undefined,
        billing: 'CREDITS',
        monthlyCreditCap: cap.trim() === '' ? undefined : Number(cap),
        misfirePolicy: misfire,
      },
      { onSuccess: (s) => setMade(`Scheduled: ${s.cron} (${s.timeZone}), next fire ${date(s.nextFireAt)}.`) },
    );
  };
  return (
    <form className="panel schedule-form" onSubmit={submit} aria-labelledby="new-schedule-heading" noValidate>
      <h3 id="new-schedule-heading">New schedule</h3>
      <div className="form-row">
        <Field
          id="schedule-cron"
          name="cron"
          label="Cron"
          className="mono"
          value={cron}
          onChange={(e) => setCron(e.target.value)}
          error={error}
          hint="Five fields: minute hour day-of-month month day-of-week, e.g. 0 6 * * MON-FRI (Quartz's 6–7 fields also work)."
        />
        <Field
          id="schedule-zone"
          name="timeZone"
          label="Time zone"
          list="schedule-zones"
          value={timeZone}
          onChange={(e) => setTimeZone(e.target.value)}
          error={error}
          hint="An IANA zone such as Europe/Berlin or UTC; the cron is read in it, across daylight-saving changes."
        />
        <datalist id="schedule-zones">
          {allZones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </div>
      <fieldset className="model-pick" aria-describedby={modelErrors.length ? 'schedule-models-error' : undefined}>
        <legend>
          Models ({picked.length} of at most {MAX_MODELS})
        </legend>
        <label className="field">
          <span>Search the catalogue</span>
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        {picked.length > 0 && <p className="small">Picked: {picked.join(', ')}</p>}
        {catalogue.isPending && <Loading what="the models" />}
        {catalogue.isError && <ErrorBox error={catalogue.error} retry={() => catalogue.refetch()} />}
        {catalogue.isSuccess && models.length === 0 && <p className="muted">No model matches “{search}”.</p>}
        <ul className="model-checks">
          {models.slice(0, SHOWN_MODELS).map((m) => (
            <li key={m.id}>
              <label>
                <input type="checkbox" checked={picked.includes(m.id!)} onChange={() => toggle(m.id!)} /> {m.id}
              </label>
            </li>
          ))}
        </ul>
        {models.length > SHOWN_MODELS && (
          <p className="muted small">{models.length - SHOWN_MODELS} more: narrow the search.</p>
        )}
        {modelErrors.length > 0 && (
          <ul id="schedule-models-error" className="field-error">
            {modelErrors.map((m) => (
              <li key={m}>Models {m}.</li>
            ))}
          </ul>
        )}
      </fieldset>
      <div className="form-row">
        <Field
          id="schedule-repeats"
          name="repeats"
          label="Repeats"
          type="number"
          min={1}
          max={100}
          value={repeats}
          onChange={(e) => setRepeats(e.target.value)}
          error={error}
        />
        <Field
          id="schedule-cap"
          name="monthlyCreditCap"
          label="Monthly credit cap (optional)"
          type="number"
          min={1}
          value={cap}
          onChange={(e) => setCap(e.target.value)}
          error={error}
          hint="The most this schedule's runs may reserve in a calendar month."
        />
        <div className="field">
          <label htmlFor="schedule-misfire">After downtime</label>
          <select id="schedule-misfire" value={misfire} onChange={(e) => setMisfire(e.target.value)}>
            <option value="FIRE_ONCE">Fire once for all missed fires</option>
            <option value="SKIP">Skip missed fires</option>
          </select>
        </div>
      </div>
      <p className="small">
        <strong>Billing:</strong> credits. A provider key (BYOK) is never stored, so scheduled runs always use credits.
      </p>
      {error && <FormError error={error} />}
      {error instanceof ApiError &&
        error.errors.some(
          (v) => !['cron', 'timeZone', 'models', 'repeats', 'monthlyCreditCap'].includes(v.field ?? ''),
        ) && (
          <ul className="field-error">
            {error.errors
              .filter((v) => !['cron', 'timeZone', 'models', 'repeats', 'monthlyCreditCap'].includes(v.field ?? ''))
              .map((v, i) => (
                <li key={i}>
                  <span className="mono">{v.field}</span>: {v.message}
                </li>
              ))}
          </ul>
        )}
      {made && (
        <p role="status" className="state state-ok">
          {made}
        </p>
      )}
      <button type="submit" className="primary" disabled={create.isPending}>
        {create.isPending ? 'Scheduling…' : 'Create the schedule'}
      </button>
    </form>
  );
}
