/**
 * A start that fails part-way (here: a syslog port another program holds) ends the built
 * `hecate-collector` with a message naming the source and its key, no stack trace, and exit 1. The
 * sources that started before the failing one had already read input and saved how far: what they
 * queued is sent before the exit, so fixing the config and starting again loses nothing.
 */
import { writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marker, startHecate } from '../helpers/server.js';
import type { Hecate } from '../helpers/server.js';
import { hecateSinkYaml, runCli, tempDir } from './collector-harness.js';

let hecate: Hecate;
let dir: string;
let taken: net.Server;
const tag = marker('start');
const LINES = 2_000;

beforeAll(async () => {
  hecate = await startHecate();
  dir = await tempDir();
  taken = net.createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await new Promise((resolve) => taken.close(resolve));
  await hecate?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('a start that fails part-way', () => {
  it('names the source and the key, and sends what the sources started before it had queued', async () => {
    const connector = await hecate.createConnector({ name: marker('start_'), parser: 'raw' });
    writeFileSync(path.join(dir, 'app.log'), Array.from({ length: LINES }, (_, i) => `line ${i} ${tag}\n`).join(''));
    const port = (taken.address() as net.AddressInfo).port;
    const config = `dataDirectory: ${dir}/data
sources:
  app:
    type: file
    include: ${dir}/app.log
    sink: hecate
  appliances:
    type: syslog
    mode: tcp
    port: ${port}
    bind: 127.0.0.1
    sink: hecate
${hecateSinkYaml(hecate.url)}`;
    writeFileSync(path.join(dir, 'collector.yaml'), config);
    const { code, stderr } = await runCli(['--config', path.join(dir, 'collector.yaml'), '--drain-timeout', '10'], { KEY: connector.apiKey });
    expect(code).toBe(1);
    expect(stderr).toContain(`hecate-collector: cannot start: source appliances: listen EADDRINUSE`);
    expect(stderr).toContain(`(another program uses sources.appliances.port ${port})`);
    expect(stderr).not.toMatch(/^\s+at /m);
    const events = await hecate.waitForEvents(tag, LINES, 10_000, { limit: 10_000 });
    expect(events).toHaveLength(LINES);
  });

  it('ends with exit 1 and the problems when the config is invalid, started as `node hecate-collector.js` too', async () => {
    writeFileSync(path.join(dir, 'bad.yaml'), 'sources: {}\n');
    const started = Date.now();
    const { code, stderr } = await runCli(['--config', path.join(dir, 'bad.yaml')]);
    expect(code).toBe(1);
    expect(stderr).toContain('sinks: is required');
    // The worker thread this path runs on used to keep the process alive after such an error.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
