// The marketplace: public agents to browse (and talk to or hire), tasks to post with a budget held
// in escrow, to accept with one of your agents, to complete (the budget is paid out, less the
// platform's fee), and to review.
import { get, post, q, ownAgents } from '../api.js';
import { Page, Form, Field, Action, Loading, useLoad, PagedList, usePaged, Status, When, Credits, allows, notify, Table, given, commaList } from '../ui.jsx';
import { link, go } from '../route.js';

function Browse({ query }) {
  const paged = usePaged((from) => get(q('/v1/marketplace/agents', { ...from, q: query.q, limit: 24 })), [query.q]);
  const search = (e) => {
    e.preventDefault();
    const text = new FormData(e.currentTarget).get('q');
    window.location.hash = `${link('marketplace')}${text ? `?q=${encodeURIComponent(text)}` : ''}`;
  };
  return (
    <div class="card wide">
      <h2>Public agents</h2>
      <form class="filters" onSubmit={search} role="search">
        <div class="field">
          <label for="market-q">Find agents</label>
          <input id="market-q" name="q" type="search" defaultValue={query.q ?? ''} maxLength={200} />
        </div>
        <button type="submit" class="btn btn-secondary">Search</button>
      </form>
      <PagedList paged={paged} empty="No public agents match.">{(agents) => (
        <ul class="tiles">
          {agents.map((a) => (
            <li key={a.id} class="tile" data-public-agent={a.id}>
              <strong>{a.displayName || a.name}</strong> <Status value={a.status} />
              <p class="small">{a.description}</p>
              <p class="muted small">{(a.capabilities ?? []).join(', ') || 'no capabilities listed'}</p>
              <p class="small"><Credits value={a.pricePerTask} /> per task · reputation {a.reputationScore} · {a.totalTasks} tasks</p>
              <p class="row">
                <a class="btn btn-secondary" href={link('chat', a.id)}>Chat</a>
                <a class="btn btn-secondary" href={`${link('marketplace')}?offer=${a.id}`}>Offer a task</a>
              </p>
            </li>
          ))}
        </ul>
      )}</PagedList>
    </div>
  );
}

function PostTask({ offer }) {
  const submit = async (values) => {
    const body = { title: values.title, budget: Number(values.budget), ...given(values, ['description', 'agentId', 'priority']) };
    const caps = commaList(values.requiredCapabilities);
    if (caps.length) body.requiredCapabilities = caps;
    if (values.deadline) body.deadline = new Date(values.deadline).toISOString();
    const task = await post('/v1/tasks', body);
    notify('ok', `Task posted; ${task.data.budget} cr held until it settles`);
    go('marketplace', task.data.id);
  };
  return (
    <div class="card">
      <h2>Post a task</h2>
      <Form submit={submit} label="Post task">
        <Field label="Title" name="title" required maxLength={200} />
        <Field label="Description" name="description" as="textarea" rows={3} maxLength={20000} />
        <Field label="Budget (credits)" name="budget" type="number" min={0.000001} step="any" required hint="Held from your balance until the task settles." />
        <Field label="Required capabilities (comma-separated)" name="requiredCapabilities" />
        <Field label="Offer to agent (id, optional)" name="agentId" value={offer ?? ''} maxLength={64} />
        <Field label="Priority" name="priority" as="select" value="normal">
          {['low', 'normal', 'high', 'urgent'].map((p) => <option key={p} value={p}>{p}</option>)}
        </Field>
        <Field label="Deadline (optional)" name="deadline" type="datetime-local" />
      </Form>
    </div>
  );
}

const views = [
  { key: 'open', title: 'Open tasks', params: { status: 'open' } },
  { key: 'posted', title: 'Posted by me', params: { postedByMe: true } },
  { key: 'assigned', title: 'Assigned to me', params: { assignedToMe: true } },
];

function Tasks({ query }) {
  const view = views.find((v) => v.key === query.tasks) ?? views[0];
  const paged = usePaged((from) => get(q('/v1/tasks', { ...from, ...view.params, limit: 25 })), [view.key]);
  return (
    <div class="card wide">
      <h2>Tasks</h2>
      <nav class="tabs" aria-label="Tasks">
        {views.map((v) => <a key={v.key} href={`${link('marketplace')}?tasks=${v.key}`} aria-current={v === view ? 'page' : undefined}>{v.title}</a>)}
      </nav>
      <PagedList paged={paged} empty="No tasks here.">{(tasks) => (
        <Table head={['Task', 'Budget', 'Status', 'Needs', 'Posted']}>
          {tasks.map((t) => (
            <tr key={t.id} data-task={t.id}>
              <td><a href={link('marketplace', t.id)}>{t.title}</a></td>
              <td><Credits value={t.budget} /></td>
              <td><Status value={t.status} /></td>
              <td>{t.requiredCapabilities.join(', ') || '—'}</td>
              <td><When at={t.createdAt} /></td>
            </tr>
          ))}
        </Table>
      )}</PagedList>
    </div>
  );
}

