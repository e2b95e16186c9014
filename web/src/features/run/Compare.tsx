import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useComparison, useRun } from '../../api/queries';
import type { Schemas } from '../../api/client';
import { ErrorBox, Loading, Empty } from '../../ui/States';
import { interval, percentWithInterval, score, usd } from '../../ui/format';
import { FailureModeStatus } from './FailureModes';
import { ComparedCasesList } from './OutputDiff';
import type { CaseOutcome } from '../../api/runs';

type Comparison = Schemas['Comparison'];
export const VERDICT: Record<string, string> = {
  SHIP: 'SHIP',
  SHIP_WITH_CAVEATS: 'SHIP WITH CAVEATS',
  DONT_SHIP: "DON'T SHIP",
};
const OPS: Record<string, string> = { GTE: '≥', GT: '>', LTE: '≤', LT: '<', '>=': '≥', '<=': '≤' };

function signed(x: number | null | undefined, digits = 3) {
  if (x == null) return '—';
  return `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(digits)}`;
}

function criterion(c: Schemas['CriterionCheck']) {
  return `${c.metric} ${OPS[c.op ?? ''] ?? c.op} ${c.threshold}`;
}

function ideal(c: Schemas['CriterionCheck']) {
  return c.ideal == null ? '—' : `${OPS[c.op ?? ''] ?? c.op} ${c.ideal}`;
}

function idealMet(c: Schemas['CriterionCheck']) {
  return c.idealMet == null ? '—' : c.idealMet ? 'yes' : 'no';
}

/** The weighted rubric score in words: the share of the weights whose lines are met. */
export function rubricScoreText(c: Comparison): string | null {
  if (c.rubricScore == null) return null;
  const lines = c.criteria ?? [];
  const total = lines.reduce((sum, k) => sum + (k.weight ?? 0), 0);
  const met = lines.reduce((sum, k) => sum + (k.met ? (k.weight ?? 0) : 0), 0);
  return `Weighted rubric score ${(c.rubricScore * 100).toFixed(0)}%: the met lines weigh ${+met.toFixed(2)} of ${+total.toFixed(2)}.`;
}

/** The comparison as Markdown, for a design doc: the same lines the panel shows. */
export function comparisonMarkdown(c: Comparison, runId: string): string {
  const d = c.difference;
  const lines = [
    `## ${c.candidate} vs ${c.baseline}: ${VERDICT[c.verdict ?? ''] ?? c.verdict}`,
    '',
    `Run \`${runId}\`. Paired difference (candidate − baseline) ${signed(d?.mean)}, 95% CI ${interval(d?.ci95, 3)}, p = ${d?.pValue == null ? '—' : d.pValue.toFixed(3)}, n = ${d?.n ?? 0} cases.`,
    '',
    '| Model | Score [95% CI] | Pass rate [95% CI] | Cost / case |',
    '|---|---|---|---|',
    ...[
      ['baseline', c.baselineSummary],
      ['candidate', c.candidateSummary],
    ].map(([role, m]) => {
      const s = m as Schemas['ModelView'] | undefined;
      return `| ${s?.model ?? '—'} (${role}) | ${score(s?.score, 3)} [${interval(s?.ci95, 3)}] | ${percentWithInterval(s?.passRate, s?.passRateCi95)} | ${usd(s?.costPerCaseMicros)} |`;
    }),
    '',
    `Cases won ${c.casesWon ?? 0}, lost ${c.casesLost ?? 0}, tied ${c.casesTied ?? 0}.`,
  ];
  if ((c.criteria ?? []).length > 0) {
    lines.push(
      '',
      '| Rubric line (acceptable) | Severity | Ideal | Weight | Actual | Met | Ideal met |',
      '|---|---|---|---|---|---|---|',
    );
    for (const k of c.criteria!)
      lines.push(
        `| ${criterion(k)} | ${k.severity} | ${ideal(k)} | ${k.weight == null ? '—' : `${k.weight}%`} | ${k.actual == null ? '—' : k.actual.toFixed(3)} | ${k.met ? 'yes' : '**no**'} | ${idealMet(k)} |`,
      );
    const weighted = rubricScoreText(c);
    if (weighted) lines.push('', weighted);
  }
  if ((c.failureModes ?? []).length > 0) {
    lines.push('', 'Failure modes the candidate has and the baseline has not:');
    for (const f of c.failureModes!) lines.push(`- ${failureMode(f)}`);
  }
  if ((c.knownFailureModes ?? []).length > 0) {
    lines.push('', '| Known failure mode | Candidate | Baseline |', '|---|---|---|');
    for (const k of c.knownFailureModes!)
      lines.push(
        `| ${k.name}${k.candidateOnly ? ' (**candidate only**)' : ''} | ${statusText(k.candidate)} | ${statusText(k.baseline)} |`,
      );
  }
  if ((c.reasons ?? []).length > 0) {
    lines.push('', 'Why:');
    for (const r of c.reasons!) lines.push(`- ${r}`);
  }
  return lines.join('\n') + '\n';
}

