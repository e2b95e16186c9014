import { useState, type FormEvent } from 'react';
import {
  useCreateWebhook,
  useDeleteWebhook,
  useWebhookDeliveries,
  useWebhooks,
  WEBHOOK_EVENTS,
} from '../../api/webhooks';
import { Empty, ErrorBox, Loading } from '../../ui/States';
import { Field, fieldErrors, FormError, value } from './Form';
import { localTime } from '../../ui/format';

/** Outgoing webhooks: add one (its signing secret shown once), delete one, read its delivery log. */
export function WebhooksPanel() {
  const webhooks = useWebhooks();
  const create = useCreateWebhook();
  const remove = useDeleteWebhook();
  const [open, setOpen] = useState<string | null>(null);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const events = WEBHOOK_EVENTS.map((ev) => ev.name).filter(
      (name) => (form.elements.namedItem(`event-${name}`) as HTMLInputElement | null)?.checked,
    );
    const benchmarkId = value(form, 'benchmarkId').trim() || undefined;
    create.mutate({ url: value(form, 'url').trim(), events, benchmarkId }, { onSuccess: () => form.reset() });
  };

  return (
    <section aria-labelledby="webhooks-heading" className="panel">
      <h2 id="webhooks-heading">Webhooks</h2>
      <p className="muted">
        We POST a signed JSON message to your URL when something happens (a Slack incoming-webhook URL gets a Slack
        message). Check the <code>Webhook-Signature</code> header with the secret.
      </p>
      <form onSubmit={submit} className="auth-form" noValidate>
        <Field
          id="webhook-url"
          name="url"
          label="URL"
          placeholder="https://example.com/hooks/benchmarkhub"
          maxLength={2000}
          error={create.error}
        />
        <fieldset>
          <legend>Tell me when</legend>
          {WEBHOOK_EVENTS.map((ev) => (
            <div key={ev.name}>
              <input
                type="checkbox"
                id={`event-${ev.name}`}
                name={`event-${ev.name}`}
                defaultChecked={ev.name.startsWith('run.')}
              />{' '}
              <label htmlFor={`event-${ev.name}`}>{ev.label}</label>
            </div>
          ))}
          {fieldErrors(create.error, 'events').map((m) => (
            <p key={m} className="field-error">
              Events: {m}.
            </p>
          ))}
        </fieldset>
        <Field
          id="webhook-benchmark"
          name="benchmarkId"
          label="Only for benchmark (id, optional)"
          placeholder="bm_…"
          maxLength={64}
          error={create.error}
        />
        <button type="submit" disabled={create.isPending}>
          Add webhook
        </button>
      </form>
      <FormError error={create.error} />
      {create.data && (
        <div className="new-token" role="status">
          <p>
            <strong>Your webhook to {create.data.target} signs with this secret.</strong> Copy it now: it is shown only
            this once.
          </p>
          <div className="copy-row">
            <input
              aria-label="The webhook's signing secret"
              readOnly
              value={create.data.secret ?? ''}
              className="mono"
              onFocus={(e) => e.currentTarget.select()}
            />
          </div>
        </div>
      )}
      {webhooks.isPending ? (
        <Loading what="your webhooks" />
      ) : webhooks.isError ? (
        <ErrorBox error={webhooks.error} retry={() => webhooks.refetch()} />
      ) : (webhooks.data.items ?? []).length === 0 ? (
        <Empty title="You have no webhooks.">Add one above to be told when your runs end.</Empty>
      ) : (
        <table className="table">
          <caption className="visually-hidden">Your webhooks</caption>
          <thead>
            <tr>
              <th scope="col">Target</th>
              <th scope="col">Events</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(webhooks.data.items ?? []).map((w) => (
              <tr key={w.id}>
                <th scope="row">
                  <span className="mono">{w.target}</span>
                  {w.benchmarkId && <div className="muted">only {w.benchmarkId}</div>}
                </th>
                <td>{(w.events ?? []).join(', ')}</td>
                <td>
                  {w.status === 'DISABLED' ? (
                    <span className="warn">
                      disabled {localTime(w.disabledAt, 'second')}: its endpoint kept failing
                    </span>
                  ) : w.failingSince ? (
                    <span className="warn">failing since {localTime(w.failingSince, 'second')}</span>
                  ) : (
                    'active'
                  )}
                </td>
                <td>{localTime(w.createdAt, 'second')}</td>
                <td>
                  <button
                    type="button"
                    aria-expanded={open === w.id}
                    onClick={() => setOpen(open === w.id ? null : w.id!)}
                  >
                    {open === w.id ? 'Hide deliveries' : 'Deliveries'}
                  </button>{' '}
                  <button
                    type="button"
                    aria-label={`Delete the webhook to ${w.target}`}
                    disabled={remove.isPending && remove.variables === w.id}
                    onClick={() => {
                      if (window.confirm(`Delete the webhook to ${w.target}? Its delivery log goes with it.`))
                        remove.mutate(w.id!);
                    }}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <FormError error={remove.error} />
      {open && (
        <Deliveries id={open} target={(webhooks.data?.items ?? []).find((w) => w.id === open)?.target ?? open} />
      )}
    </section>
  );
}

function Deliveries({ id, target }: { id: string; target: string }) {
  const log = useWebhookDeliveries(id);
  return (
    <div aria-label="Delivery log" role="region">
      <h3>
        Delivery log of <span className="mono">{target}</span>
      </h3>
      {log.isPending ? (
        <Loading what="the delivery log" />
      ) : log.isError ? (
        <ErrorBox error={log.error} retry={() => log.refetch()} />
      ) : (log.data.items ?? []).length === 0 ? (
        <Empty title="Nothing sent yet.">Deliveries appear here when one of its events happens.</Empty>
      ) : (
        <table className="table">
          <caption className="visually-hidden">Deliveries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Next attempt</th>
            </tr>
          </thead>
          <tbody>
            {(log.data.items ?? []).map((d) => (
              <tr key={d.eventId}>
                <th scope="row">
                  {d.eventType} <div className="muted mono">{d.eventId}</div>
                </th>
                <td>{d.status}</td>
                <td>
                  <ol>
                    {(d.attempts ?? []).map((a) => (
                      <li key={a.attempt}>
                        {localTime(a.at, 'second')}: {a.httpStatus != null ? `HTTP ${a.httpStatus}` : a.error} (
                        {a.durationMs} ms)
                      </li>
                    ))}
                  </ol>
                </td>
                <td>{localTime(d.nextAttemptAt, 'second') ?? <span className="muted">none</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
