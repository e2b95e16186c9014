import { useState } from 'react';
import { Link } from 'react-router';
import {
  useContaminationFlags,
  useDecideVerification,
  useDismissFlag,
  useVerifications,
  type VerificationStatus,
} from '../../api/console';
import type { Schemas } from '../../api/client';
import { Empty, Loading } from '../../ui/States';
import { date, score } from '../../ui/format';
import { ActionError, ConsoleError } from './ConsolePage';

type Flag = Schemas['ContaminationFlag'];
type Listing = Schemas['VerificationListing'];

/** The integrity queues: open contamination flags (dismiss with a reason) and verification requests (approve, revoke). */
export function IntegritySection() {
  return (
    <section aria-labelledby="integrity-title" className="console-section">
      <h2 id="integrity-title">Integrity queues</h2>
      <FlagsQueue />
      <VerificationQueue />
    </section>
  );
}

function FlagsQueue() {
  const flags = useContaminationFlags();
  return (
    <section aria-labelledby="flags-title">
      <h3 id="flags-title">Open contamination flags</h3>
      <p className="muted">
        A model that scores far above what its other benchmarks predict (z over 3) is flagged; dismiss a flag you have
        checked.
      </p>
      {flags.isPending ? (
        <Loading what="the contamination flags" />
      ) : flags.isError ? (
        <ConsoleError error={flags.error} retry={() => flags.refetch()} />
      ) : flags.data.length === 0 ? (
        <Empty title="No open contamination flag." />
      ) : (
        <ul className="queue">
          {flags.data.map((f) => (
            <FlagItem key={`${f.benchmarkId}/${f.model}`} flag={f} />
          ))}
        </ul>
      )}
    </section>
  );
}

function FlagItem({ flag }: { flag: Flag }) {
  const dismiss = useDismissFlag();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const id = `dismiss-${flag.benchmarkId}-${flag.model}`.replace(/[^A-Za-z0-9_-]/g, '_');
  return (
    <li className="queue-item" aria-label={`${flag.model} on ${flag.benchmarkId}`}>
      <div>
        <strong className="mono">{flag.model}</strong> on{' '}
        <Link to={`/benchmarks/${flag.benchmarkId}?tab=integrity`}>{flag.benchmarkId}</Link>{' '}
        <span className="muted">
          v{flag.benchmarkVersion}, raised {date(flag.raisedAt)}
        </span>
      </div>
      <div className="queue-figures">
        observed {score(flag.observed)}, expected {score(flag.expected)} ± {score(flag.sigma)} (σ), z ={' '}
        {flag.zScore.toFixed(1)}; {flag.nCases} cases, the model on {flag.nBenchmarksForModel} benchmarks,{' '}
        {flag.nModelsForBenchmark} models on this one
      </div>
      {!open ? (
        <button type="button" onClick={() => setOpen(true)}>
          Dismiss…
        </button>
      ) : (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            dismiss.mutate({ benchmarkId: flag.benchmarkId!, model: flag.model!, reason });
          }}
        >
          <div className="field">
            <label htmlFor={id}>Reason (shown with the flag)</label>
            <input id={id} type="text" value={reason} onChange={(e) => setReason(e.target.value)} autoFocus required />
          </div>
          <button type="submit" disabled={dismiss.isPending}>
            Dismiss the flag
          </button>
          <button type="button" className="link-button" onClick={() => setOpen(false)}>
            Cancel
          </button>
          <ActionError error={dismiss.error} />
        </form>
      )}
    </li>
  );
}

function VerificationQueue() {
  const [status, setStatus] = useState<VerificationStatus>('pending');
  const list = useVerifications(status);
  return (
    <section aria-labelledby="verifications-title">
      <h3 id="verifications-title">Verification requests</h3>
      <div className="toolbar">
        <label>
          Show
          <select value={status} onChange={(e) => setStatus(e.target.value as VerificationStatus)}>
            <option value="pending">Pending</option>
            <option value="verified">Verified</option>
            <option value="revoked">Revoked</option>
          </select>
        </label>
      </div>
      {list.isPending ? (
        <Loading what="the verification requests" />
      ) : list.isError ? (
        <ConsoleError error={list.error} retry={() => list.refetch()} />
      ) : list.data.length === 0 ? (
        <Empty title={status === 'pending' ? 'No verification request waits.' : `No ${status} benchmark.`} />
      ) : (
        <ul className="queue">
          {list.data.map((v) => (
            <VerificationItem key={v.benchmarkId} listing={v} />
          ))}
        </ul>
      )}
    </section>
  );
}

function VerificationItem({ listing }: { listing: Listing }) {
  const decide = useDecideVerification();
  const [revoking, setRevoking] = useState(false);
  const [reason, setReason] = useState('');
  const id = `revoke-${listing.benchmarkId}`;
  return (
    <li className="queue-item" aria-label={listing.title ?? listing.benchmarkId}>
      <div>
        <Link to={`/benchmarks/${listing.benchmarkId}`}>{listing.title}</Link>{' '}
        <span className="muted">
          ({listing.status?.toLowerCase()}, {date(listing.changedAt)})
        </span>
      </div>
      <div className="queue-figures">
        Licence {listing.licence ?? '—'}; source{' '}
        {listing.sourceUrl ? (
          <a href={listing.sourceUrl} rel="noreferrer noopener">
            {listing.sourceUrl}
          </a>
        ) : (
          '—'
        )}
        {listing.revocationReason && <> — revoked: {listing.revocationReason}</>}
      </div>
      <div className="actions">
        {listing.status === 'REQUESTED' && (
          <button
            type="button"
            disabled={decide.isPending}
            onClick={() => decide.mutate({ benchmarkId: listing.benchmarkId!, decision: 'approve' })}
          >
            Approve
          </button>
        )}
        {listing.status === 'VERIFIED' && !revoking && (
          <button type="button" onClick={() => setRevoking(true)}>
            Revoke…
          </button>
        )}
      </div>
      {revoking && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            decide.mutate({ benchmarkId: listing.benchmarkId!, decision: 'revoke', reason });
          }}
        >
          <div className="field">
            <label htmlFor={id}>Reason (shown on the benchmark)</label>
            <input id={id} type="text" value={reason} onChange={(e) => setReason(e.target.value)} autoFocus required />
          </div>
          <button type="submit" disabled={decide.isPending}>
            Revoke the badge
          </button>
          <button type="button" className="link-button" onClick={() => setRevoking(false)}>
            Cancel
          </button>
        </form>
      )}
      <ActionError error={decide.error} />
    </li>
  );
}
