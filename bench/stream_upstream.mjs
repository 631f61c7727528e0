// A stand-in OpenAI-compatible provider for bench/chat.sh: POST /v1/chat/completions streams
// CHUNKS (default 20) one-word chunks at once, then usage and [DONE]. Prints its port.
import http from 'node:http';

const chunks = Number(process.env.CHUNKS ?? 20);
const server = http.createServer(async (req, res) => {
  for await (const _ of req);  // the body is not needed
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (let i = 0; i < chunks; i++) {
    res.write(`data: {"choices":[{"index":0,"delta":{"content":"w${i} "}}]}\n\n`);
  }
  res.write(`data: {"choices":[],"usage":{"prompt_tokens":10,"completion_tokens":${chunks}}}\n\n`);
  res.end('data: [DONE]\n\n');
});
server.listen(0, '127.0.0.1', () => console.log(`listening on 127.0.0.1:${server.address().port}`));
