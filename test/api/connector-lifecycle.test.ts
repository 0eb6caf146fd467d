/**
 * Connector lifecycle and status against the real binary: key regeneration (with and without a
 * grace period), pause, delete, status and 24-hour counters, the Error status, the per-sender view
 * with a silent sender, and the CLI commands that drive them.
 *
 * The silent-sender case runs with senderSilentMinSeconds=1 so a sender whose usual interval is
 * about a second is flagged after about ten seconds of silence instead of fifteen minutes.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HECATE_BIN, marker, splunkAuth, startHecate, type Hecate } from '../helpers/server.js';

interface StatusBody {
  status: string;
  lastIngestedAt: string | null;
  last24h: { requests: number; rejectedRequests: number; events: number; bytes: number; parseErrors: number; hecErrorsByCode: Record<string, number> };
  keys: { keyFingerprint: string; keyLastUsedAt: string | null; previousKeyFingerprint?: string };
}
interface RotateBody {
  apiKey: string;
  keyFingerprint: string;
  previousKeyFingerprint: string;
  previousKeyValidUntil?: string;
}
interface SendersBody {
  senders: Array<{ host: string | null; source: string | null; events: number; silent: boolean; usualIntervalSeconds: number | null }>;
}

let hecate: Hecate;

beforeAll(async () => {
  hecate = await startHecate({ env: { HECATE_SENDER_SILENT_MIN_SECONDS: '1' } });
});

afterAll(async () => {
  await hecate?.dispose();
});

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));
const send = (key: string, body: string) => hecate.hec('/services/collector', { method: 'POST', headers: splunkAuth(key), body });
const status = async (id: string) => (await hecate.api<StatusBody>('GET', `/api/v1/connectors/${id}/status`)).body;

/** Polls until `check` passes (the receiver reports a request right after answering it). */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => void, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    try {
      check(value);
      return value;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(50);
    }
  }
}

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [HECATE_BIN, ...args], {
    env: { ...process.env, HECATE_URL: hecate.url, HECATE_TOKEN: hecate.adminToken },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return once(child, 'exit').then(([code]) => ({ code: code as number | null, stdout, stderr }));
}

describe('API key regeneration', () => {
  it('without a grace period: the new key works and the old one answers code 4 at once', async () => {
    const c = await hecate.createConnector({ name: marker('rot') });
    const reply = await hecate.api<RotateBody>('POST', `/api/v1/connectors/${c.id}/api-key`, {});
    expect(reply.status).toBe(200);
    expect(reply.body.previousKeyValidUntil).toBeUndefined();
    expect(reply.body.apiKey).not.toBe(c.apiKey);
    const old = await send(c.apiKey, '{"event":"x"}');
    expect([old.status, old.body.code]).toEqual([403, 4]);
    expect((await send(reply.body.apiKey, '{"event":"x"}')).body.code).toBe(0);
    const shown = await hecate.api('GET', `/api/v1/connectors/${c.id}`);
    expect(shown.text).not.toContain(reply.body.apiKey);
    expect((shown.body as { keyFingerprint: string }).keyFingerprint).toBe(reply.body.keyFingerprint);
  });

  it('with a grace period: both keys work until it ends, then the old one stops without a restart', async () => {
    const c = await hecate.createConnector({ name: marker('grace') });
    const reply = await hecate.api<RotateBody>('POST', `/api/v1/connectors/${c.id}/api-key`, { gracePeriodSeconds: 2 });
    expect(reply.status).toBe(200);
    expect(Date.parse(reply.body.previousKeyValidUntil ?? '')).toBeGreaterThan(Date.now());
    expect((await send(c.apiKey, '{"event":"old"}')).body.code).toBe(0);
    expect((await send(reply.body.apiKey, '{"event":"new"}')).body.code).toBe(0);
    expect((await status(c.id)).keys.previousKeyFingerprint).toBe(reply.body.previousKeyFingerprint);
    await sleep(Math.max(0, Date.parse(reply.body.previousKeyValidUntil ?? '') - Date.now()) + 100);
    expect((await send(c.apiKey, '{"event":"old"}')).body.code).toBe(4);
    expect((await send(reply.body.apiKey, '{"event":"new"}')).body.code).toBe(0);
    expect((await status(c.id)).keys.previousKeyFingerprint).toBeUndefined();
  });

  it('refuses a grace period over 7 days, with the field named', async () => {
    const c = await hecate.createConnector({ name: marker('long') });
    const reply = await hecate.api<{ error: { code: string; field: string } }>('POST', `/api/v1/connectors/${c.id}/api-key`, { gracePeriodSeconds: 8 * 86400 });
    expect([reply.status, reply.body.error.code, reply.body.error.field]).toEqual([400, 'INVALID_FIELD', 'gracePeriodSeconds']);
    expect((await send(c.apiKey, '{"event":"still works"}')).body.code).toBe(0);
  });
});

