// Live streams of the API in the page: a GET stream through EventSource (the session cookie goes
// with it, and it resumes by itself with Last-Event-ID), and a POST answered as SSE (chat) read
// from fetch's body.
import { useEffect, useRef } from 'preact/hooks';
import { csrfHeader, errorOf } from './api.js';

// Follows `path` (or nothing while it is null), calling onEvent(name, data, id) for each of
// `names`; `ended(name, data)` says when the stream is over (then it closes instead of resuming).
// `opened()` runs each time the stream is (re)connected, or refused for good: a stream that starts
// with what comes next reads what came before from then on.
export function useEventStream(path, names, onEvent, ended = () => false, opened = () => {}) {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const onOpen = useRef(opened);
  onOpen.current = opened;
  useEffect(() => {
    if (!path) return undefined;
    const source = new EventSource(path.replace(/^\//, ''));
    source.onopen = () => onOpen.current();
    // Refused for good (not a stream, e.g. too many open): what came before still shows.
    source.onerror = () => { if (source.readyState === EventSource.CLOSED) onOpen.current(); };
    const listeners = names.map((name) => {
      const listener = (e) => {
        let data = null;
        try { data = JSON.parse(e.data); } catch { data = e.data; }
        handler.current(name, data, e.lastEventId);
        if (ended(name, data)) source.close();
      };
      source.addEventListener(name, listener);
      return [name, listener];
    });
    return () => {
      for (const [name, listener] of listeners) source.removeEventListener(name, listener);
      source.close();
    };
  }, [path]);
}

// POSTs `body` to `path` and calls onEvent(name, data) for each SSE event of the answer. An
// answer that is not a stream (an error) throws its ApiError. `signal` stops reading.
export async function postStream(path, body, onEvent, signal) {
  const res = await fetch(path.replace(/^\//, ''), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...csrfHeader() },
    body: JSON.stringify(body),
    credentials: 'same-origin',
    signal,
  });
  if (!res.ok || !(res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    let json = null;
    try { json = await res.json(); } catch { json = null; }
    throw errorOf(res, json);
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length === 0) continue;
      let parsed = null;
      try { parsed = JSON.parse(data.join('\n')); } catch { parsed = data.join('\n'); }
      onEvent(name, parsed);
    }
  }
}


