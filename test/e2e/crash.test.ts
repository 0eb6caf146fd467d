/**
 * Durability under a crash: several keep-alive clients post 100-event batches concurrently, the
 * server is killed with SIGKILL mid-stream and restarted on the same data directory. Every event of
 * every batch answered 200 must be searchable exactly once; a batch whose request failed may be
 * there or not, but whole (a request is committed as one unit) and never twice.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUCCESS } from '../helpers/hec.js';
import { guid, marker, rawRequest, splunkAuth, startHecate } from '../helpers/server.js';
import type { Connector, Hecate } from '../helpers/server.js';

const CLIENTS = 8;
const EVENTS_PER_BATCH = 100;
const LOAD_BEFORE_KILL_MS = 1_500;
/** Pause between a client's batches: keeps the number of batches to verify (one search each) in the hundreds. */
const PAUSE_BETWEEN_BATCHES_MS = 20;

interface Batch {
  /** Free-text marker unique to the batch (no marker is a substring of another). */
  tag: string;
  body: string;
  /** Sent as X-Request-Id when the run uses ids. */
  requestId?: string;
  outcome: 'acknowledged' | 'failed';
  detail: string;
}

let hecate: Hecate;
let connector: Connector;

beforeAll(async () => {
  hecate = await startHecate();
  connector = await hecate.createConnector({ name: marker('crash_') });
});

afterAll(async () => {
  await hecate?.dispose();
});

function batchBody(tag: string): string {
  let body = '';
  for (let i = 0; i < EVENTS_PER_BATCH; i++) body += JSON.stringify({ event: `${tag} e${i}`, fields: { seq: i } }) + '\n';
  return body;
}

function post(batch: Batch, agent?: http.Agent): ReturnType<typeof rawRequest> {
  const headers = { ...splunkAuth(connector.apiKey), ...(batch.requestId === undefined ? {} : { 'x-request-id': batch.requestId }) };
  return rawRequest(hecate.port, '/services/collector/event', { body: batch.body, headers }, agent);
}

/**
 * One client: posts batches on one keep-alive connection until `stopped()` or until the server is
 * gone (the first transport error: a shipper would back off there).
 */
async function runClient(run: string, client: number, withIds: boolean, stopped: () => boolean, batches: Batch[]): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    for (let n = 0; !stopped(); n++) {
      const tag = `${run}x${client}x${n}y`;
      const batch: Batch = { tag, body: batchBody(tag), ...(withIds ? { requestId: guid() } : {}), outcome: 'failed', detail: '' };
      try {
        const reply = await post(batch, agent);
        batch.outcome = reply.status === 200 && reply.text === SUCCESS ? 'acknowledged' : 'failed';
        batch.detail = `${reply.status} ${reply.text}`;
      } catch (error) {
        batch.detail = String(error);
        batches.push(batch);
        return;
      }
      batches.push(batch);
      await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_BATCHES_MS));
    }
  } finally {
    agent.destroy();
  }
}

/**
 * Runs CLIENTS concurrent clients, interrupts the server after LOAD_BEFORE_KILL_MS, and returns every
 * batch tried. `interrupt` calls `stopClients` once the signal is sent: clients finish the request
 * they are in and send no more.
 */
async function loadThenInterrupt(
  withIds: boolean,
  interrupt: (stopClients: () => void) => Promise<void>,
): Promise<{ acknowledged: Batch[]; failed: Batch[] }> {
  const run = marker('crash');
  const batches: Batch[] = [];
  let interrupted = false;
  const clients = Array.from({ length: CLIENTS }, (_, c) => runClient(run, c, withIds, () => interrupted, batches));
  await new Promise((resolve) => setTimeout(resolve, LOAD_BEFORE_KILL_MS));
  await interrupt(() => {
    interrupted = true;
  });
  interrupted = true;
  await Promise.all(clients);
  const acknowledged = batches.filter((b) => b.outcome === 'acknowledged');
  const failed = batches.filter((b) => b.outcome === 'failed');
  console.info(`crash: ${acknowledged.length} batches acknowledged, ${failed.length} failed (${failed.map((b) => b.detail).slice(0, 4).join(' | ')})`);
  // The test proves nothing unless load was really running when the server went down.
  expect(acknowledged.length).toBeGreaterThanOrEqual(CLIENTS);
  return { acknowledged, failed };
}

