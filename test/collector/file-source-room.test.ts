/**
 * The file source asks its sink's queue for room before it turns a slice of a file into events, so
 * that events never wait for room themselves (waiting, they would outlive V8's young generation and
 * pile up as garbage in the old one: see SourceOutput.room).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../packages/collector/src/config/load-config.js';
import type { FileSourceConfig } from '../../packages/collector/src/sources/file/config.js';
import { FileSource } from '../../packages/collector/src/sources/file/file-source.js';
import { captureLog, captureOutput, waitFor } from './source-harness.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'collector-room-'));
  mkdirSync(path.join(dir, 'log'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('file source, room in the queue', () => {
  it('builds no event while the queue has no room, and asks before every slice it queues', async () => {
    const lines = 20_000;
    let text = '';
    for (let i = 0; i < lines; i++) text += `line ${i} ${'x'.repeat(50)}\n`; // ~1.2 MB: a full read, many slices
    writeFileSync(path.join(dir, 'log', 'app.log'), text);
    const config = loadConfig(`sources:\n  logs: {type: file, include: "${dir}/log/*", sink: s}\nsinks:\n  s: {type: hec, token: t, url: "http://127.0.0.1:1"}\n`, {}).sources.logs as FileSourceConfig;
    const output = captureOutput();
    let open: (() => void) | undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let asked = 0;
    let emitsAfterAsk = 0;
    let emitsWithoutAsk = 0;
    let askedSinceEmit = false;
    output.room = async (bytes) => {
      expect(bytes).toBeGreaterThan(0);
      asked++;
      await gate;
      askedSinceEmit = true;
    };
    const emit = output.emit.bind(output);
    output.emit = async (events) => {
      if (askedSinceEmit) emitsAfterAsk++;
      else emitsWithoutAsk++;
      askedSinceEmit = false;
      await emit(events);
    };
    const source = new FileSource('logs', config, `${dir}/data`, output, captureLog().log);
    const started = source.start(); // its first poll reads the file
    try {
      await waitFor('the source to ask for room', () => asked > 0, 5_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(output.events).toHaveLength(0);
      open?.();
      await started;
      await waitFor('every line', () => output.events.length === lines, 10_000);
      expect(output.events[lines - 1]?.text).toBe(`line ${lines - 1} ${'x'.repeat(50)}`);
      expect(output.batches).toBeGreaterThan(10);
      expect(emitsWithoutAsk).toBe(0);
      expect(emitsAfterAsk).toBe(output.batches);
    } finally {
      open?.();
      await started;
      await source.stop();
    }
  });

  it('stops while the queue has no room, and reads the rest after a restart', async () => {
    const lines = 20_000;
    let text = '';
    for (let i = 0; i < lines; i++) text += `line ${i} ${'x'.repeat(50)}\n`;
    writeFileSync(path.join(dir, 'log', 'app.log'), text);
    const config = loadConfig(`sources:\n  logs: {type: file, include: "${dir}/log/*", sink: s}\nsinks:\n  s: {type: hec, token: t, url: "http://127.0.0.1:1"}\n`, {}).sources.logs as FileSourceConfig;
    // Room for three slices, then never again: a queue full behind a server that does not answer.
    const first = captureOutput();
    let grants = 3;
    first.room = () => (grants-- > 0 ? Promise.resolve() : new Promise<void>(() => {}));
    const source = new FileSource('logs', config, `${dir}/data`, first, captureLog().log);
    void source.start();
    await waitFor('three slices', () => grants < 0, 5_000);
    await source.stop(); // must not wait for room that never comes
    expect(first.events.length).toBeGreaterThan(0);
    expect(first.events.length).toBeLessThan(lines);
    const second = captureOutput();
    const restarted = new FileSource('logs', config, `${dir}/data`, second, captureLog().log);
    await restarted.start();
    try {
      await waitFor('the rest', () => first.events.length + second.events.length === lines, 10_000);
      expect(second.events[0]?.text).toBe(`line ${first.events.length} ${'x'.repeat(50)}`);
    } finally {
      await restarted.stop();
    }
  });
});
