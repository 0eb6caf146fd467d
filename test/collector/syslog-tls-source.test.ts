/**
 * The syslog_tls source against real TLS clients (Node's tls and the openssl CLI): both framings,
 * RFC 3164 and RFC 5424 as sent, @collect metadata, and each client authentication mode refusing
 * the senders it should. Certificates are made with openssl for this run.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../packages/collector/src/config/load-config.js';
import type { SyslogTlsSourceConfig } from '../../packages/collector/src/sources/syslog-tls/config.js';
import { SyslogTlsSource } from '../../packages/collector/src/sources/syslog-tls/syslog-tls-source.js';
import { captureLog, captureOutput, freePort, makeTestPki, waitFor } from './source-harness.js';
import type { CapturedOutput, TestPki } from './source-harness.js';

let pki: TestPki;

beforeAll(() => {
  pki = makeTestPki();
});

afterAll(() => {
  rmSync(pki.dir, { recursive: true, force: true });
});

async function startSource(extra = ''): Promise<{ source: SyslogTlsSource; output: CapturedOutput; port: number; logs: ReturnType<typeof captureLog> }> {
  const port = await freePort();
  const yaml = `sources:\n  tls_in:\n    type: syslog_tls\n    port: ${port}\n    bind: 127.0.0.1\n    certificateFile: ${pki.serverCert}\n    keyFile: ${pki.serverKey}\n    maxEventSize: 64\n    sink: s\n${extra}sinks:\n  s: {type: hec, token: t, url: "http://127.0.0.1:1"}\n`;
  const config = loadConfig(yaml, {}).sources.tls_in as SyslogTlsSourceConfig;
  const output = captureOutput();
  const logs = captureLog();
  const source = new SyslogTlsSource('tls_in', config, output, logs.log);
  await source.start();
  return { source, output, port, logs };
}

/** Connects, sends, closes; resolves with the error if the server refused the connection. */
function send(port: number, payload: string, options: tls.ConnectionOptions = {}): Promise<Error | undefined> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port, ca: pki.read(pki.caFile), ...options }, () => {
      socket.end(payload);
    });
    socket.on('error', (error) => resolve(error));
    socket.on('close', () => resolve(undefined));
    socket.resume();
  });
}

describe('syslog_tls source', () => {
  it('reads newline-framed and octet-counted messages, RFC 3164 and RFC 5424, with @collect metadata', async () => {
    const { source, output, port } = await startSource();
    try {
      const rfc5424 = '<165>1 2024-05-01T10:00:00.000Z host app 42 ID47 - octet counted';
      await send(port, `<13>May  1 10:00:00 host app: plain line\r\n${Buffer.byteLength(rfc5424)} ${rfc5424}<14>last without newline`);
      await waitFor('three events', () => output.events.length === 3);
      expect(output.events.map((event) => event.text)).toEqual(['<13>May  1 10:00:00 host app: plain line', rfc5424, '<14>last without newline']);
      const fields = output.events[0]?.fields ?? {};
      expect(fields['@collect.source_type']).toBe('syslog_tls');
      expect(fields['@collect.source_name']).toBe('tls_in');
      expect(fields['@collect.socket']).toBe(`:${port}/TLS`);
      expect(fields['@collect.remote']).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(fields['@collect.host']).toBeTruthy();
      expect(fields['@collect.timestamp']).toMatch(/^\d{4}-\d\d-\d\dT/);
    } finally {
      await source.stop();
    }
  });

  it('truncates a message over maxEventSize and marks it', async () => {
    const { source, output, port } = await startSource();
    try {
      await send(port, `<13>${'x'.repeat(200)}\n<13>short\n`);
      await waitFor('two events', () => output.events.length === 2);
      expect(output.events[0]?.text).toHaveLength(64);
      expect(output.events[0]?.fields['@collect.truncated']).toBe('true');
      expect(output.events[1]?.text).toBe('<13>short');
    } finally {
      await source.stop();
    }
  });

  it('accepts the openssl s_client as a sender', async () => {
    const { source, output, port } = await startSource();
    try {
      const client = spawn('openssl', ['s_client', '-quiet', '-connect', `127.0.0.1:${port}`, '-CAfile', pki.caFile, '-verify_return_error'], { stdio: ['pipe', 'ignore', 'pipe'] });
      client.stdin.end('<13>from s_client\n');
      await waitFor('the s_client message', () => output.events.length === 1);
      client.kill();
      expect(output.events[0]?.text).toBe('<13>from s_client');
    } finally {
      await source.stop();
    }
  });

  it('with clientAuthentication type ca, takes senders with a certificate from the CA and refuses the others', async () => {
    const { source, output, port, logs } = await startSource(`    clientAuthentication: {type: ca, caFile: ${pki.caFile}}\n`);
    try {
      expect(await send(port, '<13>signed\n', { cert: pki.read(pki.clientCert), key: pki.read(pki.clientKey) })).toBeUndefined();
      await waitFor('the signed sender', () => output.events.length === 1);
      await send(port, '<13>anonymous\n');
      await send(port, '<13>stranger\n', { cert: pki.read(pki.strangerCert), key: pki.read(pki.strangerKey) });
      await waitFor('two refusals', () => source.refused === 2);
      expect(output.events.map((event) => event.text)).toEqual(['<13>signed']);
      expect(logs.text()).toContain('refused a sender');
    } finally {
      await source.stop();
    }
  });

  it('with clientAuthentication type fingerprint, takes only the listed certificates', async () => {
    const fingerprint = pki.fingerprint256(pki.strangerCert);
    const { source, output, port } = await startSource(`    clientAuthentication:\n      type: fingerprint\n      fingerprints: ["${fingerprint}"]\n`);
    try {
      await send(port, '<13>pinned\n', { cert: pki.read(pki.strangerCert), key: pki.read(pki.strangerKey) });
      await waitFor('the pinned sender', () => output.events.length === 1);
      await send(port, '<13>other\n', { cert: pki.read(pki.clientCert), key: pki.read(pki.clientKey) });
      await send(port, '<13>none\n');
      await waitFor('two refusals', () => source.refused === 2);
      expect(output.events.map((event) => event.text)).toEqual(['<13>pinned']);
    } finally {
      await source.stop();
    }
  });

  it('refuses a client limited to TLS 1.2 when minVersion is 1_3', async () => {
    const { source, output, port } = await startSource('    tls: {minVersion: 1_3}\n');
    try {
      const error = await send(port, '<13>old\n', { maxVersion: 'TLSv1.2' });
      expect(error).toBeDefined();
      await send(port, '<13>new\n');
      await waitFor('the TLS 1.3 sender', () => output.events.length === 1);
      expect(output.events[0]?.text).toBe('<13>new');
    } finally {
      await source.stop();
    }
  });

  it('fails to start with the key path when the certificate file is missing', async () => {
    const config = loadConfig(`sources:\n  t: {type: syslog_tls, port: 6514, certificateFile: /nonexistent/cert.pem, keyFile: ${pki.serverKey}, sink: s}\nsinks:\n  s: {type: hec, token: t, url: "http://h"}\n`, {}).sources.t as SyslogTlsSourceConfig;
    const source = new SyslogTlsSource('t', config, captureOutput(), captureLog().log);
    await expect(source.start()).rejects.toThrow('source t: cannot read certificateFile /nonexistent/cert.pem');
  });
});
