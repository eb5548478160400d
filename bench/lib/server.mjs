// The local GetAuthCode stand-in for bench/client.mjs: a node:http server on 127.0.0.1 with
// keep-alive, answering every POST with the success JSON of the API reference. Run as its own
// process so that, on 2 cores, the server and the client under test do not share an event loop.
//
// It prints `{"port":N}` on stdout once listening. `GET /__stats` returns how many POSTs it has
// answered and the last one (method, url, headers, body), so the bench can check that a client's
// requests really arrived and were correctly signed before timing it; also how many TCP
// connections it has accepted (keep-alive reuse) and its own CPU time. It does no signature work
// per request: that would add the same cost to every variant and blur the ratios.
import { createServer } from 'node:http';

const SUCCESS = Buffer.from(
  JSON.stringify({
    RequestId: '1CBAFFAB-B697-4049-A9B1-67E1FC5F0000',
    AuthModel: { AuthCode: 'acv2bench0000', EndUserId: 'alice', ExpireTime: '2015-01-23T12:33:18Z' },
  }),
);
const RESPONSE_HEADERS = { 'content-type': 'application/json;charset=utf-8', 'content-length': SUCCESS.length };

let posts = 0;
let connections = 0;
let last = null;

const server = createServer({ keepAlive: true }, (req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    if (req.method === 'GET' && req.url === '/__stats') {
      const { user, system } = process.cpuUsage();
      const stats = Buffer.from(JSON.stringify({ posts, connections, cpuMicros: user + system, last }));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': stats.length });
      res.end(stats);
      return;
    }
    posts++;
    last = { method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
    res.writeHead(200, RESPONSE_HEADERS);
    res.end(SUCCESS);
  });
});
// Above the 4 s idle timeout of createNodeFetch and the clients' gaps between rounds.
server.on('connection', () => connections++);
server.keepAliveTimeout = 10_000;
server.headersTimeout = 15_000;

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});

// Ends with its parent: on a closed stdin or an explicit message.
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
