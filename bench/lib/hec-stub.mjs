// A stand-in HEC endpoint that takes any request body and answers 200 at once, without decoding or
// storing anything: run against it, the collector's throughput is its own limit, not the server's.
//   node hec-stub.mjs   → prints {"port": N} once listening; stops on SIGTERM.
import http from 'node:http';

const OK = Buffer.from('{"text":"Success","code":0}');
const server = http.createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json', 'content-length': OK.length }).end(OK));
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`));
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
});
