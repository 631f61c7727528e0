// Small building blocks every page uses: loading data, showing progress and outcomes, errors
// with the API's message and request id, paging, forms with labels.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

// Loads `load()` when `deps` change: {data, error, loading, reload}.
export function useLoad(load, deps = []) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const generation = useRef(0);
  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setState((s) => ({ ...s, loading: true }));
    try {
      const data = await load();
      if (mine === generation.current) setState({ data, error: null, loading: false });
    } catch (error) {
      if (mine === generation.current) setState({ data: null, error, loading: false });
    }
  }, deps);
  useEffect(() => { reload(); }, [reload]);
  return { ...state, reload };
}

// Outcomes of actions, announced to screen readers too.
let pushNotice = () => {};
export function notify(kind, text, requestId) {
  pushNotice({ kind, text, requestId, id: Math.random() });
}

export function Notices() {
  const [notices, setNotices] = useState([]);
  useEffect(() => {
    pushNotice = (n) => {
      setNotices((all) => [...all.slice(-3), n]);
      setTimeout(() => setNotices((all) => all.filter((x) => x.id !== n.id)), n.kind === 'error' ? 12000 : 5000);
    };
  }, []);
  return (
    <div class="notices" role="status" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} class={`notice notice-${n.kind}`}>
          {n.text}
          {n.requestId && <span class="muted"> (request {n.requestId})</span>}
        </div>
      ))}
    </div>
  );
}

// An error from the API: its message, its code, and the request id to quote.
export function ErrorNote({ error }) {
  if (!error) return null;
  return (
    <div class="error-note" role="alert">
      <strong>{error.message}</strong>
      <div class="muted small">
        {error.code && <code>{error.code}</code>}
        {error.requestId && <> · request <code>{error.requestId}</code></>}
      </div>
    </div>
  );
}

// A button for an action: disabled and marked busy while it runs, then its outcome as a notice
// (`done` names success; an error shows the API's message).
export function Action({ run, done, children, kind = 'secondary', confirm: question, ...rest }) {
  const [busy, setBusy] = useState(false);
  const onClick = async (e) => {
    e.preventDefault();
    if (question && !window.confirm(question)) return;
    setBusy(true);
    try {
      await run();
      if (done) notify('ok', done);
    } catch (error) {
      notify('error', error.message, error.requestId);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" class={`btn btn-${kind}`} onClick={onClick} disabled={busy} aria-busy={busy} {...rest}>
      {busy ? <span class="spinner" aria-hidden="true" /> : null}
      {children}
    </button>
  );
}

// A form whose submit runs `submit(values)`; shows progress and the API's error beside it.
export function Form({ submit, children, label, done, class: cls = '' }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const onSubmit = async (e) => {
    e.preventDefault();
    const values = Object.fromEntries(new FormData(e.currentTarget).entries());
    setBusy(true);
    setError(null);
    try {
      await submit(values, e.currentTarget);
      if (done) notify('ok', done);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class={`form ${cls}`} onSubmit={onSubmit} aria-busy={busy}>
      {children}
      <ErrorNote error={error} />
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? <span class="spinner" aria-hidden="true" /> : null}
          {label}
        </button>
      </div>
    </form>
  );
}

let fieldCount = 0;
// A labelled input (or `as` = 'textarea' | 'select'). `value` is where it starts: what the person
// types stays until the form is sent, whatever re-renders meanwhile.
export function Field({ label, as = 'input', hint, children, value, ...rest }) {
  const id = useRef(`f${++fieldCount}`).current;
  const element = useRef(null);
  const start = useRef(value);
  useEffect(() => {
    if (as === 'select' && start.current !== undefined && element.current) element.current.value = start.current;
  }, []);
  const Tag = as;
  const initial = as !== 'select' && value !== undefined && value !== null ? { defaultValue: value } : {};
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <Tag id={id} ref={element} {...initial} {...rest}>{children}</Tag>
      {hint && <div class="muted small">{hint}</div>}
    </div>
  );
}

