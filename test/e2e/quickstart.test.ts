/**
 * The README's "First steps", run as written: sign in, create a connector with the CLI, send an
 * event with curl, find it with the CLI search and with the HTTP API (also through curl).
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HECATE_BIN, marker, startHecate } from '../helpers/server.js';
import type { Hecate } from '../helpers/server.js';

const run = promisify(execFile);

function hasCurl(): boolean {
  try {
    execFileSync('curl', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const CURL = hasCurl();
if (!CURL) console.warn('quickstart: curl is not installed; skipping the README flow that uses it');

let hecate: Hecate;

interface CreatedConnector {
  id: string;
  name: string;
  parser: string;
  ingestUrl: string;
  apiKey: string;
}

/** Runs the hecate CLI the way the README does, with the server URL and password in the environment. */
async function cli(args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
  const { HECATE_TOKEN: _token, HECATE_USERNAME: _user, ...inherited } = process.env;
  return run(process.execPath, [HECATE_BIN, ...args], {
    env: { ...inherited, HECATE_URL: hecate.url, HECATE_PASSWORD: hecate.adminPassword, ...env },
    timeout: 20_000,
  });
}

async function curl(args: string[]): Promise<string> {
  const { stdout } = await run('curl', ['-s', '--max-time', '10', ...args], { timeout: 15_000 });
  return stdout;
}

beforeAll(async () => {
  hecate = await startHecate();
});

afterAll(async () => {
  await hecate?.dispose();
});

describe('sign-in (management API)', () => {
  it('gives the admin a session token for the right password', async () => {
    const response = await fetch(`${hecate.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: hecate.adminPassword }),
    });
    const body = (await response.json()) as { token?: unknown };
    expect(response.status).toBe(200);
    expect(typeof body.token).toBe('string');
  });

  it('answers a wrong password with 401 and a JSON error', async () => {
    const response = await fetch(`${hecate.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'wrong' }),
    });
    expect(response.status).toBe(401);
    expect(String(response.headers.get('content-type'))).toMatch(/^application\/json\b/);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).not.toHaveProperty('token');
  });

  it('rejects the management API without a session token', async () => {
    const response = await fetch(`${hecate.url}/api/v1/connectors`);
    expect(response.status).toBe(401);
  });
});

describe.skipIf(!CURL)('README first steps', () => {
  it('creates a connector with the CLI, sends an event with curl and finds it with the CLI search', async () => {
    const name = marker('quickstart_');
    const created = await cli(['connector', 'create', '--name', name, '--parser', 'json', '--json']);
    const connector = JSON.parse(created.stdout) as CreatedConnector;
    expect(connector.name).toBe(name);
    expect(connector.parser).toBe('json');
    expect(typeof connector.apiKey).toBe('string');
    expect(connector.ingestUrl).toBe(`${hecate.url}/services/collector`);

    const user = marker('ann');
    const sent = await curl([
      connector.ingestUrl,
      '-H',
      `Authorization: Splunk ${connector.apiKey}`,
      '-d',
      JSON.stringify({ event: { message: 'hello, Hecate', user }, sourcetype: 'demo' }),
    ]);
    expect(sent).toBe('{"text":"Success","code":0}');

    let found: { events: Array<Record<string, unknown>> } = { events: [] };
    const deadline = Date.now() + 3_000;
    while (found.events.length === 0 && Date.now() < deadline) {
      const searched = await cli(['search', `#connector=${name} user=${user}`, '--format', 'json']);
      found = JSON.parse(searched.stdout) as typeof found;
    }
    expect(found.events).toHaveLength(1);
    const [event] = found.events;
    expect(event?.['#connector']).toBe(name);
    expect(JSON.parse(String(event?.['@rawstring']))).toEqual({ message: 'hello, Hecate', user });
  });

  it('prints the API key and the ingest URL when creating a connector without --json', async () => {
    const name = marker('quickstart_text_');
    const { stdout } = await cli(['connector', 'create', '--name', name, '--parser', 'raw']);
    expect(stdout).toContain(`${hecate.url}/services/collector`);
    const key = /API key:\s+(\S+)/.exec(stdout)?.[1];
    expect(key).toBeDefined();
    const sent = await curl([`${hecate.url}/services/collector/raw`, '-H', `Authorization: Splunk ${String(key)}`, '-d', 'a raw line from curl']);
    expect(sent).toBe('{"text":"Success","code":0}');
  });

  it('signs in and searches through curl as the README shows', async () => {
    const login = await curl([`${hecate.url}/api/v1/auth/login`, '-d', JSON.stringify({ username: 'admin', password: hecate.adminPassword })]);
    const token = /"token":"([^"]*)"/.exec(login)?.[1];
    expect(token).toBeDefined();

    const m = marker('hello');
    const connector = await hecate.createConnector({ name: marker('quickstart_api_'), parser: 'json' });
    await curl([`${hecate.url}/services/collector`, '-H', `Authorization: Splunk ${connector.apiKey}`, '-d', JSON.stringify({ event: m })]);

    let events: unknown[] = [];
    const deadline = Date.now() + 3_000;
    while (events.length === 0 && Date.now() < deadline) {
      const answer = await curl([
        `${hecate.url}/api/v1/search`,
        '-H',
        `Authorization: Bearer ${String(token)}`,
        '-d',
        JSON.stringify({ query: m, start: '15m' }),
      ]);
      events = (JSON.parse(answer) as { events: unknown[] }).events;
      if (events.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(events).toHaveLength(1);
  });

  it('fails the CLI with a clear message and exit code 1 for a wrong password', async () => {
    await expect(cli(['connector', 'list'], { HECATE_PASSWORD: 'wrong' })).rejects.toMatchObject({ code: 1 });
  });
});
