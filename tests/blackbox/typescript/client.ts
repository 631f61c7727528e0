// A small client of agentry written only against the types that openapi-typescript generates
// from the served /openapi.json: it must type-check with `tsc --strict` without a single cast,
// then run against the server. AGENTRY_URL and AGENTRY_KEY say where and as whom.
import createClient from 'openapi-fetch';
import type { paths } from './schema.js';

const baseUrl = process.env.AGENTRY_URL ?? '';
const key = process.env.AGENTRY_KEY ?? '';
const api = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${key}` } });

function fail(what: string, error: unknown): never {
  throw new Error(`${what}: ${JSON.stringify(error)}`);
}

async function main(): Promise<void> {
  const created = await api.POST('/v1/agents', {
    body: { name: 'typed-parrot', model: 'echo', capabilities: ['typing'] },
  });
  if (!created.data) fail('create agent', created.error);
  const agent = created.data.data;
  const etag = created.response.headers.get('etag');

  const queued = await api.POST('/v1/agents/{id}/runs', {
    params: { path: { id: agent.id } },
    body: { input: { message: 'typed hello' } },
  });
  if (!queued.data) fail('queue run', queued.error);
  const waited = await api.GET('/v1/runs/{id}/wait', {
    params: { path: { id: queued.data.data.id }, query: { timeout: 30 } },
  });
  if (!waited.data) fail('wait', waited.error);
  const run = waited.data.data;
  const output: string = run.status === 'completed' ? JSON.stringify(run.result) : run.status;

  const chatted = await api.POST('/v1/agents/{id}/chat', {
    params: { path: { id: agent.id } },
    body: { message: 'typed chat' },
  });
  // Without "stream": true the answer is JSON; the document also declares the stream's text.
  if (!chatted.data || typeof chatted.data === 'string') fail('chat', chatted.error);
  const reply: string = chatted.data.data.message.content;
  const cost: number = chatted.data.data.usage.cost;

  // An offset list (total) and a cursor list (nextCursor), page by page.
  const agents = await api.GET('/v1/agents', { params: { query: { limit: 1, offset: 0 } } });
  if (!agents.data) fail('list agents', agents.error);
  const total: number = agents.data.pagination.total;
  let cursor: string | undefined;
  let runs = 0;
  for (;;) {
    const page = await api.GET('/v1/runs', { params: { query: { limit: 1, cursor } } });
    if (!page.data) fail('list runs', page.error);
    runs += page.data.data.length;
    const next = page.data.pagination.nextCursor;
    if (next === null) break;
    cursor = next;
  }
  const notFound = await api.GET('/v1/agents/{id}', { params: { path: { id: 'agt_missing' } } });
  const code: string | undefined = notFound.error?.error.code;

  console.log(JSON.stringify({ agent: agent.id, etag, status: run.status, output, reply, cost, total, runs, code }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
