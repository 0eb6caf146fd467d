/**
 * rsyslog from Debian relaying to the collector, as on a real log host: util-linux `logger` sends to
 * rsyslog over UDP, rsyslog forwards over TCP (RFC 5424, octet-counted) to the collector; lines
 * rsyslog tails from a file go to the collector over UDP. Every message must be found in Hecate's
 * search, including those sent while the collector was stopped (rsyslog's action queue keeps them).
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, marker, startHecate } from '../helpers/server.js';
import type { Hecate, SearchEvent } from '../helpers/server.js';
import { startCollector, tempDir } from './collector-harness.js';
import type { RunningCollector } from './collector-harness.js';
import { startRsyslog } from './rsyslog-harness.js';
import type { RunningRsyslog } from './rsyslog-harness.js';

let hecate: Hecate;
let collector: RunningCollector;
let rsyslog: RunningRsyslog;
let dir: string;
let rsyslogUdpPort: number;
let collectorTcpPort: number;
let collectorUdpPort: number;
let appFile: string;

function logger(message: string): void {
  execFileSync('logger', ['-n', '127.0.0.1', '-P', String(rsyslogUdpPort), '-d', '--rfc3164', '-t', 'e2e', message]);
}

beforeAll(async () => {
  hecate = await startHecate();
  const connector = await hecate.createConnector({ name: marker('rsyslog_'), parser: 'raw' });
  dir = await tempDir('rsyslog-');
  [rsyslogUdpPort, collectorTcpPort, collectorUdpPort] = [await freePort(), await freePort(), await freePort()];
  collector = await startCollector(
    `dataDirectory: ${dir}/data
sources:
  from_rsyslog_tcp: {type: syslog, mode: tcp, port: ${collectorTcpPort}, bind: 127.0.0.1, maxEventSize: 65536, sink: hecate}
  from_rsyslog_udp: {type: syslog, mode: udp, port: ${collectorUdpPort}, bind: 127.0.0.1, sink: hecate}
sinks:
  hecate:
    type: hec
    token: ${connector.apiKey}
    url: ${hecate.url}
    queue: {type: memory, flushTimeOutInMillisecond: 50}
`,
    {},
    dir,
  );
  appFile = path.join(dir, 'app.log');
  writeFileSync(appFile, '');
  rsyslog = await startRsyslog({ dir, udpPort: rsyslogUdpPort, collectorTcpPort, file: appFile, collectorUdpPort });
  // rsyslog gives no readiness signal: probe the whole chain until a message comes through.
  const probe = marker('ready');
  for (let i = 0; (await hecate.search(probe)).length === 0; i++) {
    if (i > 100) throw new Error(`rsyslog relayed nothing within 20 s:\n${rsyslog.logs()}\n${collector.logs()}`);
    logger(`${probe} ${i}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
});

afterAll(async () => {
  await rsyslog?.stop();
  await collector?.dispose();
  await hecate?.dispose();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** The numbers n in `<tag> … n` of the events, sorted. */
function numbers(events: SearchEvent[], tag: string): number[] {
  return events.map((event) => Number(new RegExp(`${tag}\\D+(\\d+)$`).exec(String(event['@rawstring']))?.[1])).sort((a, b) => a - b);
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('rsyslog relaying to the collector', () => {
  it('delivers messages rsyslog forwards over TCP as RFC 5424 with octet counting', async () => {
    const tag = marker('tcp');
    for (let i = 0; i < 20; i++) logger(`${tag} message ${i}`);
    const events = await hecate.waitForEvents(tag, 20, 15_000);
    expect(numbers(events, tag)).toEqual(range(20));
    const event = events[0] ?? {};
    // rsyslog rewrote the RFC 3164 message from logger as RFC 5424: <PRI>1 TIMESTAMP HOST APP - - - MSG
    expect(event['@rawstring']).toMatch(new RegExp(`^<13>1 \\S+ \\S+ e2e - - -\\s+${tag} message \\d+$`));
    expect(event['@collect.source_name']).toBe('from_rsyslog_tcp');
    expect(event['@collect.socket']).toBe(`:${collectorTcpPort}/TCP`);
    expect(String(event['@collect.remote'])).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('delivers lines rsyslog reads from a file and forwards over UDP', async () => {
    const tag = marker('file');
    for (let i = 0; i < 50; i++) appendFileSync(appFile, `${tag} line ${i}\n`);
    const events = await hecate.waitForEvents(tag, 50, 15_000);
    expect(numbers(events, tag)).toEqual(range(50));
    expect(events[0]?.['@rawstring']).toMatch(new RegExp(`^<133>\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\S+ app: ${tag} line \\d+$`));
    expect(events[0]?.['@collect.socket']).toBe(`:${collectorUdpPort}/UDP`);
  });

  it('loses nothing rsyslog queued while the collector was stopped', async () => {
    const tag = marker('restart');
    for (let i = 0; i < 10; i++) logger(`${tag} message ${i}`);
    await hecate.waitForEvents(tag, 10, 15_000);
    expect(await collector.stop()).toBe(0);
    for (let i = 10; i < 40; i++) logger(`${tag} message ${i}`);
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // rsyslog retries against a closed port meanwhile
    await collector.restart();
    const events = await hecate.waitForEvents(tag, 40, 20_000);
    expect(numbers(events, tag)).toEqual(range(40));
  });
});