export function Marketplace({ session, query }) {
  return (
    <Page title="Marketplace">
      <div class="grid">
        {allows(session, 'agents:read') && <Browse query={query} />}
        {allows(session, 'tasks:write') && <PostTask offer={query.offer} />}
        {allows(session, 'tasks:read') && <Tasks query={query} />}
      </div>
    </Page>
  );
}

// What the session may do with a task, each as its form: accept (with an agent of its own),
// withdraw, complete with a result, review once.
function Steps({ session, task, onChanged }) {
  const mine = task.postedBy === session.accountId;
  const assignedToMe = task.assignedTo === session.accountId;
  const agents = useLoad(() => (task.status === 'open' && !mine ? ownAgents() : Promise.resolve(null)), [task.status]);
  const step = (verb, body) => async () => onChanged((await post(`/v1/tasks/${task.id}/${verb}`, body)).data);
  return (
    <div class="stack">
      {task.status === 'open' && !mine && (
        <Loading state={agents}>{(res) => (
          <Form submit={(v) => step('accept', { agentId: v.agentId })()} label="Accept task" done="Task accepted">
            <Field label="With agent" name="agentId" as="select" required>
              {(res?.data ?? []).filter((a) => a.visibility === 'public').map((a) => <option key={a.id} value={a.id}>{a.displayName || a.name}</option>)}
            </Field>
          </Form>
        )}</Loading>
      )}
      {task.status === 'open' && mine && (
        <Action run={step('cancel')} done="Task withdrawn; its budget is back" confirm="Withdraw this task?">Withdraw task</Action>
      )}
      {task.status === 'assigned' && assignedToMe && (
        <Form submit={(v) => step('complete', { result: v.result })()} label="Complete task" done="Task completed; the budget is paid out">
          <Field label="Result" name="result" as="textarea" rows={4} required />
        </Form>
      )}
      {task.status === 'completed' && mine && !task.review && (
        <Form submit={(v) => step('review', { rating: Number(v.rating), ...(v.comment ? { comment: v.comment } : {}) })()} label="Send review" done="Review sent">
          <Field label="Rating" name="rating" as="select" value="5">
            {[5, 4, 3, 2, 1].map((r) => <option key={r} value={r}>{r} / 5</option>)}
          </Field>
          <Field label="Comment" name="comment" as="textarea" rows={2} maxLength={2000} />
        </Form>
      )}
    </div>
  );
}

export function TaskPage({ session, id }) {
  const state = useLoad(() => get(`/v1/tasks/${id}`), [id]);
  return (
    <Loading state={state}>{(res) => {
      const t = res.data;
      return (
        <Page title={t.title}>
          <p class="muted small"><a href={link('marketplace')}>Marketplace</a> / <span class="mono">{t.id}</span></p>
          <div class="grid">
            <div class="card">
              <dl class="figures">
                <div><dt>Status</dt><dd data-task-status={t.status}><Status value={t.status} /></dd></div>
                <div><dt>Budget</dt><dd><Credits value={t.budget} /></dd></div>
                <div><dt>Fee</dt><dd><Credits value={t.fee} /></dd></div>
                <div><dt>Payout</dt><dd><Credits value={t.payout} /></dd></div>
                <div><dt>Priority</dt><dd>{t.priority}</dd></div>
                <div><dt>Deadline</dt><dd><When at={t.deadline} /></dd></div>
              </dl>
              <p>{t.description}</p>
              <p class="muted small">Needs: {t.requiredCapabilities.join(', ') || 'nothing in particular'}{t.agentId && <> · agent <span class="mono">{t.agentId}</span></>}</p>
              {t.result !== undefined && t.result !== null && <><h2>Result</h2><pre class="pre" data-result>{typeof t.result === 'string' ? t.result : JSON.stringify(t.result, null, 2)}</pre></>}
              {t.review && <p data-review>Review: {t.review.rating} / 5 {t.review.comment && `— ${t.review.comment}`}</p>}
            </div>
            {allows(session, 'tasks:write') && (
              <div class="card"><h2>Next step</h2><Steps session={session} task={t} onChanged={() => state.reload()} /></div>
            )}
          </div>
        </Page>
      );
    }}</Loading>
  );
}
