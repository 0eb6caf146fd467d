/**
 * Users, API tokens, the audit log and role-based navigation in a real browser against a real server.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marker, startHecate, type Hecate } from '../helpers/server.js';
import { launchBrowser, openConsole, requireConsoleAndBrowser, screenshot, signIn, type ConsolePage } from './browser.js';

let hecate: Hecate;
let browser: Browser;
let admin: ConsolePage;
let page: Page;

const ANALYST = marker('ann');
const ANALYST_PASSWORD = `pw-${marker('')}-long`;
const TOKEN_NAME = marker('ci');

beforeAll(async () => {
  requireConsoleAndBrowser();
  hecate = await startHecate();
  browser = await launchBrowser();
  admin = await openConsole(browser, hecate);
  page = admin.page;
  await signIn(page, 'admin', hecate.adminPassword);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await hecate?.dispose();
});

describe('users', () => {
  it('creates a user with a role', async () => {
    await page.getByRole('link', { name: 'Users' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/users', { waitUntil: 'commit' });
    await page.getByText('Add a user').click();
    await page.getByLabel('Username').fill(ANALYST);
    await page.getByLabel('Password').fill(ANALYST_PASSWORD);
    await page.getByLabel('Role', { exact: true }).selectOption('analyst');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByText(`Created ${ANALYST}.`).waitFor();
    const row = page.locator(`tr[data-user="${ANALYST}"]`);
    await row.waitFor();
    expect(await row.getByLabel(`Role of ${ANALYST}`).inputValue()).toBe('analyst');
  });

  it('refuses a short password with the server’s message', async () => {
    await page.getByLabel('Username').fill(marker('bob'));
    await page.getByLabel('Password').fill('short');
    // The browser's own check (minlength) stops the form first; remove it to see the server's answer.
    await page.getByLabel('Password').evaluate((input) => input.removeAttribute('minlength'));
    await page.getByRole('button', { name: 'Create user' }).click();
    expect(await page.getByRole('alert').textContent()).toMatch(/12 characters/);
  });

  it('changes a role and disables and enables a user', async () => {
    const row = page.locator(`tr[data-user="${ANALYST}"]`);
    await row.getByLabel(`Role of ${ANALYST}`).selectOption('read_only');
    await row.getByLabel(`${ANALYST} may search raw data`).waitFor();
    const users = await hecate.api<{ users: { username: string; role: string; disabled: boolean }[] }>('GET', '/api/v1/users');
    expect(users.body.users.find((u) => u.username === ANALYST)?.role).toBe('read_only');
    await row.getByRole('button', { name: `Disable ${ANALYST}` }).click();
    await row.getByText('Disabled').waitFor();
    await screenshot(page, 'users');
    await row.getByRole('button', { name: `Enable ${ANALYST}` }).click();
    await row.getByText('Enabled').waitFor();
    await row.getByLabel(`Role of ${ANALYST}`).selectOption('analyst');
    await row.getByText('with the role').waitFor();
  });
});

describe('API tokens', () => {
  let token = '';

  it('creates a token and shows it once, with a copy button', async () => {
    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/tokens', { waitUntil: 'commit' });
    await page.getByLabel('Name').fill(TOKEN_NAME);
    await page.getByLabel('Role').selectOption('analyst');
    await page.getByLabel('Expires after').selectOption('30');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByText('it will not be shown again').waitFor();
    token = await page.getByLabel('API token', { exact: true }).inputValue();
    expect(token).toMatch(/^hct_/);
    await page.getByRole('button', { name: 'Copy API token' }).click();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(token);
    await screenshot(page, 'token-created');
    const answer = await fetch(`${hecate.url}/api/v1/connectors`, { headers: { authorization: `Bearer ${token}` } });
    expect(answer.status).toBe(200);
  });

  it('lists the token without its secret and revokes it after a confirmation', async () => {
    await page.getByRole('button', { name: 'Done' }).click();
    const row = page.locator(`tr[data-token="${TOKEN_NAME}"]`);
    await row.waitFor();
    expect(await page.content()).not.toContain(token);
    await screenshot(page, 'tokens');
    await row.getByRole('button', { name: `Revoke ${TOKEN_NAME}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
    await row.waitFor({ state: 'detached' });
    const answer = await fetch(`${hecate.url}/api/v1/connectors`, { headers: { authorization: `Bearer ${token}` } });
    expect(answer.status).toBe(401);
  });
});

describe('the audit log', () => {
  it('lists what was done, newest first, and filters by action with the filter in the URL', async () => {
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/audit', { waitUntil: 'commit' });
    await page.locator('tr[data-action="token.delete"]').first().waitFor();
    const actions = await page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
    expect(actions).toEqual(expect.arrayContaining(['auth.login', 'user.create', 'user.update', 'token.create', 'token.delete']));
    expect(actions[0]).toBe('token.delete');
    await screenshot(page, 'audit');

    await page.getByLabel('Action').fill('user.create');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL((url) => url.searchParams.get('action') === 'user.create', { waitUntil: 'commit' });
    await page.locator('tbody tr').first().waitFor();
    const filtered = await page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
    expect(new Set(filtered)).toEqual(new Set(['user.create']));

    // The filtered view is a link: opening it again shows the same rows.
    await page.reload();
    await page.locator('tbody tr[data-action="user.create"]').first().waitFor();
    expect(await page.getByLabel('Action').inputValue()).toBe('user.create');
  });
});

describe('roles and sign-out', () => {
  it('shows an analyst no administration and no connector changes', async () => {
    const other = await openConsole(browser, hecate);
    try {
      await signIn(other.page, ANALYST, ANALYST_PASSWORD);
      await other.page.getByRole('heading', { level: 1, name: 'Data connectors' }).waitFor();
      expect(await other.page.getByRole('navigation', { name: 'Main' }).textContent()).not.toContain('Users');
      expect(await other.page.getByRole('link', { name: 'Add data connector' }).count()).toBe(0);
      await other.page.goto('/admin/users');
      await other.page.getByRole('heading', { name: 'Not allowed' }).waitFor();
      expect(other.errors).toEqual([]);
    } finally {
      await other.context.close();
    }
  });

  it('signs out: the session ends on the server and the page forgets it', async () => {
    const stored = String(await page.evaluate('localStorage.getItem("hecate.session")'));
    expect(stored).toMatch(/^hcs_/);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in', { waitUntil: 'commit' });
    expect(await page.evaluate('localStorage.getItem("hecate.session")')).toBeNull();
    const answer = await fetch(`${hecate.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${stored}` } });
    expect(answer.status).toBe(401);
  });

  it('sends a visitor whose session expired back to sign in', async () => {
    await signIn(page, 'admin', hecate.adminPassword);
    await page.evaluate('localStorage.setItem("hecate.session", "hcs_expired")');
    await page.goto('/admin/tokens');
    await page.waitForURL((url) => url.pathname === '/sign-in', { waitUntil: 'commit' });
    await page.getByText('Your session has ended. Sign in again.').waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/admin/tokens');
  });

  it('shows no script errors on the way', () => {
    expect(admin.errors).toEqual([]);
  });
});
