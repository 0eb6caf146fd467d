// Parser throughput on one core: events/s for json, syslog, CEF, LEEF and a CPS vendor-style parser on
// generated realistic lines, then every CPS parser of the built-in library on its own test-case
// lines, compared with the targets. Run: npm run bench:parse
import { compileParser } from '../packages/lang/dist/index.js';

const N = Number(process.env.BENCH_EVENTS ?? 200_000);
const pick = (i, list) => list[i % list.length];
const users = ['alice', 'bob', 'carol', 'dave', 'eve'];
const ip = (i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
const iso = (i) => new Date(1_700_000_000_000 + i * 1000).toISOString();

const scenarios = [
  {
    name: 'json', target: 100_000, script: 'parseJson()',
    line: (i) => JSON.stringify({ ts: iso(i), user: pick(i, users), src_ip: ip(i), dst_port: 443, action: pick(i, ['allow', 'deny']), bytes: i * 7, tags: ['a', 'b'], geo: { country: 'FR', city: 'Paris' } }),
  },
  {
    name: 'syslog', target: 150_000,
    script: 'regex("^<(?<syslog.priority>\\\\d+)>(?:(?<syslog.version>1) (?<syslog.timestamp>\\\\S+)|(?<syslog.timestamp3164>[A-Z][a-z]{2} [ \\\\d]\\\\d \\\\d\\\\d:\\\\d\\\\d:\\\\d\\\\d)) (?<host.hostname>\\\\S+) (?<process.name>[^\\\\s\\\\[:]+)(?:\\\\[(?<process.pid>\\\\d+)\\\\])?:? ?(?<message>.*)$")',
    line: (i) => (i % 2 === 0
      ? `<34>Oct 11 22:14:15 host${i % 50} sshd[${1000 + (i % 999)}]: Failed password for ${pick(i, users)} from ${ip(i)} port 22 ssh2`
      : `<165>1 ${iso(i)} host${i % 50} app ${i} ID47 - user ${pick(i, users)} logged in from ${ip(i)}`),
  },
  {
    name: 'cef', target: 100_000, script: 'parseCEF()',
    line: (i) => `<134>Oct 11 22:14:15 fw CEF:0|Acme|Firewall|9.1|${100 + (i % 7)}|Connection ${pick(i, ['allowed', 'blocked'])}|${i % 10}|src=${ip(i)} dst=${ip(i * 7)} spt=${1024 + (i % 6000)} dpt=443 proto=TCP act=${pick(i, ['allow', 'deny'])} suser=${pick(i, users)} msg=policy matched rule ${i % 40} cs1Label=Rule cs1=r-${i % 40} rt=${1_700_000_000_000 + i}`,
  },
  {
    name: 'leef', target: 100_000, script: 'parseLEEF()',
    line: (i) => (i % 2 === 0
      ? `<134>Oct 11 22:14:15 fw LEEF:1.0|Acme|Firewall|9.1|${100 + (i % 7)}|cat=TRAFFIC\tdevTime=Oct 11 2023 22:14:15\tdevTimeFormat=MMM dd yyyy HH:mm:ss\tsrc=${ip(i)}\tdst=${ip(i * 7)}\tsrcPort=${1024 + (i % 6000)}\tdstPort=443\tproto=TCP\taction=${pick(i, ['allow', 'deny'])}\tusrName=${pick(i, users)}\tsev=${i % 10}\tmsg=policy matched rule ${i % 40}`
      : `<13>1 ${iso(i)} sw LEEF:2.0|Lancope|StealthWatch|7.4|41|^|src=${ip(i)}^dst=${ip(i * 7)}^sev=${i % 10}^cat=Suspect Data Hoarding^srcPort=81^dstPort=21^devTime=${1_700_000_000_000 + i}^usrName=${pick(i, users)}`),
  },
  {
    name: 'cps', target: 40_000,
    script: `parseJson(prefix="Vendor.", excludeEmpty=true, handleNull=discard)
| parseTimestamp("yyyy-MM-dd'T'HH:mm:ss[.SSS]XXX", field=Vendor.ts)
| Parser.version := "1.0.0" | Cps.version := "1.1.0" | ecs.version := "9.1.0"
| Vendor := "acme" | event.module := "widget" | event.dataset := "widget.audit" | event.kind := "event"
| array:append("event.category[]", values=["authentication"])
| array:append("event.type[]", values=["start"])
| case { Vendor.result="ok" | event.outcome := "success"; Vendor.result="fail" | event.outcome := "failure"; * }
| source.ip := Vendor.src_ip | user.name := lower(Vendor.user) | destination.port := Vendor.port`,
    line: (i) => JSON.stringify({ ts: iso(i), result: pick(i, ['ok', 'fail']), src_ip: ip(i), user: pick(i, users).toUpperCase(), port: 22, session: `s-${i}`, empty: '', none: null }),
  },
];

for (const s of scenarios) {
  const compiled = compileParser(s.script);
  if (!compiled.ok) throw new Error(`${s.name}: ${JSON.stringify(compiled.diagnostics)}`);
  const lines = Array.from({ length: 10_000 }, (_, i) => s.line(i));
  const check = compiled.run({ fields: new Map([['@rawstring', lines[0]]]) });
  if (check.length !== 1 || check[0].fields.size < 5 || check[0].fields.has('@error')) throw new Error(`${s.name}: parser output looks wrong: ${JSON.stringify([...check[0]?.fields ?? []])}`);
  for (let i = 0; i < 20_000; i++) compiled.run({ fields: new Map([['@rawstring', lines[i % lines.length]]]) }); // warm-up
  const started = process.hrtime.bigint();
  for (let i = 0; i < N; i++) compiled.run({ fields: new Map([['@rawstring', lines[i % lines.length]]]) });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rate = Math.round(N / seconds);
  console.log(`${s.name.padEnd(7)} ${rate.toLocaleString('en-US').padStart(10)} events/s  (target ${s.target.toLocaleString('en-US')}) ${rate >= s.target ? 'ok' : 'BELOW TARGET'}`);
}

// Every CPS vendor parser of the built-in library, on its own test-case lines replayed (the target
// is the "full CPS vendor parser ≥ 40,000 events/s on one core").
const { readdirSync, readFileSync } = await import('node:fs');
const { parse: parseYaml } = await import('yaml');
const LIBRARY = new URL('../packages/server/parsers/builtin/', import.meta.url);
const GENERIC = new Set(['kv', 'syslog', 'syslog-utc', 'cef', 'leef', 'csv', 'accesslog']);
console.log('\nbuilt-in CPS vendor parsers, on their test-case lines:');
for (const file of readdirSync(LIBRARY).filter((f) => f.endsWith('.yaml')).sort()) {
  const spec = parseYaml(readFileSync(new URL(file, LIBRARY), 'utf8'));
  if (GENERIC.has(spec.name)) continue;
  const compiled = compileParser(spec.script);
  if (!compiled.ok) throw new Error(`${spec.name}: ${JSON.stringify(compiled.diagnostics)}`);
  const lines = spec.testCases.map((t) => t.event.rawString);
  const n = Math.min(N, 100_000);
  for (let i = 0; i < 5_000; i++) compiled.run({ fields: new Map([['@rawstring', lines[i % lines.length]]]) });
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) compiled.run({ fields: new Map([['@rawstring', lines[i % lines.length]]]) });
  const rate = Math.round(n / (Number(process.hrtime.bigint() - started) / 1e9));
  console.log(`  ${spec.name.padEnd(24)} ${rate.toLocaleString('en-US').padStart(9)} events/s  ${rate >= 40_000 ? 'ok' : 'BELOW TARGET'}  (${lines.length} lines)`);
}
