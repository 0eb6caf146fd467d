// npm run bench:search [-- --events 10000000 --runs 5 --fresh]
//
// Builds (or reuses) a corpus of security events through the real ingest path — the built server,
// connectors with real parsers, HEC over loopback — then times the search targets of the event
// search issue through the API, and beside each the raw engine (DuckDB opened read-only on the same
// file after the server stopped) running the equivalent hand-written SQL. Prints median latency,
// raw bytes in the searched range per second, the Hecate/SQL ratio and storage per event.
//
// The corpus lives in bench/.data/search-<events>/ and is reused while its marker matches, so a
// re-run only pays for the queries. --fresh rebuilds it.
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Connection, postHead } from './lib/http-load.mjs';
import { CORPUS_DAYS, makeSearchCorpus, SEARCH_CONNECTORS } from './lib/search-corpus.mjs';
import { api, settle, startServer, stopServer } from './lib/server-process.mjs';

const CORPUS_VERSION = 2;
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const EVENTS = Number(opt('events', 10_000_000));
const RUNS = Number(opt('runs', 5));
const FRESH = args.includes('--fresh');
const PASSWORD = 'bench-search-password-1';
const ROOT = fileURLToPath(new URL('.', import.meta.url));
const DATA = `${ROOT}.data/search-${EVENTS}`;
const MARKER = `${DATA}/corpus.json`;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const dirBytes = (dir) => readdirSync(dir, { withFileTypes: true }).reduce((sum, e) => sum + (e.isDirectory() ? dirBytes(`${dir}/${e.name}`) : statSync(`${dir}/${e.name}`).size), 0);

async function ingest(server, token) {
  const keys = {};
  for (const c of SEARCH_CONNECTORS) keys[c.name] = (await api(server, 'POST', '/api/v1/connectors', { name: c.name, parser: c.parser }, token)).apiKey;
  const endMs = Date.now();
  const next = makeSearchCorpus({ events: EVENTS, endMs });
  const conns = Array.from({ length: 8 }, () => new Connection(server.port));
  let sent = 0;
  let rawBytes = 0;
  let busy = 0;
  const t0 = performance.now();
  let lastPrint = t0;
  await Promise.all(conns.map(async (c) => {
    for (let b = next(); b !== undefined; b = next()) {
      const head = postHead('/services/collector/event', { authorization: `Splunk ${keys[b.connector]}` }, b.payload.length);
      for (;;) {
        const { status, body } = await c.send(head, b.payload);
        if (status === 200) break;
        if (status !== 503) throw new Error(`HEC answered ${status}: ${body}`);
        busy++;
        await new Promise((r) => setTimeout(r, 100));
      }
      sent += b.events;
      rawBytes += b.payload.length;
      if (performance.now() - lastPrint > 10_000) {
        lastPrint = performance.now();
        process.stderr.write(`  ingested ${fmt(sent)} / ${fmt(EVENTS)} events (${fmt(sent / ((lastPrint - t0) / 1000))} events/s)\n`);
      }
    }
  }));
  for (const c of conns) c.close();
  const seconds = (performance.now() - t0) / 1000;
  process.stderr.write(`  waiting for the indexer to catch up…\n`);
  await settle(server, { idleShare: 0.2, quietMs: 3000, maxMs: 1_800_000 });
  return { endMs, startMs: endMs - CORPUS_DAYS * 86_400_000, events: sent, envelopeBytes: rawBytes, ingestSeconds: seconds, busy };
}