/** Counts each event text of a batch among the search results. */
async function countsOf(batch: Batch): Promise<Map<string, number>> {
  const events = await hecate.search(batch.tag, { start: '1h', limit: 10 * EVENTS_PER_BATCH });
  const counts = new Map<string, number>();
  for (const event of events) {
    const text = String(event['@rawstring']);
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  return counts;
}

async function inParallel<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await work(item);
      }
    }),
  );
}

/** Problems with batches that must be stored exactly once (empty when all are). */
async function checkExactlyOnce(batches: Batch[], label: string): Promise<string[]> {
  const problems: string[] = [];
  const last = batches[batches.length - 1];
  // Recovery may replay the log into the index first: give the newest batch time to appear.
  if (last !== undefined) await hecate.waitForEvents(last.tag, EVENTS_PER_BATCH, 15_000, { start: '1h', limit: 10 * EVENTS_PER_BATCH });
  await inParallel(batches, 8, async (batch) => {
    let counts = await countsOf(batch);
    for (let attempt = 0; counts.size < EVENTS_PER_BATCH && attempt < 20; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      counts = await countsOf(batch);
    }
    for (let i = 0; i < EVENTS_PER_BATCH; i++) {
      const n = counts.get(`${batch.tag} e${i}`) ?? 0;
      if (n !== 1) problems.push(`${label} ${batch.tag} e${i} found ${n} times`);
    }
  });
  return problems;
}

/** Problems with failed batches: each may be absent or whole, never partial, never duplicated. */
async function checkAtMostOnce(batches: Batch[]): Promise<string[]> {
  const problems: string[] = [];
  await inParallel(batches, 8, async (batch) => {
    const counts = await countsOf(batch);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const duplicated = [...counts.entries()].filter(([, n]) => n > 1);
    if (duplicated.length > 0) problems.push(`failed ${batch.tag} (${batch.detail}) has duplicates: ${duplicated.slice(0, 3).join(' ')}`);
    if (total !== 0 && counts.size !== EVENTS_PER_BATCH) {
      problems.push(`failed ${batch.tag} (${batch.detail}) is partly stored: ${counts.size} of ${EVENTS_PER_BATCH} events`);
    }
  });
  return problems;
}

async function expectServingAgain(): Promise<void> {
  const after = marker('after');
  const reply = await hecate.hec('/services/collector/event', { body: JSON.stringify({ event: after }), headers: splunkAuth(connector.apiKey) });
  expect([reply.status, reply.text]).toEqual([200, SUCCESS]);
  expect(await hecate.waitForEvents(after, 1)).toHaveLength(1);
}

describe('kill -9 under concurrent load', () => {
  it(
    'keeps every event of every acknowledged batch exactly once after a restart',
    async () => {
      const { acknowledged, failed } = await loadThenInterrupt(false, async (stopClients) => {
        await hecate.kill9();
        stopClients();
      });
      expect(failed.length).toBeGreaterThanOrEqual(1);
      await hecate.restart();
      const problems = [...(await checkExactlyOnce(acknowledged, 'acknowledged')), ...(await checkAtMostOnce(failed))];
      expect(problems.slice(0, 20)).toEqual([]);
      await expectServingAgain();
    },
    60_000,
  );

  it(
    'delivers every batch exactly once when the clients retry their failed batches with the same X-Request-Id',
    async () => {
      const { acknowledged, failed } = await loadThenInterrupt(true, async (stopClients) => {
        await hecate.kill9();
        stopClients();
      });
      expect(failed.length).toBeGreaterThanOrEqual(1);
      await hecate.restart();
      const retries: string[] = [];
      for (const batch of failed) {
        const reply = await post(batch);
        if (reply.status !== 200 || reply.text !== SUCCESS) retries.push(`${batch.tag}: ${reply.status} ${reply.text}`);
      }
      expect(retries).toEqual([]);
      const problems = await checkExactlyOnce([...acknowledged, ...failed], 'batch');
      expect(problems.slice(0, 20)).toEqual([]);
    },
    60_000,
  );
});

describe('SIGTERM under concurrent load', () => {
  it(
    'finishes the requests in flight, exits with 0 and keeps every acknowledged batch exactly once',
    async () => {
      let exitCode: number | null = null;
      const { acknowledged, failed } = await loadThenInterrupt(false, async (stopClients) => {
        const stopped = hecate.stop();
        stopClients();
        exitCode = await stopped;
      });
      expect(exitCode).toBe(0);
      await hecate.restart();
      const problems = [...(await checkExactlyOnce(acknowledged, 'acknowledged')), ...(await checkAtMostOnce(failed))];
      expect(problems.slice(0, 20)).toEqual([]);
      await expectServingAgain();
    },
    60_000,
  );
});
