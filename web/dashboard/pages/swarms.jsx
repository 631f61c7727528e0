// Swarms: groups of the account's agents with a coordinator that the swarm's runs go to. The list,
// a new swarm, and one swarm's page — members added and removed, the coordinator chosen, a run.
import { get, post, patch, del, q, ownAgents } from '../api.js';
import { Page, Form, Field, Action, Loading, useLoad, PagedList, usePaged, When, allows, notify, Table } from '../ui.jsx';
import { link, go } from '../route.js';

const nameOf = (agents, id) => {
  const a = agents.find((x) => x.id === id);
  return a ? a.displayName || a.name : id;
};

export function Swarms({ session }) {
  const paged = usePaged((from) => get(q('/v1/swarms', { ...from, limit: 25 })));
  const agents = useLoad(() => ownAgents());
  const create = async (values, form) => {
    const members = [...form.elements.members.selectedOptions].map((o) => o.value);
    const body = { name: values.name, members };
    if (values.description) body.description = values.description;
    const made = await post('/v1/swarms', body);
    notify('ok', `Swarm “${made.data.name}” created`);
    go('swarms', made.data.id);
  };
  return (
    <Page title="Swarms">
      <div class="grid">
        <div class="card wide">
          <h2>Swarms</h2>
          <PagedList paged={paged} empty="No swarms yet.">{(swarms) => (
            <Table head={['Name', 'Members', 'Coordinator', 'Updated']}>
              {swarms.map((s) => (
                <tr key={s.id} data-swarm={s.id}>
                  <td><a href={link('swarms', s.id)}>{s.name}</a></td>
                  <td>{s.members.length}</td>
                  <td class="mono">{s.coordinatorId ?? '—'}</td>
                  <td><When at={s.updatedAt} /></td>
                </tr>
              ))}
            </Table>
          )}</PagedList>
        </div>
        {allows(session, 'swarms:write') && (
          <div class="card">
            <h2>New swarm</h2>
            <Loading state={agents}>{(res) => (
              <Form submit={create} label="Create swarm">
                <Field label="Name" name="name" required maxLength={64} />
                <Field label="Description" name="description" as="textarea" rows={2} maxLength={2000} />
                <Field label="Members" name="members" as="select" multiple size={Math.min(6, Math.max(2, res.data.length))} hint="An agent belongs to one swarm at most.">
                  {res.data.map((a) => <option key={a.id} value={a.id}>{a.displayName || a.name}</option>)}
                </Field>
              </Form>
            )}</Loading>
          </div>
        )}
      </div>
    </Page>
  );
}

export function SwarmPage({ session, id }) {
  const state = useLoad(() => Promise.all([get(`/v1/swarms/${id}`), ownAgents()]), [id]);
  const canWrite = allows(session, 'swarms:write');
  return (
    <Loading state={state}>{([swarmRes, agentsRes]) => {
      const s = swarmRes.data;
      const agents = agentsRes.data;
      const outside = agents.filter((a) => !s.members.includes(a.id));
      const reload = () => state.reload();
      return (
        <Page title={s.name}>
          <p class="muted small"><a href={link('swarms')}>Swarms</a> / <span class="mono">{s.id}</span></p>
          <div class="grid">
            <div class="card">
              <p>{s.description}</p>
              <h2>Members</h2>
              {s.members.length === 0 ? <p class="muted">No members.</p> : (
                <ul class="stack">
                  {s.members.map((m) => (
                    <li key={m} data-member={m} class="row">
                      <a href={link('agents', m)}>{nameOf(agents, m)}</a>
                      {m === s.coordinatorId && <span class="status">coordinator</span>}
                      {canWrite && m !== s.coordinatorId && (
                        <Action run={async () => { await patch(`/v1/swarms/${s.id}`, { coordinatorId: m }); reload(); }} done="Coordinator set">Make coordinator</Action>
                      )}
                      {canWrite && (
                        <Action run={async () => { await del(`/v1/swarms/${s.id}/members/${m}`); reload(); }} done="Member removed"
                          aria-label={`Remove ${nameOf(agents, m)}`}>Remove</Action>
                      )}
                    </li>
                  ))}
                </ul>
              )}
              {canWrite && outside.length > 0 && (
                <Form submit={async (v) => { await post(`/v1/swarms/${s.id}/members`, { agentId: v.agentId }); reload(); }} label="Add member" done="Member added">
                  <Field label="Agent" name="agentId" as="select" required>
                    {outside.map((a) => <option key={a.id} value={a.id}>{a.displayName || a.name}</option>)}
                  </Field>
                </Form>
              )}
            </div>
            {allows(session, 'runs:write') && s.coordinatorId && (
              <div class="card">
                <h2>Run the swarm</h2>
                <Form submit={async (v) => { const run = await post(`/v1/swarms/${s.id}/runs`, { input: { message: v.message } }); go('runs', run.data.id); }} label="Start run">
                  <Field label="Message" name="message" as="textarea" rows={3} required />
                </Form>
              </div>
            )}
          </div>
          {canWrite && (
            <p><Action kind="danger" run={async () => { await del(`/v1/swarms/${s.id}`); go('swarms'); }} done="Swarm deleted"
              confirm={`Delete “${s.name}”? Its agents stay.`}>Delete swarm</Action></p>
          )}
        </Page>
      );
    }}</Loading>
  );
}