/** The questions of the targets: Hecate's query and the hand-written SQL for the same answer. */
function questions(corpus, sample) {
  const all = { start: corpus.startMs, end: corpus.endMs };
  const day = { start: corpus.endMs - 86_400_000, end: corpus.endMs };
  const range = (r) => `ts >= ${r.start} AND ts <= ${r.end}`;
  const ip = sample.ip.replace(/'/g, "''");
  return [
    { name: 'free-text substring count, 7 d', target: '≥ 1 GB/s per core', range: all, query: '"Failed password" | count()',
      sql: `SELECT count(*) FROM events WHERE ${range(all)} AND contains(lower(raw), 'failed password')` },
    { name: 'tag + field filter count, 7 d', target: '≤ 100 ms', range: all, query: `#connector=fw source.ip=${sample.ip} | count()`,
      sql: `SELECT count(*) FROM events WHERE ${range(all)} AND connector = 'fw' AND ${sample.ipExpr} = '${ip}'` },
    { name: 'latest 200 events matching "Deny", 7 d', target: '≤ 50 ms', range: all, query: 'Deny', limit: 200,
      sql: `SELECT * FROM events WHERE ${range(all)} AND contains(lower(raw), 'deny') ORDER BY ts DESC, id DESC LIMIT 200` },
    { name: 'groupBy(source.ip) top 10, 24 h', target: '≤ 300 ms', range: day, query: 'groupBy(source.ip) | sort(_count, limit=10)',
      sql: `SELECT ${sample.ipExpr} AS ip, count(*) AS c FROM events WHERE ${range(day)} AND ${sample.ipExpr} IS NOT NULL GROUP BY 1 ORDER BY c DESC LIMIT 10` },
    { name: 'timeChart per hour by connector, 7 d', target: '≤ 300 ms', range: all, query: 'timeChart(#connector, span=1h)',
      sql: `SELECT ts // 3600000 * 3600000 AS b, connector, count(*) FROM events WHERE ${range(all)} GROUP BY 1, 2 ORDER BY 1, 2` },
  ];
}

async function timeHecate(server, token, q) {
  const times = [];
  let answer;
  for (let i = 0; i <= RUNS; i++) {
    const t = performance.now();
    answer = await api(server, 'POST', '/api/v1/search', { query: q.query, start: q.range.start, end: q.range.end, ...(q.limit ? { limit: q.limit } : {}) }, token);
    if (i > 0) times.push(performance.now() - t); // the first run warms caches
  }
  return { ms: median(times), min: Math.min(...times), answer };
}

async function timeSql(conn, sql) {
  const times = [];
  let rows;
  for (let i = 0; i <= RUNS; i++) {
    const t = performance.now();
    rows = (await conn.runAndReadAll(sql)).getRowObjectsJS();
    if (i > 0) times.push(performance.now() - t);
  }
  return { ms: median(times), min: Math.min(...times), rows };
}

async function main() {
  if (FRESH) rmSync(DATA, { recursive: true, force: true });
  let corpus = existsSync(MARKER) ? JSON.parse(readFileSync(MARKER, 'utf8')) : undefined;
  if (corpus?.version !== CORPUS_VERSION) {
    rmSync(DATA, { recursive: true, force: true });
    corpus = undefined;
  }
  mkdirSync(DATA, { recursive: true });
  const server = await startServer({ dataDir: DATA, password: PASSWORD });
  const { token } = await api(server, 'POST', '/api/v1/auth/login', { username: 'admin', password: PASSWORD });
  if (corpus === undefined) {
    process.stderr.write(`building the corpus: ${fmt(EVENTS)} events through HEC into ${DATA}\n`);
    corpus = { version: CORPUS_VERSION, ...(await ingest(server, token)) };
    writeFileSync(MARKER, JSON.stringify(corpus, null, 2));
    process.stderr.write(`  ${fmt(corpus.events)} events in ${fmt(corpus.ingestSeconds, 1)} s (${fmt(corpus.events / corpus.ingestSeconds)} events/s)\n`);
  } else {
    process.stderr.write(`reusing the corpus in ${DATA} (${fmt(corpus.events)} events; --fresh rebuilds it)\n`);
  }

  // A busy source address from the corpus, for the field filter.
  const top = await api(server, 'POST', '/api/v1/search', { query: '#connector=fw | groupBy(source.ip) | sort(_count, limit=5)', start: corpus.endMs - 86_400_000, end: corpus.endMs }, token);
  const sampleIp = top.rows?.[2]?.['source.ip'];
  if (sampleIp === undefined) throw new Error(`no source.ip in the corpus: ${JSON.stringify(top)}`);

  // Hecate's queries do not depend on how the store keeps a field; the SQL is written after the stop.
  const hecate = [];
  for (const q of questions(corpus, { ip: sampleIp, ipExpr: '' })) hecate.push(await timeHecate(server, token, q));
  const stopped = await stopServer(server);

  const instance = await DuckDBInstance.create(`${DATA}/events.duckdb`, { access_mode: 'READ_ONLY', threads: '2', memory_limit: '512MB' });
  const conn = await instance.connect();
  const cols = (await conn.runAndReadAll("SELECT column_name FROM information_schema.columns WHERE table_name = 'events'")).getRowObjectsJS().map((r) => r.column_name);
  // The hand-written SQL reads a field where the store keeps it: its own column, else the JSON text.
  const sample = { ip: sampleIp, ipExpr: cols.includes('source_ip') ? 'source_ip' : `json_extract_string(fields, '$."source.ip"')` };
  const qs = questions(corpus, sample);
  const rawRows = (await conn.runAndReadAll(`SELECT count(*) AS n, sum(strlen(raw)) AS bytes FROM events`)).getRowObjectsJS()[0];
  const results = [];
  for (let i = 0; i < qs.length; i++) {
    const q = qs[i];
    const inRange = (await conn.runAndReadAll(`SELECT count(*) AS n, sum(strlen(raw)) AS bytes FROM events WHERE ts >= ${q.range.start} AND ts <= ${q.range.end}`)).getRowObjectsJS()[0];
    const sql = await timeSql(conn, q.sql);
    const h = hecate[i];
    results.push({ name: q.name, target: q.target, query: q.query, sql: q.sql, hecateMs: h.ms, sqlMs: sql.ms, ratio: h.ms / sql.ms,
      events: Number(inRange.n), rawBytes: Number(inRange.bytes), gbPerS: Number(inRange.bytes) / (h.ms / 1000) / 1e9,
      hecateAnswer: h.answer.rows?.slice(0, 3) ?? h.answer.events?.length, sqlAnswer: sql.rows.slice(0, 3).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]))) });
  }
  conn.closeSync();
  const storeBytes = dirBytes(DATA);
  const duckBytes = statSync(`${DATA}/events.duckdb`).size;

  console.log(`\nSearch benchmark — ${fmt(Number(rawRows.n))} events, ${fmt(Number(rawRows.bytes) / Number(rawRows.n), 0)} B of @rawstring per event on average, ${SEARCH_CONNECTORS.length} connectors, 7 days`);
  console.log(`median of ${RUNS} runs after one warm-up; Hecate timed through POST /api/v1/search (HTTP + JSON included)\n`);
  console.log('| question | Hecate | hand-written SQL | ratio | raw text in range / Hecate time | target |');
  console.log('|---|---|---|---|---|---|');
  for (const r of results) console.log(`| ${r.name} | ${fmt(r.hecateMs, 1)} ms | ${fmt(r.sqlMs, 1)} ms | ${fmt(r.ratio, 2)}× | ${fmt(r.gbPerS, 2)} GB/s | ${r.target} |`);
  console.log(`\nstorage: ${fmt(storeBytes / Number(rawRows.n), 1)} B/event (DuckDB file ${fmt(duckBytes / Number(rawRows.n), 1)} B/event; data dir ${fmt(storeBytes / 2 ** 20)} MiB)`);
  console.log(`corpus: ${fmt(corpus.envelopeBytes / corpus.events, 0)} B per HEC envelope on the wire`);
  if (corpus.ingestSeconds) console.log(`corpus built in ${fmt(corpus.ingestSeconds, 1)} s through HEC (${fmt(corpus.events / corpus.ingestSeconds)} events/s; ${corpus.busy} × 503)`);
  console.log(`server stop: ${JSON.stringify(stopped)}`);
  for (const r of results) console.log(`\n${r.name}\n  hecate: ${r.query}\n  sql:    ${r.sql}\n  answers: ${JSON.stringify(r.hecateAnswer)} | ${JSON.stringify(r.sqlAnswer)}`);
  mkdirSync(`${ROOT}results`, { recursive: true });
  writeFileSync(`${ROOT}results/search-${new Date().toISOString().replace(/[:.]/g, '-')}.json`, JSON.stringify({ corpus, results, storeBytes, duckBytes }, null, 2));
}

await main();
