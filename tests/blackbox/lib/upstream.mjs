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
// Every request is recorded: {path, headers, body, closedEarly, connection} (connections are
// numbered 1, 2, … as they open). After dropReused(), the next request that comes on a
// connection that already served one is not answered: its connection is cut.
import http from 'node:http';
import https from 'node:https';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

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
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}
