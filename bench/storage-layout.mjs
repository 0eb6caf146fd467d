// node bench/storage-layout.mjs [--store bench/.data/search-10000000/events.duckdb] [--from 7000000] [--rows 3000000] [--batch 2048] [--runs 10]
//
// Bytes per event of the events table, and what its layout costs search, on a sample of the
// bench:search corpus (build it first with `npm run bench:search`). Copies --rows rows (from row
// --from, in the order they were indexed) out of the store, opened read-only, into fresh DuckDB
// files under four layouts, checkpoints them, and prints per layout the file size and the biggest
// columns per event (from pragma_storage_info: each segment's share of its block), then the CPU time
// (median of --runs, both DuckDB threads) of representative searches on each file, alternating:
//
//   before    rows in arrival order, `id` with DuckDB's default compression (dictionary/FSST)
//   id-zstd   `id` USING COMPRESSION zstd, arrival order
//   grouped   rows grouped by connector, type, event.action inside runs of --batch rows, as the
//             indexer groups a batch (packages/server/src/store/group-similar-events.ts)
//   chosen    both: what packages/server/src/store/schema.ts creates and the indexer writes
//
// --batch is the indexer's batch size: ~100 rows (one HEC request) before this layout at 17 K
// events/s, 2,000–3,000 with the 100 ms batch window. The answers of every layout are compared.
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CREATE_EVENTS_TABLE } from '../packages/server/dist/store/schema.js';

const ROOT = fileURLToPath(new URL('.', import.meta.url));
const { values: opt } = parseArgs({
  options: {
    store: { type: 'string', default: `${ROOT}.data/search-10000000/events.duckdb` },
    from: { type: 'string', default: '7000000' },
    rows: { type: 'string', default: '3000000' },
    batch: { type: 'string', default: '2048' },
    runs: { type: 'string', default: '10' },
  },
});
const [from, rows, batch, runs] = [opt.from, opt.rows, opt.batch, opt.runs].map(Number);
const BEFORE = CREATE_EVENTS_TABLE.replace(/\bid VARCHAR NOT NULL USING COMPRESSION zstd/, 'id VARCHAR NOT NULL');
const GROUPED = `rowid // ${batch}, connector, type, event_action, rowid`;
const LAYOUTS = { before: [BEFORE, 'rowid'], 'id-zstd': [CREATE_EVENTS_TABLE, 'rowid'], grouped: [BEFORE, GROUPED], chosen: [CREATE_EVENTS_TABLE, GROUPED] };
const QUERIES = {
  'free text "Failed password" count': `SELECT count(*) FROM events WHERE regexp_matches(raw, '(?is)failed password')`,
  'tag + promoted field count': `SELECT count(*) FROM events WHERE connector = 'fw' AND source_ip = '198.0.0.1'`,
  'JSON field count (Vendor.message_id)': `SELECT count(*) FROM events WHERE json_extract_string(fields, '$."Vendor.message_id"') = '106023'`,
  'latest 200 matching "Deny"': `SELECT * FROM events WHERE regexp_matches(raw, '(?is)deny') ORDER BY ts DESC, id DESC LIMIT 201`,
  'groupBy source.ip, top 10': `SELECT source_ip, count(*) AS n FROM events GROUP BY 1 HAVING count(source_ip) > 0 ORDER BY n DESC, 1 LIMIT 10`,
  'timeChart by connector, 1 h': `SELECT ts // 3600000 AS h, connector, count(*) AS n FROM events GROUP BY ALL ORDER BY ALL`,
};
const dir = `${ROOT}.data/storage-layout`;
mkdirSync(dir, { recursive: true });
const fmt = (n, d = 1) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const lit = (s) => `'${s.replaceAll("'", "''")}'`;

/** Bytes per column: each persistent segment's share of its block, plus the whole blocks it continues into. */
async function columnBytes(conn) {
  const segs = (await conn.runAndReadAll(`SELECT column_name AS col, block_id AS b, block_offset AS o, additional_block_ids AS extra FROM pragma_storage_info('events') WHERE persistent AND block_id >= 0`)).getRowObjectsJS();
  const blockSize = Number((await conn.runAndReadAll(`SELECT block_size FROM pragma_database_size()`)).getRowObjectsJS()[0].block_size);
  const bytes = new Map();
  const add = (col, n) => bytes.set(col, (bytes.get(col) ?? 0) + n);
  const byBlock = new Map();
  for (const s of segs) {
    add(s.col, blockSize * (s.extra?.items ?? s.extra ?? []).length);
    byBlock.set(Number(s.b), [...(byBlock.get(Number(s.b)) ?? []), { col: s.col, o: Number(s.o) }]);
  }
  for (const list of byBlock.values()) {
    list.sort((a, b) => a.o - b.o);
    list.forEach((s, i) => add(s.col, (list[i + 1]?.o ?? blockSize) - s.o));
  }
  return bytes;
}

const files = {};
for (const [name, [ddl, order]] of Object.entries(LAYOUTS)) {
  const file = `${dir}/${name}.duckdb`;
  rmSync(file, { force: true });
  rmSync(`${file}.wal`, { force: true });
  const db = await DuckDBInstance.create(file, { storage_compatibility_version: 'latest', threads: '2' });
  const conn = await db.connect();
  await conn.run(`ATTACH ${lit(opt.store)} AS src (READ_ONLY)`);
  await conn.run(ddl);
  await conn.run(`INSERT INTO events SELECT * FROM src.events WHERE rowid >= ${from} AND rowid < ${from + rows} ORDER BY ${order}`);
  await conn.run('DETACH src');
  await conn.run('CHECKPOINT');
  const n = Number((await conn.runAndReadAll('SELECT count(*) AS n FROM events')).getRowObjectsJS()[0].n);
  const top = [...(await columnBytes(conn))].sort((a, b) => b[1] - a[1]).slice(0, 5);
  conn.closeSync();
  db.closeSync();
  files[name] = file;
  console.log(`${name.padEnd(8)} ${fmt(statSync(file).size / n)} B/event (${n.toLocaleString('en-US')} rows); ${top.map(([c, b]) => `${c} ${fmt(b / n)}`).join(', ')}`);
}

const conns = {};
for (const [name, file] of Object.entries(files)) {
  conns[name] = await (await DuckDBInstance.create(file, { access_mode: 'READ_ONLY', threads: '2', late_materialization_max_rows: '10001' })).connect();
}
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
console.log(`\nCPU ms per search, median of ${runs} after a warm-up (load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}):`);
for (const [question, sql] of Object.entries(QUERIES)) {
  const cpu = Object.fromEntries(Object.keys(conns).map((k) => [k, []]));
  const answers = new Set();
  for (let i = 0; i <= runs; i++) {
    for (const [name, conn] of Object.entries(conns)) {
      const c0 = cpuMs();
      const result = (await conn.runAndReadAll(sql)).getRowsJS();
      if (i === 0) answers.add(JSON.stringify(question.startsWith('latest') ? result.map((r) => r[0]) : result, (_, v) => (typeof v === 'bigint' ? String(v) : v)));
      else cpu[name].push(cpuMs() - c0);
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`${question.padEnd(38)} ${Object.entries(cpu).map(([k, xs]) => `${k} ${fmt(median(xs), 0)}`).join(' | ')}${answers.size === 1 ? '' : '  ANSWERS DIFFER'}`);
}
for (const conn of Object.values(conns)) conn.closeSync();
rmSync(dir, { recursive: true, force: true });
