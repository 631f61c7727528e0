// The chat playground: pick an agent (yours or a public one), pick or start a session, and talk;
// the reply streams in as the agent writes it, and the session keeps the conversation.
import { useEffect, useRef, useState } from 'preact/hooks';
import { get, del, q, itemsOf } from '../api.js';
import { Page, Action, Loading, useLoad, ErrorNote, When, Credits, notify } from '../ui.jsx';
import { link, go } from '../route.js';
import { postStream } from '../stream.js';

function AgentPicker({ agentId }) {
  const agents = useLoad(() => itemsOf('/v1/agents', '/v1/marketplace/agents'));
  return (
    <Loading state={agents}>{(list) => (
      <div class="field">
        <label for="chat-agent">Agent</label>
        <select id="chat-agent" value={agentId ?? ''} onChange={(e) => go('chat', e.currentTarget.value || undefined)}>
          <option value="">Choose an agent…</option>
          {list.map((a) => <option key={a.id} value={a.id}>{a.displayName || a.name}{a.pricePerTask ? ` — ${a.pricePerTask} cr per task` : ''}</option>)}
        </select>
      </div>
    )}</Loading>
  );
}

function Sessions({ agentId, sessionId, generation }) {
  const sessions = useLoad(() => get(q('/v1/sessions', { agentId, limit: 50 })), [agentId, generation]);
  return (
    <nav aria-label="Sessions" class="sessions">
      <a href={link('chat', agentId)} aria-current={!sessionId ? 'page' : undefined}>+ New session</a>
      <Loading state={sessions}>{(res) => (
        <ul>
          {res.data.map((s) => (
            <li key={s.id}>
              <a href={link('chat', agentId, s.id)} aria-current={s.id === sessionId ? 'page' : undefined}>
                {s.title || s.id}
              </a> <span class="muted small">{s.messageCount} messages</span>
            </li>
          ))}
        </ul>
      )}</Loading>
    </nav>
  );
}

function Conversation({ agentId, sessionId, onSession }) {
  const history = useLoad(async () => (sessionId ? (await get(q(`/v1/sessions/${sessionId}/messages`, { limit: 100 }))).data.reverse() : []), [sessionId]);
  const [turns, setTurns] = useState([]);   // this page's messages since loading
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const stop = useRef(null);
  const input = useRef(null);
  useEffect(() => setTurns([]), [sessionId]);
  useEffect(() => () => stop.current?.abort(), []);
  const send = async (e) => {
    e.preventDefault();
    const message = input.current.value.trim();
    if (!message) return;
    setBusy(true);
    setError(null);
    const reply = { role: 'assistant', content: '', streaming: true, key: Math.random() };
    setTurns((t) => [...t, { role: 'user', content: message, key: Math.random() }, reply]);
    const update = (change) => setTurns((t) => t.map((m) => (m.key === reply.key ? { ...m, ...change } : m)));
    let streamed = '';
    let session = sessionId;
    stop.current = new AbortController();
    try {
      await postStream(`/v1/agents/${agentId}/chat`, { message, stream: true, ...(sessionId ? { sessionId } : {}) }, (name, data) => {
        if (name === 'session') session = data.sessionId;
        if (name === 'delta') { streamed += data.text ?? ''; update({ content: streamed }); }
        if (name === 'message') update({ content: data.content });
        if (name === 'usage') update({ usage: data });
        if (name === 'error') throw Object.assign(new Error(data.message), { code: data.code });
      }, stop.current.signal);
      update({ streaming: false });
      input.current.value = '';
      if (session && session !== sessionId) onSession(session);
    } catch (err) {
      if (err.name !== 'AbortError') setError(err);
      setTurns((t) => t.filter((m) => m.key !== reply.key || m.content));
    } finally {
      setBusy(false);
      stop.current = null;
    }
  };
  const messages = [...(history.data ?? []), ...turns];
  return (
    <div class="chat">
      <ErrorNote error={history.error} />
      <ol class="messages" aria-live="polite" aria-label="Conversation">
        {messages.length === 0 && <li class="muted">Say something to start.</li>}
        {messages.map((m) => (
          <li key={m.id ?? m.key} class={`message message-${m.role}`} data-role={m.role}>
            <div class="muted small">{m.role}{m.createdAt && <> · <When at={m.createdAt} /></>}</div>
            <div class="content">{m.content}{m.streaming && <span class="cursor" aria-hidden="true">▍</span>}</div>
            {m.role === 'assistant' && m.usage && <div class="muted small">{m.usage.inputTokens} in · {m.usage.outputTokens} out · <Credits value={m.usage.cost} /></div>}
          </li>
        ))}
      </ol>
      <ErrorNote error={error} />
      <form class="composer" onSubmit={send} aria-busy={busy}>
        <label for="chat-message" class="visually-hidden">Message</label>
        <textarea id="chat-message" ref={input} rows={2} required placeholder="Message"
          onKeyDown={(e) => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); e.currentTarget.form.requestSubmit(); } }} />
        {busy
          ? <button type="button" class="btn btn-secondary" onClick={() => stop.current?.abort()}><span class="spinner" aria-hidden="true" />Stop</button>
          : <button type="submit" class="btn btn-primary">Send</button>}
      </form>
    </div>
  );
}

export function Chat({ id: agentId, rest }) {
  const sessionId = rest[0];
  const [generation, setGeneration] = useState(0);
  return (
    <Page title="Chat" actions={sessionId && (
      <Action run={async () => { await del(`/v1/sessions/${sessionId}`); go('chat', agentId); setGeneration((g) => g + 1); }}
        done="Session deleted" confirm="Delete this session and its messages?">Delete session</Action>
    )}>
      <div class="chat-layout">
        <aside class="card">
          <AgentPicker agentId={agentId} />
          {agentId && <Sessions agentId={agentId} sessionId={sessionId} generation={generation} />}
        </aside>
        <div class="card">
          {agentId
            ? <Conversation key={agentId} agentId={agentId} sessionId={sessionId}
                onSession={(s) => { setGeneration((g) => g + 1); notify('ok', 'Session started'); go('chat', agentId, s); }} />
            : <p class="muted">Choose an agent to talk to.</p>}
        </div>
      </div>
    </Page>
  );
}
