import { Link, useParams } from 'react-router';
import { useMe } from '../../api/account';
import { ApiError } from '../../api/client';
import { ROLE_WORDS, useAcceptInvitation, type Role } from '../../api/workspaces';
import { Empty, ErrorBox, Loading } from '../../ui/States';

/** /invitations/:token, where the invitation mail links: the signed-in invitee accepts it with one button. */
export function InvitationPage() {
  const { token = '' } = useParams();
  const me = useMe();
  const accept = useAcceptInvitation();
  if (me.isPending) return <Loading what="your account" />;
  if (me.isError) return <ErrorBox error={me.error} retry={() => me.refetch()} />;
  const here = `/invitations/${token}`;
  if (!me.data)
    return (
      <Empty title="You are invited to a workspace.">
        <Link to={`/sign-in?next=${encodeURIComponent(here)}`}>Sign in</Link> (or <Link to="/sign-up">sign up</Link>{' '}
        first, then come back to this link) to accept the invitation.
      </Empty>
    );
  if (accept.isSuccess)
    return (
      <div className="panel" role="status">
        <h1>Welcome to the workspace</h1>
        <p>
          You joined as {ROLE_WORDS[accept.data.role as Role] ?? accept.data.role}.{' '}
          <Link to={`/workspaces/${accept.data.workspaceId}`}>Open the workspace</Link>
        </p>
      </div>
    );
  return (
    <div className="panel">
      <h1>You are invited to a workspace</h1>
      <p>
        Accept as <strong>{me.data.handle}</strong> to see the workspace&apos;s private benchmarks and runs. The link
        works once.
      </p>
      <button type="button" className="primary" disabled={accept.isPending} onClick={() => accept.mutate(token)}>
        {accept.isPending ? 'Accepting…' : 'Accept the invitation'}
      </button>
      {accept.isError &&
        ((accept.error as ApiError).status === 404 ? (
          <p role="alert" className="state state-error">
            This invitation is used, expired or unknown. Ask the workspace&apos;s admin for a new one.
          </p>
        ) : (
          <ErrorBox error={accept.error} />
        ))}
    </div>
  );
}
