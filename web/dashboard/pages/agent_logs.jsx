// An agent's log, live: the latest entries, then each new one as the server streams it.
import { useState } from 'preact/hooks';
import { get, q } from '../api.js';
import { useLoad, ErrorNote, When } from '../ui.jsx';
import { useEventStream } from '../stream.js';

const kept = 500;

export function LogTail({ agent }) {
  const [live, setLive] = useState([]);
  // The stream starts with what comes after it connects: the latest entries are read once it
  // has, so that nothing falls between the two.
  const [connected, setConnected] = useState(0);
  const first = useLoad(() => (connected ? get(q(`/v1/agents/${agent.id}/logs`, { limit: 50 })) : new Promise(() => {})), [agent.id, connected]);
  useEventStream(`/v1/agents/${agent.id}/logs/stream`, ['log'], (_name, entry) => {
    setLive((all) => (all.some((e) => e.id === entry.id) ? all : [...all, entry].slice(-kept)));
  }, undefined, () => setConnected((c) => c + 1));
  const older = first.data ? [...first.data.data].reverse() : [];
  const entries = [...older.filter((e) => !live.some((l) => l.id === e.id)), ...live];
  return (
    <div>
      <h2>Log <span class="muted small">(live)</span></h2>
      <ErrorNote error={first.error} />
      {entries.length === 0 && !first.loading && <p class="muted">Nothing logged yet.</p>}
      <ol class="log" aria-live="polite" aria-label="Log entries">
        {entries.map((e) => (
          <li key={e.id} class={`log-${e.level}`} data-log={e.event}>
            <When at={e.createdAt} /> <span class={`status status-${e.level}`}>{e.level}</span> <code>{e.event}</code> {e.message}
            {e.runId && <> · <a href={`#/runs/${e.runId}`} class="mono">{e.runId}</a></>}
          </li>
        ))}
      </ol>
    </div>
  );
}
