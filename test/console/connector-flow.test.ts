/**
 * The console's main flow in a real browser against a real server: sign in, add a data connector, copy
 * its key, send events with that key over HEC, watch the status turn Active, open its events in search,
 * then edit, pause, resume, regenerate the key and delete it — all through the UI.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marker, startHecate, type Hecate } from '../helpers/server.js';
import { launchBrowser, openConsole, requireConsoleAndBrowser, screenshot, type ConsolePage } from './browser.js';

let hecate: Hecate;
let browser: Browser;
let ui: ConsolePage;
let page: Page;

const NAME = marker('web');
const EVENT_MARK = marker('evt');
let apiKey = '';
let connectorPath = '';

async function sendWith(key: string, count = 3): Promise<{ status: number; body: { code?: number } }> {
  const body = Array.from({ length: count }, (_, n) => JSON.stringify({ event: { message: `${EVENT_MARK} number ${n}`, n }, sourcetype: 'console-test' })).join('');
  const response = await fetch(`${hecate.url}/services/collector`, { method: 'POST', headers: { authorization: `Splunk ${key}` }, body });
  return { status: response.status, body: (await response.json()) as { code?: number } };
}

async function statusBadge(status: string): Promise<void> {
  await page.locator(`.page-title [data-status="${status}"]`).waitFor({ timeout: 20_000 });
}

beforeAll(async () => {
  requireConsoleAndBrowser();
  hecate = await startHecate();
  browser = await launchBrowser();
  ui = await openConsole(browser, hecate);
  page = ui.page;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await hecate?.dispose();
});

describe('the console: sign in and add a data connector', () => {
  it('sends an anonymous visitor to sign in and back to the shared link afterwards', async () => {
    await page.goto('/connectors?sort=volume');
    await page.waitForURL((url) => url.pathname === '/sign-in', { waitUntil: 'commit' });
    expect(new URL(page.url()).searchParams.get('next')).toBe('/connectors?sort=volume');
    await screenshot(page, 'sign-in');

    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Wrong username or password');

    await page.getByLabel('Password').fill(hecate.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/connectors', { waitUntil: 'commit' });
    expect(new URL(page.url()).search).toBe('?sort=volume');
    await page.getByRole('heading', { level: 1, name: 'Data connectors' }).waitFor();
    await page.getByText('No data connectors yet.').waitFor();
    expect(await page.title()).toBe('Data connectors · Hecate');
  });

  it('adds a HEC connector: type, name, description, parser, terms, then Save', async () => {
    await page.getByRole('link', { name: 'Add data connector' }).click();
    await page.waitForURL((url) => url.pathname === '/connectors/new', { waitUntil: 'commit' });
    expect(await page.getByRole('radio', { name: /HEC \/ HTTP Event Connector/ }).isChecked()).toBe(true);
    await page.getByLabel('Name').fill(NAME);
    await page.getByLabel('Description').fill('Created by the console test');
    await page.locator('#connector-parser option[value="raw"]').waitFor({ state: 'attached' });
    await page.getByLabel('Parser').selectOption('json');
    const save = page.getByRole('button', { name: 'Save' });
    expect(await save.isDisabled()).toBe(true);
    await page.getByLabel(/I accept the terms/).check();
    expect(await save.isEnabled()).toBe(true);
    await screenshot(page, 'connector-new');
    await save.click();

    await page.getByRole('heading', { name: 'API key and ingest URL' }).waitFor();
    expect(await page.getByRole('alert').first().textContent()).toContain('it will not be shown again');
    apiKey = await page.getByLabel('API key', { exact: true }).inputValue();
    expect(apiKey).toMatch(/^hec_[A-Za-z0-9_-]{40,}$/);
    expect(await page.getByLabel('Ingest URL', { exact: true }).inputValue()).toBe(`${hecate.url}/services/collector`);
  });

  it('copies the key to the clipboard with its copy button', async () => {
    await page.getByRole('button', { name: 'Copy API key' }).click();
    await page.getByText('API key copied to the clipboard').waitFor({ state: 'attached' });
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(apiKey);
    await page.getByRole('button', { name: 'Copy Ingest URL' }).click();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(`${hecate.url}/services/collector`);
  });

  it('offers ready-to-paste snippets with the key for every shipper, reachable with the arrow keys', async () => {
    const tabs = ['curl', 'hecate-collector', 'SDK', 'Vector', 'Fluent Bit', 'OpenTelemetry'];
    expect(await page.getByRole('tab').allTextContents()).toEqual(tabs);
    await page.getByRole('tab', { name: 'curl' }).focus();
    for (const [i, tab] of tabs.entries()) {
      if (i > 0) await page.keyboard.press('ArrowRight');
      expect(await page.getByRole('tab', { name: tab }).getAttribute('aria-selected')).toBe('true');
      const code = (await page.getByRole('tabpanel').locator('code').textContent()) ?? '';
      expect(code, tab).toContain(apiKey);
    }
    await page.getByRole('tab', { name: 'curl' }).click();
    await page.getByRole('button', { name: 'Copy curl snippet' }).click();
    const curl = String(await page.evaluate('navigator.clipboard.readText()'));
    expect(curl).toContain(`Authorization: Splunk ${apiKey}`);
    await screenshot(page, 'connector-created');
  });

  it('leaves the key page only after the user confirms the key was stored', async () => {
    const done = page.getByRole('button', { name: 'Go to the connector' });
    expect(await done.isDisabled()).toBe(true);
    await page.getByLabel('I have copied the API key and stored it safely').check();
    await done.click();
    await page.waitForURL((url) => /^\/connectors\/[0-9a-f]+$/.test(url.pathname), { waitUntil: 'commit' });
    connectorPath = new URL(page.url()).pathname;
    await statusBadge('Pending');
    // The key is not on the connector's page, only its fingerprint.
    expect(await page.content()).not.toContain(apiKey);
  });
});

describe('the console: data arrives', () => {
  it('turns the status Active once events are sent with the copied key', async () => {
    const reply = await sendWith(apiKey, 3);
    expect(reply).toEqual({ status: 200, body: { text: 'Success', code: 0 } });
    await statusBadge('Active');
    await page.locator('[data-stat="events"]', { hasText: '3' }).waitFor({ timeout: 10_000 });
    // The chart counts stored events with the search histogram; they are searchable about a second after the answer.
    await page.locator('.chart svg[role="img"][aria-label^="3 events in the last 24 hours"]').waitFor({ timeout: 15_000 });
    await screenshot(page, 'connector-page');
  });

  it('lists the connector as Active with its volume, and keeps filter and sort in the URL', async () => {
    await page.getByRole('link', { name: 'Data connectors' }).first().click();
    await page.waitForURL((url) => url.pathname === '/connectors', { waitUntil: 'commit' });
    const row = page.locator(`tr[data-connector="${NAME}"]`);
    await row.locator('[data-status="Active"]').waitFor();
    expect(await row.textContent()).toContain('3 events');
    await screenshot(page, 'connectors');

    await page.getByRole('button', { name: 'Volume (24 h)' }).click();
    await page.waitForURL((url) => url.searchParams.get('sort') === 'volume', { waitUntil: 'commit' });
    expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain('Volume');
    await page.getByLabel('Filter').fill('no-such-connector');
    await page.getByText('No connector matches the filter.').waitFor();
    expect(new URL(page.url()).searchParams.get('q')).toBe('no-such-connector');
    await page.getByLabel('Filter').fill(NAME.slice(0, 6));
    await row.waitFor();
    await page.getByLabel('Status').selectOption('Paused');
    await page.getByText('No connector matches the filter.').waitFor();
    await page.getByLabel('Status').selectOption('');
    await row.waitFor();
  });

  it('"Show events" opens the search route filtered by #connector over the last 24 hours', async () => {
    await page.goto(connectorPath);
    await page.getByRole('link', { name: 'Show events' }).click();
    await page.waitForURL((url) => url.pathname === '/search', { waitUntil: 'commit' });
    const url = new URL(page.url());
    expect(url.search).toBe(`?query=%23connector%3D${NAME}&start=24h`);
    expect(url.searchParams.get('query')).toBe(`#connector=${NAME}`);
    await page.getByText(`${EVENT_MARK} number 2`).waitFor({ timeout: 10_000 });
    await screenshot(page, 'search');
  });

  it('links the errors section to the connection-errors search', async () => {
    await page.goBack();
    await page.waitForURL((url) => url.pathname === connectorPath, { waitUntil: 'commit' });
    const href = await page.getByRole('link', { name: 'Search connection errors' }).getAttribute('href');
    expect(new URLSearchParams((href ?? '').split('?')[1]).get('query')).toBe(`#repo=connection_errors #connector=${NAME}`);
  });
});

describe('the console: changing a connector', () => {
  it('edits the description', async () => {
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.waitForURL((url) => url.pathname === `${connectorPath}/edit`, { waitUntil: 'commit' });
    await page.getByLabel('Description').fill('Edited in the console');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL((url) => url.pathname === connectorPath, { waitUntil: 'commit' });
    await page.getByText('Edited in the console').waitFor();
  });

  it('pauses (its key is then refused with HEC code 1) and resumes', async () => {
    await page.getByRole('button', { name: 'Pause' }).click();
    await statusBadge('Paused');
    expect(await sendWith(apiKey, 1)).toEqual({ status: 403, body: { text: 'Token disabled', code: 1 } });
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    expect((await sendWith(apiKey, 1)).status).toBe(200);
  });

  it('regenerates the key after a confirmation, shows the new key once, and the old key stops', async () => {
    await page.getByRole('button', { name: 'Regenerate key' }).click();
    const dialog = page.getByRole('dialog', { name: /Regenerate the API key/ });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await sendWith(apiKey, 1)).status).toBe(200);

    await page.getByRole('button', { name: 'Regenerate key' }).click();
    await dialog.getByLabel('The current key keeps working for').selectOption('0');
    await screenshot(page, 'connector-regenerate-dialog');
    await dialog.getByRole('button', { name: 'Regenerate key' }).click();
    await page.getByRole('heading', { name: 'New API key' }).waitFor();
    const newKey = await page.getByLabel('API key', { exact: true }).inputValue();
    expect(newKey).not.toBe(apiKey);
    expect(await sendWith(apiKey, 1)).toEqual({ status: 403, body: { text: 'Invalid token', code: 4 } });
    expect((await sendWith(newKey, 1)).status).toBe(200);
    await page.getByLabel('I have copied the API key and stored it safely').check();
    await page.getByRole('button', { name: 'Back to the connector' }).click();
    await page.getByRole('button', { name: 'Regenerate key' }).waitFor();
    apiKey = newKey;
  });

  it('deletes only after the name is typed, and the key stops at once', async () => {
    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: `Delete ${NAME}?` });
    const confirm = dialog.getByRole('button', { name: 'Delete connector' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel(/Type .* to confirm/).fill(NAME);
    await confirm.click();
    await page.waitForURL((url) => url.pathname === '/connectors', { waitUntil: 'commit' });
    await page.getByText('No data connectors yet.').waitFor();
    expect(await sendWith(apiKey, 1)).toEqual({ status: 403, body: { text: 'Invalid token', code: 4 } });
  });

  it('shows no script errors on the way', () => {
    expect(ui.errors).toEqual([]);
  });
});
