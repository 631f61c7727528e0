// API keys: the account's keys (never their secrets), a new key with chosen scopes shown once
// with a copy button, and revocation (which also ends the key's dashboard sessions).
import { useState } from 'preact/hooks';
import { get, post, del, q } from '../api.js';
import { Page, Form, Field, Action, ShownOnce, PagedList, usePaged, When, allows, Table } from '../ui.jsx';

// The API's scopes (GET /openapi.json names each route's in x-required-scope); a new key may hold
// only scopes the session's key holds, which the API checks.
const scopes = [
  'agents:read', 'agents:write', 'tasks:read', 'tasks:write', 'runs:read', 'runs:write', 'chat',
  'knowledge:read', 'knowledge:write', 'logs', 'skills', 'swarms:read', 'swarms:write', 'webhooks',
  'usage:read', 'events:read', 'account:write', 'schedules', 'activity:read', 'metrics', 'admin',
];

function NewKey({ session, onCreated }) {
  const [made, setMade] = useState(null);
  const grantable = scopes.filter((s) => allows(session, s) && (s !== 'admin' || session.isAdmin));
  const submit = async (values, form) => {
    const chosen = grantable.filter((s) => values[`scope:${s}`]);
    const body = { name: values.name, scopes: chosen };
    if (values.expiresInDays) body.expiresInDays = Number(values.expiresInDays);
    const res = await post('/v1/api-keys', body);
    setMade(res.data);
    form.reset();
    onCreated();
  };
  return (
    <div class="card">
      <h2>New key</h2>
      {made && <ShownOnce label={`Key “${made.name}”`} value={made.key} />}
      <Form submit={submit} label="Create key" done="Key created">
        <Field label="Name" name="name" required maxLength={100} />
        <fieldset class="scopes">
          <legend>Scopes</legend>
          {grantable.map((s) => (
            <label key={s} class="check"><input type="checkbox" name={`scope:${s}`} /> <code>{s}</code></label>
          ))}
        </fieldset>
        <Field label="Expires after (days, optional)" name="expiresInDays" type="number" min={1} max={3650} />
      </Form>
    </div>
  );
}

export function Keys({ session }) {
  const paged = usePaged((from) => get(q('/v1/api-keys', { ...from, limit: 50 })));
  return (
    <Page title="API keys">
      <div class="grid">
        <NewKey session={session} onCreated={paged.reload} />
        <div class="card wide">
          <h2>Keys</h2>
          <PagedList paged={paged} empty="No keys.">{(keys) => (
            <Table head={['Name', 'Prefix', 'Scopes', 'Last used', 'Expires', 'State', { hidden: 'Actions' }]}>
              {keys.map((k) => (
                <tr key={k.id} data-key={k.id}>
                  <td>{k.name}</td>
                  <td class="mono">{k.prefix}…</td>
                  <td>{k.scopes.join(', ')}</td>
                  <td><When at={k.lastUsedAt} /></td>
                  <td><When at={k.expiresAt} /></td>
                  <td>{k.revokedAt ? <>revoked <When at={k.revokedAt} /></> : (k.id === session.keyId ? 'this session' : 'active')}</td>
                  <td>{!k.revokedAt && (
                    <Action run={async () => { await del(`/v1/api-keys/${k.id}`); paged.reload(); }}
                      done={`Key “${k.name}” revoked`} confirm={`Revoke “${k.name}”? Its clients and sessions stop working.`}
                      aria-label={`Revoke ${k.name}`}>Revoke</Action>
                  )}</td>
                </tr>
              ))}
            </Table>
          )}</PagedList>
        </div>
      </div>
    </Page>
  );
}
