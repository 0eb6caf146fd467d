/**
 * A new user's first run: the LogScale Collector example config from the NG-SIEM docs (syslog UDP
 * and TCP, a file source, three HEC sinks) with the URL and tokens changed — and, because a test
 * cannot bind 514 or read the host's /var/log, high ports and a temporary directory — then util-linux
 * `logger` messages over UDP, TCP and RFC 5424 must be found in Hecate's search.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, marker, startHecate } from '../helpers/server.js';
import type { Connector, Hecate } from '../helpers/server.js';
import { startCollector } from './collector-harness.js';
import type { RunningCollector } from './collector-harness.js';

let hecate: Hecate;
let collector: RunningCollector;
let syslogConnector: Connector;
let tcpConnector: Connector;
let udpPort: number;
let tcpPort: number;

function exampleConfig(dir: string): string {
  return `dataDirectory: ${dir}/data
sources:
  syslog_udp_514:
    type: syslog
    mode: udp
    port: ${udpPort}
    maxEventSize: 2048
    sink: ngsiem_syslog
  syslog_tcp_1514:
    type: syslog
    mode: tcp
    port: ${tcpPort}
    bind: "0.0.0.0"
    maxEventSize: 1048576
    receiveBufferSize: 1048577
    sink: ngsiem_syslog_tcp
  var_log:
    type: file
    include: [${dir}/log/*.log, ${dir}/log/apache2/access.log]
    exclude: [${dir}/log/*.gz]
    multiLineBeginsWith: '^\\d{4}-\\d{2}-\\d{2}'
    transforms:
      - type: regex_filter
        mode: exclude
        pattern: 'DEBUG'
      - type: static_fields
        fields: {environment: prod}
    sink: ngsiem_files
sinks:
  ngsiem_syslog:
    type: hec
    token: \${NGSIEM_SYSLOG_KEY}
    url: ${hecate.url}
    proxy: none
    workers: 4
    #maxBatchSize: 28000000
    queue: {type: disk, maxLimitInMB: 10240, fullAction: pause}
  ngsiem_syslog_tcp: {type: hec, token: \${K2}, url: ${hecate.url}/services/collector, proxy: none}
  ngsiem_files:
    type: hec
    token: \${NGSIEM_FILE_KEY}
    url: ${hecate.url}
    compression: gzip
    compressionLevel: 6
    tls: {insecure: false}
    queue: {type: memory, maxLimitInMB: 64, flushTimeOutInMillisecond: 1000}
`;
}

beforeAll(async () => {
  hecate = await startHecate();
  syslogConnector = await hecate.createConnector({ name: marker('syslog_'), parser: 'raw' });
  tcpConnector = await hecate.createConnector({ name: marker('syslogtcp_'), parser: 'raw' });
  const files = await hecate.createConnector({ name: marker('files_'), parser: 'raw' });
  udpPort = await freePort();
  tcpPort = await freePort();
  const { tempDir } = await import('./collector-harness.js');
  const dir = await tempDir();
  collector = await startCollector(
    exampleConfig(dir),
    { NGSIEM_SYSLOG_KEY: syslogConnector.apiKey, K2: tcpConnector.apiKey, NGSIEM_FILE_KEY: files.apiKey },
    dir,
  );
});

afterAll(async () => {
  await collector?.dispose();
  await hecate?.dispose();
});

function logger(args: string[], message: string): void {
  execFileSync('logger', [...args, '-t', 'e2e', message]);
}

describe('the reference example config', () => {
  it('prints a status line naming its sources, sinks and queues', () => {
    expect(collector.logs()).toMatch(/sources: syslog_udp_514 \(syslog udp 0\.0\.0\.0:\d+\)/);
    expect(collector.logs()).toContain('ngsiem_syslog → ');
    expect(collector.logs()).toContain('disk queue');
  });

  it('delivers logger messages sent over UDP (RFC 3164) with @collect metadata', async () => {
    const tag = marker('udp');
    logger(['-n', '127.0.0.1', '-P', String(udpPort), '-d', '--rfc3164'], `hello over udp ${tag}`);
    const events = await hecate.waitForEvents(tag, 1, 15_000);
    expect(events).toHaveLength(1);
    const event = events[0] ?? {};
    expect(event['@rawstring']).toMatch(new RegExp(`^<\\d+>.*e2e.*hello over udp ${tag}$`));
    expect(event['#connector']).toBe(syslogConnector.name);
    expect(event['@collect.source_name']).toBe('syslog_udp_514');
    expect(event['@collect.source_type']).toBe('syslog');
    expect(String(event['@collect.remote'])).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('delivers logger messages sent over TCP, RFC 3164 and RFC 5424 (octet-counted)', async () => {
    const tag = marker('tcp');
    logger(['-n', '127.0.0.1', '-P', String(tcpPort), '-T', '--rfc3164'], `plain over tcp ${tag}`);
    logger(['-n', '127.0.0.1', '-P', String(tcpPort), '-T', '--rfc5424', '--octet-count'], `rfc5424 over tcp ${tag}`);
    logger(['-n', '127.0.0.1', '-P', String(udpPort), '-d', '--rfc5424'], `rfc5424 over udp ${tag}`);
    const events = await hecate.waitForEvents(tag, 3, 15_000);
    const texts = events.map((event) => String(event['@rawstring'])).sort();
    expect(texts).toHaveLength(3);
    expect(texts.find((text) => text.includes('plain over tcp'))).toMatch(/^<\d+>[A-Z][a-z]{2} /);
    expect(texts.find((text) => text.includes('rfc5424 over tcp'))).toMatch(/^<\d+>1 \d{4}-/);
    expect(texts.find((text) => text.includes('rfc5424 over udp'))).toMatch(/^<\d+>1 \d{4}-/);
  });

  it('truncates a UDP message over maxEventSize and marks it', async () => {
    const tag = marker('big');
    logger(['-n', '127.0.0.1', '-P', String(udpPort), '-d', '--size', '8192'], `${tag} ${'x'.repeat(4000)}`);
    const events = await hecate.waitForEvents(tag, 1, 15_000);
    expect(events).toHaveLength(1);
    expect(Buffer.byteLength(String(events[0]?.['@rawstring']))).toBeLessThanOrEqual(2048);
    expect(events[0]?.['@collect.truncated']).toBe('true');
  });

  it('applies the file source transforms: DEBUG lines dropped, static field added, multi-line joined', async () => {
    const { appendFile, mkdir } = await import('node:fs/promises');
    const tag = marker('file');
    const dir = path.dirname(collector.configFile);
    await mkdir(path.join(dir, 'log'), { recursive: true });
    await appendFile(
      path.join(dir, 'log', 'app.log'),
      `2024-01-01 10:00:00 INFO start ${tag}\n  continued ${tag}\n2024-01-01 10:00:01 DEBUG noise ${tag}\n2024-01-01 10:00:02 INFO end ${tag}\n`,
    );
    const events = await hecate.waitForEvents(tag, 2, 15_000);
    const texts = events.map((event) => String(event['@rawstring'])).sort();
    expect(texts).toEqual([`2024-01-01 10:00:00 INFO start ${tag}\n  continued ${tag}`, `2024-01-01 10:00:02 INFO end ${tag}`]);
    expect(events[0]?.environment).toBe('prod');
    expect(events[0]?.['@collect.file']).toBe(path.join(dir, 'log', 'app.log'));
  });
});
