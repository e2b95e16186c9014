import { useRef, type KeyboardEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useBenchmark, useBenchmarkRuns, useVersions } from '../../api/queries';
import type { Schemas } from '../../api/client';
import { apiToken } from '../../api/session';
import { Badge, Empty, ErrorBox, Loading } from '../../ui/States';
import { date, shortHash } from '../../ui/format';
import { Leaderboard } from './Leaderboard';
import { Forks } from './Forks';
import { BenchmarkActions, VersionCompare } from '../builder/BenchmarkActions';
import { useMe } from '../../api/account';
import { Schedules } from '../releases/Schedules';

const TABS = [
  ['leaderboard', 'Leaderboard'],
  ['cases', 'Cases'],
  ['prompt', 'Prompt & graders'],
  ['runs', 'Runs'],
  ['history', 'History'],
  ['forks', 'Forks'],
  ['integrity', 'Integrity'],
] as const;
/** Only those the server lets schedule its runs (its creator) see a benchmark's schedules. */
const OWNER_TABS = [...TABS, ['schedules', 'Schedules']] as const;
type Tab = (typeof OWNER_TABS)[number][0];

export function BenchmarkPage() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const benchmark = useBenchmark(id);
  const me = useMe();
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);

  if (benchmark.isPending) return <Loading what="the benchmark" />;
  if (benchmark.isError) return <ErrorBox error={benchmark.error} retry={() => benchmark.refetch()} />;
  const b = benchmark.data as Schemas['BenchmarkView'];
  const tabs: readonly (readonly [Tab, string])[] = me.data && b.permissions?.schedule ? OWNER_TABS : TABS;
  const tab = (tabs.find(([t]) => t === params.get('tab'))?.[0] ?? 'leaderboard') as Tab;

  const select = (t: Tab) => {
    const next = new URLSearchParams(params);
    if (t === 'leaderboard') next.delete('tab');
    else next.set('tab', t);
    setParams(next, { replace: true });
  };
  // the WAI-ARIA tabs pattern: arrows move between tabs, Home/End jump to the ends
  const onTabKey = (e: KeyboardEvent, index: number) => {
    const moves: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowLeft: index - 1,
      Home: 0,
      End: tabs.length - 1,
    };
    if (!(e.key in moves)) return;
    e.preventDefault();
    const next = (moves[e.key] + tabs.length) % tabs.length;
    select(tabs[next][0]);
    tabRefs.current[next]?.focus();
  };

  const openFlags = (b.contaminationFlags ?? []).filter((f) => f.status === 'OPEN');
  return (
    <article className="benchmark">
      <header className="benchmark-header">
        <p className="breadcrumb">
          <Link to="/">Library</Link> /
        </p>
        <h1>{b.title}</h1>
        <div className="badges">
          <Badge kind="neutral">{b.visibility === 'PUBLIC' ? 'Public' : 'Private'}</Badge>
          {b.verified && (
            <Badge kind="verified" title={b.verification?.licence ?? undefined}>
              ✓ Verified
            </Badge>
          )}
          {openFlags.length > 0 && (
            <Badge kind="flag" title="See the Integrity tab">
              ⚠ {openFlags.length} contamination flag{openFlags.length > 1 ? 's' : ''}
            </Badge>
          )}
        </div>
        {/* signed out, the run page asks for a sign-in; signed in, it shows when the server would start the run */}
        {!(me.data && b.permissions?.run === false) && (
          <p className="actions">
            <Link to={`/benchmarks/${b.id}/run`} className="button primary">
              Run against models…
            </Link>
          </p>
        )}
        {b.description && <p>{b.description}</p>}
        <dl className="facts">
          <div>
            <dt>Version</dt>
            <dd>v{b.version}</dd>
          </div>
          <div>
            <dt>Content hash</dt>
            <dd className="mono" title={b.contentHash ?? undefined}>
              {shortHash(b.contentHash)}
            </dd>
          </div>
          <div>
            <dt>Owner</dt>
            <dd className="mono">{b.ownerId}</dd>
          </div>
          <div>
            <dt>Cases</dt>
            <dd>{b.cases?.length ?? 0}</dd>
          </div>
          <div>
            <dt>Runs</dt>
            <dd>{b.runCount ?? 0}</dd>
          </div>
          <div>
            <dt>Forks</dt>
            <dd>{b.forkCount ?? 0}</dd>
          </div>
          {b.forkedFrom && (
            <div>
              <dt>Forked from</dt>
              <dd>
                <Link to={`/benchmarks/${b.forkedFrom.id}`}>{b.forkedFrom.id}</Link> v{b.forkedFrom.version}
              </dd>
            </div>
          )}
          <div>
            <dt>Updated</dt>
            <dd>{date(b.updatedAt)}</dd>
          </div>
        </dl>
        <ul className="tags" aria-label="Tags">
          {b.category && <li className="tag tag-category">{b.category}</li>}
          {b.tags?.map((t) => (
            <li key={t} className="tag">
              {t}
            </li>
          ))}
        </ul>
        <BenchmarkActions benchmark={b} />
      </header>

      <div role="tablist" aria-label="Benchmark sections" className="tabs">
        {tabs.map(([t, label], i) => (
          <button
            key={t}
            ref={(el) => {
              tabRefs.current[i] = el;
            }}
            role="tab"
            type="button"
            id={`tab-${t}`}
            aria-selected={tab === t}
            aria-controls={`panel-${t}`}
            tabIndex={tab === t ? 0 : -1}
            onClick={() => select(t)}
            onKeyDown={(e) => onTabKey(e, i)}
          >
            {label}
          </button>
        ))}
      </div>
      <section role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tabpanel">
        {tab === 'leaderboard' && <Leaderboard benchmarkId={b.id!} />}
        {tab === 'cases' && <Cases cases={b.cases ?? []} />}
        {tab === 'prompt' && <PromptAndGraders benchmark={b} />}
        {tab === 'runs' && <Runs benchmarkId={b.id!} />}
        {tab === 'history' && <History benchmarkId={b.id!} />}
        {tab === 'forks' && <Forks benchmarkId={b.id!} />}
        {tab === 'integrity' && <Integrity benchmark={b} />}
        {tab === 'schedules' && <Schedules benchmarkId={b.id!} />}
      </section>
    </article>
  );
}