describe('pause and delete', () => {
  it('a paused connector answers code 1, and accepts again when resumed', async () => {
    const c = await hecate.createConnector({ name: marker('pause') });
    await hecate.api('PATCH', `/api/v1/connectors/${c.id}`, { enabled: false });
    const paused = await send(c.apiKey, '{"event":"x"}');
    expect([paused.status, paused.body.code]).toEqual([403, 1]);
    expect((await status(c.id)).status).toBe('Paused');
    await hecate.api('PATCH', `/api/v1/connectors/${c.id}`, { enabled: true });
    expect((await send(c.apiKey, '{"event":"x"}')).body.code).toBe(0);
  });

  it('delete stops the key at once, keeps the events searchable, and frees the name', async () => {
    const name = marker('del');
    const c = await hecate.createConnector({ name });
    expect((await send(c.apiKey, `{"event":{"msg":"${name}"}}`)).body.code).toBe(0);
    expect((await hecate.api('DELETE', `/api/v1/connectors/${c.id}`)).status).toBe(204);
    expect((await send(c.apiKey, '{"event":"x"}')).body.code).toBe(4);
    expect(await hecate.waitForEvents(`#connector=${name}`, 1)).toHaveLength(1);
    await hecate.createConnector({ name });
  });
});

describe('status and health', () => {
  it('goes from Pending to Active with events, bytes, parse errors and HEC errors by code', async () => {
    const c = await hecate.createConnector({ name: marker('st'), parser: 'json' });
    expect((await status(c.id)).status).toBe('Pending');
    const good = '{"event":{"a":1}}{"event":"not json"}';
    const bad = '{"event":';
    expect((await send(c.apiKey, good)).body.code).toBe(0);
    expect((await send(c.apiKey, bad)).body.code).toBe(6);
    const s = await eventually(
      () => status(c.id),
      (v) => expect(v.last24h.requests).toBe(2),
    );
    expect(s.status).toBe('Active');
    expect(s.lastIngestedAt).not.toBeNull();
    expect(s.keys.keyLastUsedAt).not.toBeNull();
    expect(s.last24h).toEqual({
      requests: 2,
      rejectedRequests: 1,
      events: 2,
      bytes: Buffer.byteLength(good) + Buffer.byteLength(bad),
      parseErrors: 1,
      hecErrorsByCode: { '6': 1 },
    });
    const listed = (await hecate.api<{ connectors: Array<{ id: string; status: string; health: { last24h: unknown } }> }>('GET', '/api/v1/connectors')).body.connectors.find(
      (x) => x.id === c.id,
    );
    expect(listed?.status).toBe('Active');
    expect(listed?.health.last24h).toEqual(s.last24h);
  });

  it('turns Error after repeated rejected requests and recovers with one accepted request', async () => {
    const c = await hecate.createConnector({ name: marker('err') });
    for (let i = 0; i < 5; i++) expect((await send(c.apiKey, '{"nothing":1}')).status).toBe(400);
    await eventually(
      () => status(c.id),
      (v) => expect(v.status).toBe('Error'),
    );
    expect((await send(c.apiKey, '{"event":"ok"}')).body.code).toBe(0);
    await eventually(
      () => status(c.id),
      (v) => expect(v.status).toBe('Active'),
    );
  });

  it('keeps the counters across a restart', async () => {
    const c = await hecate.createConnector({ name: marker('keep') });
    expect((await send(c.apiKey, '{"event":"a"}{"event":"b"}{"event":"c"}')).body.code).toBe(0);
    await eventually(
      () => status(c.id),
      (v) => expect(v.last24h.events).toBe(3),
    );
    await hecate.restart();
    const s = await status(c.id);
    expect([s.status, s.last24h.events, s.last24h.requests]).toEqual(['Active', 3, 1]);
  });
});

