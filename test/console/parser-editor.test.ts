/**
 * The parser views in a real browser against a real server: the list with its filter, a built-in
 * parser read-only and cloned, a new parser written in the editor (completion, problems as you type
 * with line:column), test cases added from sample lines with their output fields, assertions made
 * from those fields, a failing case reported by category, lint findings with their fixes, save,
 * export and import of the parser template, and delete.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marker, startHecate, type Hecate } from '../helpers/server.js';
import { launchBrowser, openConsole, requireConsoleAndBrowser, screenshot, signIn, type ConsolePage } from './browser.js';

let hecate: Hecate;
let browser: Browser;
let ui: ConsolePage;
let page: Page;

const PARSER = marker('kvp');
const CLONE = `${PARSER}-clone`;
const IMPORTED = `${PARSER}-imported`;
const SCRIPT = 'kvParse() | x := lower(user)';
let exportedYaml = '';

const script = (): ReturnType<Page['getByLabel']> => page.getByLabel('Script', { exact: true });
const summary = (): ReturnType<Page['locator']> => page.locator('.test-summary');
const testCase = (n: number): ReturnType<Page['locator']> => page.locator(`article.test-case[data-test-case="${n - 1}"]`);

beforeAll(async () => {
  requireConsoleAndBrowser();
  hecate = await startHecate();
  browser = await launchBrowser();
  ui = await openConsole(browser, hecate, { width: 1280, height: 900 });
  page = ui.page;
  await signIn(page, 'admin', hecate.adminPassword);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await hecate?.dispose();
});

describe('the parser list', () => {
  it('lists native, built-in and custom parsers, with the filter and kind in the URL', async () => {
    await page.goto('/parsers');
    await page.locator('tr[data-parser="accesslog"] [data-kind="built-in"]').waitFor();
    await page.locator('tr[data-parser="raw"] [data-kind="native"]').waitFor();
    await page.getByLabel('Filter', { exact: true }).fill('accessl');
    await page.waitForURL((url) => url.searchParams.get('q') === 'accessl', { waitUntil: 'commit' });
    expect(await page.locator('tbody tr').count()).toBe(1);
    await page.getByLabel('Kind', { exact: true }).selectOption('custom');
    await page.getByText('No parser matches the filter.').waitFor();
    expect(new URL(page.url()).searchParams.get('kind')).toBe('custom');
    await page.getByLabel('Kind', { exact: true }).selectOption('');
    await page.getByLabel('Filter', { exact: true }).fill('');
    await screenshot(page, 'parsers');
  });
});

describe('a built-in parser', () => {
  it('is read-only, and its stored test cases run and pass', async () => {
    const stored = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/v1/parsers/accesslog/test'));
    await page.getByRole('link', { name: 'accesslog', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'accesslog' }).waitFor();
    await stored;
    await page.getByText('This built-in parser is read-only.').waitFor();
    expect(await script().getAttribute('readonly')).not.toBeNull();
    await summary().filter({ hasText: /^9 of 9 test cases pass/ }).waitFor();
    expect(await page.getByRole('button', { name: /^Save/ }).count()).toBe(0);
    expect(await page.getByText('The script compiles.').count()).toBe(1);
    await screenshot(page, 'parser-builtin');
  });

  it('clones into a custom parser that can be changed', async () => {
    await page.getByRole('button', { name: 'Clone' }).click();
    const dialog = page.getByRole('dialog', { name: 'Clone accesslog' });
    await dialog.getByLabel('Name of the copy').fill(CLONE);
    await dialog.getByRole('button', { name: 'Clone' }).click();
    await page.waitForURL((url) => url.pathname === `/parsers/${CLONE}`, { waitUntil: 'commit' });
    await page.getByRole('heading', { level: 1, name: CLONE }).waitFor();
    await page.locator('.page-title [data-kind="custom"]').waitFor();
    expect(await script().getAttribute('readonly')).toBeNull();
    expect(await page.getByRole('button', { name: 'Save changes' }).isDisabled()).toBe(true);
    await summary().filter({ hasText: /^9 of 9 test cases pass/ }).waitFor();
  });
});

describe('writing a parser', () => {
  it('completes function names and shows the script\'s problems with line:column as you type', async () => {
    await page.goto('/parsers');
    await page.getByRole('link', { name: 'New parser' }).click();
    await page.waitForURL((url) => url.pathname === '/parsers/new', { waitUntil: 'commit' });
    await page.getByLabel('Name', { exact: true }).fill(PARSER);
    await script().click();
    await page.keyboard.type('kvPa');
    await page.getByRole('option', { name: /^kvParse\(\)/ }).waitFor();
    await page.keyboard.press('Enter');
    expect(await script().inputValue()).toBe('kvParse()');
    await page.keyboard.press('End');
    await page.keyboard.type(' | x := ');
    const problem = page.locator('.script-problems li').first();
    await problem.waitFor();
    expect(await problem.locator('.diagnostic-at').textContent()).toMatch(/^1:\d+$/);
    expect(await problem.textContent()).toContain('Expected a value');
    expect(await script().getAttribute('aria-invalid')).toBe('true');
    await page.keyboard.type('lower(usr)');
    await page.getByText('The script compiles.').waitFor();
    await script().fill(`${SCRIPT}\n| y := nosuch(x)`);
    await page.locator('.script-problems li').filter({ hasText: 'nosuch' }).waitFor();
    expect(await page.locator('.script-problems .diagnostic-at').first().textContent()).toBe('2:8');
    await script().fill(SCRIPT);
    await page.getByText('The script compiles.').waitFor();
  });

  it('adds test cases from sample lines and shows their output fields', async () => {
    await page.getByLabel('Sample lines').fill('user=Ann action=deny\n\nuser=Bob action=allow\n');
    await page.getByRole('button', { name: 'Add as test cases' }).click();
    await testCase(2).waitFor();
    expect(await page.getByLabel('Sample lines').inputValue()).toBe('');
    await summary().filter({ hasText: /^2 of 2 test cases pass/ }).waitFor();
    const output = testCase(1).locator('table.output-fields');
    await output.locator('tr[data-field="x"]').waitFor();
    expect(await output.locator('tr[data-field="x"] .output-value').textContent()).toBe('ann');
    expect(await output.locator('tr[data-field="action"] .output-value').textContent()).toBe('deny');
    expect(await testCase(2).locator('tr[data-field="user"] .output-value').textContent()).toBe('Bob');
  });

  it('turns output values into assertions, and reports a failing case by category', async () => {
    await page.getByRole('button', { name: 'Assert x is "ann" in test case 1' }).click();
    await page.getByRole('button', { name: 'Assert user is "Bob" in test case 2' }).click();
    await testCase(2).locator('.assertions').getByText('user = "Bob"').waitFor();
    await summary().filter({ hasText: /^2 of 2 test cases pass/ }).waitFor();
    await testCase(1).locator('[data-status="passed"], .badge.test-passed').first().waitFor();

    await testCase(2).getByLabel('Raw event').fill('user=Carl action=allow');
    await testCase(2).locator('.badge.test-failed').waitFor();
    const failure = testCase(2).locator('.failure-category[data-category="assertionFailuresOnFields"]');
    expect(await failure.locator('h4').textContent()).toBe('Assertion failures');
    expect(await failure.locator('li').first().textContent()).toContain('expected user to be "Bob", but it is "Carl"');
    expect(await summary().textContent()).toContain('1 of 2 test cases pass. Failures: assertion failures 1.');
    await screenshot(page, 'parser-editor-failing');

    await testCase(2).getByLabel('Raw event').fill('user=Bob action=allow');
    await summary().filter({ hasText: /^2 of 2 test cases pass/ }).waitFor();
  });

  it('creates the parser, which the list then shows as custom', async () => {
    await page.getByRole('button', { name: 'Create parser' }).click();
    await page.waitForURL((url) => url.pathname === `/parsers/${PARSER}`, { waitUntil: 'commit' });
    await page.getByRole('heading', { level: 1, name: PARSER }).waitFor();
    expect(await page.getByRole('button', { name: 'Save changes' }).isDisabled()).toBe(true);
    await summary().filter({ hasText: /^2 of 2 test cases pass/ }).waitFor();
    await screenshot(page, 'parser-editor');
    const stored = await hecate.api<{ script: string; testCases: unknown[] }>('GET', `/api/v1/parsers/${PARSER}`);
    expect(stored.body.script).toBe(SCRIPT);
    expect(stored.body.testCases).toHaveLength(2);
  });

  it('lints the parser: findings with their rule and fix', async () => {
    await page.getByRole('button', { name: 'Lint the parser' }).click();
    const finding = page.locator('.finding[data-rule="parser/few-test-cases"]');
    await finding.waitFor();
    expect(await finding.textContent()).toContain('the parser has 2 test case(s)');
    expect(await finding.locator('.finding-fix').textContent()).toMatch(/^Fix: add 3 more test case/);
    expect(await page.locator('.lint-summary').textContent()).toMatch(/^0 errors, \d+ warnings?/);
  });

  it('saves a change', async () => {
    await page.getByLabel('Description', { exact: true }).fill('key=value events');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('button', { name: 'Save changes' }).and(page.locator(':disabled')).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: PARSER }).waitFor();
    expect(await page.getByLabel('Description', { exact: true }).inputValue()).toBe('key=value events');
  });
});

describe('parser templates', () => {
  it('exports the parser as a YAML template', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export YAML' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`${PARSER}.yaml`);
    exportedYaml = await readFile((await file.path()) as string, 'utf8');
    expect(exportedYaml).toContain(`name: ${PARSER}`);
    expect(exportedYaml).toContain('kvParse()');
    expect(exportedYaml).toContain('user=Ann action=deny');
  });

  it('imports a template under another name', async () => {
    await page.goto('/parsers');
    await page.getByRole('button', { name: 'Import YAML' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a parser template' });
    await dialog.getByLabel('Parser template (YAML)').fill(exportedYaml.replace(`name: ${PARSER}`, `name: ${IMPORTED}`));
    await dialog.getByRole('button', { name: 'Import' }).click();
    await page.waitForURL((url) => url.pathname === `/parsers/${IMPORTED}`, { waitUntil: 'commit' });
    expect(await script().inputValue()).toBe(SCRIPT);
    await summary().filter({ hasText: /^2 of 2 test cases pass/ }).waitFor();
  });

  it('deletes a custom parser after a confirmation', async () => {
    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: `Delete ${IMPORTED}?` });
    await dialog.getByRole('button', { name: 'Delete parser' }).click();
    await page.waitForURL((url) => url.pathname === '/parsers', { waitUntil: 'commit' });
    await page.locator(`tr[data-parser="${PARSER}"]`).waitFor();
    expect(await page.locator(`tr[data-parser="${IMPORTED}"]`).count()).toBe(0);
    expect((await hecate.api('GET', `/api/v1/parsers/${IMPORTED}`)).status).toBe(404);
  });

  it('shows no script errors on the way', () => {
    expect(ui.errors).toEqual([]);
  });
});