function failureMode(f: Schemas['FailureMode']) {
  const what =
    f.kind === 'KNOWN'
      ? `known failure mode “${f.name}” still shows`
      : f.kind === 'GRADER' || f.graderType
        ? f.graderType
          ? `grader #${f.graderIndex} (${f.graderType}) fails`
          : `the cases' own graders fail` // per-case graders have no benchmark-level type
        : `calls fail with ${f.failureKind}`;
  return `${what} on ${f.cases} case${f.cases === 1 ? '' : 's'}${(f.exampleCaseIds ?? []).length ? ` (e.g. ${f.exampleCaseIds!.join(', ')})` : ''}`;
}

function statusText(s?: Schemas['FailureModeStatus'] | null) {
  if (!s) return '—';
  const word = s.status === 'STILL_SHOWS' ? 'still shows' : s.status === 'FIXED' ? 'fixed' : 'not tested';
  return s.status === 'NOT_TESTED' ? word : `${word} (fails ${s.failing} of ${s.tagged})`;
}

/** Baseline and candidate pickers, and the SHIP / DON'T SHIP panel with each rubric line. */
export function ComparePanel({ runId, models }: { runId: string; models: string[] }) {
  const [params, setParams] = useSearchParams();
  const baseline = params.get('baseline') ?? models[0];
  const candidate = params.get('candidate') ?? models[1];
  const pick = (name: 'baseline' | 'candidate', value: string) => {
    const next = new URLSearchParams(params);
    next.set(name, value);
    setParams(next, { replace: true });
  };
  const comparison = useComparison(runId, baseline, candidate);
  const c = comparison.data as Comparison | undefined;
  const [copied, setCopied] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<CaseOutcome | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(comparisonMarkdown(c!, runId));
      setCopied('Copied as Markdown.');
    } catch {
      setCopied('The browser did not allow copying; select the text below instead.');
    }
  };
  return (
    <section className="verdict" aria-labelledby="verdict-title">
      <h2 id="verdict-title">Ship it?</h2>
      <div className="toolbar">
        <label>
          Baseline{' '}
          <select value={baseline} onChange={(e) => pick('baseline', e.target.value)}>
            {models.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label>
          Candidate{' '}
          <select value={candidate} onChange={(e) => pick('candidate', e.target.value)}>
            {models.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        {c && baseline !== candidate && (
          <button type="button" onClick={copy}>
            Copy as Markdown
          </button>
        )}
        {copied && (
          <span role="status" className="muted">
            {copied}
          </span>
        )}
      </div>
      {baseline === candidate && <p className="muted">Pick two different models.</p>}
      {comparison.isFetching && !c && <Loading what="the comparison" />}
      {comparison.isError && <ErrorBox error={comparison.error} retry={() => comparison.refetch()} />}
      {c && baseline !== candidate && (
        <div className={`verdict-card verdict-${c.verdict}`}>
          <p className="verdict-word">{VERDICT[c.verdict ?? ''] ?? c.verdict}</p>
          <p>
            Candidate − baseline: <strong>{signed(c.difference?.mean)}</strong>{' '}
            <span className="muted">
              (95% CI {interval(c.difference?.ci95, 3)}, p ={' '}
              {c.difference?.pValue == null ? '—' : c.difference.pValue.toFixed(3)}, n = {c.difference?.n})
            </span>
          </p>
          <p>
            Cases won {c.casesWon}, lost {c.casesLost}, tied {c.casesTied}. Baseline {score(c.baselineSummary?.score)} [
            {interval(c.baselineSummary?.ci95)}], candidate {score(c.candidateSummary?.score)} [
            {interval(c.candidateSummary?.ci95)}].
          </p>
          <div className="toolbar" role="group" aria-label="Read the cases side by side">
            {(
              [
                ['WON', 'Won', c.casesWon],
                ['LOST', 'Lost', c.casesLost],
                ['TIED', 'Tied', c.casesTied],
              ] as const
            ).map(([value, label, count]) => (
              <button
                key={value}
                type="button"
                aria-pressed={outcome === value}
                aria-controls="compared-cases"
                onClick={() => setOutcome(outcome === value ? null : value)}
              >
                {label} ({count ?? 0})
              </button>
            ))}
          </div>
          <div id="compared-cases">
            {outcome && <ComparedCasesList runId={runId} baseline={baseline} candidate={candidate} outcome={outcome} />}
          </div>
          {(c.criteria ?? []).length > 0 ? (
            <div className="table-scroll">
              <table className="table rubric">
                <caption>The benchmark's decision rubric, line by line</caption>
                <thead>
                  <tr>
                    <th scope="col">Rubric line (acceptable)</th>
                    <th scope="col">Severity</th>
                    <th scope="col">Ideal</th>
                    <th scope="col">Weight</th>
                    <th scope="col">Candidate</th>
                    <th scope="col">Met</th>
                    <th scope="col">Ideal met</th>
                  </tr>
                </thead>
                <tbody>
                  {c.criteria!.map((k, i) => (
                    <tr key={i} className={k.met ? '' : 'vrow-bad'}>
                      <th scope="row" className="mono">
                        {criterion(k)}
                      </th>
                      <td>{k.severity}</td>
                      <td className="mono">{ideal(k)}</td>
                      <td>{k.weight == null ? '—' : `${k.weight}%`}</td>
                      <td>{k.actual == null ? '—' : k.actual.toFixed(3)}</td>
                      <td>{k.met ? '✓ met' : <span className="warn">✗ not met</span>}</td>
                      <td>{k.idealMet == null ? '—' : k.idealMet ? '★ ideal' : 'not ideal'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {(c.criteria ?? []).length > 0 && rubricScoreText(c) && <p className="rubric-score">{rubricScoreText(c)}</p>}
          {(c.criteria ?? []).length > 0 ? null : (
            <p className="muted">The benchmark has no decision rubric: the paired difference decides.</p>
          )}
          {(c.failureModes ?? []).length > 0 && (
            <>
              <h3>Failure modes the candidate has and the baseline has not</h3>
              <ul>
                {c.failureModes!.map((f, i) => (
                  <li key={i}>{failureMode(f)}</li>
                ))}
              </ul>
            </>
          )}
          <KnownFailureModes known={c.knownFailureModes ?? []} />
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

/** The benchmark's known failure modes on both models; the ones only the candidate shows come first and are marked. */
function KnownFailureModes({ known }: { known: Schemas['KnownFailureModeComparison'][] }) {
  if (known.length === 0)
    return <p className="muted">The benchmark has no known failure mode yet: tag cases on a run to start the list.</p>;
  const ordered = [...known].sort((a, b) => Number(!!b.candidateOnly) - Number(!!a.candidateOnly));
  const only = known.filter((k) => k.candidateOnly);
  return (
    <>
      <p>
        {only.length === 0 ? (
          'The candidate has no known failure mode the baseline has not.'
        ) : (
          <>
            <strong>
              The candidate has {only.length} known failure mode{only.length === 1 ? '' : 's'} the baseline has not:
            </strong>{' '}
            {only.map((k) => k.name).join(', ')}.
          </>
        )}
      </p>
      <table className="table">
        <caption>Known failure modes of the benchmark, candidate against baseline</caption>
        <thead>
          <tr>
            <th scope="col">Failure mode</th>
            <th scope="col">Candidate</th>
            <th scope="col">Baseline</th>
          </tr>
        </thead>
        <tbody>
          {ordered.map((k) => (
            <tr key={k.name} className={k.candidateOnly ? 'vrow-bad' : ''}>
              <th scope="row">
                {k.name} {k.candidateOnly && <span className="warn">candidate only</span>}
              </th>
              <td>
                <FailureModeStatus status={k.candidate} />
              </td>
              <td>
                <FailureModeStatus status={k.baseline} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** /runs/:id/compare: the comparison alone, with a link back to the run. */
export function ComparePage() {
  const { id = '' } = useParams();
  const run = useRun(id);
  if (run.isPending) return <Loading what="the run" />;
  if (run.isError) return <ErrorBox error={run.error} retry={() => run.refetch()} />;
  const models = (run.data.models ?? []).map((m) => m.model!);
  return (
    <article className="run">
      <p className="breadcrumb">
        <Link to={`/runs/${id}`}>Run {id}</Link> /
      </p>
      <h1>Compare two models</h1>
      {models.length < 2 ? (
        <Empty title="This run has fewer than two models.">There is nothing to compare.</Empty>
      ) : (
        <ComparePanel runId={id} models={models} />
      )}
    </article>
  );
}
