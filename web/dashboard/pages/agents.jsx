// Agents: the account's agents, a new one, and one agent's page — its settings (saved with
// If-Match, a conflicting edit shown and resolvable), start/stop/restart, its SOUL.md, WORKFLOW.md
// and rules, knowledge, skills, a live tail of its log, and a run started from here.
import { useState } from 'preact/hooks';
import { get, post, patch, del, q } from '../api.js';
import { Page, Form, Field, Action, Loading, useLoad, PagedList, usePaged, Status, When, Credits, allows, notify, Table, commaList } from '../ui.jsx';
import { link, go } from '../route.js';
import { Documents } from './agent_documents.jsx';
import { Knowledge } from './agent_knowledge.jsx';
import { Skills } from './agent_skills.jsx';
import { LogTail } from './agent_logs.jsx';
import { ConflictNote, saveOrConflict } from './conflict.jsx';

// The fields a person sets on an agent, from a form's values: empty ones are left out.
// An edit also sends the texts emptied (to clear them).
function agentBody(values, editing = false) {
  const body = {};
  for (const key of ['name', 'displayName', 'description', 'model', 'systemPrompt', 'visibility', 'kind', 'endpointUrl', 'region']) {
    const clearable = editing && ['displayName', 'description', 'systemPrompt'].includes(key);
    if (values[key] !== undefined && (values[key] !== '' || clearable)) body[key] = values[key];
  }
  if (values.pricePerTask !== undefined && values.pricePerTask !== '') body.pricePerTask = Number(values.pricePerTask);
  if (values.capabilities !== undefined) body.capabilities = commaList(values.capabilities);
  return body;
}

function AgentFields({ agent = {}, creating }) {
  return (
    <>
      {creating && <Field label="Name" name="name" required maxLength={64} hint="Unique among your agents." />}
      <Field label="Display name" name="displayName" maxLength={200} value={agent.displayName} />
      <Field label="Description" name="description" as="textarea" rows={2} maxLength={2000} value={agent.description} />
      {creating && (
        <Field label="Kind" name="kind" as="select">
          <option value="hosted">hosted — agentry runs it on a model</option>
          <option value="remote">remote — agentry calls its HTTPS endpoint</option>
        </Field>
      )}
      <Field label="Model" name="model" maxLength={200} value={agent.model} hint="For hosted agents, e.g. echo, gpt-4o-mini, claude-sonnet-4." />
      <Field label="Endpoint URL" name="endpointUrl" type="url" maxLength={2048} value={agent.endpointUrl ?? ''} hint="For remote agents." />
      <Field label="System prompt" name="systemPrompt" as="textarea" rows={3} value={agent.systemPrompt} />
      <Field label="Capabilities (comma-separated)" name="capabilities" value={(agent.capabilities ?? []).join(', ')} />
      <Field label="Visibility" name="visibility" as="select" value={agent.visibility ?? 'private'}>
        <option value="private">private</option>
        <option value="public">public — listed in the marketplace</option>
      </Field>
      <Field label="Price per task (credits)" name="pricePerTask" type="number" min={0} step="any" value={agent.pricePerTask ?? ''} />
    </>
  );
}

export function Agents({ session }) {
  const paged = usePaged((from) => get(q('/v1/agents', { ...from, limit: 25 })));
  const canWrite = allows(session, 'agents:write');
  const create = async (values) => {
    const made = await post('/v1/agents', agentBody(values));
    notify('ok', `Agent “${made.data.name}” created`);
    go('agents', made.data.id);
  };
  return (
    <Page title="Agents">
      <div class="grid">
        <div class="card wide">
          <h2>Your agents</h2>
          <PagedList paged={paged} empty="No agents yet.">{(agents) => (
            <Table head={['Name', 'Kind', 'Model', 'Status', 'Visibility', 'Runs', 'Updated']}>
              {agents.map((a) => (
                <tr key={a.id} data-agent={a.id}>
                  <td><a href={link('agents', a.id)}>{a.displayName || a.name}</a></td>
                  <td>{a.kind}</td>
                  <td class="mono">{a.model ?? '—'}</td>
                  <td><Status value={a.status} /></td>
                  <td>{a.visibility}</td>
                  <td>{a.runCount}</td>
                  <td><When at={a.updatedAt} /></td>
                </tr>
              ))}
            </Table>
          )}</PagedList>
        </div>
        {canWrite && (
          <div class="card">
            <h2>New agent</h2>
            <Form submit={create} label="Create agent"><AgentFields creating /></Form>
          </div>
        )}
      </div>
    </Page>
  );
}

