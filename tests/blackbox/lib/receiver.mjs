// A webhook receiver on loopback: records every request (headers, raw body) and answers what
// `answer(request)` says (a status, default 200). It can go down and come back on the same port.
import http from 'node:http';

export class Receiver {
  constructor() {
    this.requests = [];
    this.answer = () => 200;
    this.server = null;
    this.port = 0;
  }

  get url() {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  async start() {
    this.server = http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const request = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), url: req.url };
        this.requests.push(request);
        const status = this.answer(request);
        request.status = status;
        res.writeHead(status, { 'content-type': 'text/plain' });
        res.end(status === 200 ? 'ok' : 'no');
      });
    });
    this.server.keepAliveTimeout = 100;
    await new Promise((resolve) => this.server.listen(this.port, '127.0.0.1', resolve));
    this.port = this.server.address().port;
    this.server.unref();  // a test file ends without closing its receivers
    return this;
  }

  // Stops listening (connections are refused) until start() again.
  async down() {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  // The parsed bodies of the requests so far.
  get events() {
    return this.requests.map((r) => JSON.parse(r.body));
  }

  // Waits until `predicate(this)` holds, polling; throws after `ms`.
  async until(predicate, ms = 20000, what = 'the receiver to see it') {
    const deadline = Date.now() + ms;
    while (!predicate(this)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${this.requests.length} request(s)`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

export async function startReceiver() {
  return new Receiver().start();
}