describe('senders', () => {
  it('lists each host with its count and flags the one that went quiet', async () => {
    const c = await hecate.createConnector({ name: marker('snd') });
    const from = (host: string) => send(c.apiKey, `{"event":"tick","host":"${host}","source":"fw.log"}`);
    // Both hosts send about once a second (the finest interval sampled); then fw-quiet stops.
    for (let i = 0; i < 2; i++) {
      await Promise.all([from('fw-quiet'), from('fw-busy')]);
      await sleep(1050);
    }
    // fw-quiet's usual interval is now about 1 s: silent after about 10 s.
    const quietUntil = Date.now() + 12_000;
    while (Date.now() < quietUntil) {
      await from('fw-busy');
      await sleep(1000);
    }
    const all = (await hecate.api<SendersBody>('GET', `/api/v1/connectors/${c.id}/senders`)).body.senders;
    const byHost = Object.fromEntries(all.map((s) => [s.host, s]));
    expect(Object.keys(byHost).sort()).toEqual(['fw-busy', 'fw-quiet']);
    expect(byHost['fw-quiet']).toMatchObject({ source: 'fw.log', events: 2, silent: true });
    expect(byHost['fw-busy']?.silent).toBe(false);
    expect(byHost['fw-busy']?.usualIntervalSeconds).toBeGreaterThanOrEqual(1);
    const silent = (await hecate.api<SendersBody>('GET', `/api/v1/connectors/${c.id}/senders?silent=true`)).body.senders;
    expect(silent.map((s) => s.host)).toEqual(['fw-quiet']);
  }, 30_000);
});

describe('CLI', () => {
  it('finds a connector by name for status, pause, resume, regenerate-key and update', async () => {
    const name = marker('cli');
    const c = await hecate.createConnector({ name });
    const st = await cli(['connector', 'status', name, '--json']);
    expect(st.code, st.stderr).toBe(0);
    expect((JSON.parse(st.stdout) as { status: string }).status).toBe('Pending');

    expect((await cli(['connector', 'pause', name])).stdout).toContain('Paused');
    expect((await send(c.apiKey, '{"event":"x"}')).body.code).toBe(1);
    expect((await cli(['connector', 'resume', c.id])).code).toBe(0);

    const rot = await cli(['connector', 'regenerate-key', name, '--grace', '1h', '--json']);
    expect(rot.code, rot.stderr).toBe(0);
    const rotated = JSON.parse(rot.stdout) as RotateBody;
    expect((await send(c.apiKey, '{"event":"old"}')).body.code).toBe(0);
    expect((await send(rotated.apiKey, '{"event":"new"}')).body.code).toBe(0);

    const up = await cli(['connector', 'update', name, '--description', 'edited']);
    expect(up.code, up.stderr).toBe(0);
    expect((await hecate.api<{ description: string }>('GET', `/api/v1/connectors/${c.id}`)).body.description).toBe('edited');

    const missing = await cli(['connector', 'status', 'no-such-connector']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no connector with id or name');
  }, 30_000);
});
