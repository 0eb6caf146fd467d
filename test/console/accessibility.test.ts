/**
 * Basic accessibility and layout of every main page, in a real browser: every control has an
 * accessible name (read from Chromium's own accessibility tree), every control is reachable with the
 * Tab key, each page has one h1 and a main landmark, and nothing overflows the window from 1280 px
 * down to a narrow laptop window. Screenshots of both themes and the narrow layout go to
 * test-artifacts/console/.
 *
 * Code run in the page is written as strings of JavaScript: this suite is type-checked without the DOM
 * library (test/tsconfig.json), whose types would clash with Node's.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marker, splunkAuth, startHecate, type Hecate } from '../helpers/server.js';
import { launchBrowser, openConsole, requireConsoleAndBrowser, screenshot, type ConsolePage } from './browser.js';

let hecate: Hecate;
let browser: Browser;
let ui: ConsolePage;
let page: Page;
let connectorId = '';
const NAME = marker('a11y');
const PARSER = marker('a11yp');

/** Roles a person operates: each must have a name a screen reader can say. */
const INTERACTIVE_ROLES = new Set(['button', 'link', 'textbox', 'searchbox', 'combobox', 'checkbox', 'radio', 'tab', 'spinbutton', 'slider', 'switch', 'listbox', 'menuitem', 'option']);

interface AxNode {
  ignored: boolean;
  role?: { value?: string };
  name?: { value?: string };
}

async function unnamedControls(target: Page): Promise<string[]> {
  const cdp = await target.context().newCDPSession(target);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
    return nodes
      .filter((n) => !n.ignored && INTERACTIVE_ROLES.has(n.role?.value ?? '') && (n.name?.value ?? '').trim() === '')
      .map((n) => n.role?.value ?? '?');
  } finally {
    await cdp.detach();
  }
}

/**
 * Marks every control that should be reachable with Tab (`data-tab-probe`) and describes them.
 * `checkVisibility()` also leaves out what is inside a closed <details>.
 */
const MARK_TABBABLES = `(() => {
  const candidates = document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]');
  const reachable = [...candidates].filter((el) => !el.disabled && el.tabIndex >= 0 && el.type !== 'hidden' && el.checkVisibility({ visibilityProperty: true }));
  return reachable.map((el, i) => {
    el.dataset.tabProbe = String(i);
    return el.tagName.toLowerCase() + ' "' + (el.getAttribute('aria-label') ?? el.textContent ?? el.id).trim().slice(0, 40) + '"';
  });
})()`;

const ACTIVE_PROBE = 'document.activeElement?.dataset?.tabProbe ?? null';

/** Where focus is: in an open dialog, on the browser itself (nothing in the page), or elsewhere in the page. */
const FOCUS_PLACE = `(() => {
  const active = document.activeElement;
  if (active === null || active === document.body) return 'browser';
  return active.closest('dialog') !== null ? 'dialog' : active.outerHTML.slice(0, 80);
})()`;

async function controlsMissedByTab(target: Page): Promise<string[]> {
  const tabbables = (await target.evaluate(MARK_TABBABLES)) as string[];
  const reached = new Set<string>();
  // Twice round the page, whatever element had focus first.
  for (let i = 0; i < tabbables.length * 2 + 4; i++) {
    await target.keyboard.press('Tab');
    const probe = (await target.evaluate(ACTIVE_PROBE)) as string | null;
    if (probe !== null) reached.add(probe);
  }
  return tabbables.filter((_, i) => !reached.has(String(i)));
}

