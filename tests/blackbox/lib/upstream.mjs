// A stand-in for the LLM providers, on loopback: an OpenAI-compatible Chat Completions endpoint
// (POST /v1/chat/completions) and an Anthropic Messages endpoint (POST /v1/messages), both
// streaming in their real wire formats. The last user message steers it:
//   "slow:N"     N chunks, one every 100 ms
//   "hang"       one chunk, then silence with the connection open
//   "malformed"  a chunk that is not JSON
//   "huge:N"     N KiB of output, a KiB per chunk, at once
//   "error401"   a 401 whose message repeats the key, as OpenAI's does
//   anything else: "Hi <model>: <message>" a word per chunk
// When the request offers tools, it calls them as the message asks, in each format's streamed
// tool-call form (arguments split over two chunks):
//   "call:NAME {json}"  calls NAME with those arguments, then answers the tools' results as
//                       "Tool said: <result>" (results joined by " | ")
//   "loop:NAME {json}"  calls NAME again after every result, never answering
// It also serves OpenAI's embeddings endpoint (POST /v1/embeddings, {model, input}) with a toy
// model: 16 dimensions, the first six for groups of synonyms (so that "erase" is near "delete")
// and the rest for every other word, hashed. failEmbeddings(n) makes the next n calls answer 500.
// Every request is recorded: {path, headers, body, closedEarly, connection} (connections are
// numbered 1, 2, … as they open). After dropReused(), the next request that comes on a
// connection that already served one is not answered: its connection is cut.
import http from 'node:http';
import https from 'node:https';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const synonyms = [
  ['delete', 'erase', 'remove', 'wipe', 'unlink'],
  ['copy', 'duplicate', 'clone'],
  ['date', 'time', 'clock', 'calendar'],
  ['network', 'socket', 'connection', 'connect'],
  ['process', 'fork', 'spawn', 'child'],
  ['refund', 'money', 'reimburse', 'repay'],
];

export function toyEmbedding(text) {
  const v = new Array(16).fill(0);
  for (const word of text.toLowerCase().split(/[^a-z]+/).filter(Boolean)) {
    const group = synonyms.findIndex((g) => g.some((s) => word.startsWith(s)));
    if (group >= 0) {
      v[group] += 1;
    } else {
      let h = 0;
      for (const c of word) h = (h * 31 + c.charCodeAt(0)) >>> 0;
      v[6 + (h % 10)] += 0.3;
    }
  }
  if (v.every((x) => x === 0)) v[15] = 1;
  return v;
}

function sendEmbeddings(res, body) {
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  // Items in reverse order: each says which input it is for.
  const data = inputs.map((text, index) => ({ object: 'embedding', index, embedding: toyEmbedding(text) })).reverse();
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
    object: 'list', data, model: body.model, usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
  }));
}

// Answers with one call of `name` with `args` (JSON text), streamed as the format streams it.
function sendToolCall(res, anthropic, name, args, body) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const send = (event, data) => res.write(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
  const id = `call_${body.messages.length}`;
  const half = Math.floor(args.length / 2);
  const inputTokens = JSON.stringify(body.messages).length;
  if (anthropic) {
    send('message_start', { type: 'message_start', message: { id: 'msg_t', usage: { input_tokens: inputTokens, output_tokens: 1 } } });
    send('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id, name, input: {} } });
    send('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: args.slice(0, half) } });
    send('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: args.slice(half) } });
    send('content_block_stop', { type: 'content_block_stop', index: 0 });
    send('message_delta', { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 7 } });
    send('message_stop', { type: 'message_stop' });
  } else {
    const chunk = (delta, extra = {}) => send(null, { id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta, ...extra }] });
    chunk({ role: 'assistant', tool_calls: [{ index: 0, id, type: 'function', function: { name, arguments: '' } }] });
    chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(0, half) } }] });
    chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(half) } }] });
    chunk({}, { finish_reason: 'tool_calls' });
    send(null, { id: 'c1', object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: inputTokens, completion_tokens: 7 } });
    res.write('data: [DONE]\n\n');
  }
  res.end();
}

function script(message, model, verbatim = false) {
  if (verbatim) return { pieces: [message], delay: 0 };
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
  let embeddingFailures = 0;
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
    if (req.url === '/v1/embeddings') {
      if (embeddingFailures > 0) {
        embeddingFailures -= 1;
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { type: 'server_error', message: 'overloaded' } }));
        return;
      }
      sendEmbeddings(res, record.body);
      return;
    }
    const anthropic = req.url === '/v1/messages';
    if (!anthropic && req.url !== '/v1/chat/completions') { res.writeHead(404).end(); return; }
    const user = record.body.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
    const first = record.body.messages.find((m) => m.role === 'user')?.content ?? '';
    const last = record.body.messages.at(-1);
    const results = anthropic
      ? (Array.isArray(last?.content) ? last.content.filter((b) => b.type === 'tool_result').map((b) => b.content) : [])
      : record.body.messages.slice(record.body.messages.findLastIndex((m) => m.role !== 'tool') + 1).map((m) => m.content);
    const wanted = /^(call|loop):(\w+) (.*)$/s.exec(typeof first === 'string' ? first : '');
    if (record.body.tools?.length && wanted && (results.length === 0 || wanted[1] === 'loop')) {
      sendToolCall(res, anthropic, wanted[2], wanted[3], record.body);
      return;
    }
    const plan = results.length ? script(`Tool said: ${results.join(' | ')}`, null, true) : script(user, record.body.model);
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
    failEmbeddings: (n) => { embeddingFailures = n; },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}
