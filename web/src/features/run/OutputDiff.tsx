import { useState } from 'react';
import { useComparedCases, type CaseOutcome } from '../../api/runs';
import { Empty, ErrorBox, Loading } from '../../ui/States';
import { score } from '../../ui/format';

/** Lines past this many on either side are compared as one block: the diff is quadratic in lines. */
const MAX_LINES = 400;

export type DiffLine = { text: string; kind: 'same' | 'changed' };

/**
 * Both answers split into lines, each line marked 'same' when it is in the longest common subsequence of the two and
 * 'changed' otherwise: what a side-by-side diff colours.
 */
export function diffLines(left: string, right: string): [DiffLine[], DiffLine[]] {
  const a = left.split('\n');
  const b = right.split('\n');
  if (a.length > MAX_LINES || b.length > MAX_LINES) {
    const kind = left === right ? 'same' : 'changed';
    return [a.map((text) => ({ text, kind })), b.map((text) => ({ text, kind }))];
  }
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const l: DiffLine[] = a.map((text) => ({ text, kind: 'changed' }));
  const r: DiffLine[] = b.map((text) => ({ text, kind: 'changed' }));
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      l[i++].kind = 'same';
      r[j++].kind = 'same';
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) i++;
    else j++;
  }
  return [l, r];
}

/** Two answers side by side, the lines that differ marked (by colour and, for screen readers, in words). */
export function SideBySide({
  left,
  right,
  leftTitle,
  rightTitle,
}: {
  left?: string | null;
  right?: string | null;
  leftTitle: string;
  rightTitle: string;
}) {
  const [l, r] = diffLines(left ?? '', right ?? '');
  const column = (title: string, lines: DiffLine[], missing: boolean, side: 'from' | 'to') => (
    <div className="side">
      <h5 className="mono">{title}</h5>
      {missing ? (
        <p className="muted">(no answer: the call failed)</p>
      ) : (
        <pre className="code side-lines">
          {lines.map((line, i) => (
            <span key={i} className={line.kind === 'changed' ? `diff-${side}` : undefined}>
              {line.kind === 'changed' && (
                <span className="visually-hidden">
                  {side === 'from' ? 'only in baseline: ' : 'only in candidate: '}
                </span>
              )}
              {line.text || ' '}
              {'\n'}
            </span>
          ))}
        </pre>
      )}
    </div>
  );
  return (
    <div className="side-by-side">
      {column(leftTitle, l, left == null, 'from')}
      {column(rightTitle, r, right == null, 'to')}
    </div>
  );
}

const WORDS: Record<CaseOutcome, string> = { WON: 'won', LOST: 'lost', TIED: 'tied' };

/**
 * The cases of one outcome (won, lost or tied by the candidate), 50 a page from one bulk read, each a disclosure that
 * opens the two answers side by side.
 */
export function ComparedCasesList({
  runId,
  baseline,
  candidate,
  outcome,
}: {
  runId: string;
  baseline: string;
  candidate: string;
  outcome: CaseOutcome;
}) {
  const cases = useComparedCases(runId, baseline, candidate, outcome);
  const [open, setOpen] = useState<Set<string>>(new Set());
  if (cases.isPending) return <Loading what={`the cases ${WORDS[outcome]}`} />;
  if (cases.isError) return <ErrorBox error={cases.error} retry={() => cases.refetch()} />;
  const items = cases.data.pages.flatMap((p) => p.items ?? []);
  if (items.length === 0) return <Empty title={`No case ${WORDS[outcome]}.`}>Pick another outcome.</Empty>;
  return (
    <div className="compared-cases">
      <ul className="plain">
        {items.map((c) => (
          <li key={c.caseId}>
            <details
              open={open.has(c.caseId!)}
              onToggle={(e) => {
                const isOpen = (e.currentTarget as HTMLDetailsElement).open;
                setOpen((now) => {
                  const next = new Set(now);
                  if (isOpen) next.add(c.caseId!);
                  else next.delete(c.caseId!);
                  return next;
                });
              }}
            >
              <summary>
                Case <span className="mono">{c.caseId}</span>: baseline {score(c.baselineScore)}, candidate{' '}
                {score(c.candidateScore)}
              </summary>
              {open.has(c.caseId!) && (
                <SideBySide
                  left={c.baselineOutput}
                  right={c.candidateOutput}
                  leftTitle={`${baseline} (baseline)`}
                  rightTitle={`${candidate} (candidate)`}
                />
              )}
            </details>
          </li>
        ))}
      </ul>
      {cases.hasNextPage && (
        <button type="button" onClick={() => cases.fetchNextPage()} disabled={cases.isFetchingNextPage}>
          {cases.isFetchingNextPage ? 'Loading…' : 'Show more cases'}
        </button>
      )}
    </div>
  );
}
