import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useBenchmark, useComparison, useRun } from '../../api/queries';
import type { Schemas } from '../../api/client';
import { Interval } from '../../ui/Interval';
import { Badge, Empty, ErrorBox, Loading } from '../../ui/States';
import { date, interval, ms, percentWithInterval, score, usd } from '../../ui/format';

const VERDICT: Record<string, string> = { SHIP: 'SHIP', SHIP_WITH_CAVEATS: 'SHIP WITH CAVEATS', DONT_SHIP: "DON'T SHIP" };

function BenchmarkTitle({ id }: { id: string }) {
  const benchmark = useBenchmark(id);
  return <>{benchmark.data?.title ?? 'Benchmark'}</>;
}

export function RunPage() {
  const { id = '' } = useParams();
  const run = useRun(id);
  if (run.isPending) return <Loading what="the run" />;
  if (run.isError) return <ErrorBox error={run.error} retry={() => run.refetch()} />;
  const r = run.data as Schemas['RunView'];
  const models = r.models ?? [];
  const done = r.progress?.done ?? 0;
  const total = r.progress?.total ?? 0;

  return (
    <article className="run">
      <p className="breadcrumb">
        <Link to="/">Library</Link> / <Link to={`/benchmarks/${r.benchmarkId}`}>
          <BenchmarkTitle id={r.benchmarkId!} />
        </Link> /
      </p>
      <h1>
        Run <span className="mono">{r.id}</span>
      </h1>
      <div className="badges">
        <Badge kind={r.status === 'COMPLETED' ? 'verified' : r.status === 'FAILED' ? 'flag' : 'neutral'}>{r.status}</Badge>
        {r.resume && <Badge kind="flag">{r.resume.reason}</Badge>}
      </div>
      <div className="progress-line">
        <progress max={total || 1} value={done} aria-label="Trials done">
          {done}/{total}
        </progress>
        <span>
          {done} of {total} trials
        </span>
      </div>
      {r.failureReason && <p role="alert" className="state state-error">{r.failureReason}</p>}
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
          <caption className="visually-hidden">Per model: score and pass rate with 95% intervals, latency and cost</caption>
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
                <td>{m.trials}</td>
                <td>{m.failedCalls ? <span className="warn">{m.failedCalls}</span> : 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {models.length >= 2 && r.status === 'COMPLETED' && <Verdict runId={r.id!} models={models.map((m) => m.model!)} />}
    </article>
  );
}

function Verdict({ runId, models }: { runId: string; models: string[] }) {
  const [baseline, setBaseline] = useState(models[0]);
  const [candidate, setCandidate] = useState(models[1]);
  const comparison = useComparison(runId, baseline, candidate);
  const c = comparison.data as Schemas['Comparison'] | undefined;
  return (
    <section className="verdict" aria-labelledby="verdict-title">
      <h2 id="verdict-title">Ship it?</h2>
      <div className="toolbar">
        <label>
          Baseline{' '}
          <select value={baseline} onChange={(e) => setBaseline(e.target.value)}>
            {models.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label>
          Candidate{' '}
          <select value={candidate} onChange={(e) => setCandidate(e.target.value)}>
            {models.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
      </div>
      {baseline === candidate && <p className="muted">Pick two different models.</p>}
      {comparison.isFetching && !c && <Loading what="the comparison" />}
      {comparison.isError && <ErrorBox error={comparison.error} />}
      {c && baseline !== candidate && (
        <div className={`verdict-card verdict-${c.verdict}`}>
          <p className="verdict-word">{VERDICT[c.verdict ?? ''] ?? c.verdict}</p>
          <p>
            Candidate − baseline: <strong>{c.difference?.mean == null ? '—' : c.difference.mean.toFixed(3)}</strong>{' '}
            <span className="muted">
              (95% CI {interval(c.difference?.ci95, 3)}, p = {c.difference?.pValue == null ? '—' : c.difference.pValue.toFixed(3)}, n ={' '}
              {c.difference?.n})
            </span>
          </p>
          <p>
            Cases won {c.casesWon}, lost {c.casesLost}, tied {c.casesTied}. Baseline {score(c.baselineSummary?.score)}, candidate{' '}
            {score(c.candidateSummary?.score)}.
          </p>
          {(c.reasons ?? []).length > 0 && (
            <ul>
              {c.reasons!.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