function Settings({ agent, onSaved }) {
  const [conflict, setConflict] = useState(null);  // {values, latest}
  const save = async (values, etag) => {
    const body = agentBody(values, true);
    const out = await saveOrConflict((tag) => patch(`/v1/agents/${agent.id}`, body, { 'if-match': tag }), etag,
      async () => (await get(`/v1/agents/${agent.id}`)).data);
    if (out.conflict) {
      setConflict({ values, latest: out.conflict });
      return;
    }
    setConflict(null);
    notify('ok', 'Agent saved');
    onSaved();
  };
  return (
    <>
      {conflict && (
        <ConflictNote
          what="This agent"
          theirs={`revision ${conflict.latest.revision}, saved ${new Date(conflict.latest.updatedAt).toLocaleString()}`}
          keepMine={() => save(conflict.values, `"${conflict.latest.revision}"`)}
          takeTheirs={async () => { setConflict(null); onSaved(); }}
        />
      )}
      <Form key={agent.revision} submit={(values) => save(values, `"${agent.revision}"`)} label="Save changes">
        <AgentFields agent={agent} />
      </Form>
    </>
  );
}

function Lifecycle({ agent, onChanged }) {
  const act = (verb) => async () => onChanged((await post(`/v1/agents/${agent.id}/${verb}`)).data);
  return (
    <div class="row">
      <Status value={agent.status} />
      {agent.status !== 'running' && <Action run={act('start')} done="Agent started">Start</Action>}
      {agent.status === 'running' && <Action run={act('stop')} done="Agent stopped">Stop</Action>}
      <Action run={act('restart')} done="Agent restarted">Restart</Action>
    </div>
  );
}

function StartRun({ agent }) {
  const start = async (values) => {
    const body = { input: { message: values.message } };
    if (values.maxCredits) body.maxCredits = Number(values.maxCredits);
    const run = await post(`/v1/agents/${agent.id}/runs`, body);
    notify('ok', 'Run queued');
    go('runs', run.data.id);
  };
  return (
    <Form submit={start} label="Start run">
      <Field label="Message" name="message" as="textarea" rows={3} required />
      <Field label="Most it may cost (credits, optional)" name="maxCredits" type="number" min={0} step="any" />
    </Form>
  );
}

const tabs = [
  { path: 'settings', title: 'Settings', scope: 'agents:read' },
  { path: 'documents', title: 'SOUL.md, workflow, rules', scope: 'agents:read' },
  { path: 'knowledge', title: 'Knowledge', scope: 'knowledge:read' },
  { path: 'skills', title: 'Skills', scope: 'skills' },
  { path: 'logs', title: 'Log', scope: 'logs' },
  { path: 'run', title: 'Run', scope: 'runs:write' },
];

export function AgentPage({ session, id, rest }) {
  const state = useLoad(() => get(`/v1/agents/${id}`), [id]);
  const shown = tabs.filter((t) => allows(session, t.scope));
  const tab = shown.find((t) => t.path === rest[0]) ?? shown[0];
  const replace = () => state.reload();
  return (
    <Loading state={state}>{(res) => {
      const agent = res.data;
      const canWrite = allows(session, 'agents:write');
      return (
        <Page title={agent.displayName || agent.name} actions={canWrite && <Lifecycle agent={agent} onChanged={replace} />}>
          <p class="muted small"><a href={link('agents')}>Agents</a> / <span class="mono">{agent.id}</span> · {agent.kind} · <Credits value={agent.pricePerTask} /> per task · <When at={agent.updatedAt} /></p>
          <nav class="tabs" aria-label="Agent">
            {shown.map((t) => (
              <a key={t.path} href={link('agents', agent.id, t.path)} aria-current={t === tab ? 'page' : undefined}>{t.title}</a>
            ))}
          </nav>
          <div class="card">
            {tab.path === 'settings' && (canWrite ? <Settings agent={agent} onSaved={replace} /> : <pre class="pre">{JSON.stringify(agent, null, 2)}</pre>)}
            {tab.path === 'documents' && <Documents agent={agent} canWrite={canWrite} />}
            {tab.path === 'knowledge' && <Knowledge agent={agent} canWrite={allows(session, 'knowledge:write')} />}
            {tab.path === 'skills' && <Skills agent={agent} />}
            {tab.path === 'logs' && <LogTail agent={agent} />}
            {tab.path === 'run' && <StartRun agent={agent} />}
          </div>
          {canWrite && (
            <p>
              <Action kind="danger" run={async () => { await del(`/v1/agents/${agent.id}`); go('agents'); }}
                done={`Agent “${agent.name}” deleted`} confirm={`Delete “${agent.name}”? Its runs, logs and knowledge go with it.`}>Delete agent</Action>
            </p>
          )}
        </Page>
      );
    }}</Loading>
  );
}
