/** HecateClient's query jobs against the real Hecate: start, poll, cancel, and queryJob to the end or to an abort. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEC, HecateApiError, HecateClient } from '../../packages/sdk/src/index.js';
import type { QueryJobPoll } from '../../packages/sdk/src/index.js';
import { marker, startHecate } from '../helpers/server.js';
import type { Hecate } from '../helpers/server.js';

const EVENTS = 12;
let hecate: Hecate;
let client: HecateClient;
let mark: string;

beforeAll(async () => {
  hecate = await startHecate();
  const connector = await hecate.createConnector({ name: 'jobs', parser: 'raw' });
  mark = marker('job');
  const hec = new HEC({ url: connector.ingestUrl, apiKey: connector.apiKey });
  await hec.sendEventList(Array.from({ length: EVENTS }, (_, i) => `${mark} n=${i}`));
  await hec.close();
  await hecate.waitForEvents(mark, EVENTS);
  client = new HecateClient({ url: hecate.url, token: hecate.adminToken });
});

afterAll(async () => {
  await hecate?.dispose();
});

/** What a poll of a job that no longer exists rejects with. */
const gone = (id: string) => client.pollQueryJob(id).catch((e: unknown) => e);

describe('HecateClient query jobs', () => {
  it('runs a job to the end, showing every poll to onProgress, then deletes it', async () => {
    const polls: Array<[QueryJobPoll, string]> = [];
    const result = await client.queryJob(mark, { start: '1h', limit: 5, onProgress: (poll, id) => polls.push([poll, id]) });
    expect(result.done).toBe(true);
    expect(result.events).toHaveLength(5);
    for (const event of result.events) expect(String(event['@rawstring'])).toContain(mark);
    expect(result.metaData).toMatchObject({ eventCount: 5, isAggregate: false, extraData: { hasMoreEvents: 'true' } });
    expect(result.metaData.workDone).toBe(result.metaData.totalWork);
    expect(polls.length).toBeGreaterThanOrEqual(1);
    expect(polls.at(-1)?.[0]).toEqual(result);
    const ids = new Set(polls.map(([, id]) => id));
    expect(ids.size).toBe(1);
    expect(await gone([...ids][0]!)).toMatchObject({ name: 'HecateApiError', status: 404, code: 'NOT_FOUND' });
  });

  it('answers an aggregate as rows, values as strings as LogScale does', async () => {
    const result = await client.queryJob(`${mark} | count()`, { start: '1h' });
    expect(result.metaData).toMatchObject({ isAggregate: true, fieldNames: ['_count'] });
    expect(result.events).toEqual([{ _count: String(EVENTS) }]);
  });

  it('starts, polls and cancels a job by hand', async () => {
    const id = await client.startQueryJob(mark, { start: '1h', end: 'now', limit: 100 });
    let poll = await client.pollQueryJob(id);
    while (!poll.done) poll = await client.pollQueryJob(id);
    expect(poll.events).toHaveLength(EVENTS);
    await client.cancelQueryJob(id);
    expect(await gone(id)).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it('rejects a malformed query with 400 QUERY_SYNTAX when the job is started', async () => {
    const error = (await client.queryJob(`${mark} | count(`, { start: '1h' }).catch((e: unknown) => e)) as HecateApiError;
    expect(error).toBeInstanceOf(HecateApiError);
    expect([error.status, error.code]).toEqual([400, 'QUERY_SYNTAX']);
  });

  it('stops polling a live job when the signal aborts, rejects with its reason and deletes the job', async () => {
    const controller = new AbortController();
    const ids: string[] = [];
    const outcome = await client
      .queryJob(mark, {
        start: '1h',
        isLive: true,
        signal: controller.signal,
        onProgress: (poll, id) => {
          ids.push(id);
          expect(poll.done).toBe(false);
          if (ids.length === 2) controller.abort();
        },
      })
      .catch((e: unknown) => e);
    expect(outcome).toMatchObject({ name: 'AbortError' });
    expect(ids).toHaveLength(2);
    expect(await gone(ids[0]!)).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it('starts nothing when the signal has already aborted', async () => {
    const outcome = await client.queryJob(mark, { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(outcome).toMatchObject({ name: 'AbortError' });
  });

  it('refuses a token the server does not know with 401', async () => {
    const stranger = new HecateClient({ url: hecate.url, token: 'nope' });
    await expect(stranger.startQueryJob(mark)).rejects.toMatchObject({ status: 401 });
  });
});
