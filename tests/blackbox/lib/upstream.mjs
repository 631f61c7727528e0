// A stand-in for the LLM providers, on loopback: an OpenAI-compatible Chat Completions endpoint
// (POST /v1/chat/completions) and an Anthropic Messages endpoint (POST /v1/messages), both
// streaming in their real wire formats. The last user message steers it:
//   "slow:N"     N chunks, one every 100 ms
//   "hang"       one chunk, then silence with the connection open
//   "malformed"  a chunk that is not JSON
//   "huge:N"     N KiB of output, a KiB per chunk, at once
//   "error401"   a 401 whose message repeats the key, as OpenAI's does
//   anything else: "Hi <model>: <message>" a word per chunk
// Every request is recorded: {path, headers, body, closedEarly, connection} (connections are
// numbered 1, 2, … as they open). After dropReused(), the next request that comes on a
// connection that already served one is not answered: its connection is cut.
import http from 'node:http';
import https from 'node:https';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function script(message, model) {
  const slow = /^slow:(\d+)$/.exec(message);
  if (slow) return { pieces: Array.from({ length: Number(slow[1]) }, (_, i) => `p${i} `), delay: 100 };
  const huge = /^huge:(\d+)$/.exec(message);
  if (huge) return { pieces: Array.from({ length: Number(huge[1]) }, () => 'x'.repeat(1024)), delay: 0 };
  if (message === 'hang') return { pieces: ['waiting '], hang: true };
  if (message === 'malformed') return { malformed: true };
  if (message === 'error401') return { error: true };
  const words = `Hi ${model}: ${message}`.split(' ');
  return { pieces: words.map((w, i) => (i < words.length - 1 ? `${w} ` : w)), delay: 0 };
}

// With `tls` ({key, cert} in PEM) it serves https.
export async function startUpstream({ tls } = {}) {
  const requests = [];
  let connections = 0;
  let dropReused = false;
  const handler = async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const record = { path: req.url, headers: req.headers, body: JSON.parse(raw || '{}'), closedEarly: false, connection: req.socket.number };
    requests.push(record);
    if (dropReused && req.socket.served > 0) {
      dropReused = false;
      req.socket.destroy();
      return;
    }
    req.socket.served = (req.socket.served ?? 0) + 1;
    res.on('close', () => { if (!res.writableFinished) record.closedEarly = true; });
    const anthropic = req.url === '/v1/messages';
    if (!anthropic && req.url !== '/v1/chat/completions') { res.writeHead(404).end(); return; }
    const user = record.body.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
    const plan = script(user, record.body.model);
    if (plan.error) {
      const key = anthropic ? req.headers['x-api-key'] : req.headers.authorization;
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({
        error: { type: 'invalid_request_error', code: 'invalid_api_key', message: `Incorrect API key provided: ${key}` },
      }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (event, data) => res.write(`${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
    if (plan.malformed) { send(null, '{"choices": [oops'); res.end(); return; }
    const inputTokens = JSON.stringify(record.body.messages).length + (record.body.system?.length ?? 0);
    if (anthropic) send('message_start', { type: 'message_start', message: { id: 'msg_1', usage: { input_tokens: inputTokens, output_tokens: 1 } } });
    for (const piece of plan.pieces) {
      if (res.destroyed) return;
      if (anthropic) {
        send('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } });
      } else {
        send(null, { id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: piece } }] });
      }
      if (plan.delay) await sleep(plan.delay);
    }
    if (plan.hang) return;  // the connection stays open, silent
    const outputTokens = plan.pieces.length;
    if (anthropic) {
      send('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: outputTokens } });
      send('message_stop', { type: 'message_stop' });
    } else {
      send(null, { id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
      send(null, { id: 'c1', object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: inputTokens, completion_tokens: outputTokens } });
      send(null, '[DONE]');
    }
    res.end();
  };
  const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  server.on(tls ? 'secureConnection' : 'connection', (socket) => { socket.number = ++connections; });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.address().port;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    dropReused: () => { dropReused = true; },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}
