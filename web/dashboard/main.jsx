// The agentry dashboard: a single-page app over the public API, signed in with a session cookie.
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, setCsrfToken, whenSignedOut } from './api.js';
import { Notices, ErrorNote, allows } from './ui.jsx';
import { useRoute, link } from './route.js';
import { Overview } from './pages/overview.jsx';
import { Keys } from './pages/keys.jsx';
import { CreditsPage } from './pages/credits.jsx';
import { Agents, AgentPage } from './pages/agents.jsx';
import { Runs, RunPage } from './pages/runs.jsx';
import { Chat } from './pages/chat.jsx';
import { Marketplace, TaskPage } from './pages/market.jsx';
import { Webhooks, WebhookPage } from './pages/webhooks.jsx';
import { Schedules, SchedulePage } from './pages/schedules.jsx';
import { Swarms, SwarmPage } from './pages/swarms.jsx';
import { Admin, AccountPage } from './pages/admin.jsx';

// The pages, the scope each needs to be shown (admin: the operator's), in the navigation's order;
// `detail` shows one item (#/<path>/<id>/...).
const pages = [
  { path: 'overview', title: 'Overview', scope: null, view: Overview },
  { path: 'agents', title: 'Agents', scope: 'agents:read', view: Agents, detail: AgentPage },
  { path: 'runs', title: 'Runs', scope: 'runs:read', view: Runs, detail: RunPage },
  { path: 'chat', title: 'Chat', scope: 'chat', view: Chat, detail: Chat },
  { path: 'marketplace', title: 'Marketplace', scope: 'tasks:read', view: Marketplace, detail: TaskPage },
  { path: 'credits', title: 'Credits', scope: 'usage:read', view: CreditsPage },
  { path: 'keys', title: 'API keys', scope: null, view: Keys },
  { path: 'webhooks', title: 'Webhooks', scope: 'webhooks', view: Webhooks, detail: WebhookPage },
  { path: 'schedules', title: 'Schedules', scope: 'schedules', view: Schedules, detail: SchedulePage },
  { path: 'swarms', title: 'Swarms', scope: 'swarms:read', view: Swarms, detail: SwarmPage },
  { path: 'admin', title: 'Admin', admin: true, view: Admin, detail: AccountPage },
];

function visible(session, page) {
  if (page.admin) return session.isAdmin && allows(session, 'admin');
  return allows(session, page.scope);
}

function SignIn({ onSignedIn, reason }) {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    const apiKey = new FormData(e.currentTarget).get('apiKey');
    setBusy(true);
    setError(null);
    try {
      const res = await api('POST', '/v1/web/session', { body: { apiKey } });
      e.currentTarget?.reset();
      onSignedIn(res.data);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => { document.title = 'Sign in · agentry'; }, []);
  return (
    <main class="sign-in" id="main">
      <h1>agentry</h1>
      <p>Sign in with an API key. The browser keeps a session, never the key.</p>
      {reason && <p class="muted" role="status">{reason}</p>}
      <form onSubmit={submit} class="form" aria-busy={busy}>
        <div class="field">
          <label for="api-key">API key</label>
          <input id="api-key" name="apiKey" type="password" autocomplete="off" required spellcheck={false} />
        </div>
        <ErrorNote error={error} />
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? <span class="spinner" aria-hidden="true" /> : null}Sign in
        </button>
      </form>
    </main>
  );
}

function Shell({ session, onSignOut }) {
  const route = useRoute();
  const shown = pages.filter((p) => visible(session, p));
  const page = shown.find((p) => p.path === route.parts[0]) ?? shown[0];
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => {
    setMenuOpen(false);
    document.getElementById('page-title')?.focus();
  }, [route.hash]);
  const View = route.parts.length > 1 && page.detail ? page.detail : page.view;
  return (
    <div class="shell">
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>Skip to content</a>
      <header class="topbar">
        <button type="button" class="btn btn-ghost menu-toggle" aria-expanded={menuOpen} aria-controls="nav"
          onClick={() => setMenuOpen(!menuOpen)}>Menu</button>
        <span class="brand">agentry</span>
        <span class="muted small who">{session.accountId} · {session.plan}</span>
        <button type="button" class="btn btn-ghost" onClick={onSignOut}>Sign out</button>
      </header>
      <nav id="nav" class={menuOpen ? 'nav open' : 'nav'} aria-label="Pages">
        <ul>
          {shown.map((p) => (
            <li key={p.path}>
              <a href={link(p.path)} aria-current={p === page ? 'page' : undefined}>{p.title}</a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" class="main" tabIndex={-1}>
        <View session={session} id={route.parts[1]} rest={route.parts.slice(2)} query={route.query} />
      </main>
      <Notices />
    </div>
  );
}

function App() {
  const [session, setSession] = useState(undefined);
  const [reason, setReason] = useState('');
  const signedIn = (s) => {
    setCsrfToken(s.csrfToken);
    setSession(s);
  };
  useEffect(() => {
    whenSignedOut(() => {
      setSession(null);
      setReason('The session ended (signed out, expired, or its key was revoked). Sign in again.');
    });
    api('GET', '/v1/web/session').then((res) => signedIn(res.data)).catch(() => setSession(null));
  }, []);
  const signOut = async () => {
    try {
      await api('DELETE', '/v1/web/session');
    } finally {
      setCsrfToken('');
      setSession(null);
      setReason('Signed out.');
    }
  };
  if (session === undefined) return <p class="muted" aria-busy="true">Loading…</p>;
  if (session === null) return <SignIn onSignedIn={(s) => { setReason(''); signedIn(s); }} reason={reason} />;
  return <Shell session={session} onSignOut={signOut} />;
}

render(<App />, document.getElementById('app'));