async function overflow(target: Page): Promise<number> {
  return (await target.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
}

interface PageCase {
  name: string;
  path: () => string;
  heading: string | RegExp;
  /** Shown once the page's data-driven parts are in (when the loading messages do not say it). */
  settled?: string;
  /** Opens what the check should also cover (an event's fields, a field's values). */
  prepare?: (target: Page) => Promise<void>;
}

/** Opens a page and waits until its data is shown. */
async function open(target: Page, page: PageCase): Promise<void> {
  await target.goto(page.path());
  await target.locator('h1').waitFor();
  // Data-driven parts (tables, charts) are in by the time the loading messages are gone.
  await target.locator('.loading').waitFor({ state: 'detached' });
  if (page.settled !== undefined) await target.locator(page.settled).first().waitFor();
}

async function checkPage(target: Page, page: PageCase): Promise<void> {
  const path = page.path();
  await open(target, page);
  await target.getByRole('heading', { level: 1, name: typeof page.heading === 'string' ? page.heading : '' }).waitFor();
  await page.prepare?.(target);
  expect(await target.locator('h1').count(), `${path}: one h1`).toBe(1);
  expect(await target.locator('main').count(), `${path}: one main landmark`).toBe(1);
  expect(await unnamedControls(target), `${path}: controls without an accessible name`).toEqual([]);
  expect(await controlsMissedByTab(target), `${path}: controls the Tab key does not reach`).toEqual([]);
}

/** A search that has finished, with its field statistics counted. */
const SEARCH_DONE = '.search-status[data-phase="done"]';
/** A parser page whose test cases have run. */
const TESTS_RUN = '.test-summary[data-running="false"]';

const searchPath = (query: string): string => `/search?query=${encodeURIComponent(query)}&start=24h`;

const PAGES: readonly PageCase[] = [
  { name: 'connectors', path: () => '/connectors', heading: 'Data connectors' },
  { name: 'connector-new', path: () => '/connectors/new', heading: 'Add data connector' },
  { name: 'connector', path: () => `/connectors/${connectorId}`, heading: NAME },
  { name: 'connector-edit', path: () => `/connectors/${connectorId}/edit`, heading: `Edit ${NAME}` },
  {
    name: 'search',
    path: () => searchPath(`#connector=${NAME}`),
    heading: 'Search',
    settled: `${SEARCH_DONE} ~ .search-results .fields-sidebar li`,
    prepare: async (target) => {
      // An event's fields and a field's top values, with their filter buttons.
      await target.locator('.event-summary').first().click();
      await target.locator('.event-fields').waitFor();
      await target.locator('.fields-sidebar .field-name').first().click();
      await target.locator('.field-values').waitFor();
    },
  },
  { name: 'search-aggregate', path: () => searchPath(`#connector=${NAME} | groupBy(#type)`), heading: 'Search', settled: `${SEARCH_DONE} ~ .aggregate-results table` },
  { name: 'search-timechart', path: () => searchPath(`#connector=${NAME} | timeChart()`), heading: 'Search', settled: `${SEARCH_DONE} ~ .aggregate-results svg` },
  { name: 'search-error', path: () => searchPath(`#connector=${NAME} | groupBy(`), heading: 'Search', settled: '.query-problem[data-live="false"]' },
  { name: 'parsers', path: () => '/parsers', heading: 'Parsers' },
  { name: 'parser', path: () => `/parsers/${PARSER}`, heading: PARSER, settled: TESTS_RUN },
  { name: 'parser-builtin', path: () => '/parsers/kv', heading: 'kv', settled: TESTS_RUN },
  { name: 'parser-new', path: () => '/parsers/new', heading: 'New parser', settled: TESTS_RUN },
  { name: 'users', path: () => '/admin/users', heading: 'Users' },
  { name: 'tokens', path: () => '/admin/tokens', heading: 'API tokens' },
  { name: 'audit', path: () => '/admin/audit', heading: 'Audit log' },
  { name: 'account', path: () => '/account', heading: 'Your account' },
];

beforeAll(async () => {
  requireConsoleAndBrowser();
  hecate = await startHecate();
  const connector = await hecate.createConnector({ name: NAME, description: 'for the accessibility checks' });
  connectorId = connector.id;
  const sent = await hecate.hec('/services/collector', { body: '{"event":"hello"}{"event":"again"}', headers: splunkAuth(connector.apiKey) });
  expect(sent.status).toBe(200);
  // One rejected request, so the errors table has a row.
  await hecate.hec('/services/collector', { body: 'not json', headers: splunkAuth(connector.apiKey) });
  // A custom parser with a passing and a failing test case, so both show.
  const parser = await hecate.api('POST', '/api/v1/parsers', {
    name: PARSER,
    script: 'kvParse() | x := lower(user)',
    testCases: [
      { event: { rawString: 'user=Ann action=deny' }, assertions: [{ outputEventIndex: 0, fieldsHaveValues: { x: 'ann' } }] },
      { event: { rawString: 'user=Bob' }, assertions: [{ outputEventIndex: 0, fieldsHaveValues: { action: 'allow' } }] },
    ],
  });
  expect(parser.status).toBe(201);
  await hecate.waitForEvents(`#connector=${NAME}`, 2);
  browser = await launchBrowser();
  ui = await openConsole(browser, hecate);
  page = ui.page;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await hecate?.dispose();
});

describe('accessibility of the main pages', () => {
  it('sign-in: labelled fields, reachable by keyboard, and signing in with the keyboard alone', async () => {
    await page.goto('/sign-in');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await unnamedControls(page)).toEqual([]);
    expect(await controlsMissedByTab(page)).toEqual([]);
    await page.getByLabel('Username').focus();
    await page.keyboard.type('admin');
    await page.keyboard.press('Tab');
    await page.keyboard.type(hecate.adminPassword);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Data connectors' }).waitFor();
  });

  it.each(PAGES)('$name: every control named and reachable with Tab, one h1, one main', async (p) => {
    await checkPage(page, p);
  });

  it('the confirmation dialog keeps focus inside and closes with Escape', async () => {
    await page.goto(`/connectors/${connectorId}`);
    const opener = page.getByRole('button', { name: 'Delete' });
    await opener.click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await unnamedControls(page)).toEqual([]);
    // The page behind a modal dialog is inert: Tab moves between the dialog's controls (and the browser's own UI).
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      const where = await page.evaluate(FOCUS_PLACE);
      expect(['dialog', 'browser']).toContain(where);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Delete');
  });
});

