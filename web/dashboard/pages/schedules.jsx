// Schedules: the account's schedules with their next fire times shown in each schedule's own time
// zone, a new one (with a preview of when it would fire), and one schedule's page — pause,
// resume, fire now, its recent firings, delete.
import { useState } from 'preact/hooks';
import { get, post, del, q, ownAgents } from '../api.js';
import { Page, Form, Field, Action, Loading, useLoad, PagedList, usePaged, Status, When, ErrorNote, notify, Table } from '../ui.jsx';
import { link, go } from '../route.js';

// A time as it reads in `zone`, with the zone's name: "Mon, 7 Dec 2026, 09:00 Europe/Paris".
export function InZone({ at, zone }) {
  if (!at) return <span class="muted">—</span>;
  let text;
  try {
    text = new Intl.DateTimeFormat(undefined, { timeZone: zone, weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(at));
  } catch {
    text = new Date(at).toISOString();
  }
  return <time datetime={at} title={at}>{text} <span class="muted small">{zone}</span></time>;
}

function Preview() {
  const [found, setFound] = useState(null);
  const [error, setError] = useState(null);
  const preview = async (e) => {
    const form = e.currentTarget.form;
    const cron = form.elements.cron.value;
    const timeZone = form.elements.timeZone.value || 'UTC';
    setError(null);
    try {
      setFound((await get(q('/v1/schedules/preview', { cron, timeZone, count: 5 }))).data);
    } catch (err) {
      setFound(null);
      setError(err);
    }
  };
  return (
    <div>
      <button type="button" class="btn btn-secondary" onClick={preview}>Preview fire times</button>
      <ErrorNote error={error} />
      {found && <ol class="small">{found.fireTimes.map((t) => <li key={t}><InZone at={t} zone={found.timeZone} /></li>)}</ol>}
    </div>
  );
}

function NewSchedule({ agents, onCreated }) {
  const create = async (values) => {
    const target = { type: values.type, agentId: values.agentId };
    if (values.type === 'chat') target.message = values.message;
    else target.input = { message: values.message };
    const body = { name: values.name, cron: values.cron, timeZone: values.timeZone || 'UTC', target, overlap: values.overlap };
    if (values.maxCredits) body.maxCredits = Number(values.maxCredits);
    const made = await post('/v1/schedules', body);
    notify('ok', `Schedule “${made.data.name}” created`);
    onCreated(made.data);
  };
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  return (
    <div class="card">
      <h2>New schedule</h2>
      <Form submit={create} label="Create schedule">
        <Field label="Name" name="name" required maxLength={200} />
        <Field label="Cron expression" name="cron" required maxLength={256} value="0 9 * * 1-5" hint="minute hour day-of-month month day-of-week, or @daily, @hourly …" />
        <Field label="Time zone" name="timeZone" maxLength={64} value={zone} hint="IANA name, e.g. Europe/Paris." />
        <Preview />
        <Field label="Agent" name="agentId" as="select" required>
          {agents.map((a) => <option key={a.id} value={a.id}>{a.displayName || a.name}</option>)}
        </Field>
        <Field label="Each firing" name="type" as="select">
          <option value="run">starts a run</option>
          <option value="chat">sends a chat message</option>
        </Field>
        <Field label="Message" name="message" as="textarea" rows={2} required />
        <Field label="When the last run has not ended" name="overlap" as="select">
          <option value="skip">skip this firing</option>
          <option value="queue">start another run</option>
        </Field>
        <Field label="Most each run may cost (credits, optional)" name="maxCredits" type="number" min={0} step="any" />
      </Form>
    </div>
  );
}

export function Schedules() {
  const paged = usePaged((from) => get(q('/v1/schedules', { ...from, limit: 25 })));
  const agents = useLoad(() => ownAgents());
  return (
    <Page title="Schedules">
      <div class="grid">
        <div class="card wide">
          <h2>Schedules</h2>
          <PagedList paged={paged} empty="No schedules yet.">{(schedules) => (
            <Table head={['Name', 'Cron', 'Status', 'Next fire time', 'Last fired']}>
              {schedules.map((s) => (
                <tr key={s.id} data-schedule={s.id}>
                  <td><a href={link('schedules', s.id)}>{s.name}</a></td>
                  <td class="mono">{s.cron}</td>
                  <td><Status value={s.status} /></td>
                  <td><InZone at={s.nextFireTimes[0]} zone={s.timeZone} /></td>
                  <td><When at={s.lastFiredAt} /></td>
                </tr>
              ))}
            </Table>
          )}</PagedList>
        </div>
        <Loading state={agents}>{(res) => <NewSchedule agents={res.data} onCreated={(s) => go('schedules', s.id)} />}</Loading>
      </div>
    </Page>
  );
}

export function SchedulePage({ id }) {
  const state = useLoad(() => get(`/v1/schedules/${id}`), [id]);
  return (
    <Loading state={state}>{(res) => {
      const s = res.data;
      const act = (verb) => async () => { await post(`/v1/schedules/${s.id}/${verb}`); state.reload(); };
      return (
        <Page title={s.name}>
          <p class="muted small"><a href={link('schedules')}>Schedules</a> / <span class="mono">{s.id}</span></p>
          <div class="grid">
            <div class="card">
              <p><Status value={s.status} /> <code>{s.cron}</code> in {s.timeZone}</p>
              <p class="small">{s.target.type === 'chat' ? 'Sends' : 'Runs'} agent <a href={link('agents', s.target.agentId)} class="mono">{s.target.agentId}</a>
                {s.target.message && <> the message “{s.target.message}”</>} · overlap: {s.overlap}</p>
              <h2>Next fire times</h2>
              <ol data-next-fire-times>
                {s.nextFireTimes.map((t) => <li key={t}><InZone at={t} zone={s.timeZone} /></li>)}
              </ol>
              <div class="row">
                {s.status === 'active'
                  ? <Action run={act('pause')} done="Schedule paused">Pause</Action>
                  : <Action run={act('resume')} done="Schedule resumed">Resume</Action>}
                <Action run={act('trigger')} done="Fired now">Fire now</Action>
                <Action kind="danger" run={async () => { await del(`/v1/schedules/${s.id}`); go('schedules'); }}
                  done="Schedule deleted" confirm={`Delete “${s.name}”?`}>Delete</Action>
              </div>
            </div>
            <div class="card">
              <h2>Recent firings</h2>
              {s.recentFirings.length === 0 ? <p class="muted">Not fired yet.</p> : (
                <Table head={['Due', 'Outcome', 'Run']}>
                  {s.recentFirings.map((f) => (
                    <tr key={f.id}>
                      <td><InZone at={f.dueAt} zone={s.timeZone} />{f.manual && <span class="muted small"> (manual)</span>}</td>
                      <td><Status value={f.outcome} />{f.error && <span class="muted small"> {f.error}</span>}</td>
                      <td>{f.runId ? <a href={link('runs', f.runId)} class="mono">{f.runId}</a> : '—'}</td>
                    </tr>
                  ))}
                </Table>
              )}
            </div>
          </div>
        </Page>
      );
    }}</Loading>
  );
}