function show(value: unknown): string {
  if (value == null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function Cases({ cases }: { cases: Schemas['CaseView'][] }) {
  if (cases.length === 0) return <Empty title="No cases yet." />;
  return (
    <table className="table">
      <caption className="visually-hidden">Test cases</caption>
      <thead>
        <tr>
          <th scope="col">Id</th>
          <th scope="col">Input</th>
          <th scope="col">Expected</th>
          <th scope="col">Tags</th>
          <th scope="col">Weight</th>
        </tr>
      </thead>
      <tbody>
        {cases.map((c) => (
          <tr key={c.id}>
            <td className="mono">{c.id}</td>
            <td className="pre">{show(c.input)}</td>
            <td className="pre">{show(c.expected)}</td>
            <td>{c.tags?.join(', ')}</td>
            <td>{c.weight ?? 1}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PromptAndGraders({ benchmark }: { benchmark: Schemas['BenchmarkView'] }) {
  const graders = (Array.isArray(benchmark.graders) ? benchmark.graders : []) as Record<string, unknown>[];
  const criteria = (Array.isArray(benchmark.decisionCriteria) ? benchmark.decisionCriteria : []) as Record<
    string,
    unknown
  >[];
  return (
    <div className="stack">
      <h2>Prompt template</h2>
      {benchmark.promptTemplate ? (
        <pre className="code">{benchmark.promptTemplate}</pre>
      ) : (
        <p className="muted">The case input is sent as it is.</p>
      )}
      <h2>Graders</h2>
      {graders.length === 0 ? (
        <p className="muted">No grader.</p>
      ) : (
        <ul className="graders">
          {graders.map((g, i) => {
            const options = Object.entries(g).filter(([k]) => k !== 'type');
            return (
              <li key={i}>
                <strong>{String(g.type)}</strong>{' '}
                {options.length === 0 ? (
                  <span className="muted">compares the output with each case's expected value</span>
                ) : (
                  <span className="mono muted">{JSON.stringify(Object.fromEntries(options))}</span>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <h2>Decision rubric</h2>
      {criteria.length === 0 ? (
        <p className="muted">None: comparisons decide on the paired difference alone.</p>
      ) : (
        <pre className="code">{JSON.stringify(criteria, null, 2)}</pre>
      )}
    </div>
  );
}

function Runs({ benchmarkId }: { benchmarkId: string }) {
  const signedIn = !!apiToken();
  const runs = useBenchmarkRuns(benchmarkId, signedIn);
  if (!signedIn)
    return <Empty title="Sign in to see runs.">The runs you may see are listed here once you are signed in.</Empty>;
  if (runs.isPending) return <Loading what="runs" />;
  if (runs.isError) return <ErrorBox error={runs.error} retry={() => runs.refetch()} />;
  const items = runs.data?.items ?? [];
  if (items.length === 0) return <Empty title="No runs you can see." />;
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col">Status</th>
          <th scope="col">Models</th>
          <th scope="col">Version</th>
          <th scope="col">Progress</th>
          <th scope="col">Requested</th>
        </tr>
      </thead>
      <tbody>
        {items.map((r) => (
          <tr key={r.id}>
            <td>
              <Link to={`/runs/${r.id}`} className="mono">
                {r.id}
              </Link>
            </td>
            <td>{r.status}</td>
            <td className="mono">{r.models?.join(', ')}</td>
            <td>v{r.benchmarkVersion}</td>
            <td>
              {r.progress?.done}/{r.progress?.total}
            </td>
            <td>{date(r.requestedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function History({ benchmarkId }: { benchmarkId: string }) {
  const versions = useVersions(benchmarkId);
  if (versions.isPending) return <Loading what="the versions" />;
  if (versions.isError) return <ErrorBox error={versions.error} retry={() => versions.refetch()} />;
  const items = (versions.data ?? []) as Schemas['VersionSummary'][];
  return (
    <>
      <VersionCompare id={benchmarkId} versions={items.map((v) => v.version!)} />
      <h2>Versions</h2>
      <ol className="history" reversed>
        {[...items].reverse().map((v) => (
          <li key={v.version}>
            <strong>v{v.version}</strong> <span className="mono muted">{shortHash(v.contentHash)}</span> · {v.caseCount}{' '}
            cases · {date(v.changedAt)} · <span className="mono">{v.changedBy}</span>
            <div className="muted">{v.changes?.join(', ')}</div>
          </li>
        ))}
      </ol>
    </>
  );
}

function Integrity({ benchmark }: { benchmark: Schemas['BenchmarkView'] }) {
  const flags = benchmark.contaminationFlags ?? [];
  return (
    <div className="stack">
      <h2>Verification</h2>
      <p>
        {benchmark.verified
          ? `Verified: ${benchmark.verification?.licence ?? ''} ${benchmark.verification?.sourceUrl ?? ''}`
          : benchmark.verification
            ? `Verification ${benchmark.verification.status?.toLowerCase()}.`
            : 'Not verified: nobody has asked for it.'}
      </p>
      <h2>Contamination flags</h2>
      {flags.length === 0 ? (
        <p className="muted">No model scores suspiciously above what it scores elsewhere.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Status</th>
              <th scope="col">Observed</th>
              <th scope="col">Expected ± σ</th>
              <th scope="col">z</th>
              <th scope="col">Cases</th>
              <th scope="col">Raised</th>
            </tr>
          </thead>
          <tbody>
            {flags.map((f) => (
              <tr key={`${f.model}-${f.raisedAt}`}>
                <td className="mono">{f.model}</td>
                <td>{f.status}</td>
                <td>{f.observed?.toFixed(2)}</td>
                <td>
                  {f.expected?.toFixed(2)} ± {f.sigma?.toFixed(2)}
                </td>
                <td>{f.zScore?.toFixed(1)}</td>
                <td>{f.nCases}</td>
                <td>{date(f.raisedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
