/**
 * Sign-in rate limiting against the real binary (its own server: the per-address limit would
 * otherwise leak into other suites, which all connect from 127.0.0.1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHecate, type Hecate } from '../helpers/server.js';

let hecate: Hecate;

beforeAll(async () => {
  hecate = await startHecate();
});

afterAll(async () => {
  await hecate?.dispose();
});

const login = (username: string, password: string) =>
  fetch(`${hecate.url}/api/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username, password }) });

describe('login rate limiting', () => {
  it('answers 429 with Retry-After after 5 failures for a username, even with the right password', async () => {
    expect((await hecate.api('POST', '/api/v1/users', { username: 'target', password: 'target password ok', role: 'analyst' })).status).toBe(201);
    // A success resets the username's count: four failures, a success, four more are still under the limit.
    for (let i = 0; i < 4; i++) expect((await login('target', 'wrong password')).status).toBe(401);
    expect((await login('target', 'target password ok')).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await login('target', 'wrong password')).status).toBe(401);
    const limited = await login('target', 'target password ok');
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    const body = (await limited.json()) as { error: { code: string; retryAfterSeconds: number } };
    expect(body.error).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: retryAfter });
    // Other usernames are not affected by one username's limit (this address has 9 failures so far).
    expect((await login('admin', hecate.adminPassword)).status).toBe(200);
  });

  it('answers 429 for every username from an address with 20 failures', async () => {
    for (let i = 0; i < 11; i++) expect((await login(`nobody${i}`, 'wrong password')).status).toBe(401);
    expect((await login('admin', hecate.adminPassword)).status).toBe(429);
  });
});
