/**
 * The search view in a real browser against a real server: events sent over HEC with a connector's
 * key are found from the connector's "Show events", listed (virtualized: a thousand rows, a few dozen
 * in the DOM), expanded, filtered from the fields sidebar; the histogram zooms by dragging, with the
 * range in the URL and Back undoing it; aggregates show a table and timeChart() a chart; a malformed
 * query is shown at its position; completion offers functions and fields; a slow query shows its
 * progress and Cancel deletes its job on the server.
 *
 * Code run in the page is written as strings of JavaScript: this suite is type-checked without the DOM
 * library (test/tsconfig.json).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marker, startHecate, type Hecate } from '../helpers/server.js';
import { launchBrowser, openConsole, requireConsoleAndBrowser, screenshot, signIn, type ConsolePage } from './browser.js';

let hecate: Hecate;
let browser: Browser;
let ui: ConsolePage;
let page: Page;
let connectorId = '';

const NAME = marker('srch');
const MARK = marker('evt');
/** More than the view keeps (1,000), so the list is full and the server says more matched. */
const EVENTS = 1_100;
const ANN = Array.from({ length: EVENTS }, (_, n) => n).filter((n) => n % 4 === 0).length;
const SPACING_S = 15;

/** The query editor (its label is "Query"; other controls mention "the query" in their names). */
const queryField = (): ReturnType<Page['getByLabel']> => page.getByLabel('Query', { exact: true });
const status = (): ReturnType<Page['locator']> => page.locator('.search-status-text');

async function sendEvents(apiKey: string): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  const body = Array.from({ length: EVENTS }, (_, n) =>
    JSON.stringify({ time: now - n * SPACING_S, event: { msg: `${MARK} number ${n}`, n, user: n % 4 === 0 ? 'ann' : 'bob', action: n % 3 === 0 ? 'deny' : 'allow', bytes: n * 10 } }),
  ).join('');
  const response = await fetch(`${hecate.url}/services/collector`, { method: 'POST', headers: { authorization: `Splunk ${apiKey}` }, body });
  expect(response.status).toBe(200);
}

async function runQuery(query: string): Promise<void> {
  await queryField().fill(query);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
}

function urlParams(): URLSearchParams {
  return new URL(page.url()).searchParams;
}

beforeAll(async () => {
  requireConsoleAndBrowser();
  hecate = await startHecate();
  const connector = await hecate.createConnector({ name: NAME, parser: 'json' });
  connectorId = connector.id;
  await sendEvents(connector.apiKey);
  await hecate.waitForEvents(`#connector=${NAME}`, 1000, 10_000, { limit: 1000 });
  browser = await launchBrowser();
  ui = await openConsole(browser, hecate, { width: 1280, height: 900 });
  page = ui.page;
  await signIn(page, 'admin', hecate.adminPassword);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await hecate?.dispose();
});

