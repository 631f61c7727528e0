// Credits: what is available, held in escrow and used, and every movement, newest first.
import { get, q } from '../api.js';
import { Page, Loading, useLoad, PagedList, usePaged, Credits, When, Table } from '../ui.jsx';

export function CreditsPage() {
  const balance = useLoad(() => get('/v1/credits/balance'));
  const history = usePaged((from) => get(q('/v1/credits/history', { ...from, limit: 50 })));
  return (
    <Page title="Credits">
      <div class="grid">
        <div class="card">
          <h2>Balance</h2>
          <Loading state={balance}>{(res) => (
            <dl class="figures">
              <div><dt>Available</dt><dd><Credits value={res.data.available} /></dd></div>
              <div><dt>Held</dt><dd data-figure="held"><Credits value={res.data.held} /></dd></div>
              <div><dt>Used</dt><dd><Credits value={res.data.used} /></dd></div>
            </dl>
          )}</Loading>
        </div>
        <div class="card wide">
          <h2>History</h2>
          <PagedList paged={history} empty="No movements yet.">{(entries) => (
            <Table head={['When', 'Kind', 'Amount', 'Counterparty', 'For', 'Memo']}>
              {entries.map((e) => (
                <tr key={e.id} data-entry={e.kind}>
                  <td><When at={e.createdAt} /></td>
                  <td><code>{e.kind}</code></td>
                  <td class={e.amount < 0 ? 'out' : 'in'}><Credits value={e.amount} /></td>
                  <td class="mono">{e.counterparty ?? '—'}</td>
                  <td class="mono">{e.runId ?? e.taskId ?? e.agentId ?? '—'}</td>
                  <td>{e.memo ?? ''}</td>
                </tr>
              ))}
            </Table>
          )}</PagedList>
        </div>
      </div>
    </Page>
  );
}
