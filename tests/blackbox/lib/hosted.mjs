// A server for hosted agents' tests: its LLM providers are a fresh upstream on loopback
// (upstream.mjs) — the OpenAI-compatible endpoint at its /v1 and the Anthropic one at its root,
// with the server's keys sk-server-key and ant-server-key — and `args` more; with an admin client
// and the account acme on the bulk plan holding 1,000 credits. close() stops both and asserts
// that the server exited 0.
import assert from 'node:assert/strict';
import { client, createAccount, startServer } from './server.mjs';
import { bulkPlans, grant } from './market.mjs';
import { startUpstream } from './upstream.mjs';

export async function startHosted({ args = [], plans = bulkPlans } = {}) {
  const upstream = await startUpstream();
  const server = await startServer({
    plans,
    args: ['--openai-base-url', `${upstream.url}/v1`, '--anthropic-base-url', upstream.url, ...args],
    env: { AGENTRY_OPENAI_API_KEY: 'sk-server-key', AGENTRY_ANTHROPIC_API_KEY: 'ant-server-key' },
  });
  const admin = client(server, server.adminKey);
  const acme = await createAccount(server, admin, { name: 'acme', plan: 'bulk' });
  await grant(admin, acme.account.id, 1000);
  return {
    upstream,
    server,
    admin,
    acme,
    close: async () => {
      assert.equal((await server.stop()).code, 0);
      server.cleanup();
      await upstream.close();
    },
  };
}
