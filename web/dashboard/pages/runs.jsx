// Runs: the account's runs, filtered by status and agent and paged by cursor; one run's page
// follows its events live (status, progress, log, the output as it streams) and can cancel it.
import { useState } from 'preact/hooks';
import { get, post, q, ownAgents } from '../api.js';
import { Page, Action, Loading, useLoad, PagedList, usePaged, Status, When, Credits, ErrorNote, allows, Table } from '../ui.jsx';
import { link } from '../route.js';
import { useEventStream } from '../stream.js';

const states = ['queued', 'active', 'cancelling', 'completed', 'failed', 'cancelled'];
const ended = (status) => ['completed', 'failed', 'cancelled'].includes(status);

function Filters({ query, agents }) {
  const apply = (e) => {
    e.preventDefault();
    const values = Object.fromEntries(new FormData(e.currentTarget).entries());
    const search = new URLSearchParams(Object.entries(values).filter(([, v]) => v)).toString();
    window.location.hash = `${link('runs')}${search ? `?${search}` : ''}`;
  };
  return (
    <form class="filters" onSubmit={apply} aria-label="Filter runs">
      <div class="field">
        <label for="run-status">Status</label>
        <select id="run-status" name="status" value={query.status ?? ''}>
          <option value="">any</option>
          {states.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </div>
      <div class="field">
        <label for="run-agent">Agent</label>
        <select id="run-agent" name="agentId" value={query.agentId ?? ''}>
          <option value="">any</option>
          {agents.map((a) => <option key={a.id} value={a.id}>{a.displayName || a.name}</option>)}
        </select>
      </div>
      <button type="submit" class="btn btn-secondary">Filter</button>
    </form>
  );
}

export function Runs({ query }) {
  const paged = usePaged((from) => get(q('/v1/runs', { ...from, status: query.status, agentId: query.agentId, limit: 25 })),
    [query.status, query.agentId]);
  const agentList = useLoad(() => ownAgents());
  const agents = agentList.data?.data ?? [];
  const nameOf = (id) => agents.find((a) => a.id === id)?.name ?? id;
  return (
    <Page title="Runs" actions={<button type="button" class="btn btn-secondary" onClick={paged.reload}>Refresh</button>}>
      <Filters query={query} agents={agents} />
      <div class="card">
        <PagedList paged={paged} empty="No runs match.">{(runs) => (
          <Table head={['Run', 'Agent', 'Status', 'Source', 'Cost', 'Created', 'Took']}>
            {runs.map((r) => (
              <tr key={r.id} data-run={r.id}>
                <td><a href={link('runs', r.id)} class="mono">{r.id}</a></td>
                <td><a href={link('agents', r.agentId)}>{nameOf(r.agentId)}</a></td>
                <td><Status value={r.status} /></td>
                <td>{r.source}</td>
                <td><Credits value={r.cost} /></td>
                <td><When at={r.createdAt} /></td>
                <td>{r.durationMs === null || r.durationMs === undefined ? '—' : `${(r.durationMs / 1000).toFixed(1)} s`}</td>
              </tr>
            ))}
          </Table>
        )}</PagedList>
      </div>
    </Page>
  );
}

const show = (value) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));

function Live({ run, canCancel, onEnded }) {
  const [status, setStatus] = useState(run.status);
  const [progress, setProgress] = useState(run.progress);
  const [output, setOutput] = useState('');
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const [log, setLog] = useState([]);
  useEventStream(`/v1/runs/${run.id}/events`, ['status', 'log', 'delta', 'progress'], (name, data) => {
    if (name === 'delta') setOutput((o) => o + (data.text ?? ''));
    if (name === 'log') setLog((l) => [...l, data].slice(-200));
    if (name === 'progress' || data?.progress !== undefined) setProgress(data.progress);
    if (name === 'status') {
      setStatus(data.status);
      if (data.result !== undefined) setResult(data.result);
      if (data.error) setError(data.error);
      if (ended(data.status)) onEnded();
    }
  }, (name, data) => name === 'status' && ended(data.status));
  const finalOutput = result?.output !== undefined ? show(result.output) : output;
  return (
    <div class="stack">
      <div class="row">
        <span>Status</span> <span data-run-status={status}><Status value={status} /></span>
        {progress !== null && progress !== undefined && (
          <progress max={1} value={progress} aria-label="Progress">{Math.round(progress * 100)}%</progress>
        )}
        {canCancel && !ended(status) && status !== 'cancelling' && (
          <Action run={() => post(`/v1/runs/${run.id}/cancel`)} done="Cancel requested">Cancel run</Action>
        )}
      </div>
      <h2>Output</h2>
      <pre class="pre output" data-output aria-live="polite">{finalOutput || (ended(status) ? '' : '…')}</pre>
      {result && result.output === undefined && <pre class="pre">{show(result)}</pre>}
      {error && <div class="error-note" role="alert"><strong>{error.message}</strong> <code>{error.code}</code></div>}
      <h2>Events</h2>
      <ol class="log">
        {log.map((e, i) => <li key={i}><code>{e.event}</code> {e.message}</li>)}
      </ol>
    </div>
  );
}

export function RunPage({ session, id }) {
  const state = useLoad(() => get(`/v1/runs/${id}`), [id]);
  return (
    <Loading state={state}>{(res) => {
      const run = res.data;
      return (
        <Page title={`Run ${run.id}`}>
          <p class="muted small"><a href={link('runs')}>Runs</a> / agent <a href={link('agents', run.agentId)} class="mono">{run.agentId}</a> · created <When at={run.createdAt} /></p>
          <div class="grid">
            <div class="card wide">
              <Live run={run} canCancel={allows(session, 'runs:write')} onEnded={() => setTimeout(state.reload, 0)} />
            </div>
            <div class="card">
              <h2>Input</h2>
              <pre class="pre">{show(run.input)}</pre>
            </div>
            <div class="card">
              <h2>Usage</h2>
              <dl class="figures">
                <div><dt>Input tokens</dt><dd>{run.usage?.inputTokens ?? 0}</dd></div>
                <div><dt>Output tokens</dt><dd>{run.usage?.outputTokens ?? 0}</dd></div>
                <div><dt>Cost</dt><dd><Credits value={run.cost} /></dd></div>
                <div><dt>Model</dt><dd class="mono">{run.model ?? "—"}</dd></div>
                <div><dt>Attempts</dt><dd>{run.attempts}</dd></div>
              </dl>
              <ErrorNote error={run.error && { message: run.error.message, code: run.error.code }} />
            </div>
          </div>
        </Page>
      );
    }}</Loading>
  );
}