describe('the search view: events', () => {
  it('finds the events sent with the connector key from its "Show events" link', async () => {
    await page.goto(`/connectors/${connectorId}`);
    await page.getByRole('link', { name: 'Show events' }).click();
    await page.waitForURL((url) => url.pathname === '/search', { waitUntil: 'commit' });
    expect(urlParams().get('query')).toBe(`#connector=${NAME}`);
    expect(await queryField().inputValue()).toBe(`#connector=${NAME}`);
    await page.getByText(`${MARK} number 0"`).waitFor();
    await status().filter({ hasText: '1,000 events' }).waitFor();
    expect(await page.locator('.search-note').textContent()).toContain('more than 1000 events matched');
    await page.locator('.histogram svg[role="img"]').waitFor();
    expect(await page.locator('.histogram svg').getAttribute('aria-label')).toContain(`${EVENTS.toLocaleString('en-US')} matching events`);
    await page.locator('.fields-sidebar li[data-field="user"]').waitFor();
    await screenshot(page, 'search-events');
  });

  it('keeps a thousand events in a virtualized list that scrolls to the last one', async () => {
    const list = page.getByRole('list', { name: '1000 events, newest first' });
    const rendered = await list.getByRole('listitem').count();
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(80);
    expect(await list.getByRole('listitem').first().getAttribute('aria-setsize')).toBe('1000');
    // Scrolled to the end in one jump, the last rows are rendered in place of the first.
    await page.locator('.event-frame').evaluate((frame: unknown) => {
      const scroller = frame as { scrollTop: number; scrollHeight: number };
      scroller.scrollTop = scroller.scrollHeight;
    });
    await list.locator('[aria-posinset="1000"]').waitFor();
    await page.getByText(`${MARK} number 999"`).waitFor();
    expect(await list.locator('[aria-posinset="1"]').count()).toBe(0);
    expect(await list.getByRole('listitem').count()).toBeLessThan(80);
    // Home from the keyboard goes back to the first event.
    await list.locator('[aria-posinset="1000"] button').focus();
    await page.keyboard.press('Home');
    await list.locator('[aria-posinset="1"] button:focus').waitFor();
    await page.keyboard.press('ArrowDown');
    await list.locator('[aria-posinset="2"] button:focus').waitFor();
    // Scrolling down through the whole list, 300 px a frame: no frame takes long (a smooth scroll).
    const slowestFrameMs = await page.locator('.event-frame').evaluate(
      (frame: unknown) =>
        new Promise<number>((resolve) => {
          const scroller = frame as { scrollTop: number; scrollHeight: number; clientHeight: number };
          const raf = (globalThis as unknown as { requestAnimationFrame(cb: (t: number) => void): void }).requestAnimationFrame;
          let last = -1;
          let slowest = 0;
          const step = (t: number): void => {
            if (last >= 0) slowest = Math.max(slowest, t - last);
            last = t;
            if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1) return resolve(slowest);
            scroller.scrollTop += 300;
            raf(step);
          };
          raf(step);
        }),
    );
    expect(slowestFrameMs).toBeLessThan(100);
    await list.locator('[aria-posinset="1000"] button').focus();
    await page.keyboard.press('Home');
    await list.locator('[aria-posinset="1"] button:focus').waitFor();
  });

  it('expands an event to show its fields', async () => {
    const row = page.getByRole('listitem').filter({ hasText: `${MARK} number 1"` });
    await row.getByRole('button', { expanded: false }).click();
    const fields = row.locator('table.event-fields');
    await fields.waitFor();
    expect(await fields.locator('tr', { hasText: 'user' }).first().textContent()).toContain('bob');
    expect(await fields.textContent()).toContain(`#connector${NAME}`);
    await row.getByRole('button', { expanded: true }).click();
    await fields.waitFor({ state: 'detached' });
  });

  it('adds field="value" to the query from the fields sidebar and searches again', async () => {
    const sidebar = page.locator('.fields-sidebar');
    await sidebar.locator('li[data-field="user"] > button').click();
    await sidebar.getByRole('button', { name: 'Add user="ann" to the query' }).click();
    await page.waitForURL((url) => url.searchParams.get('query') === `#connector=${NAME} user="ann"`, { waitUntil: 'commit' });
    await expect.poll(() => queryField().inputValue()).toBe(`#connector=${NAME} user="ann"`);
    await status().filter({ hasText: `${ANN} events` }).waitFor();
    const raws = await page.locator('.event-raw').allTextContents();
    expect(raws.length).toBeGreaterThan(5);
    for (const raw of raws) expect(raw).toContain('"user":"ann"');
  });
});

