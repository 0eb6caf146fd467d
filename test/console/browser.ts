/**
 * Browser harness for the console suites: Debian's Chromium driven by playwright-core, against a real
 * Hecate started by test/helpers/server.ts. No browser is downloaded: a missing Chromium fails the
 * suite with what to install (it is never skipped).
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT, type Hecate } from '../helpers/server.js';

export const CHROMIUM_PATH = process.env.HECATE_CHROMIUM ?? '/usr/bin/chromium';
export const CONSOLE_INDEX = path.join(REPO_ROOT, 'packages/console/dist/index.html');
export const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts/console');

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];

/** The built console must be there; say how to build it when it is not. */
export function requireConsoleBuilt(): void {
  if (!existsSync(CONSOLE_INDEX)) {
    throw new Error(`${CONSOLE_INDEX} does not exist: build the console first (npm run build; npm test does it).`);
  }
}

/** The console and Chromium must both be there; say how to get them when they are not. */
export function requireConsoleAndBrowser(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM_PATH}: the console tests need a real browser. Install it with ` +
        '`apt-get update && apt-get install -y chromium` (or set HECATE_CHROMIUM to a Chromium binary). .ci/run does this.',
    );
  }
  requireConsoleBuilt();
}

export async function launchBrowser(): Promise<Browser> {
  requireConsoleAndBrowser();
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS });
}

export interface ConsolePage {
  context: BrowserContext;
  page: Page;
  /** Errors the page logged or threw; suites assert there are none. */
  errors: string[];
}

/** A fresh browser context (no stored session) at 1280×800, allowed to use the clipboard. */
export async function openConsole(browser: Browser, hecate: Hecate, viewport = { width: 1280, height: 800 }): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport, baseURL: hecate.url });
  // Shorter than the test timeout, so a wait that fails says what it waited for.
  context.setDefaultTimeout(15_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: hecate.url });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (message) => {
    // A 401/403/404 answer the page expects is logged by Chromium as a failed resource; only script errors count.
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) errors.push(`console: ${message.text()}`);
  });
  return { context, page, errors };
}

/** Signs in through the form and waits for the connector list. */
export async function signIn(page: Page, username: string, password: string, path = '/'): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in', { waitUntil: 'commit' });
}

/** Saves a full-page screenshot under test-artifacts/console/. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
