/**
 * `--drain-timeout` bounds the whole shutdown of the built `hecate-collector`: with its queue full
 * and a server that cannot take anything, SIGTERM still ends the process within the timeout (the
 * harness gives 5 s) instead of waiting for room that never comes or for an answer that never comes.
 */
import { rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/server.js';
import { startCollector, tempDir } from './collector-harness.js';
import { makeTestPki } from './source-harness.js';
import type { RunningCollector } from './collector-harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A temporary directory removed after the test. */
async function workDir(): Promise<string> {
  const dir = await tempDir();
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** An HTTP server that reads requests and never answers them. */
async function silentServer(): Promise<string> {
  const held: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    held.push(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    for (const res of held) res.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function collectorTo(url: string, queue = 'type: memory'): Promise<{ collector: RunningCollector; tcpPort: number }> {
  const tcpPort = await freePort();
  const dir = await workDir();
  const collector = await startCollector(`dataDirectory: ${dir}/data
sources:
  tcp:
    type: syslog
    mode: tcp
    port: ${tcpPort}
    bind: 127.0.0.1
    sink: hecate
sinks:
  hecate:
    type: hec
    token: any
    url: ${url}
    proxy: none
    queue: {${queue}, maxLimitInMB: 1, flushTimeOutInMillisecond: 100}
`);
  cleanups.push(() => collector.dispose());
  return { collector, tcpPort };
}

/** Writes `bytes` of syslog lines to the TCP source without waiting for the collector to read them all. */
function flood(port: number, bytes: number): void {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  const line = `<13>Nov 26 12:00:00 host app: ${'x'.repeat(200)}\n`;
  socket.write(line.repeat(Math.ceil(bytes / line.length)));
  cleanups.push(async () => void socket.destroy());
}

describe('shutdown with a full queue', () => {
  it('ends within the drain timeout when the server never answers', async () => {
    const { collector, tcpPort } = await collectorTo(await silentServer());
    flood(tcpPort, 4 * 1024 * 1024);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const started = Date.now();
    expect(await collector.stop()).toBe(0);
    expect(Date.now() - started).toBeLessThan(9_000);
  });

  it.each(['type: memory', 'type: disk'])('ends within the drain timeout when nothing listens at the URL (%s queue)', async (queue) => {
    const { collector, tcpPort } = await collectorTo(`http://127.0.0.1:${await freePort()}`, queue);
    flood(tcpPort, 4 * 1024 * 1024);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const started = Date.now();
    expect(await collector.stop()).toBe(0);
    expect(Date.now() - started).toBeLessThan(9_000);
  });

  it('ends within the drain timeout while a TLS peer has connected but not finished its handshake', async () => {
    const pki = makeTestPki();
    cleanups.push(async () => rmSync(pki.dir, { recursive: true, force: true }));
    const port = await freePort();
    const dir = await workDir();
    const collector = await startCollector(`dataDirectory: ${dir}/data
sources:
  appliances_tls:
    type: syslog_tls
    port: ${port}
    bind: 127.0.0.1
    certificateFile: ${pki.serverCert}
    keyFile: ${pki.serverKey}
    sink: hecate
sinks:
  hecate:
    type: hec
    token: any
    url: ${await silentServer()}
    proxy: none
`);
    cleanups.push(() => collector.dispose());
    // A TCP connection that never starts its TLS handshake.
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    cleanups.push(async () => void socket.destroy());
    await new Promise((resolve) => socket.once('connect', resolve));
    const started = Date.now();
    expect(await collector.stop()).toBe(0);
    expect(Date.now() - started).toBeLessThan(9_000);
  });
});