describe('the search view: time range', () => {
  it('zooms into the range dragged across the histogram, in the URL, and Back undoes it', async () => {
    await page.goto(`/search?query=${encodeURIComponent(`#connector=${NAME}`)}&start=24h`);
    const svg = page.locator('.histogram svg[role="img"]');
    await svg.waitFor();
    const before = Number(await svg.getAttribute('data-end')) - Number(await svg.getAttribute('data-start'));
    const box = await svg.boundingBox();
    if (box === null) throw new Error('the histogram has no box');
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.95, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    await page.waitForURL((url) => /^\d+$/.test(url.searchParams.get('start') ?? '') && /^\d+$/.test(url.searchParams.get('end') ?? ''), { waitUntil: 'commit' });
    const start = Number(urlParams().get('start'));
    const end = Number(urlParams().get('end'));
    expect(end - start).toBeGreaterThan(before * 0.3);
    expect(end - start).toBeLessThan(before * 0.4);
    expect(urlParams().get('query')).toBe(`#connector=${NAME}`);
    // The new range is searched: the histogram now spans it.
    await page.locator(`.histogram svg[data-start="${start}"]`).waitFor();
    expect(await page.getByLabel('Time range', { exact: true }).inputValue()).toBe('custom');
    expect(await page.getByLabel('From', { exact: true }).inputValue()).not.toBe('');
    await screenshot(page, 'search-zoomed');

    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get('start') === '24h', { waitUntil: 'commit' });
    expect(urlParams().get('end')).toBeNull();
    await page.locator('.histogram svg[role="img"]').waitFor();
    expect(await page.getByLabel('Time range', { exact: true }).inputValue()).toBe('24h');
    await page.goForward();
    await page.waitForURL((url) => url.searchParams.get('start') === String(start), { waitUntil: 'commit' });
    // The view has caught up with Forward (its popstate is handled after the URL changes) before the next test acts.
    await expect.poll(() => page.getByLabel('Time range', { exact: true }).inputValue()).toBe('custom');
    await page.locator('.histogram svg[role="img"]').waitFor();
  });

  it('applies a preset at once and an absolute range with its button', async () => {
    await page.getByLabel('Time range', { exact: true }).selectOption('7d');
    await page.waitForURL((url) => url.searchParams.get('start') === '7d' && !url.searchParams.has('end'), { waitUntil: 'commit' });
    await page.getByLabel('Time range', { exact: true }).selectOption('custom');
    await page.getByLabel('From', { exact: true }).fill('2020-01-01T00:00:00');
    await page.getByLabel('To', { exact: true }).fill('2020-01-02T00:00:00');
    await page.getByRole('button', { name: 'Apply range' }).click();
    await page.waitForURL((url) => url.searchParams.get('start') === String(new Date(2020, 0, 1).getTime()), { waitUntil: 'commit' });
    expect(Number(urlParams().get('end'))).toBe(new Date(2020, 0, 2).getTime() + 999);
    await page.getByText('No events match this query in this time range.').waitFor();
  });
});

describe('the search view: aggregates', () => {
  it('shows groupBy() as a table', async () => {
    await page.goto(`/search?query=${encodeURIComponent(`#connector=${NAME}`)}&start=24h`);
    await runQuery(`#connector=${NAME} | groupBy(user)`);
    await page.waitForURL((url) => url.searchParams.get('query') === `#connector=${NAME} | groupBy(user)`, { waitUntil: 'commit' });
    const table = page.locator('.result-table table');
    await table.waitFor();
    expect(await table.locator('thead th').allTextContents()).toEqual(['user', '_count']);
    const rows = (await table.locator('tbody tr').allTextContents()).map((r) => r.trim());
    expect(rows).toEqual([`ann${ANN}`, `bob${EVENTS - ANN}`]);
    expect(await page.locator('.histogram').count()).toBe(0);
    await status().filter({ hasText: '2 rows' }).waitFor();
    await screenshot(page, 'search-aggregate');
  });

  it('draws timeChart() as a chart with one line per series, above its table', async () => {
    await runQuery(`#connector=${NAME} | timeChart(user, span=1h)`);
    const chart = page.locator('.time-chart svg[role="img"]');
    await chart.waitFor();
    expect(await chart.getAttribute('aria-label')).toMatch(/^Time chart of _count for 2 series/);
    const series = page.locator('.time-chart g[data-series]');
    expect(await Promise.all((await series.all()).map((g) => g.getAttribute('data-series')))).toEqual(['ann', 'bob']);
    expect(await page.locator('.time-chart polyline').count()).toBe(2);
    expect(await page.locator('.result-table thead th').allTextContents()).toEqual(['time (_bucket)', 'user', '_count']);
    await screenshot(page, 'search-timechart');
  });

  it('goes back to the previous query with Back', async () => {
    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get('query') === `#connector=${NAME} | groupBy(user)`, { waitUntil: 'commit' });
    await expect.poll(() => queryField().inputValue()).toBe(`#connector=${NAME} | groupBy(user)`);
    await page.locator('.result-table thead th', { hasText: '_count' }).waitFor();
    expect(await page.locator('.time-chart').count()).toBe(0);
  });
});

