// For the operator (an admin key): accounts (new ones with their first key shown once), an
// account's plan and wallet, credit grants, the plans, and the ledger's check.
import { useState } from 'preact/hooks';
import { get, post, patch, q } from '../api.js';
import { Page, Form, Field, Action, Loading, useLoad, PagedList, usePaged, When, Credits, ShownOnce, notify, Table, given } from '../ui.jsx';
import { link } from '../route.js';

function LedgerCheck() {
  const [result, setResult] = useState(null);
  return (
    <div class="card">
      <h2>Ledger check</h2>
      <p class="muted small">Every balance equals the sum of its entries, every transfer balances, and the store is intact.</p>
      <Action run={async () => setResult((await get('/v1/admin/ledger/check')).data)}>Check the ledger</Action>
      {result && (
        <div data-ledger-ok={String(result.ok)} role="status">
          <p><strong>{result.ok ? 'The ledger is sound.' : 'The ledger has violations.'}</strong> <span class="muted small">integrity: {String(result.integrity)}</span></p>
          {result.violations.length > 0 && <ul>{result.violations.map((v) => <li key={v}>{v}</li>)}</ul>}
        </div>
      )}
    </div>
  );
}

function Plans() {
  const state = useLoad(() => get('/v1/plans'));
  return (
    <div class="card wide">
      <h2>Plans</h2>
      <Loading state={state}>{(res) => (
        <Table head={['Plan', 'Credits a month', 'Requests a minute', 'Tokens a minute', 'Agents', 'Live streams', 'Features']}>
          {res.data.map((p) => (
            <tr key={p.id}>
              <td>{p.name} <span class="muted mono small">{p.id}</span></td>
              <td>{p.monthlyCredits}</td>
              <td>{p.requestsPerMinute ?? '∞'}</td>
              <td>{p.tokensPerMinute ?? '∞'}</td>
              <td>{p.maxAgents ?? '∞'}</td>
              <td>{p.maxStreams}</td>
              <td>{(p.features ?? []).join(', ')}</td>
            </tr>
          ))}
        </Table>
      )}</Loading>
    </div>
  );
}

export function Admin() {
  const paged = usePaged((from) => get(q('/v1/accounts', { ...from, limit: 25 })));
  const plans = useLoad(() => get('/v1/plans'));
  const [made, setMade] = useState(null);
  const create = async (values, form) => {
    const res = await post('/v1/accounts', { name: values.name, ...given(values, ['email', 'plan']) });
    setMade(res.data);
    form.reset();
    paged.reload();
  };
  return (
    <Page title="Admin">
      <div class="grid">
        <div class="card wide">
          <h2>Accounts</h2>
          <PagedList paged={paged} empty="No accounts.">{(accounts) => (
            <Table head={['Account', 'Plan', 'Role', 'Email', 'Created']}>
              {accounts.map((a) => (
                <tr key={a.id} data-account={a.id}>
                  <td><a href={link('admin', a.id)}>{a.name}</a> <span class="muted mono small">{a.id}</span></td>
                  <td>{a.plan}</td>
                  <td>{a.role}</td>
                  <td>{a.email ?? '—'}</td>
                  <td><When at={a.createdAt} /></td>
                </tr>
              ))}
            </Table>
          )}</PagedList>
        </div>
        <div class="card">
          <h2>New account</h2>
          {made && <ShownOnce label={`First key of ${made.account.name}`} value={made.apiKey.key} />}
          <Loading state={plans}>{(res) => (
            <Form submit={create} label="Create account" done="Account created">
              <Field label="Name" name="name" required maxLength={100} />
              <Field label="Email (optional)" name="email" type="email" maxLength={254} />
              <Field label="Plan" name="plan" as="select">
                {res.data.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
              </Field>
            </Form>
          )}</Loading>
        </div>
        <LedgerCheck />
        <Plans />
      </div>
    </Page>
  );
}

export function AccountPage({ id }) {
  const state = useLoad(() => Promise.all([get(`/v1/accounts/${id}`), get(`/v1/accounts/${id}/credits`), get('/v1/plans')]), [id]);
  const grant = async (values, form) => {
    const res = await post(`/v1/accounts/${id}/credits`, { amount: Number(values.amount), reason: values.reason });
    notify('ok', `Granted ${res.data.entry.amount} cr; available now ${res.data.balance.available} cr`);
    form.reset();
    state.reload();
  };
  return (
    <Loading state={state}>{([accountRes, walletRes, plansRes]) => {
      const a = accountRes.data;
      const w = walletRes.data;
      return (
        <Page title={a.name}>
          <p class="muted small"><a href={link('admin')}>Admin</a> / <span class="mono">{a.id}</span> · {a.role} · created <When at={a.createdAt} /></p>
          <div class="grid">
            <div class="card">
              <h2>Wallet</h2>
              <dl class="figures">
                <div><dt>Available</dt><dd data-figure="available"><Credits value={w.available} /></dd></div>
                <div><dt>Held</dt><dd><Credits value={w.held} /></dd></div>
                <div><dt>Used</dt><dd><Credits value={w.used} /></dd></div>
              </dl>
              <h2>Grant credits</h2>
              <Form submit={grant} label="Grant">
                <Field label="Amount (credits; negative takes back)" name="amount" type="number" step="any" required min={-1000000000} max={1000000000} />
                <Field label="Reason" name="reason" required maxLength={500} />
              </Form>
            </div>
            <div class="card">
              <h2>Plan</h2>
              <Form key={a.plan} submit={async (v) => { await patch(`/v1/accounts/${a.id}`, { plan: v.plan }); state.reload(); }} label="Change plan" done="Plan changed">
                <Field label="Plan" name="plan" as="select" value={a.plan}>
                  {plansRes.data.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
                </Field>
              </Form>
            </div>
          </div>
        </Page>
      );
    }}</Loading>
  );
}
