// The baseline for bench/streams.mjs: a bare Node.js server that holds Server-Sent Event streams
// and writes an event to every one of them when POST /event arrives — push with nothing else (no
// keys, no database, no stored log). GET /stream opens a stream.
// Usage: node bench/streams_baseline.mjs   (prints "listening on 127.0.0.1:PORT" on stderr)
import http from 'node:http';

const streams = new Set();
let seq = 0;
const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stream') {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write('retry: 1000\n\n');
    streams.add(res);
    req.on('close', () => streams.delete(res));
    return;
  }
  if (req.method === 'POST' && req.url === '/event') {
    const id = ++seq;
    const text = `id: ${id}\nevent: log\ndata: {"id":"${id}","event":"agent.stopped","message":"pushed"}\n\n`;
    for (const s of streams) s.write(text);
    res.writeHead(204);
    res.end();
    return;
  }
  res.writeHead(404);
  res.end();
});
server.keepAliveTimeout = 0;
server.headersTimeout = 0;
server.requestTimeout = 0;
server.listen(0, '127.0.0.1', () => process.stderr.write(`listening on 127.0.0.1:${server.address().port}\n`));
