/**
 * `hecate search` against the real server, run as a user runs it (the built binary, the server URL
 * and password in the environment): every output format for events and for aggregate rows, the
 * summary on standard error, and an interrupted search deleting its query job on the server.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../packages/server/src/cli/api-client.js';
import { runSearchJob, SearchCancelled } from '../../packages/server/src/cli/search-command.js';
import { HECATE_BIN, marker, splunkAuth, startHecate } from '../helpers/server.js';
import type { Hecate } from '../helpers/server.js';

const run = promisify(execFile);
let hecate: Hecate;
let tag: string;
const T0 = Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000;

async function cli(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  const { HECATE_TOKEN: _token, HECATE_USERNAME: _user, ...inherited } = process.env;
  try {
    const { stdout, stderr } = await run(process.execPath, [HECATE_BIN, ...args], {
      env: { ...inherited, HECATE_URL: hecate.url, HECATE_PASSWORD: hecate.adminPassword },
      timeout: 20_000,
    });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const failed = err as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

beforeAll(async () => {
  hecate = await startHecate();
  tag = marker('cli');
  const { apiKey } = await hecate.createConnector({ name: marker('clisearch'), parser: 'json' });
  const events = [
    { time: (T0 + 1_000) / 1000, event: { tag, user: 'ann', note: 'plain' } },
    { time: (T0 + 2_000) / 1000, event: { tag, user: 'bob', note: 'says "hi", twice' } },
    { time: (T0 + 3_000) / 1000, event: { tag, user: 'ann', note: 'two\nlines' } },
  ];
  const reply = await hecate.hec('/services/collector/event', { headers: splunkAuth(apiKey), body: events.map((e) => JSON.stringify(e)).join('') });
  expect(reply.status).toBe(200);
  await hecate.waitForEvents(`tag=${tag}`, 3, 10_000);
}, 60_000);

afterAll(async () => {
  await hecate?.dispose();
});

describe('hecate search', () => {
  it('prints one line per event by default, newest first, and a summary on standard error', async () => {
    const { stdout, stderr, code } = await cli(['search', `tag=${tag}`, '--start', '1h']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`${new Date(T0 + 3_000).toISOString()}  ${JSON.stringify({ tag, user: 'ann', note: 'two\nlines' })}`);
    expect(lines).toHaveLength(3);
    expect(stderr).toMatch(/^3 event\(s\) in \d+ ms\n$/);
  });

  it('writes RFC 4180 CSV with a header row and quoted fields', async () => {
    const { stdout } = await cli(['search', `tag=${tag}`, '--start', '1h', '--format', 'csv']);
    const [header] = stdout.split('\r\n');
    const columns = header?.split(',') ?? [];
    expect(columns).toEqual(expect.arrayContaining(['@timestamp', '@rawstring', '#connector', 'tag', 'user', 'note']));
    expect(stdout.endsWith('\r\n')).toBe(true);
    expect(stdout).toContain(',"says ""hi"", twice"');
    expect(stdout).toContain(',"two\nlines"');
    // Three records after the header: split on the CRLF record ends, not on the LF inside a quoted field.
    expect(stdout.split('\r\n').filter((l) => l !== '')).toHaveLength(4);
    expect(stdout.split('\r\n')[1]?.startsWith(`${T0 + 3_000},`)).toBe(true);
  });

  it('prints a table of @timestamp and the events’ own fields', async () => {
    const { stdout } = await cli(['search', `tag=${tag}`, '--start', '1h', '--format', 'table']);
    const lines = stdout.split('\n');
    expect(lines[0]?.split(/\s+/)).toEqual(['@timestamp', 'tag', 'user', 'note']);
    expect(lines[2]).toContain(new Date(T0 + 3_000).toISOString());
    expect(lines[2]).toContain('two lines');
  });

  it('prints aggregate rows as a table by default and as CSV on request', async () => {
    const query = `tag=${tag} | groupBy(user)`;
    const table = await cli(['search', query, '--start', '1h']);
    expect(table.stdout).toBe(['user  _count', '----  ------', 'ann   2', 'bob   1', ''].join('\n'));
    expect(table.stderr).toMatch(/^2 row\(s\) in \d+ ms\n$/);
    const csv = await cli(['search', query, '--start', '1h', '--format', 'csv']);
    expect(csv.stdout).toBe('user,_count\r\nann,2\r\nbob,1\r\n');
  });

  it('prints the job answer with --format json', async () => {
    const { stdout } = await cli(['search', `tag=${tag}`, '--start', '1h', '--format', 'json', '--limit', '2']);
    const answer = JSON.parse(stdout) as { done: boolean; events: unknown[]; metaData: { extraData?: { hasMoreEvents?: string } } };
    expect(answer.done).toBe(true);
    expect(answer.events).toHaveLength(2);
    expect(answer.metaData.extraData?.hasMoreEvents).toBe('true');
  });

  it('says when --limit cut the answer', async () => {
    const { stdout, stderr } = await cli(['search', `tag=${tag}`, '--start', '1h', '--limit', '1']);
    expect(stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toContain('limit 1 reached; use --limit');
  });

  it('refuses an unknown format and shows the server’s message for a malformed query', async () => {
    const format = await cli(['search', `tag=${tag}`, '--format', 'xml']);
    expect(format.code).toBe(1);
    expect(format.stderr).toContain('--format must be one of raw, json, table, csv');
    const syntax = await cli(['search', 'a and (b']);
    expect(syntax.code).toBe(1);
    expect(syntax.stderr).toContain('(HTTP 400)');
  });

  it('deletes its job on the server when interrupted', async () => {
    const client = new ApiClient({ url: hecate.url, token: hecate.adminToken }, {});
    const calls: string[] = [];
    const recording = {
      call: <T>(method: string, path: string, body?: unknown): Promise<T> => {
        calls.push(`${method} ${path}`);
        return client.call<T>(method, path, body);
      },
    };
    const interrupted = new AbortController();
    interrupted.abort();
    await expect(runSearchJob(recording, { queryString: `tag=${tag}`, start: '1h', end: 'now', limit: 10 }, { signal: interrupted.signal })).rejects.toBeInstanceOf(SearchCancelled);
    const created = calls.find((c) => c.startsWith('DELETE '))?.slice('DELETE '.length);
    expect(calls).toEqual(['POST /api/v1/queryjobs', `DELETE ${String(created)}`]);
    const after = await hecate.api<{ error: { code: string } }>('GET', String(created));
    expect(after.status).toBe(404);
  });
});