describe('the search view: the query editor', () => {
  it('shows the server\'s error under the query at its position', async () => {
    const query = `#connector=${NAME} | groupBy(user`;
    await page.goto(`/search?query=${encodeURIComponent(query)}&start=24h`);
    const problem = page.getByRole('alert').filter({ hasText: 'Line 1, column' });
    await problem.waitFor();
    const column = query.indexOf('groupBy(') + 1;
    expect(await problem.textContent()).toContain(`Line 1, column ${column}:`);
    expect(await problem.textContent()).toContain('never closed');
    // The line with the span marked under it.
    expect(await problem.locator('.problem-line').textContent()).toBe(`${query}\n${' '.repeat(column - 1)}^^^^^^^^`);
    expect(await queryField().getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.code-mark').first().textContent()).toBe('groupBy');
    await screenshot(page, 'search-error');
  });

  it('checks the query as it is typed, before it runs', async () => {
    await queryField().fill(`#connector=${NAME} | nosuchfunction()`);
    const problem = page.locator('.query-problem[data-live="true"]');
    await problem.waitFor();
    expect(await problem.textContent()).toContain('nosuchfunction');
    await queryField().fill(`#connector=${NAME}`);
    await problem.waitFor({ state: 'detached' });
  });

  it('completes function names from the language and field names from the results', async () => {
    await page.goto(`/search?query=${encodeURIComponent(`#connector=${NAME}`)}&start=24h`);
    await page.locator('.fields-sidebar li[data-field="user"]').waitFor();
    await queryField().click();
    await page.keyboard.press('End');
    await page.keyboard.type(' | grou');
    await page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option', { name: /^groupBy\(\)/ }).waitFor();
    await page.keyboard.press('Enter');
    expect(await queryField().inputValue()).toBe(`#connector=${NAME} | groupBy()`);
    // The caret is between the parentheses: field names come next.
    await page.keyboard.type('us');
    const option = page.getByRole('option', { name: /^user$/ });
    await option.waitFor();
    expect(await queryField().getAttribute('aria-activedescendant')).toBe(await page.getByRole('option').first().getAttribute('id'));
    await page.keyboard.press('Tab');
    expect(await queryField().inputValue()).toBe(`#connector=${NAME} | groupBy(user)`);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('query') === `#connector=${NAME} | groupBy(user)`, { waitUntil: 'commit' });
    await page.locator('.result-table').waitFor();
  });
});

describe('the search view: query jobs', () => {
  it('shows the progress of a slow search and cancels its job on the server', async () => {
    await page.goto(`/search?query=${encodeURIComponent(`#connector=${NAME}`)}&start=24h`);
    await status().filter({ hasText: 'events in' }).waitFor();
    // The server answers this job's polls slowly (held back on the way), as it would a search over a large range.
    let held = 0;
    await page.route('**/api/v1/queryjobs/*', async (route) => {
      if (route.request().method() !== 'GET') return route.continue();
      held++;
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      await route.continue().catch(() => undefined);
    });
    try {
      const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/queryjobs') && r.request().method() === 'POST');
      await runQuery(`#connector=${NAME} | parseJson(prefix="p.") | p.user="ann"`);
      const id = ((await (await created).json()) as { id: string }).id;
      await page.getByRole('progressbar', { name: 'Search progress' }).waitFor();
      expect(await status().textContent()).toMatch(/^(Starting the search|Searching)/);
      expect(held).toBeGreaterThan(0);
      const deleted = page.waitForRequest((r) => r.method() === 'DELETE' && r.url().endsWith(`/api/v1/queryjobs/${id}`));
      await page.getByRole('button', { name: 'Cancel' }).click();
      await deleted;
      await status().filter({ hasText: /^Cancelled/ }).waitFor();
      expect(await page.getByRole('progressbar').count()).toBe(0);
      // The job is gone from the server.
      for (let i = 0; i < 20 && (await hecate.api('GET', `/api/v1/queryjobs/${id}`)).status !== 404; i++) await new Promise((r) => setTimeout(r, 100));
      expect((await hecate.api('GET', `/api/v1/queryjobs/${id}`)).status).toBe(404);
    } finally {
      await page.unroute('**/api/v1/queryjobs/*');
    }
  });

  it('runs the same search again from the Search button', async () => {
    await runQuery(`#connector=${NAME} user="ann"`);
    await status().filter({ hasText: `${ANN} events` }).waitFor();
    const again = page.waitForResponse((r) => r.url().endsWith('/api/v1/queryjobs') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    expect((await again).status()).toBe(200);
    await status().filter({ hasText: `${ANN} events` }).waitFor();
  });

  it('shows no script errors on the way', () => {
    expect(ui.errors).toEqual([]);
  });
});