// A page's frame: its title, actions, and what it shows while loading or failing.
export function Page({ title, actions, children }) {
  useEffect(() => { document.title = `${title} · agentry`; }, [title]);
  return (
    <section class="page" aria-labelledby="page-title">
      <header class="page-header">
        <h1 id="page-title" tabIndex={-1}>{title}</h1>
        {actions && <div class="page-actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}

export function Loading({ state, children }) {
  if (state.error) return <ErrorNote error={state.error} />;
  if (state.loading && !state.data) return <p class="muted" aria-busy="true">Loading…</p>;
  return children(state.data);
}

// Where the page after `pagination` starts: {cursor} for the lists paged by cursor, {offset}
// for those paged by offset; null after the last.
function nextPage(pagination) {
  if (!pagination?.hasMore) return null;
  if (pagination.nextCursor) return { cursor: pagination.nextCursor };
  return { offset: (pagination.offset ?? 0) + (pagination.limit ?? 0) };
}

// A paged list of the API: the first page, then "Load more" while there are more. `loadPage(from)`
// gets null, then {cursor} or {offset} to spread into the query.
export function usePaged(loadPage, deps = []) {
  const [items, setItems] = useState([]);
  const [cursor, setCursor] = useState(null);
  const [state, setState] = useState({ loading: true, error: null });
  const generation = useRef(0);
  const load = useCallback(async (from) => {
    const mine = from ? generation.current : ++generation.current;
    setState({ loading: true, error: null });
    try {
      const page = await loadPage(from);
      if (mine !== generation.current) return;
      setItems((all) => (from ? [...all, ...page.data] : page.data));
      setCursor(nextPage(page.pagination));
      setState({ loading: false, error: null });
    } catch (error) {
      if (mine === generation.current) setState({ loading: false, error });
    }
  }, deps);
  useEffect(() => { load(null); }, [load]);
  return { items, ...state, more: cursor ? () => load(cursor) : null, reload: () => load(null) };
}

export function PagedList({ paged, empty, children }) {
  return (
    <>
      <ErrorNote error={paged.error} />
      {!paged.loading && !paged.error && paged.items.length === 0 && <p class="muted">{empty}</p>}
      {paged.items.length > 0 && children(paged.items)}
      {paged.loading && <p class="muted" aria-busy="true">Loading…</p>}
      {paged.more && !paged.loading && (
        <button type="button" class="btn btn-secondary" onClick={paged.more}>Load more</button>
      )}
    </>
  );
}

// A table of rows under column headings (a heading {hidden: 'Actions'} is for screen readers
// only). It scrolls sideways in its own box, focusable to scroll by keyboard.
export function Table({ head, children }) {
  return (
    <table class="table" tabIndex={0}>
      <thead>
        <tr>{head.map((h) => <th scope="col" key={h.hidden ?? h}>{h.hidden ? <span class="visually-hidden">{h.hidden}</span> : h}</th>)}</tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

// The members of a form's `values` named in `keys` that were filled in: the optional parts of a
// request body.
export function given(values, keys) {
  return Object.fromEntries(keys.filter((k) => values[k] !== undefined && values[k] !== '').map((k) => [k, values[k]]));
}

// "a, b ,c" → ['a', 'b', 'c'].
export function commaList(text = '') {
  return text.split(',').map((s) => s.trim()).filter(Boolean);
}

export function Status({ value }) {
  return <span class={`status status-${value}`}>{value}</span>;
}

export function When({ at }) {
  if (!at) return <span class="muted">—</span>;
  const d = new Date(at);
  return <time datetime={at} title={d.toISOString()}>{d.toLocaleString()}</time>;
}

// Credits as the API writes them (exact decimal strings), with their unit.
export function Credits({ value }) {
  if (value === undefined || value === null) return <span class="muted">—</span>;
  return <span class="credits">{String(value)} cr</span>;
}

// A secret shown once, with a copy button.
export function ShownOnce({ label, value }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div class="shown-once" role="region" aria-label={label}>
      <p><strong>{label}</strong> — shown this once; copy it now.</p>
      <code class="secret" data-secret>{value}</code>
      <button type="button" class="btn btn-secondary" onClick={copy}>{copied ? 'Copied' : 'Copy'}</button>
    </div>
  );
}

// Whether the session's scopes allow `scope` ("admin" allows everything).
export function allows(session, scope) {
  if (!scope) return true;
  return session.scopes.includes(scope) || session.scopes.includes('admin');
}
