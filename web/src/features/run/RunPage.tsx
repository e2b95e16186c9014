import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useBenchmark, useRun } from '../../api/queries';
import { useCancelRun, useRunEvents } from '../../api/runs';
import { ComparePanel } from './Compare';
import { Results } from './Results';
import { RunFailureModes } from './FailureModes';
import { ApiError, type Schemas } from '../../api/client';
import { Upgrade } from '../account/PlanPanel';
import { Interval } from '../../ui/Interval';
import { Badge, Empty, ErrorBox, Loading } from '../../ui/States';
import { date, ms, percentWithInterval, usd } from '../../ui/format';

const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMED_OUT']);

function BenchmarkTitle({ id }: { id: string }) {
  const benchmark = useBenchmark(id);
  return <>{benchmark.data?.title ?? 'Benchmark'}</>;
}

export function RunPage() {
  const { id = '' } = useParams();
  const run = useRun(id);
  const live = !!run.data && !TERMINAL.has(run.data.status ?? '');
  useRunEvents(id, live);
  const eta = useEta(run.data?.progress?.done ?? 0, run.data?.progress?.total ?? 0, live);
  const cancel = useCancelRun(id);
  useFreshResults(id, run.data?.status ?? undefined, run.data?.progress?.done ?? 0);
  if (run.isPending) return <Loading what="the run" />;
  if (run.isError && isHistoryLimit(run.error)) return <OutsideHistory problem={run.error.problem} />;
  if (run.isError) return <ErrorBox error={run.error} retry={() => run.refetch()} />;
  const r = run.data as Schemas['RunView'];
  const models = r.models ?? [];
  const done = r.progress?.done ?? 0;
  const total = r.progress?.total ?? 0;

  return (
    <article className="run">
      <p className="breadcrumb">
        <Link to="/">Library</Link> /{' '}
        <Link to={`/benchmarks/${r.benchmarkId}`}>
          <BenchmarkTitle id={r.benchmarkId!} />
        </Link>{' '}
        /
      </p>
      <h1>
        Run <span className="mono">{r.id}</span>
      </h1>
      <div className="badges">
        <Badge kind={r.status === 'COMPLETED' ? 'verified' : r.status === 'FAILED' ? 'flag' : 'neutral'}>
          {r.status}
        </Badge>
        {r.resume && <Badge kind="flag">{r.resume.reason}</Badge>}
      </div>
      <div className="progress-line">
        <progress max={total || 1} value={done} aria-label="Trials done">
          {done}/{total}
        </progress>
        <span>
          {done} of {total} trials{live && eta != null ? `, about ${eta} left` : ''}
        </span>
        {live && (
          <button type="button" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
            {cancel.isPending ? 'Cancelling…' : 'Cancel the run'}
          </button>
        )}
      </div>
      {cancel.isError && <ErrorBox error={cancel.error} />}
      {r.failureReason && (
        <p role="alert" className="state state-error">
          {r.failureReason}
        </p>
      )}
      <dl className="facts">
        <div>
          <dt>Benchmark version</dt>
          <dd>v{r.benchmarkVersion}</dd>
        </div>
        <div>
          <dt>Repeats</dt>
          <dd>{r.repeats}</dd>
        </div>
        <div>
          <dt>Judge agreement</dt>
          <dd>{r.judgeAgreement == null ? '—' : `α ${r.judgeAgreement.toFixed(2)}`}</dd>
        </div>
        <div>
          <dt>Requested</dt>
          <dd>{date(r.requestedAt)}</dd>
        </div>
        <div>
          <dt>Completed</dt>
          <dd>{date(r.completedAt)}</dd>
        </div>
      </dl>

      <h2>Results per model</h2>
      {models.length === 0 ? (
        <Empty title="No model has results yet." />
      ) : (
        <table className="table">
          <caption className="visually-hidden">
            Per model: score and pass rate with 95% intervals, latency and cost
          </caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Score [95% CI]</th>
              <th scope="col">Pass rate</th>
              <th scope="col">Latency p50 / p95 / p99</th>
              <th scope="col">Cost</th>
              <th scope="col">Cost / case</th>
              <th scope="col">Trials</th>
              <th scope="col">Failed calls</th>
            </tr>
          </thead>
          <tbody>
            {models.map((m) => (
              <tr key={m.model}>
                <th scope="row">
                  <span className="mono">{m.model}</span> {m.simulated && <Badge kind="sim">sim</Badge>}
                </th>
                <td>
                  <Interval value={m.score} ci={m.ci95} label={`${m.model} score`} />
                </td>
                <td className="nowrap" title="Pass rate with its 95% interval">
                  {percentWithInterval(m.passRate, m.passRateCi95)}
                </td>
                <td className="nowrap">
                  {ms(m.latencyMs?.p50)} / {ms(m.latencyMs?.p95)} / {ms(m.latencyMs?.p99)}
                </td>
                <td>{usd(m.costMicros)}</td>
                <td>{usd(m.costPerCaseMicros)}</td>
                <td>
                  {m.trials}
                  {live && total > 0 ? ` / ${Math.round(total / models.length)}` : ''}
                </td>
                <td>{m.failedCalls ? <span className="warn">{m.failedCalls}</span> : 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <RunFailureModes runId={r.id!} models={models.map((m) => m.model!)} />
      <Results
        runId={r.id!}
        models={models.map((m) => m.model!)}
        canGrade={r.status === 'COMPLETED'}
        benchmarkId={r.benchmarkId ?? undefined}
      />
      {models.length >= 2 && r.status === 'COMPLETED' && (
        <>
          <ComparePanel runId={r.id!} models={models.map((m) => m.model!)} />
          <p>
            <Link to={`/runs/${r.id}/compare`}>Open the comparison on its own page</Link>
          </p>
        </>
      )}
    </article>
  );
}

/** Time left, from the rate since this page first saw the run progress: "2 min", or null before there is a rate. */
function useEta(done: number, total: number, live: boolean): string | null {
  const [now, setNow] = useState(() => Date.now());
  // state, not a ref read while rendering: set in the render that first sees progress (again when it goes back)
  const [first, setFirst] = useState<{ at: number; done: number } | null>(null);
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [live]);
  if (!live) return null;
  if (first == null || done < first.done) {
    setFirst({ at: now, done });
    return null; // no time has passed since: no rate yet
  }
  const elapsed = (now - first.at) / 1000;
  const rate = (done - first.done) / elapsed;
  if (!(rate > 0) || elapsed < 2) return null;
  const seconds = Math.max(0, (total - done) / rate);
  return seconds < 90 ? `${Math.ceil(seconds)} s` : `${Math.ceil(seconds / 60)} min`;
}

/**
 * The results table reads settled trials: while the run goes on, read them again at most every 5 s when more are done,
 * and once more when the status changes (a run that ends while the page is open shows all its trials).
 */
function useFreshResults(id: string, status: string | undefined, done: number) {
  const queries = useQueryClient();
  const last = useRef({ status, done, at: 0 });
  useEffect(() => {
    const seen = last.current;
    const now = Date.now();
    const statusChanged = seen.status !== undefined && seen.status !== status;
    if (statusChanged || (done !== seen.done && now - seen.at >= 5000)) {
      queries.invalidateQueries({ queryKey: ['results', id] });
      last.current = { status, done, at: now };
    } else if (seen.status === undefined) {
      last.current = { ...seen, status };
    }
  }, [id, status, done, queries]);
}

const isHistoryLimit = (error: unknown): error is ApiError =>
  error instanceof ApiError && error.status === 402 && error.problem.limit === 'history';

/**
 * A run outside Free's history window (402 limit history, docs/plans.md): nothing is deleted, the plan only hides it,
 * so the page says so and offers the plan that shows it, by the same way the Plan panels upgrade.
 */
function OutsideHistory({ problem }: { problem: Record<string, unknown> }) {
  const team = problem.requiredPlan === 'TEAM';
  const from = typeof problem.windowStart === 'string' ? date(problem.windowStart) : null;
  return (
    <section className="state" aria-labelledby="history-heading">
      <h1 id="history-heading">This run is older than your plan's 30-day history</h1>
      <p>
        {from ? `The Free plan shows runs of private benchmarks requested since ${from}. ` : ''}
        Nothing is deleted: {team ? 'Team on the workspace' : 'Pro'} shows the whole history again.
      </p>
      {team ? (
        <p>
          <Link to="/workspaces">Upgrade to Team</Link> from the workspace's Plan panel (its owners can).
        </p>
      ) : (
        <Upgrade />
      )}
    </section>
  );
}
