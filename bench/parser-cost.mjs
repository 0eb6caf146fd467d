// node bench/parser-cost.mjs (after `npm run build`)
//
// What parsing costs at ingest: the same ASA firewall lines (from the search corpus) sent through HEC to a
// connector with the `raw` parser and to one with `cisco-asa`, alternating twice; prints events/s acknowledged
// and the server's CPU per event including indexing. Compare the difference with the parser's own cost from
// `npm run bench:parse`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection, postHead } from './lib/http-load.mjs';
import { makeSearchCorpus } from './lib/search-corpus.mjs';
import { api, cpuSecondsOf, settle, startServer, stopServer } from './lib/server-process.mjs';
const N = 300_000;
const dataDir = mkdtempSync(join(tmpdir(), 'hecate-parser-cost-'));
const server = await startServer({ dataDir, password: 'parser-cost-pass-1' });
const { token } = await api(server, 'POST', '/api/v1/auth/login', { username: 'admin', password: 'parser-cost-pass-1' });
// Only firewall bodies from the search corpus.
const bodies = []; const next = makeSearchCorpus({ events: 2_000_000 });
for (let b = next(); b && bodies.length < N / 100; b = next()) if (b.connector === 'fw') bodies.push(b.payload);
for (const parser of ['raw', 'cisco-asa', 'raw', 'cisco-asa']) {
  const key = (await api(server, 'POST', '/api/v1/connectors', { name: `c-${parser}-${Math.random().toString(36).slice(2, 7)}`, parser }, token)).apiKey;
  await settle(server, { idleShare: 0.1, quietMs: 1500 });
  const cpu0 = cpuSecondsOf(server.pid); const t0 = performance.now();
  const conns = Array.from({ length: 8 }, () => new Connection(server.port)); let i = 0;
  await Promise.all(conns.map(async (c) => { for (;;) { const b = bodies[i++]; if (!b) return; const r = await c.send(postHead('/services/collector/event', { authorization: `Splunk ${key}` }, b.length), b); if (r.status !== 200) throw new Error(r.status + r.body); } }));
  const sendS = (performance.now() - t0) / 1000;
  await settle(server, { idleShare: 0.1, quietMs: 1500 });
  const cpu = cpuSecondsOf(server.pid) - cpu0;
  console.log(`${parser.padEnd(10)} ${(bodies.length * 100 / sendS).toFixed(0)} events/s acked; server CPU ${(cpu / (bodies.length * 100) * 1e6).toFixed(1)} µs/event incl. indexing`);
  for (const c of conns) c.close();
}
await stopServer(server);
rmSync(dataDir, { recursive: true, force: true });
