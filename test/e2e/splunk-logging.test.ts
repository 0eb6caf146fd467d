/**
 * Splunk's own Node client, `splunk-logging` (npm), sends events to Hecate unmodified: only the
 * URL and the token change. It posts concatenated envelopes to /services/collector/event/1.0 with
 * `Authorization: Splunk <token>`, Content-Type application/x-www-form-urlencoded, and `time` as a
 * string of seconds with milliseconds.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marker, startHecate, timestampMs } from '../helpers/server.js';
import type { Connector, Hecate } from '../helpers/server.js';

interface SplunkLoggerConfig {
  token: string;
  url?: string;
  maxBatchCount?: number;
  maxBatchSize?: number;
  batchInterval?: number;
  maxRetries?: number;
}

interface SendContext {
  message: unknown;
  severity?: string;
  metadata?: { time?: number | Date; host?: string; source?: string; sourcetype?: string; index?: string };
}

type SendCallback = (error: Error | null, response: { statusCode?: number } | undefined, body: unknown) => void;

interface SplunkLogger {
  send(context: SendContext, callback?: SendCallback): void;
  flush(callback?: SendCallback): void;
  error: (error: Error, context: unknown) => void;
}

type SplunkLoggerConstructor = new (config: SplunkLoggerConfig) => SplunkLogger;

const require = createRequire(import.meta.url);
const SplunkLoggerClass = require('splunk-logging').Logger as SplunkLoggerConstructor;

interface Outcome {
  error: Error | null;
  status: number | undefined;
  body: unknown;
}

/** needle parses JSON replies by Content-Type; accept either form. */
function bodyOf(body: unknown): { text?: string; code?: number } {
  if (typeof body === 'string') return JSON.parse(body) as { text?: string; code?: number };
  if (Buffer.isBuffer(body)) return JSON.parse(body.toString('utf8')) as { text?: string; code?: number };
  return body as { text?: string; code?: number };
}

let hecate: Hecate;
let connector: Connector;

function loggerFor(config: Omit<SplunkLoggerConfig, 'url'>): { logger: SplunkLogger; errors: Error[] } {
  const logger = new SplunkLoggerClass({ url: hecate.url, ...config });
  const errors: Error[] = [];
  // The library logs to the console by default; collect instead.
  logger.error = (error) => errors.push(error);
  return { logger, errors };
}

function sendAll(logger: SplunkLogger, contexts: SendContext[], batchCount: number): Promise<Outcome[]> {
  const flushes = Math.ceil(contexts.length / batchCount);
  return new Promise((resolve) => {
    const outcomes: Outcome[] = [];
    for (const context of contexts) {
      logger.send(context, (error, response, body) => {
        outcomes.push({ error, status: response?.statusCode, body });
        if (outcomes.length === flushes) resolve(outcomes);
      });
    }
  });
}

beforeAll(async () => {
  hecate = await startHecate();
  connector = await hecate.createConnector({ name: marker('splunk_logging_'), parser: 'json' });
});

afterAll(async () => {
  await hecate?.dispose();
});

describe('splunk-logging 0.11.1 against Hecate', () => {
  it('delivers ten events in two batches of five, all found by #connector and a marker', async () => {
    const m = marker();
    const { logger, errors } = loggerFor({ token: connector.apiKey, maxBatchCount: 5 });
    const contexts = Array.from({ length: 10 }, (_, i) => ({ message: { marker: m, seq: i, text: `hello ${i}` }, severity: 'info' }));
    const outcomes = await sendAll(logger, contexts, 5);
    expect(outcomes.map((o) => [o.error, o.status, bodyOf(o.body)])).toEqual([
      [null, 200, { text: 'Success', code: 0 }],
      [null, 200, { text: 'Success', code: 0 }],
    ]);
    expect(errors).toEqual([]);
    const events = await hecate.waitForEvents(`#connector=${connector.name} and ${m}`, 10);
    expect(events).toHaveLength(10);
    const seqs = events.map((e) => (JSON.parse(String(e['@rawstring'])) as { message: { seq: number } }).message.seq).sort((a, b) => a - b);
    expect(seqs).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(new Set(events.map((e) => e['#connector']))).toEqual(new Set([connector.name]));
  });

  it('keeps the metadata and the string time the library sends', async () => {
    const m = marker();
    const time = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
    const { logger, errors } = loggerFor({ token: connector.apiKey });
    const [outcome] = await sendAll(
      logger,
      [{ message: `${m} with metadata`, metadata: { time, host: 'lib-host', source: 'lib-source', index: 'libindex' } }],
      1,
    );
    expect(outcome?.status).toBe(200);
    expect(errors).toEqual([]);
    const [stored] = await hecate.waitForEvents(m, 1, 3_000, { start: time.getTime() - 60_000, end: time.getTime() + 60_000 });
    expect(stored).toBeDefined();
    if (stored === undefined) return;
    expect(timestampMs(stored)).toBe(time.getTime());
    expect([stored['@host'], stored['@source'], stored['#repo']]).toEqual(['lib-host', 'lib-source', 'libindex']);
    expect(JSON.parse(String(stored['@rawstring']))).toEqual({ message: `${m} with metadata`, severity: 'info' });
  });

  it('flushes on the batch interval', async () => {
    const m = marker();
    const { logger, errors } = loggerFor({ token: connector.apiKey, batchInterval: 200, maxBatchCount: 1000 });
    try {
      for (let i = 0; i < 3; i++) logger.send({ message: { marker: m, i } });
      const events = await hecate.waitForEvents(m, 3, 5_000);
      expect(events).toHaveLength(3);
      expect(errors).toEqual([]);
    } finally {
      // Stop the library's interval timer so the worker can exit.
      (logger as unknown as { _disableTimer(): void })._disableTimer();
    }
  });

  it('reports the HEC error code to the library when the token is wrong', async () => {
    const { logger, errors } = loggerFor({ token: 'not-a-real-token' });
    const [outcome] = await sendAll(logger, [{ message: 'rejected' }], 1);
    expect(outcome?.status).toBe(403);
    expect(bodyOf(outcome?.body)).toEqual({ text: 'Invalid token', code: 4 });
    expect(errors.map((e) => [e.message, (e as Error & { code?: number }).code])).toEqual([['Invalid token', 4]]);
  });

  it('reports code 1 to the library once the connector is paused', async () => {
    const paused = await hecate.createConnector({ name: marker('splunk_logging_paused_') });
    await hecate.api('PATCH', `/api/v1/connectors/${paused.id}`, { enabled: false });
    const { logger } = loggerFor({ token: paused.apiKey });
    const [outcome] = await sendAll(logger, [{ message: 'paused' }], 1);
    expect(outcome?.status).toBe(403);
    expect(bodyOf(outcome?.body)).toEqual({ text: 'Token disabled', code: 1 });
  });
});
