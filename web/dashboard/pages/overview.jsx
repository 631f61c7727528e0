// Overview: balance, 30 days of spend and usage, runs by outcome, recent activity — each part
// shown when the session's scopes allow it.
import { useMemo } from 'preact/hooks';
import { get, q } from '../api.js';
import { Page, Loading, useLoad, Credits, When, allows, Table } from '../ui.jsx';
import { DayChart, dailySeries } from '../chart.jsx';
import { link } from '../route.js';

function day(offsetDays) {
  return new Date(Date.now() + offsetDays * 86400000).toISOString().slice(0, 10);
}

function Balance() {
  const state = useLoad(() => get('/v1/credits/balance'));
  return (
    <div class="card">
      <h2>Balance</h2>
      <Loading state={state}>{(res) => (
        <dl class="figures">
          <div><dt>Available</dt><dd data-figure="available"><Credits value={res.data.available} /></dd></div>
          <div><dt>Held</dt><dd><Credits value={res.data.held} /></dd></div>
          <div><dt>Used</dt><dd><Credits value={res.data.used} /></dd></div>
        </dl>
      )}</Loading>
    </div>
  );
}

function UsageCharts() {
  const from = day(-29);
  const to = day(0);
  const state = useLoad(() => get(q('/v1/usage', { from, to })));
  const charts = useMemo(() => {
    if (!state.data) return null;
    const days = state.data.data.days;
    return {
      spend: dailySeries(from, to, days, [['creditsSpent', 'Spent'], ['creditsEarned', 'Earned']]),
      tokens: dailySeries(from, to, days, [['inputTokens', 'Input tokens'], ['outputTokens', 'Output tokens']]),
      requests: dailySeries(from, to, days, [['requests', 'Requests']]),
    };
  }, [state.data]);
  return (
    <div class="card wide">
      <h2>Last 30 days</h2>
      <Loading state={state}>{() => (
        <div class="charts">
          <DayChart title="Credits per day" {...charts.spend} />
          <DayChart title="Tokens per day" {...charts.tokens} />
          <DayChart title="Requests per day" {...charts.requests} />
        </div>
      )}</Loading>
    </div>
  );
}

function RunOutcomes() {
  const state = useLoad(() => get(q('/v1/metrics', { window: '30d' })));
  return (
    <div class="card">
      <h2>Runs, 30 days</h2>
      <Loading state={state}>{(res) => {
        const t = res.data.total;
        return (
          <dl class="figures">
            <div><dt>Started</dt><dd>{t.runs.created}</dd></div>
            <div><dt><a href={`${link('runs')}?status=completed`}>Completed</a></dt><dd>{t.runs.completed}</dd></div>
            <div><dt><a href={`${link('runs')}?status=failed`}>Failed</a></dt><dd>{t.runs.failed}</dd></div>
            <div><dt>Cancelled</dt><dd>{t.runs.cancelled}</dd></div>
            <div><dt>Success rate</dt><dd>{t.successRate === null ? '—' : `${Math.round(t.successRate * 1000) / 10}%`}</dd></div>
            <div><dt>Cost</dt><dd><Credits value={t.cost} /></dd></div>
          </dl>
        );
      }}</Loading>
    </div>
  );
}

function RecentActivity() {
  const state = useLoad(() => get(q('/v1/activity', { limit: 10 })));
  return (
    <div class="card wide">
      <h2>Recent activity</h2>
      <Loading state={state}>{(res) => (res.data.length === 0 ? <p class="muted">Nothing yet.</p> : (
        <Table head={['When', 'Action', 'Target', 'By', 'Amount']}>
          {res.data.map((a) => (
            <tr key={a.id}>
              <td><When at={a.createdAt} /></td>
              <td><code>{a.action}</code></td>
              <td class="mono">{a.targetId ?? '—'}</td>
              <td>{a.keyName ?? a.actor}</td>
              <td>{a.amount === null ? '' : <Credits value={a.amount} />}</td>
            </tr>
          ))}
        </Table>
      ))}</Loading>
    </div>
  );
}

export function Overview({ session }) {
  const usage = allows(session, 'usage:read');
  return (
    <Page title="Overview">
      <div class="grid">
        {usage && <Balance />}
        {usage && <RunOutcomes />}
        {usage && <UsageCharts />}
        {allows(session, 'activity:read') && <RecentActivity />}
        {!usage && !allows(session, 'activity:read') && (
          <p class="muted">This key's scopes show no figures here; use the pages on the left.</p>
        )}
      </div>
    </Page>
  );
}