describe('layout and themes', () => {
  it.each([1280, 1024, 800])('nothing overflows a %d px wide window', async (width) => {
    await page.setViewportSize({ width, height: 800 });
    for (const p of PAGES) {
      await open(page, p);
      expect(await overflow(page), `${p.name} at ${width} px`).toBeLessThanOrEqual(0);
    }
    if (width === 800) {
      await page.goto('/connectors');
      await page.locator(`tr[data-connector="${NAME}"]`).waitFor();
      await screenshot(page, 'connectors-narrow');
      await page.goto(`/connectors/${connectorId}`);
      await page.locator('.chart svg').waitFor();
      await screenshot(page, 'connector-narrow');
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('switches to the dark theme, remembers it, and takes screenshots of the main pages in it', async () => {
    await page.goto('/connectors');
    await page.getByRole('button', { name: 'Switch to the dark theme' }).click();
    expect(await page.evaluate('document.documentElement.dataset.theme')).toBe('dark');
    await page.reload();
    await page.getByRole('button', { name: 'Switch to the light theme' }).waitFor();
    expect(await page.evaluate('document.documentElement.dataset.theme')).toBe('dark');
    for (const p of PAGES) {
      await open(page, p);
      if (p.name === 'connector') await page.locator('.chart svg').waitFor();
      await screenshot(page, `${p.name}-dark`);
    }
    await page.getByRole('button', { name: 'Switch to the light theme' }).click();
    expect(await page.evaluate('document.documentElement.dataset.theme')).toBe('light');
    await page.goto(`/connectors/${connectorId}`);
    await page.locator('.chart svg').waitFor();
    await screenshot(page, 'connector-errors');
  });

  it('shows no script errors on the way', () => {
    expect(ui.errors).toEqual([]);
  });
});
