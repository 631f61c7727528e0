// Webhooks: the account's endpoints, a new one (its signing secret shown once), and one
// endpoint's page — pause or resume, send a test event, rotate the secret, its deliveries with
// every attempt, and redelivering one.
import { useState } from 'preact/hooks';
import { get, post, patch, del, q } from '../api.js';
import { Page, Form, Field, Action, Loading, useLoad, PagedList, usePaged, Status, When, ShownOnce, notify, Table, given, commaList } from '../ui.jsx';
import { link, go } from '../route.js';

export function Webhooks() {
  const paged = usePaged((from) => get(q('/v1/webhooks', { ...from, limit: 50 })));
  const [made, setMade] = useState(null);
  const create = async (values, form) => {
    const body = { url: values.url, eventTypes: commaList(values.eventTypes), ...given(values, ['agentId', 'description']) };
    const res = await post('/v1/webhooks', body);
    setMade(res.data);
    form.reset();
    paged.reload();
  };
  return (
    <Page title="Webhooks">
      <div class="grid">
        <div class="card wide">
          <h2>Endpoints</h2>
          <PagedList paged={paged} empty="No endpoints yet.">{(hooks) => (
            <Table head={['URL', 'Events', 'Status', 'Description', 'Created']}>
              {hooks.map((h) => (
                <tr key={h.id} data-webhook={h.id}>
                  <td><a href={link('webhooks', h.id)} class="mono">{h.url}</a></td>
                  <td>{h.eventTypes.join(', ')}</td>
                  <td><Status value={h.status} /></td>
                  <td>{h.description}</td>
                  <td><When at={h.createdAt} /></td>
                </tr>
              ))}
            </Table>
          )}</PagedList>
        </div>
        <div class="card">
          <h2>New endpoint</h2>
          {made && <ShownOnce label={`Signing secret of ${made.url}`} value={made.secret} />}
          <Form submit={create} label="Add endpoint" done="Endpoint added">
            <Field label="URL" name="url" type="url" required maxLength={2048} hint="https; it receives each event as a signed POST (Standard Webhooks)." />
            <Field label="Event types (comma-separated)" name="eventTypes" required value="*" hint="Types or prefixes: run.*, task.completed, * for all." />
            <Field label="Only events of agent (id, optional)" name="agentId" maxLength={64} />
            <Field label="Description" name="description" maxLength={500} />
          </Form>
        </div>
      </div>
    </Page>
  );
}

function Deliveries({ hook }) {
  const paged = usePaged((from) => get(q(`/v1/webhooks/${hook.id}/deliveries`, { ...from, limit: 25 })), [hook.id]);
  const redeliver = (d) => async () => {
    await post(`/v1/webhooks/${hook.id}/deliveries/${d.id}/redeliver`);
    paged.reload();
  };
  return (
    <div class="card wide">
      <h2>Deliveries <button type="button" class="btn btn-ghost small" onClick={paged.reload}>Refresh</button></h2>
      <PagedList paged={paged} empty="Nothing delivered yet.">{(deliveries) => (
        <ul class="deliveries">
          {deliveries.map((d) => (
            <li key={d.id} data-delivery={d.eventType}>
              <details>
                <summary>
                  <code>{d.eventType}</code> <Status value={d.status} /> {d.attemptCount} attempt{d.attemptCount === 1 ? '' : 's'} · <When at={d.createdAt} />
                  {d.nextAttemptAt && <span class="muted small"> · next try <When at={d.nextAttemptAt} /></span>}
                </summary>
                <Table head={['#', 'At', 'HTTP status', 'Took', 'Error']}>
                  {d.attempts.map((a) => (
                    <tr key={a.number} data-attempt={a.number}>
                      <td>{a.number}</td>
                      <td><When at={a.at} /></td>
                      <td>{a.statusCode ?? '—'}</td>
                      <td>{a.latencyMs === null || a.latencyMs === undefined ? '—' : `${a.latencyMs} ms`}</td>
                      <td>{a.error ?? ''}</td>
                    </tr>
                  ))}
                </Table>
                <p class="muted small">Event <span class="mono">{d.eventId}</span></p>
                <Action run={redeliver(d)} done="Queued again">Redeliver</Action>
              </details>
            </li>
          ))}
        </ul>
      )}</PagedList>
    </div>
  );
}

export function WebhookPage({ id }) {
  const state = useLoad(() => get(`/v1/webhooks/${id}`), [id]);
  const [secret, setSecret] = useState(null);
  const [tested, setTested] = useState(0);
  return (
    <Loading state={state}>{(res) => {
      const h = res.data;
      const set = (enabled) => async () => { await patch(`/v1/webhooks/${h.id}`, { enabled }); state.reload(); };
      return (
        <Page title="Webhook endpoint">
          <p class="muted small"><a href={link('webhooks')}>Webhooks</a> / <span class="mono">{h.id}</span></p>
          <div class="grid">
            <div class="card">
              <p class="mono">{h.url}</p>
              <p><Status value={h.status} /> {h.disabledReason && <span class="muted small">{h.disabledReason}</span>}</p>
              <p class="small">Events: {h.eventTypes.join(', ')}{h.agentId && <> · agent <span class="mono">{h.agentId}</span></>}</p>
              {h.previousSecretExpiresAt && <p class="muted small">The previous secret still signs until <When at={h.previousSecretExpiresAt} />.</p>}
              {secret && <ShownOnce label="New signing secret" value={secret} />}
              <div class="row">
                {h.status === 'enabled'
                  ? <Action run={set(false)} done="Deliveries paused">Pause</Action>
                  : <Action run={set(true)} done="Deliveries resumed">Enable</Action>}
                <Action run={async () => { await post(`/v1/webhooks/${h.id}/test`); setTested((t) => t + 1); }} done="Test event sent">Send test event</Action>
                <Action run={async () => { setSecret((await post(`/v1/webhooks/${h.id}/rotate-secret`)).data.secret); }}
                  done="Secret rotated" confirm="Rotate the signing secret? The old one keeps signing beside it for 24 hours.">Rotate secret</Action>
                <Action kind="danger" run={async () => { await del(`/v1/webhooks/${h.id}`); notify('ok', 'Endpoint deleted'); go('webhooks'); }}
                  confirm="Delete this endpoint?">Delete</Action>
              </div>
            </div>
            <Deliveries key={tested} hook={h} />
          </div>
        </Page>
      );
    }}</Loading>
  );
}
